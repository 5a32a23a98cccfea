package dashboards

import "context"

// unitPage is the one template of every unit's page: unit.js draws the
// unit named in the address (unit.html#<unit id>) from its district's
// data file.
type unitPage struct {
	pageBase
}

func buildUnit(_ context.Context, _ querier, tr translator, run runInfo, p Period, _ *unitData) (any, error) {
	var pg unitPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pageUnit, run, p); err != nil {
		return pg, err
	}
	pg.Scripts = []string{indexFile, libUnit}
	return pg, nil
}
