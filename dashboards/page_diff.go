package dashboards

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/microrisk/microrisk/risk"
)

// diffPage compares the run with the run before it (risk.DiffRuns): the
// units whose band changed or whose rank moved far, each explained by the
// contributions that changed and the records behind them, and the data and
// configuration that differ.
type diffPage struct {
	pageBase
	None    string // set when there is no earlier run
	Runs    []diffRunView
	Notes   []string
	Config  []risk.ConfigChange
	Batches []string
	Counts  string
	Bands   dataTableView
	Ranks   dataTableView
}

type diffRunView struct{ Label, ID, AsOf, Created, Version, Batches string }

// Diff page limits: rank moves of at least diffMinRank places are listed,
// at most diffMaxRanks of them (the CLI lists all).
const (
	diffMinRank  = 100
	diffMaxRanks = 300
)

func buildDiff(ctx context.Context, q querier, tr translator, run runInfo, p Period, ud *unitData) (any, error) {
	var pg diffPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pageDiff, run, p); err != nil {
		return pg, err
	}
	var prev string
	err = q.row(ctx, qRunPrevious, []any{run.ID}, &prev)
	if errors.Is(err, sql.ErrNoRows) {
		pg.None, err = tr.T("diff_none")
		return pg, err
	}
	if err != nil {
		return pg, err
	}
	d, err := risk.DiffRuns(ctx, q.db, prev, run.ID, diffMinRank)
	if err != nil {
		return pg, err
	}
	if err := pg.describeRuns(tr, d); err != nil {
		return pg, err
	}
	if pg.Counts, err = tr.F("diff_counts", fmtInt(int64(d.Scored)), fmtInt(int64(d.BandMoved)), fmtInt(int64(d.RankMoved)),
		fmtInt(diffMinRank)); err != nil {
		return pg, err
	}
	return pg, pg.tables(tr, d, ud)
}

func (pg *diffPage) describeRuns(tr translator, d *risk.RunDiff) error {
	l, err := tr.labels("diff_run_a", "diff_run_b")
	if err != nil {
		return err
	}
	for _, r := range []struct {
		label string
		info  risk.RunInfo
	}{{l["diff_run_a"], d.A}, {l["diff_run_b"], d.B}} {
		pg.Runs = append(pg.Runs, diffRunView{Label: r.label, ID: r.info.ID, AsOf: tr.date(r.info.AsOf),
			Created: r.info.CreatedAt.Format("2006-01-02 15:04"), Version: r.info.Version, Batches: fmtInt(int64(len(r.info.Batches)))})
	}
	note := func(key string, args ...any) error {
		s, err := tr.F(key, args...)
		pg.Notes = append(pg.Notes, s)
		return err
	}
	if days := int64(math.Round(d.B.AsOf.Sub(d.A.AsOf).Hours() / 24)); days != 0 {
		if err := note("diff_window", fmtInt(days)); err != nil {
			return err
		}
	}
	if len(d.Config) == 0 {
		if err := note("diff_config_same"); err != nil {
			return err
		}
	}
	pg.Config = d.Config
	if len(d.Added)+len(d.Removed) == 0 {
		return note("diff_data_same")
	}
	for _, b := range d.Added {
		s, err := tr.F("diff_batch_added", fmtInt(b.ID), tr.Ledger(b.Ledger), b.File, fmtInt(b.Rows))
		if err != nil {
			return err
		}
		pg.Batches = append(pg.Batches, s)
	}
	for _, b := range d.Removed {
		s, err := tr.F("diff_batch_removed", fmtInt(b.ID), tr.Ledger(b.Ledger), b.File)
		if err != nil {
			return err
		}
		pg.Batches = append(pg.Batches, s)
	}
	return nil
}

