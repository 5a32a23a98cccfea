package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/microrisk/microrisk/data"
)

func init() {
	register(command{
		name:    "generate",
		summary: "write a synthetic world: the eleven ledgers and truth.json",
		run:     runGenerate,
	})
}

// runGenerate is `microrisk generate --profile small|chengdu|province --seed N --out DIR`.
func runGenerate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "generate")
	profile := fs.String("profile", "small", "world `profile`: small, chengdu or province")
	seed := fs.Uint64("seed", 1, "random `seed`; the same profile and seed give the same files")
	out := fs.String("out", "", "output `directory` for the ledgers and truth.json (created if missing)")
	c := addCommon(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("generate: unexpected argument %q", fs.Arg(0))}
	}
	if *out == "" {
		return usageError{errors.New("generate: --out is required")}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	p, err := data.ProfileByName(*profile)
	if err != nil {
		return usageError{fmt.Errorf("generate: %w", err)}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	truth, err := data.Generate(p, *seed, *out)
	if err != nil {
		return err
	}
	e.logger.Info("generated", "profile", p.Name, "seed", *seed, "out", *out, "elapsed", time.Since(start))
	printGenerated(e, truth, *out, time.Since(start))
	return nil
}

// printGenerated writes the short summary: rows per ledger, planted units,
// decoys.
func printGenerated(e *env, t *data.Truth, dir string, elapsed time.Duration) {
	w := e.stdout
	fmt.Fprintf(w, "generated profile %s, seed %d, into %s in %.1fs\n", t.Profile, t.Seed, dir, elapsed.Seconds())
	fmt.Fprintf(w, "%d units (%d townships, %d villages, %d stations), population %d\n",
		t.Counts["units"], t.Units["township"], t.Units["village"], t.Units["station"], t.Population)
	for _, l := range data.Ledgers {
		fmt.Fprintf(w, "  %-16s %9d rows\n", l+".csv", t.Counts[l])
	}
	byPattern := map[string]int{}
	for _, u := range t.Planted {
		for _, p := range u.Patterns {
			byPattern[p]++
		}
	}
	fmt.Fprintf(w, "planted %d high-risk units:", len(t.Planted))
	for _, p := range data.Patterns {
		fmt.Fprintf(w, " %s %d", p, byPattern[p])
	}
	byKind := map[string]int{}
	for _, d := range t.Decoys {
		byKind[d.Kind]++
	}
	fmt.Fprintf(w, "\n%d decoys (clean look-alikes):", len(t.Decoys))
	for _, k := range data.DecoyKinds {
		fmt.Fprintf(w, " %s %d", k, byKind[k])
	}
	fmt.Fprintln(w, "\ntruth.json names them, the rows that carry each pattern, and what followed")
}
