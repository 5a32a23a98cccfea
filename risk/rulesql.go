package risk

import (
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// A rule file, sql/rules/<name>.sql, holds named statements, each starting
// with a line "-- name: <statement>" (the convention of yesql and sqlc).
// "records" is required, "units" optional.
var (
	statementMark = regexp.MustCompile(`(?m)^-- name: ([a-z_]+)[ \t]*$`)
	paramName     = regexp.MustCompile(`\$([a-z_]+)`)
)

// ruleStatements returns the named statements of sql/rules/<name>.sql.
func ruleStatements(name string) (map[string]string, error) {
	b, err := queries.ReadFile("sql/rules/" + name + ".sql")
	if err != nil {
		return nil, fmt.Errorf("rule file %s: %w", name, err)
	}
	text := string(b)
	marks := statementMark.FindAllStringSubmatchIndex(text, -1)
	out := map[string]string{}
	for i, m := range marks {
		end := len(text)
		if i+1 < len(marks) {
			end = marks[i+1][0]
		}
		stmt := strings.TrimSpace(text[m[1]:end])
		stmt = strings.TrimSuffix(stmt, ";")
		out[text[m[2]:m[3]]] = stmt
	}
	if out["records"] == "" {
		return nil, fmt.Errorf("rule file %s: no statement \"-- name: records\"", name)
	}
	return out, nil
}

// ruleParams are the values a rule's statements may refer to as $name: the
// as-of date, the rule's window and the configuration's rule parameters.
type ruleParams map[string]any

func newRuleParams(cfg Config, asOf time.Time, months int) ruleParams {
	p := cfg.Payments
	return ruleParams{
		"as_of":           asOf,
		"months":          months,
		"trend_months":    cfg.Windows.TrendMonths,
		"split_low":       p.SplitBand * p.ApprovalLimit,
		"split_high":      p.ApprovalLimit,
		"round_multiple":  p.RoundMultiple,
		"standard_share":  p.StandardShare,
		"standard_units":  p.StandardUnits,
		"account_payees":  p.AccountPayees,
		"max_term":        cfg.Assets.MaxTermYears,
		"per_term":        cfg.Assets.LeaseAmount == LeaseTotal,
		"collective":      cfg.Payments.CollectivePrograms,
		"means_tested":    cfg.Payments.MeansTested,
		"concentration_z": cfg.Payments.ConcentrationZ,
		"overdue_months":  cfg.Leads.OverdueMonths,
		"cycle_months":    12 * cfg.Tours.CoverageYears,
		"reports_months":  cfg.Windows.ReportsMonths,
	}
}

// args returns the named arguments stmt refers to, in order of first use;
// a name with no value is an error (a typo in a rule file).
func (p ruleParams) args(stmt string) ([]any, error) {
	var out []any
	seen := map[string]bool{}
	for _, m := range paramName.FindAllStringSubmatch(stmt, -1) {
		name := m[1]
		if seen[name] {
			continue
		}
		seen[name] = true
		v, ok := p[name]
		if !ok {
			return nil, fmt.Errorf("unknown parameter $%s", name)
		}
		out = append(out, sql.Named(name, v))
	}
	return out, nil
}

// paramFigures are the configuration's rule parameters as numbers, for
// reason templates (.P.approval_limit…).
func paramFigures(cfg Config) map[string]float64 {
	p := cfg.Payments
	return map[string]float64{
		"approval_limit":  p.ApprovalLimit,
		"split_below":     100 * (1 - p.SplitBand),
		"round_multiple":  p.RoundMultiple,
		"account_payees":  float64(p.AccountPayees),
		"max_term":        cfg.Assets.MaxTermYears,
		"low_price_z":     cfg.Assets.LowPriceZ,
		"trend_months":    float64(cfg.Windows.TrendMonths),
		"overdue_months":  float64(cfg.Leads.OverdueMonths),
		"cycle_months":    float64(12 * cfg.Tours.CoverageYears),
		"concentration_z": cfg.Payments.ConcentrationZ,
		"unwatched_share": cfg.Oversight.UnwatchedShare,
	}
}
