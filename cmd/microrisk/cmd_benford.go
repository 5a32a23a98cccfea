package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/microrisk/microrisk/ingest/column"
	"github.com/microrisk/microrisk/risk/benford"
)

func init() {
	register(command{
		name:    "benford",
		summary: "Benford's law tests on one numeric column of a CSV or XLSX file",
		run:     runBenford,
	})
}

// benfordFlags are the benford command's options.
type benfordFlags struct {
	column, sheet, digits, method, sign string
	min                                 int64
	top                                 int
	json                                bool
}

// runBenford is `microrisk benford FILE --column NAME [--sheet S]
// [--digits 1|2|3|second|last2] [--min N] [--json]`.
func runBenford(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "benford")
	var f benfordFlags
	fs.StringVar(&f.column, "column", "", "`name` of the column holding the amounts (required)")
	fs.StringVar(&f.sheet, "sheet", "", "XLSX `sheet` (default the first)")
	fs.StringVar(&f.digits, "digits", "2", "`test`: 1 (first digit), 2 (first two), 3 (first three), second, last2")
	fs.StringVar(&f.method, "method", "truncate", "digit `method`: truncate (benford.analysis' arithmetic, the default, so that its published figures are reproduced) or decimal (digits as printed: 0.29 reads 29, not 28)")
	fs.StringVar(&f.sign, "sign", "positive", "which amounts: positive, negative (as absolute values) or both")
	fs.Int64Var(&f.min, "min", 0, "abstain below `N` values (default: 100 for one digit, 300 for two, 3000 for three)")
	fs.IntVar(&f.top, "top", 10, "how many digit groups and duplicated amounts to list")
	fs.BoolVar(&f.json, "json", false, "print the full result as JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: microrisk benford FILE --column NAME [--sheet S] [--digits 1|2|3|second|last2] [--min N] [--json]")
		fs.PrintDefaults()
	}
	c := addCommon(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(files) == 0:
		return usageError{errors.New("benford: no FILE given")}
	case len(files) > 1:
		return usageError{fmt.Errorf("benford: one FILE at a time, got %d", len(files))}
	case f.column == "":
		return usageError{errors.New("benford: --column is required")}
	case f.min < 0 || f.top < 0:
		return usageError{errors.New("benford: --min and --top must not be negative")}
	}
	test, err := benford.ParseTest(f.digits)
	if err != nil {
		return usageError{err}
	}
	method, err := benford.ParseMethod(f.method)
	if err != nil {
		return usageError{err}
	}
	if f.sign != "positive" && f.sign != "negative" && f.sign != "both" {
		return usageError{fmt.Errorf("benford: --sign must be positive, negative or both, not %q", f.sign)}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	col, err := column.Read(files[0], column.Options{Column: f.column, Sheet: f.sheet})
	if err != nil {
		return err
	}
	e.logger.Info("read column", "file", files[0], "column", col.Header, "values", len(col.Values),
		"empty", col.Empty, "unreadable", col.BadCount)
	cfg := benford.DefaultConfig()
	cfg.Method, cfg.MinN = method, f.min
	cfg.Duplicates = max(f.top, cfg.Duplicates)
	r := cfg.Analyze(test, signed(col.Values, f.sign))
	if f.json {
		return printBenfordJSON(e.stdout, files[0], col, r)
	}
	printBenford(e.stdout, files[0], col, r, f)
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments (FILE --column X as well as --column X FILE).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// signed selects the amounts --sign asks for: negatives become their
// absolute values (benford.analysis' sign = "negative" and "both").
func signed(xs []float64, sign string) []float64 {
	if sign == "positive" {
		return xs
	}
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		switch {
		case sign == "negative" && x < 0, sign == "both":
			out = append(out, math.Abs(x))
		}
	}
	return out
}

