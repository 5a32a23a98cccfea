package dashboards

import "context"

// lettersDir holds a draft work-reminder letter per reminder target.
const lettersDir = "letters"

// letterBase is the file name (without extension) of a unit's letter.
func letterBase(unitID string) string { return districtFile(unitID)[:len(districtFile(unitID))-3] }

// buildLetters renders the draft letters (not yet: the letters package is
// being written).
func buildLetters(_ context.Context, _ querier, _ translator, _ runInfo, _ *unitData) (map[string][]byte, error) {
	return map[string][]byte{}, nil
}
