// Package outfile keeps microrisk's outputs (exports, report pages) from
// writing over what they must not: the database, its write-ahead log,
// anything that is not a regular file, a file of another kind, or, unless
// asked to, an earlier output. It never follows a symbolic link.
//
// Check says whether a path may be written; Open opens it for writing
// without following a link, and refuses anything but a regular file.
package outfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Errors, for errors.Is.
var (
	ErrDatabase   = errors.New("is the database or its write-ahead log")
	ErrNotRegular = errors.New("is not a regular file")
	ErrExists     = errors.New("already exists (--force to overwrite it)")
	ErrOtherKind  = errors.New("holds something else")
)

// Kinds of output, as export's formats name them, and a report folder's
// files: its pages, their scripts and data files, its Word letters.
const (
	CSV  = "csv"
	XLSX = "xlsx"
	JSON = "json"
	HTML = "html"
	JS   = "js"
	DOCX = "docx"
)

// KindOf returns the kind of output a report file is, by its extension:
// HTML, JS, DOCX, JSON or, for any other name, CSV (text).
func KindOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return HTML
	case ".js":
		return JS
	case ".docx":
		return DOCX
	case ".xlsx":
		return XLSX
	case ".json":
		return JSON
	}
	return CSV
}

// Check reports whether path may be written as an output of kind (CSV,
// XLSX, JSON or HTML): it must not be the database db ("" for none) or
// its write-ahead log, nor a symbolic link or anything else that is not a
// regular file; an existing file is written over only with force, and
// only if it holds an output of that kind (a DuckDB file, a binary, a
// workbook under a .csv name never is).
func Check(path, kind, db string, force bool) error {
	if db != "" {
		for _, d := range []string{db, db + ".wal"} {
			if same(path, d) {
				return fmt.Errorf("output %s %w (%s)", path, ErrDatabase, d)
			}
		}
	}
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output %s: %w", path, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("output %s %w: a symbolic link, which is not followed", path, ErrNotRegular)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("output %s %w (%v)", path, ErrNotRegular, fi.Mode().Type())
	case !force:
		return fmt.Errorf("output %s %w", path, ErrExists)
	}
	ok, err := ofKind(path, kind)
	if err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	if !ok {
		return fmt.Errorf("output %s %w than a %s output: not overwritten", path, ErrOtherKind, kind)
	}
	return nil
}

// same reports whether two paths name the same file: the same file on
// disk if both exist, else the same absolute path.
func same(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	pa, errA := filepath.Abs(a)
	pb, errB := filepath.Abs(b)
	return errA == nil && errB == nil && pa == pb
}

// sniffSize is how much of an existing file tells its kind.
const sniffSize = 8 << 10

// ofKind reports whether the file at path holds an output of kind, by its
// first bytes: a zip archive for XLSX, text starting with [ or { for
// JSON, an HTML document for HTML, text without NUL bytes for CSV.
func ofKind(path, kind string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, sniffSize)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false, err
	}
	head = head[:n]
	zip := bytes.HasPrefix(head, []byte("PK\x03\x04"))
	if kind == XLSX || kind == DOCX {
		return n == 0 || zip, nil
	}
	if zip || bytes.IndexByte(head, 0) >= 0 {
		return false, nil // binary: a database, a workbook, an image
	}
	if n == sniffSize { // a character may be cut at the end
		for i := 0; i < utf8.UTFMax && len(head) > 0 && !utf8.Valid(head); i++ {
			head = head[:len(head)-1]
		}
	}
	if !utf8.Valid(head) {
		return false, nil
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n")
	switch kind {
	case JSON:
		return len(text) == 0 || text[0] == '[' || text[0] == '{', nil
	case HTML:
		lower := bytes.ToLower(text[:min(len(text), 64)])
		return len(text) == 0 || bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")), nil
	}
	return true, nil // CSV, JS: any text
}

// Open opens path for writing, creating it with mode 0600 or truncating
// it. It does not follow a symbolic link (the open fails), and refuses
// anything that is not a regular file without blocking on it (a named
// pipe, a device).
func Open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		if isLoop(err) {
			return nil, fmt.Errorf("output %s %w: a symbolic link, which is not followed", path, ErrNotRegular)
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("output %s %w (%v)", path, ErrNotRegular, fi.Mode().Type())
	}
	if err == nil {
		err = f.Truncate(0)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
