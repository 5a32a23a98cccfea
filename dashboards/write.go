package dashboards

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/microrisk/microrisk/outfile"
)

// Options say which run to report on, where and in which language.
type Options struct {
	RunID  string // the run to report; empty: the latest by created_at
	OutDir string // created with mode 0700 when missing
	Lang   string // "zh" (default) or "en"
}

// Summary says what Write wrote.
type Summary struct {
	RunID  string
	AsOf   time.Time
	Period Period
	Files  []string // paths of the pages written, index first
}

// File and directory modes: reports name units under suspicion and are not
// for other users of the machine.
const (
	fileMode = 0o600
	dirMode  = 0o700
)

// Write reads a scoring run and writes the three report pages to
// opts.OutDir: index.html, planner.html and quality.html. All pages are
// rendered before any file is written, so a failure leaves no partial set.
// It returns ErrNoRun when the database holds no run.
func Write(ctx context.Context, db *sql.DB, opts Options) (Summary, error) {
	var sum Summary
	tr, err := opts.validate()
	if err != nil {
		return sum, err
	}
	q := querier{db: db}
	run, err := loadRun(ctx, q, opts.RunID)
	if err != nil {
		return sum, err
	}
	p := HeadlinePeriod(run.AsOf)
	sum = Summary{RunID: run.ID, AsOf: run.AsOf, Period: p}

	pages := map[string][]byte{}
	index, err := buildIndex(ctx, q, tr, run, p)
	if err != nil {
		return sum, err
	}
	planner, err := buildPlanner(ctx, q, tr, run, p)
	if err != nil {
		return sum, err
	}
	quality, err := buildQuality(ctx, q, tr, run, p)
	if err != nil {
		return sum, err
	}
	for name, data := range map[string]any{pageIndex: index, pagePlanner: planner, pageQuality: quality} {
		if pages[name], err = renderPage(tr, name, data); err != nil {
			return sum, err
		}
	}

	if err := os.MkdirAll(opts.OutDir, dirMode); err != nil {
		return sum, fmt.Errorf("report directory: %w", err)
	}
	for _, n := range pageNav {
		path := filepath.Join(opts.OutDir, n.file)
		if err := writeFile(path, pages[n.file]); err != nil {
			return sum, err
		}
		sum.Files = append(sum.Files, path)
	}
	return sum, nil
}

func (o Options) validate() (translator, error) {
	switch o.Lang {
	case "", LangZh:
		o.Lang = LangZh
	case LangEn:
	default:
		return translator{}, fmt.Errorf("language %q: want zh or en", o.Lang)
	}
	if o.OutDir == "" {
		return translator{}, errors.New("no output directory")
	}
	return translator{lang: o.Lang}, nil
}

// writeFile writes data to path with mode 0600: through a temporary file in
// the same directory (created 0600) renamed over path, so that an existing
// file with a wider mode is replaced, not reused, and a reader never sees
// half a page.
func writeFile(path string, data []byte) error {
	if err := outfile.Check(path, outfile.HTML, "", true); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	if err := f.Chmod(fileMode); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