// tables lists the band changes, then the largest rank moves.
func (pg *diffPage) tables(tr translator, d *risk.RunDiff, ud *unitData) error {
	l, err := tr.labels("col_unit", "col_rank_a", "col_rank_b", "col_band_change", "col_composite_change", "col_why",
		"col_records", "sec_band_changes", "band_changes_note", "sec_rank_moves", "rank_moves_note", "diff_passed")
	if err != nil {
		return err
	}
	cols := []dataColumn{{Label: l["col_unit"], Unit: true}, {Label: l["col_rank_a"], Num: true}, {Label: l["col_rank_b"], Num: true},
		{Label: l["col_band_change"]}, {Label: l["col_composite_change"], Num: true, Digits: 3}, {Label: l["col_why"]},
		{Label: l["col_records"]}}
	var bands, ranks [][]any
	for _, m := range d.Units {
		row := []any{ud.ref(m.UnitID).jsonRef(), rankOrNil(m.RankA), rankOrNil(m.RankB),
			tr.Band(orDash(m.BandA)) + " → " + tr.Band(orDash(m.BandB)), round3(deltaOf(m)), whyText(tr, m, l["diff_passed"]),
			flagsText(tr, m)}
		switch {
		case m.BandChanged():
			bands = append(bands, row)
		case len(ranks) < diffMaxRanks:
			ranks = append(ranks, row)
		}
	}
	if pg.Bands, err = newDataTable("diff-bands", "diff", l["sec_band_changes"], l["band_changes_note"], cols, bands, 4); err != nil {
		return err
	}
	note := fmt.Sprintf(l["rank_moves_note"], fmtInt(diffMinRank), fmtInt(diffMaxRanks))
	pg.Ranks, err = newDataTable("diff-ranks", "diff", l["sec_rank_moves"], note, cols, ranks, 4)
	return err
}

func rankOrNil(r int) any {
	if r == 0 {
		return nil
	}
	return r
}

func deltaOf(m risk.UnitMove) *float64 {
	d := m.CompositeB - m.CompositeA
	if math.IsNaN(d) {
		return nil
	}
	return &d
}

// whyText names the contributions that changed most (up to three).
func whyText(tr translator, m risk.UnitMove, passed string) string {
	var parts []string
	for _, c := range m.Contributions {
		if math.Abs(c.Delta()) < 1e-9 || len(parts) == 3 {
			continue
		}
		title := c.Indicator
		if ind, ok := risk.IndicatorByID(c.Indicator); ok {
			title = tr.pick(ind.TitleZh, ind.TitleEn)
		}
		d := c.Delta()
		parts = append(parts, fmt.Sprintf("%s %s (%s → %s)", title, signed(d), fmtFloat(&c.A, 2), fmtFloat(&c.B, 2)))
	}
	if len(parts) == 0 {
		return fmt.Sprintf(passed, fmtInt(int64(m.Passed)))
	}
	return strings.Join(parts, tr.pick("；", "; "))
}

func signed(x float64) string {
	s := fmtFloat(&x, 2)
	if x > 0 {
		s = "+" + s
	}
	return s
}

// flagsText counts the records flagged anew or no longer, by rule, and
// says whether new data or the moved window brought them.
func flagsText(tr translator, m risk.UnitMove) string {
	var parts []string
	for _, f := range m.Flags {
		title := f.Rule
		if ind, ok := risk.IndicatorByID(f.Rule); ok {
			title = tr.pick(ind.TitleZh, ind.TitleEn)
		}
		var counts []string
		if f.Added > 0 {
			s, _ := tr.F("diff_flags_added", fmtInt(int64(f.Added)))
			counts = append(counts, s)
		}
		if f.Removed > 0 {
			s, _ := tr.F("diff_flags_removed", fmtInt(int64(f.Removed)))
			counts = append(counts, s)
		}
		why := "diff_flags_window"
		if f.NewData {
			why = "diff_flags_new"
		}
		w, _ := tr.T(why)
		parts = append(parts, title+tr.pick("：", ": ")+strings.Join(counts, tr.pick("，", ", "))+w)
	}
	return strings.Join(parts, tr.pick("；", "; "))
}
