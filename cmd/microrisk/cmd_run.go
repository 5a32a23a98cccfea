package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/microrisk/microrisk/ingest"
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/microrisk/microrisk/store"
)

func init() {
	register(command{name: "run", summary: "the batch job: ingest a folder, score, plan, report", run: runBatch})
	register(command{name: "demo", summary: "generate the chengdu world and run the batch job on it", run: runDemo})
}

// runBatch chains ingest, score, plan and report through the same commands
// a user would type, so that the batch job and the single steps never drift
// apart.
func runBatch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "run")
	c := addCommon(fs)
	in := fs.String("in", "", "folder of ledger files (required)")
	out := fs.String("out", "reports", "folder for the reports")
	asOf := fs.String("as-of", "", "score as of this date, YYYY-MM-DD (default: the latest case date)")
	cfg := fs.String("config", "", "risk configuration `file` (TOML)")
	lang := fs.String("lang", "zh", "report language: zh or en")
	allowStale := fs.Bool("allow-stale", false, "score as of a date past the month of the latest data")
	var keys ingestFlags
	fs.BoolVar(&keys.insecureTestKey, "insecure-test-key", false, "pseudonymise with a fixed public key, for tests and the demo ("+ingest.KeyEnv+" must be unset)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *in == "" {
		return usageError{fmt.Errorf("run: --in is required")}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	if err := checkRunKey(ctx, c.db, *in, &keys); err != nil {
		return err
	}
	return batch(ctx, e, batchArgs{common: *c, in: *in, out: *out, asOf: *asOf, config: *cfg, lang: *lang,
		testKey: keys.insecureTestKey, allowStale: *allowStale})
}

// checkRunKey checks, before anything is loaded, that the batch job has a
// key (its ledgers hold person identifiers), that it is long enough, and
// that it is the database's: a job that failed at its fifth ledger would
// leave a database half loaded.
func checkRunKey(ctx context.Context, path, in string, keys *ingestFlags) error {
	key, err := keys.key()
	if err != nil {
		return err
	}
	if err := privacy.CheckKey(key); err != nil {
		return err
	}
	if _, err := os.Stat(in); err != nil {
		return err
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	return ingest.CheckKey(ctx, db, key)
}

type batchArgs struct {
	common
	in, out, asOf, config, lang string
	testKey, allowStale         bool
	// earlier are as-of dates scored and planned before asOf (the demo's
	// past runs, whose targets the dispositions judge).
	earlier []string
	// backtests are as-of dates backtested before the report (the demo's,
	// for the validation page).
	backtests []string
}

func batch(ctx context.Context, e *env, a batchArgs) error {
	base := []string{"--db", a.db, "--log-format", a.logFormat}
	with := func(args ...string) []string { return append(append([]string(nil), base...), args...) }
	ingestArgs := with()
	if a.testKey {
		ingestArgs = append(ingestArgs, "--insecure-test-key")
	}
	scoreArgs := with()
	if a.asOf != "" {
		scoreArgs = append(scoreArgs, "--as-of", a.asOf)
	}
	if a.allowStale {
		scoreArgs = append(scoreArgs, "--allow-stale")
	}
	planArgs := with("--brief")
	if a.config != "" {
		scoreArgs = append(scoreArgs, "--config", a.config)
		planArgs = append(planArgs, "--config", a.config)
	}
	type step struct {
		name string
		args []string
	}
	steps := []step{{"ingest", append(ingestArgs, a.in)}}
	for _, d := range a.earlier {
		args := with("--as-of", d)
		if a.config != "" {
			args = append(args, "--config", a.config)
		}
		steps = append(steps, step{"score", args}, step{"plan", planArgs})
	}
	steps = append(steps, step{"score", scoreArgs}, step{"plan", planArgs})
	for _, d := range a.backtests {
		args := with("--as-of", d)
		if a.config != "" {
			args = append(args, "--config", a.config)
		}
		steps = append(steps, step{"backtest", args})
	}
	steps = append(steps, step{"report", with("--out", a.out, "--lang", a.lang)})
	for _, s := range steps {
		start := time.Now()
		fmt.Fprintf(e.stdout, "== %s\n", s.name)
		if err := commands[s.name].run(ctx, e, s.args); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(e.stdout, "   (%s in %.1fs)\n", s.name, time.Since(start).Seconds())
	}
	return nil
}

// runDemo generates the chengdu profile and runs the batch job on it: the
// newcomer's first command.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "demo")
	out := fs.String("out", "reports", "folder for the reports")
	work := fs.String("work", "demo", "folder for the generated ledgers and the database")
	seed := fs.String("seed", "1", "generator seed")
	profile := fs.String("profile", "chengdu", "generator profile: small, chengdu or province")
	lang := fs.String("lang", "zh", "report language: zh or en")
	var c common
	fs.StringVar(&c.db, "db", "", "DuckDB database `file` (default: microrisk.duckdb in the --work folder); made afresh")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	data := filepath.Join(*work, "data")
	db := c.db
	if db == "" {
		db = filepath.Join(*work, "microrisk.duckdb")
	}
	// A demo starts from scratch each time.
	for _, f := range []string{db, db + ".wal"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "== generate %s (seed %s) into %s\n", *profile, *seed, data)
	if err := commands["generate"].run(ctx, e, []string{"--profile", *profile, "--seed", *seed, "--out", data}); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	c.db = db
	// The demo's data is made up: the insecure test key serves, unless a
	// real key is set (the two cannot be mixed).
	testKey := os.Getenv(ingest.KeyEnv) == ""
	// Two earlier runs: a year before, whose plan the tours of the last
	// year judge (the dispositions), and a month before, to compare with.
	earlier := []string{"2016-05-31", "2017-04-30"}
	// Two backtests, a year and half a year before the data end, for the
	// validation page.
	backtests := []string{"2016-05-31", "2016-11-30"}
	if err := batch(ctx, e, batchArgs{common: c, in: data, out: *out, asOf: "2017-05-31", lang: *lang, testKey: testKey,
		earlier: earlier, backtests: backtests}); err != nil {
		return err
	}
	abs, _ := filepath.Abs(filepath.Join(*out, "index.html"))
	fmt.Fprintf(e.stdout, "\nOpen %s in a browser (works offline).\n", abs)
	return nil
}
