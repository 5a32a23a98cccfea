package dashboards

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	// Units is the number of unit pages (scored units) the folder serves;
	// Letters the number of draft reminder letters; Bytes the size of
	// everything written.
	Units, Letters int
	Bytes          int64
}

// File and directory modes: reports name units under suspicion and are not
// for other users of the machine.
const (
	fileMode = 0o600
	dirMode  = 0o700
)

// Write reads a scoring run and writes the report folder to opts.OutDir:
// the pages (index.html, planner.html, unit.html, payments.html,
// assets.html, validation.html, quality.html), the shared scripts and styles in lib/, the
// data of every scored unit in data/ and a draft letter per work reminder
// in letters/. Everything is rendered before any file is written, so a
// failure leaves no partial set. It returns ErrNoRun when the database
// holds no run, and an error naming the run when opts.RunID names none.
func Write(ctx context.Context, db *sql.DB, opts Options) (Summary, error) {
	var sum Summary
	tr, err := opts.validate()
	if err != nil {
		return sum, err
	}
	c, err := db.Conn(ctx)
	if err != nil {
		return sum, err
	}
	defer c.Close()
	q := querier{db: c}
	run, err := loadRun(ctx, q, opts.RunID)
	if err != nil {
		return sum, err
	}
	p := HeadlinePeriod(run.AsOf)
	sum = Summary{RunID: run.ID, AsOf: run.AsOf, Period: p}
	if err := writeDigits(ctx, q, run); err != nil {
		return sum, err
	}
	ud, err := loadUnitData(ctx, q, tr, run)
	if err != nil {
		return sum, err
	}
	files, err := ud.dataFiles(ctx, q, tr, run)
	if err != nil {
		return sum, err
	}
	for name, b := range libFiles() {
		files[name] = b
	}
	pages, err := buildPages(ctx, q, tr, run, p, ud)
	if err != nil {
		return sum, err
	}
	for name, b := range pages {
		files[name] = b
	}
	letters, err := buildLetters(ctx, q, tr, run, ud)
	if err != nil {
		return sum, err
	}
	for name, b := range letters {
		files[name] = b
	}
	if err := writeAll(opts.OutDir, files); err != nil {
		return sum, err
	}
	for _, n := range pageNav {
		sum.Files = append(sum.Files, filepath.Join(opts.OutDir, n.file))
	}
	for _, b := range files {
		sum.Bytes += int64(len(b))
	}
	sum.Units, sum.Letters = len(ud.index.Units), len(letters)/2
	return sum, nil
}

// pageBuilder renders one page's data.
type pageBuilder func(ctx context.Context, q querier, tr translator, run runInfo, p Period, ud *unitData) (any, error)

// buildPages renders every page of the navigation.
func buildPages(ctx context.Context, q querier, tr translator, run runInfo, p Period, ud *unitData) (map[string][]byte, error) {
	builders := map[string]pageBuilder{
		pageIndex: buildIndex, pagePlanner: buildPlanner, pageUnit: buildUnit,
		pagePayments: buildPayments, pageAssets: buildAssets, pageValidation: buildValidation, pageQuality: buildQuality,
		pageOutcomes: buildOutcomes, pageDiff: buildDiff,
	}
	out := map[string][]byte{}
	for _, n := range pageNav {
		data, err := builders[n.file](ctx, q, tr, run, p, ud)
		if err != nil {
			return nil, err
		}
		if out[n.file], err = renderPage(tr, n.file, data); err != nil {
			return nil, err
		}
	}
	return out, nil
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

// ownedDirs are the report's subfolders whose files Write replaces as a
// set: a file of an earlier report there that this one does not write (a
// district or a letter that is gone) is removed, so the folder never mixes
// two runs. Nothing else in OutDir is touched.
var ownedDirs = []string{libDir, "data", districtDir, lettersDir}

// writeAll writes the files under dir (names are slash-separated relative
// paths), creating folders with mode 0700, then removes what ownedDirs
// hold from an earlier report.
func writeAll(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), dirMode); err != nil {
			return fmt.Errorf("report directory: %w", err)
		}
		if err := writeFile(path, files[name]); err != nil {
			return err
		}
	}
	for _, sub := range ownedDirs {
		entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(sub)))
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := sub + "/" + e.Name()
			if e.Type().IsRegular() && files[name] == nil && !strings.HasPrefix(e.Name(), ".") {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
					return fmt.Errorf("remove stale %s: %w", name, err)
				}
			}
		}
	}
	return nil
}

// writeFile writes data to path with mode 0600: through a temporary file in
// the same directory (created 0600) renamed over path, so that an existing
// file with a wider mode is replaced, not reused, and a reader never sees
// half a page.
func writeFile(path string, data []byte) error {
	if err := outfile.Check(path, outfile.KindOf(path), "", true); err != nil {
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
