package main

import (
	"context"
	"fmt"

	"github.com/microrisk/microrisk/risk"
)

func init() {
	register(command{name: "config", summary: "print the effective risk configuration as TOML", run: runConfig})
}

// runConfig prints the defaults overridden by --config, with a comment on
// every key: a starting point for a deployment's own file.
func runConfig(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "config")
	c := addCommon(fs) // --db is taken, as by every command; config reads no database
	path := fs.String("config", "", "risk configuration `file` (TOML) to apply over the defaults")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{riskExtraArgs(fs.Args())}
	}
	if err := c.setLogger(e); err != nil {
		return err
	}
	cfg, err := risk.LoadConfig(*path)
	if err != nil {
		return err
	}
	return risk.WriteTOML(e.stdout, cfg)
}

// riskExtraArgs reports positional arguments to a command that takes none.
func riskExtraArgs(args []string) error {
	return fmt.Errorf("unexpected arguments %q", args)
}
