package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/microrisk/microrisk/risk"
)

func init() {
	register(command{name: "diff", summary: "which units moved between two runs, and which contributions, data and configuration moved them", run: runDiff})
}

func runDiff(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "diff")
	c := addCommon(fs)
	minRank := fs.Int("min-rank", 100, "list units whose rank moved by at least this many places (every band change is listed)")
	limit := fs.Int("limit", 0, "list at most this many units (0: all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError{fmt.Errorf("diff: name two runs: microrisk diff RUN_A RUN_B")}
	}
	if *minRank < 0 || *limit < 0 {
		return usageError{fmt.Errorf("diff: --min-rank and --limit must not be negative")}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	db, err := c.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := risk.DiffRuns(ctx, db, fs.Arg(0), fs.Arg(1), *minRank)
	if err != nil {
		return err
	}
	printDiff(e.stdout, d, *minRank, *limit)
	return nil
}

func printRunInfo(w io.Writer, label string, r risk.RunInfo) {
	fmt.Fprintf(w, "%s: run %s, as of %s, made %s by code %s, %d ingest batches\n", label, r.ID, r.AsOf.Format(time.DateOnly),
		r.CreatedAt.Format("2006-01-02 15:04"), r.Version, len(r.Batches))
}

func printDiff(w io.Writer, d *risk.RunDiff, minRank, limit int) {
	printRunInfo(w, "A", d.A)
	printRunInfo(w, "B", d.B)
	if days := int(d.B.AsOf.Sub(d.A.AsOf).Hours() / 24); days != 0 {
		fmt.Fprintf(w, "the windows moved by %d days (every indicator's window ends on the as-of date)\n", days)
	}
	if len(d.Config) == 0 {
		fmt.Fprintln(w, "configuration: the same")
	}
	for _, c := range d.Config {
		fmt.Fprintf(w, "configuration %s: %s → %s\n", c.Key, orNone(c.A), orNone(c.B))
	}
	for _, b := range d.Added {
		fmt.Fprintf(w, "data: B also read batch %d, %s %s (%d rows)\n", b.ID, b.Ledger, b.File, b.Rows)
	}
	for _, b := range d.Removed {
		fmt.Fprintf(w, "data: A read batch %d, %s %s, which B did not\n", b.ID, b.Ledger, b.File)
	}
	if len(d.Added)+len(d.Removed) == 0 {
		fmt.Fprintln(w, "data: the same ingest batches")
	}
	if d.Same() {
		fmt.Fprintf(w, "\nno change: all %d units have the same rank and band in both runs\n", d.Scored)
		return
	}
	fmt.Fprintf(w, "\n%d units scored in both; %d changed band, %d changed rank (%d listed: every band change and rank moves of %d places or more)\n",
		d.Scored, d.BandMoved, d.RankMoved, len(d.Units), max(1, minRank))
	for i, m := range d.Units {
		if limit > 0 && i == limit {
			fmt.Fprintf(w, "\n… %d more (--limit)\n", len(d.Units)-limit)
			break
		}
		printMove(w, m)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func printMove(w io.Writer, m risk.UnitMove) {
	var parents []string
	for _, p := range []string{m.TownshipName, m.DistrictName} {
		if p != "" && p != m.Name {
			parents = append(parents, p)
		}
	}
	name := m.UnitID + " " + m.Name
	if len(parents) > 0 {
		name += "（" + strings.Join(parents, "，") + "）"
	}
	rank := func(r int) string {
		if r == 0 {
			return "not scored"
		}
		return fmt.Sprintf("%d", r)
	}
	fmt.Fprintf(w, "\n%s\n  rank %s → %s, band %s → %s, composite %s → %s\n", name, rank(m.RankA), rank(m.RankB),
		orNone(m.BandA), orNone(m.BandB), num(m.CompositeA), num(m.CompositeB))
	moved := false
	for _, c := range m.Contributions {
		if math.Abs(c.Delta()) < 1e-9 {
			continue
		}
		moved = true
		fmt.Fprintf(w, "  %-26s contribution %+.3f (%.3f → %.3f); value %s → %s", c.Indicator, c.Delta(), c.A, c.B, num(c.ValueA), num(c.ValueB))
		if !math.IsNaN(c.ObservedA) || !math.IsNaN(c.ObservedB) {
			fmt.Fprintf(w, "; observed %s → %s", num(c.ObservedA), num(c.ObservedB))
		}
		if c.AbstainA != c.AbstainB {
			fmt.Fprintf(w, "; abstained: %s → %s", orNone(c.AbstainA), orNone(c.AbstainB))
		}
		fmt.Fprintln(w)
	}
	if !moved {
		fmt.Fprintf(w, "  none of its contributions changed: %d units moved past it\n", m.Passed)
	}
	for _, f := range m.Flags {
		fmt.Fprintf(w, "    %s\n", flagChangeText(f))
	}
}

// flagChangeText says which records one run flags and the other does not,
// and why: new data, or the window that moved.
func flagChangeText(f risk.FlagChange) string {
	dates := ""
	if !f.First.IsZero() {
		dates = " dated " + f.First.Format(time.DateOnly)
		if !f.Last.Equal(f.First) {
			dates += " to " + f.Last.Format(time.DateOnly)
		}
	}
	switch {
	case f.NewData:
		return fmt.Sprintf("%s: %d records flagged anew%s, from the new batch %d (%s)", f.Rule, f.Added, dates, f.Batch, orNone(f.File))
	case f.Added > 0 && f.Removed > 0:
		return fmt.Sprintf("%s: %d records flagged anew and %d no longer%s (%s)", f.Rule, f.Added, f.Removed, dates, orNone(f.File))
	case f.Added > 0:
		return fmt.Sprintf("%s: %d records flagged anew%s, same data (%s): the window or a threshold moved", f.Rule, f.Added, dates, orNone(f.File))
	}
	return fmt.Sprintf("%s: %d records no longer flagged%s (%s): out of the window or below the threshold", f.Rule, f.Removed, dates, orNone(f.File))
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.3g", x)
}
