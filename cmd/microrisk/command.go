package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/microrisk/microrisk/ingest/xlsx"
	"github.com/microrisk/microrisk/store"
)

// command is one subcommand. Each lives in its own cmd_*.go file and
// registers itself from init.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// env carries what every command writes to.
type env struct {
	stdout, stderr io.Writer
	logger         *slog.Logger
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// usageError marks bad usage: exit code 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// newFlagSet returns a FlagSet for a subcommand that reports errors instead
// of exiting.
func newFlagSet(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("microrisk "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses args and turns a flag error into a usageError; -h returns
// flag.ErrHelp unchanged so the command exits 0 after printing help.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	if err != nil {
		return usageError{err}
	}
	return nil
}

// errHelp is returned after -h printed the help; it maps to exit 0.
var errHelp = errors.New("help requested")

// common holds the flags every command takes.
type common struct {
	db        string
	logFormat string
}

// addCommon declares --db and --log-format on fs.
func addCommon(fs *flag.FlagSet) *common {
	c := &common{}
	fs.StringVar(&c.db, "db", "microrisk.duckdb", "DuckDB database `file`")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	return c
}

// setLogger builds the command's logger from --log-format; logs go to stderr.
func (c *common) setLogger(e *env) error {
	var h slog.Handler
	switch c.logFormat {
	case "text":
		h = slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})
	case "json":
		h = slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo})
	default:
		return usageError{errors.New("--log-format must be text or json")}
	}
	e.logger = slog.New(h)
	// The XLSX reader says when it hands a sheet to excelize, and why.
	xlsx.Debug = e.logger.Debug
	return nil
}

// openExisting opens the database for a command that reads what earlier
// commands wrote. Opening a missing file would create an empty database, so
// a missing file is an error that says so.
func (c *common) openExisting(ctx context.Context) (*sql.DB, error) {
	if _, err := os.Stat(c.db); err != nil {
		return nil, fmt.Errorf("database %s: %w", c.db, err)
	}
	return store.Open(ctx, c.db)
}
