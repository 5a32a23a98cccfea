package dashboards

import (
	"context"
	"database/sql"

	"github.com/microrisk/microrisk/risk"
)

// limitsShare is the share of scored units above which an indicator's
// abstentions are worth a line on the overview.
const limitsShare = 0.2

// dataLimits says in plain words what the run's data could not support:
// families that abstained for some units (no payment data, no three-assets
// data…), indicators that abstained for many units, and a missing
// satisfaction survey.
func dataLimits(ctx context.Context, q querier, tr translator, run runInfo, h headline) ([]string, error) {
	type row struct {
		what, id, reason string
		n, total         int64
	}
	var families, indicators []row
	err := q.each(ctx, qDataLimits, []any{run.ID}, func(r *sql.Rows) error {
		var x row
		var reason *string
		if err := r.Scan(&x.what, &x.id, &x.n, &x.total, &reason); err != nil {
			return err
		}
		x.reason = deref(reason)
		if x.what == "family" {
			families = append(families, x)
		} else {
			indicators = append(indicators, x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range families {
		if f.n == 0 {
			continue
		}
		s, err := tr.F("limit_family", fmtInt(f.n), fmtInt(f.total), tr.familyLabel(f.id))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	for _, x := range indicators {
		if x.total == 0 || float64(x.n) < limitsShare*float64(x.total) {
			continue
		}
		if _, ok := risk.IndicatorByID(x.id); !ok {
			continue
		}
		s, err := tr.F("limit_indicator", tr.ruleTitle(x.id), fmtInt(x.n), fmtInt(x.total), tr.abstention(x.reason))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if h.Satisfaction == nil {
		s, err := tr.F("satisfaction_none", h.SatisfactionPeriod)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		s, err := tr.T("limits_none")
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
