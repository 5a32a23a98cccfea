package normalize

import "fmt"

// Labels read as true and false by ParseBool, compared after Key (so case,
// width and spaces do not matter).
var (
	TrueLabels  = []string{"是", "有", "y", "yes", "true", "1", "√", "✓", "✔"}
	FalseLabels = []string{"否", "无", "没有", "n", "no", "false", "0", "×", "✗", "✘"}
)

// ParseBool parses a yes/no cell: 是/否, 有/无(没有), Y/N, yes/no, true/false,
// 1/0, √/× (and ✓✔/✗✘), in any letter case or width.
//
// An empty value gives ErrEmpty; any other label gives an error wrapping
// ErrInvalid. SQLBool is the SQL face.
func ParseBool(s string) (bool, error) {
	if cleaned(s) == "" {
		return false, ErrEmpty
	}
	k := Key(s)
	for _, l := range TrueLabels {
		if k == l {
			return true, nil
		}
	}
	for _, l := range FalseLabels {
		if k == l {
			return false, nil
		}
	}
	return false, fmt.Errorf("%w yes/no %q: not one of the labels", ErrInvalid, s)
}

// SQLBool is the SQL face of ParseBool: a BOOLEAN, or NULL where ParseBool
// returns an error.
func SQLBool(x string) string {
	return sqlLet("mr_b", SQLKey(x), func(k string) string {
		return "CASE WHEN " + k + " IN (" + sqlStrings(TrueLabels) + ") THEN true" +
			" WHEN " + k + " IN (" + sqlStrings(FalseLabels) + ") THEN false END"
	})
}
