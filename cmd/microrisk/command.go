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

	"github.com/microrisk/microrisk/ingest/privacy"
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
	e.logger = slog.New(maskingHandler{h})
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

// maskingHandler masks resident ID numbers in every log line: in the
// message and in every attribute's value (a file's name, an error).
type maskingHandler struct{ h slog.Handler }

func (m maskingHandler) Enabled(ctx context.Context, l slog.Level) bool { return m.h.Enabled(ctx, l) }

func (m maskingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, privacy.MaskIDs(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a))
		return true
	})
	return m.h.Handle(ctx, out)
}

func (m maskingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(as))
	for i, a := range as {
		masked[i] = maskAttr(a)
	}
	return maskingHandler{m.h.WithAttrs(masked)}
}

func (m maskingHandler) WithGroup(name string) slog.Handler {
	return maskingHandler{m.h.WithGroup(name)}
}

// maskAttr masks an attribute's value, as text; numbers, times and
// durations stay as they are.
func maskAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindGroup:
		g := v.Group()
		masked := make([]any, len(g))
		for i, ga := range g {
			masked[i] = maskAttr(ga)
		}
		return slog.Group(a.Key, masked...)
	case slog.KindString, slog.KindAny:
		return slog.String(a.Key, privacy.MaskIDs(v.String()))
	}
	return a
}
