// Command mrscale measures microrisk's batch job — ingest, score, plan,
// report — on generated worlds: each stage's wall time, CPU time (user +
// system) and peak memory (its process's maximum resident set size), and
// how they grow with the ledgers.
//
//	mrscale -profile province        the province (make bench-province)
//	mrscale -scales 1,3,10           1, 3 and 10 times Chengdu (make bench-scale)
//
// Every stage runs as its own `microrisk` process, as a user types it
// (`microrisk ingest`, `score --as-of 2017-05-31`, `plan`, `report`), on a
// fresh database each round; rounds run -runs times and the tables give
// medians. Worlds are generated once into -dir (by a child process, so
// that this process stays small: Linux counts a parent's peak memory in
// its children's) and kept for the next run unless -regen.
//
// The growth table fits time ≈ c·rowsᵇ: b over all the scales, and between
// the last two (where fixed costs weigh least), against n log n's exponent
// over the same rows. The machine's load average and the hypervisor's
// steal time are printed with every measurement: on a shared machine they
// move times by tens of per cent, CPU time less.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mrscale:", err)
		os.Exit(1)
	}
}

// options are mrscale's flags.
type options struct {
	microrisk string
	dir       string
	profile   string
	scales    []float64
	runs      int
	seed      uint64
	regen     bool
	out       string
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "-child" {
		return child(args[1:])
	}
	var o options
	fs := flag.NewFlagSet("mrscale", flag.ContinueOnError)
	fs.StringVar(&o.microrisk, "microrisk", filepath.Join("bin", "microrisk"), "the microrisk `binary` to measure")
	fs.StringVar(&o.dir, "dir", filepath.Join(os.TempDir(), "mrscale"), "working `folder` (worlds, databases, reports)")
	fs.StringVar(&o.profile, "profile", "", "measure this generator `profile` (small, chengdu, province)")
	scales := fs.String("scales", "", "measure worlds of these `multiples` of Chengdu, comma-separated (e.g. 1,3,10)")
	fs.IntVar(&o.runs, "runs", 3, "rounds of the whole batch job per world")
	fs.Uint64Var(&o.seed, "seed", 1, "generator seed")
	fs.BoolVar(&o.regen, "regen", false, "generate the worlds again even if -dir holds them")
	fs.StringVar(&o.out, "out", "", "also write the report (Markdown) to this `file` (default: in -dir)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if o.scales, err = parseScales(*scales); err != nil {
		return err
	}
	if (o.profile == "") == (len(o.scales) == 0) {
		return errors.New("give -profile NAME or -scales K,K,…")
	}
	if o.runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	if o.microrisk, err = filepath.Abs(o.microrisk); err != nil {
		return err
	}
	if _, err := os.Stat(o.microrisk); err != nil {
		return fmt.Errorf("%w (make build writes bin/microrisk)", err)
	}
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		return err
	}
	var worlds []worldSpec
	name := o.profile
	if o.profile != "" {
		worlds = []worldSpec{{Name: o.profile, Profile: o.profile}}
	} else {
		name = "scale"
		for _, k := range o.scales {
			worlds = append(worlds, worldSpec{Name: "cityx" + strconv.FormatFloat(k, 'f', -1, 64), Scale: k})
		}
	}
	if o.out == "" {
		o.out = filepath.Join(o.dir, name+".md")
	}
	rep := &report{Machine: describeMachine(), Started: time.Now(), Runs: o.runs, Microrisk: o.microrisk}
	for _, w := range worlds {
		res, err := measureWorld(ctx, o, w, out)
		if err != nil {
			return fmt.Errorf("%s: %w", w.Name, err)
		}
		rep.Worlds = append(rep.Worlds, res)
	}
	var md strings.Builder
	rep.write(&md)
	fmt.Fprint(out, "\n"+md.String())
	if err := os.WriteFile(o.out, []byte(md.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n(written to %s)\n", o.out)
	return nil
}

func parseScales(s string) ([]float64, error) {
	if s == "" {
		return nil, nil
	}
	var out []float64
	for _, f := range strings.Split(s, ",") {
		k, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || k <= 0 {
			return nil, fmt.Errorf("-scales: %q is not a positive number", f)
		}
		out = append(out, k)
	}
	return out, nil
}
