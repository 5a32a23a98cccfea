package risk

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/risk/stats"
)

// reminders applies the two reminder rules.
func reminders(ctx context.Context, q querier, p *Plan, units []planUnit, casesMonths int, rc Reminders) ([]Target, error) {
	byID := map[string]*planUnit{}
	for i := range units {
		byID[units[i].ID] = &units[i]
	}
	type facts struct {
		zh, en []string
		excess float64 // O/E over the limit, for ordering
	}
	found := map[string]*facts{}
	get := func(id string) *facts {
		if found[id] == nil {
			found[id] = &facts{}
		}
		return found[id]
	}
	from, to := windowText(p.AsOf, casesMonths)
	pct := fmt.Sprintf("%g%%", 100*rc.Coverage)
	rows, err := q.QueryContext(ctx, sqlText("plan_funnel"), sql.Named("run_id", p.RunID))
	if err != nil {
		return nil, fmt.Errorf("funnel: %w", err)
	}
	for rows.Next() {
		var id string
		var o, e float64
		if err := rows.Scan(&id, &o, &e); err != nil {
			rows.Close()
			return nil, fmt.Errorf("funnel: %w", err)
		}
		_, hi := stats.PoissonLimits(e, rc.Coverage)
		if o < float64(rc.MinCases) || e <= 0 || !(o/e > hi) {
			continue
		}
		f := get(id)
		f.excess = o / e
		f.zh = append(f.zh, fmt.Sprintf("%s至%s立案%.0f件，按干部职工人数预期%.1f件，为预期的%.1f倍，超出%s控制上限（%.1f倍），属案件易发多发",
			from.zh, to.zh, o, e, o/e, pct, hi))
		f.en = append(f.en, fmt.Sprintf("%.0f cases from %s to %s against %.1f expected for its staff, %.1f× expected, above the %s funnel limit (%.1f×): cases are frequent",
			o, from.en, to.en, e, o/e, pct, hi))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("funnel: %w", err)
	}
	rows, err = q.QueryContext(ctx, sqlText("plan_domains"), sql.Named("run_id", p.RunID), sql.Named("as_of", p.AsOf),
		sql.Named("months", rc.DomainMonths), sql.Named("min_cases", rc.DomainCases))
	if err != nil {
		return nil, fmt.Errorf("domains: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, domain string
		var n int
		if err := rows.Scan(&id, &domain, &n); err != nil {
			return nil, fmt.Errorf("domains: %w", err)
		}
		f := get(id)
		f.zh = append(f.zh, fmt.Sprintf("%d个月内%s领域立案%d件，问题在同一领域反复发生", rc.DomainMonths, model.Domains.Label(domain, "zh"), n))
		f.en = append(f.en, fmt.Sprintf("%d cases in %s within %d months: the same problem keeps recurring", n, model.Domains.Label(domain, "en"), rc.DomainMonths))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("domains: %w", err)
	}
	var out []Target
	for id, f := range found {
		u := byID[id]
		if u == nil {
			continue
		}
		t := u.target(KindReminder, p.AsOf)
		t.ReasonZh, t.ReasonEn = strings.Join(f.zh, "；")+"。", strings.Join(f.en, "; ")+"."
		t.Deadline = p.AsOf.AddDate(0, 0, rc.ReplyDays)
		out = append(out, t)
	}
	sort.Slice(out, func(a, b int) bool {
		fa, fb := found[out[a].UnitID].excess, found[out[b].UnitID].excess
		if fa != fb {
			return fa > fb
		}
		return out[a].Rank < out[b].Rank
	})
	for i := range out {
		out[i].Seq = i + 1
	}
	return out, nil
}

type dayText struct{ zh, en string }

// windowText returns the first and last day of the months-long window
// ending at asOf.
func windowText(asOf time.Time, months int) (from, to dayText) {
	start := asOf.AddDate(0, -months, 1)
	f := func(t time.Time) dayText {
		return dayText{fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day()), t.Format("2006-01-02")}
	}
	return f(start), f(asOf)
}