// printBenford writes the human summary.
func printBenford(w io.Writer, path string, col column.Column, r benford.Result, f benfordFlags) {
	t := r.Test
	fmt.Fprintf(w, "%s, column %q: %d rows, %d values analysed, %d skipped (%s), %d empty, %d unreadable\n",
		filepath.Base(path), col.Header, col.Rows, r.N, r.Skipped, skippedWhy(t, f.sign), col.Empty, col.BadCount)
	fmt.Fprintf(w, "Benford %s test (%s)", t, t.Chinese())
	if r.Method != benford.Decimal {
		fmt.Fprintf(w, ", digits by %s (benford.analysis' arithmetic)", r.Method)
	}
	fmt.Fprintln(w)
	if r.Abstain != "" {
		fmt.Fprintf(w, "  ABSTAIN: %s; the figures below are not to be relied on\n", r.Abstain)
	}
	if r.N == 0 {
		return
	}
	verdict := "no conformity cut points for this test"
	if cuts, ok := benford.CutPoints(t); ok {
		verdict = fmt.Sprintf("%s / %s  (Nigrini: %g / %g / %g)", r.Verdict.Chinese(), r.Verdict, cuts[0], cuts[1], cuts[2])
	}
	fmt.Fprintf(w, "  MAD          %.6f  %s\n", r.MAD, verdict)
	fmt.Fprintf(w, "               (%.6f expected from exactly Benford data at this n)\n", r.ExpectedMAD)
	fmt.Fprintf(w, "  chi-square   %.2f  df %.0f  p %s\n", r.ChiSquare, r.DF, pValue(r.ChiP))
	exceeds := "below"
	if r.KS > r.KSCritical {
		exceeds = "above"
	}
	fmt.Fprintf(w, "  KS D         %.6f  %s the 5%% critical value %.7f\n", r.KS, exceeds, r.KSCritical)
	if m := r.Mantissa; m != nil {
		fmt.Fprintf(w, "  mantissa     mean %.3f (Benford 0.5), arc L2 %.7f p %s; distortion factor %+.2f%%\n",
			m.Mean, m.ArcL2, pValue(m.ArcP), m.DistortionFactor)
	}

	fmt.Fprintf(w, "\nMost suspicious digit groups (largest absolute excess over Benford):\n")
	fmt.Fprintf(w, "  %*s %9s %11s %10s %8s\n", max(t.Width(), 6), "digits", "count", "expected", "excess", "z")
	for _, g := range r.Largest(f.top) {
		fmt.Fprintf(w, "  %*s %9d %11.2f %+10.2f %8.2f\n", max(t.Width(), 6), fmt.Sprintf("%0*d", t.Width(), g.Digits),
			g.Count, g.ExpectedCount, g.Excess, g.Z)
	}
	if len(r.Duplicates) > 0 {
		fmt.Fprintf(w, "\nMost duplicated amounts:\n")
		for _, d := range r.Duplicates[:min(f.top, len(r.Duplicates))] {
			fmt.Fprintf(w, "  %14s  ×%d\n", amount(d.Value), d.Count)
		}
	}
	fmt.Fprintf(w, "\nUnreadable cells: %d\n", col.BadCount)
	for _, b := range col.Bad[:min(f.top, len(col.Bad))] {
		fmt.Fprintf(w, "  row %d: %q\n", b.Row, b.Value)
	}
	if col.BadCount > f.top {
		fmt.Fprintf(w, "  … and %d more (--json lists up to %d)\n", col.BadCount-f.top, column.DefaultMaxBad)
	}
}

func skippedWhy(t benford.Test, sign string) string {
	why := map[string]string{"positive": "not positive", "negative": "not negative", "both": "zero"}[sign]
	if t == benford.LastTwo {
		why += ", or below 10"
	}
	return why
}

// pValue prints a p-value the way R does for tiny ones.
func pValue(p float64) string {
	if p < 2.2e-16 {
		return "< 2.2e-16"
	}
	return fmt.Sprintf("%.4g", p)
}

// amount prints an amount as written, with thousands separators and a
// one-digit fraction padded to cents: 1,153.35, 1,118.40, 50, 0.125.
func amount(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if _, frac, _ := strings.Cut(s, "."); len(frac) == 1 {
		s += "0"
	}
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// benfordJSON is what --json prints.
type benfordJSON struct {
	File       string
	Column     string
	Rows       int
	Empty      int
	Unreadable int
	BadCells   []badCellJSON `json:",omitempty"`
	Result     benford.Result
}

type badCellJSON struct {
	Row    int
	Value  string
	Reason string
}

func printBenfordJSON(w io.Writer, path string, col column.Column, r benford.Result) error {
	out := benfordJSON{File: path, Column: col.Header, Rows: col.Rows, Empty: col.Empty, Unreadable: col.BadCount, Result: r}
	for _, b := range col.Bad {
		out.BadCells = append(out.BadCells, badCellJSON{Row: b.Row, Value: b.Value, Reason: b.Err.Error()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
