package ingest

import (
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/microrisk/microrisk/model"
)

// Mapping adds headers for files whose headers neither the English names
// nor the declared Chinese aliases cover: ledger → header → column. It is
// read from a TOML file, one table per ledger:
//
//	[payments]
//	"户主身份证号" = "payee_id"
//	"补贴金额（元）" = "amount_yuan"
type Mapping map[string]map[string]string

// ReadMapping reads and checks a mapping file: every ledger and column it
// names must exist.
func ReadMapping(path string) (Mapping, error) {
	var m Mapping
	if _, err := toml.DecodeFile(path, &m); err != nil {
		return nil, fmt.Errorf("mapping %s: %w", path, err)
	}
	for ledger, cols := range m {
		l, ok := model.LedgerByName(ledger)
		if !ok {
			return nil, fmt.Errorf("mapping %s: unknown ledger %q", path, ledger)
		}
		for h, c := range cols {
			if _, ok := l.Column(c); !ok {
				return nil, fmt.Errorf("mapping %s: [%s] %q names unknown column %q (columns: %s)", path, ledger, h, c, strings.Join(l.ColumnNames(), ", "))
			}
		}
	}
	return m, nil
}

// match finds the column a header names in ledger l: the mapping first,
// then the model's names and aliases.
func (m Mapping) match(l *model.Ledger, h string) (*model.Column, bool) {
	if cols, ok := m[l.Name]; ok {
		key, wan := model.HeaderKey(h)
		for mh, c := range cols {
			if k, _ := model.HeaderKey(mh); k == key {
				col, _ := l.Column(c)
				return col, wan
			}
		}
	}
	return l.MatchHeader(h)
}

// accepts reports whether headers hold every required column of l, and how
// many of l's columns they name.
func (m Mapping) accepts(l *model.Ledger, headers []string) (ok bool, matched int) {
	seen := map[string]bool{}
	for _, h := range headers {
		if c, _ := m.match(l, h); c != nil {
			seen[c.Name] = true
		}
	}
	for _, r := range l.Required() {
		if !seen[r] {
			return false, len(seen)
		}
	}
	return true, len(seen)
}

// detect returns the ledger whose required columns the headers hold,
// naming the most of its columns; nil if none.
func (m Mapping) detect(headers []string) *model.Ledger {
	var best *model.Ledger
	bestN := 0
	for _, l := range model.Ledgers {
		if ok, n := m.accepts(l, headers); ok && n > bestN {
			best, bestN = l, n
		}
	}
	return best
}

// ledgerFor resolves a table's ledger: --table, else the file name, else
// its headers.
func (o Options) ledgerFor(path string, headers []string) (*model.Ledger, error) {
	if o.Table != "" || hasLedgerName(path) {
		return ledgerOf(path, o.Table)
	}
	if l := o.Mapping.detect(headers); l != nil {
		return l, nil
	}
	return nil, fmt.Errorf("%w: the header (%s) holds the required columns of no ledger; expected one of:\n%s",
		ErrNoLedger, strings.Join(headers, ", "), requiredByLedger())
}

func requiredByLedger() string {
	var b strings.Builder
	for _, l := range model.Ledgers {
		var cols []string
		for _, c := range l.Columns {
			if c.Required {
				cols = append(cols, c.Name+"/"+c.Zh)
			}
		}
		fmt.Fprintf(&b, "  %s (%s): %s\n", l.Name, l.Zh, strings.Join(cols, ", "))
	}
	return b.String()
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// progress shows, on a terminal, how a table's load is going: elapsed time
// and, where rows are counted as they are read (workbooks, CSV files),
// rows and rows/s.
// It returns the function that stops it. Off a terminal it shows nothing.
func (o Options) progress(path string, src *source, start time.Time) func() {
	w := o.Progress
	if w == nil {
		return func() {}
	}
	if f, ok := w.(*os.File); ok && !isTerminal(f) {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case now := <-t.C:
				el := now.Sub(start)
				if el < 2*time.Second {
					continue
				}
				shown = true
				if src.run != nil {
					n := src.run.Numbered()
					fmt.Fprintf(w, "\r\033[K%s: %d rows, %.0f rows/s, %.0fs", path, n, float64(n)/el.Seconds(), el.Seconds())
					continue
				}
				fmt.Fprintf(w, "\r\033[K%s: loading… %.0fs", path, el.Seconds())
			}
		}
	}()
	return func() { close(done); <-finished }
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// rowProgress returns the function a workbook conversion calls with its row
// count: on a terminal it shows rows and rows/s; elsewhere it is nil.
func (o Options) rowProgress(path, sheet string) func(int64) {
	f, ok := o.Progress.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	start := time.Now()
	return func(rows int64) {
		s := time.Since(start).Seconds()
		fmt.Fprintf(f, "\r\033[K%s [%s]: %d rows, %.0f rows/s", path, sheet, rows, float64(rows)/max(s, 1e-9))
	}
}
