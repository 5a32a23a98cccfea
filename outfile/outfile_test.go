package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	db := write("m.duckdb", "\x00\x00\x00\x00\x00\x00\x00\x00DUCK\x00\x00")
	wal := write("m.duckdb.wal", "\x01\x02\x00")
	csv := write("old.csv", "\ufeffunit_id,score\n1,2\n")
	xlsx := write("old.xlsx", "PK\x03\x04rest")
	html := write("index.html", "<!DOCTYPE html>\n<html></html>")
	notes := write("notes.html", "my notes")
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path, kind string
		force            bool
		want             error
	}{
		{"new file", filepath.Join(dir, "new.csv"), CSV, false, nil},
		{"the database", db, CSV, true, ErrDatabase},
		{"the database by another path", filepath.Join(dir, ".", "m.duckdb"), JSON, true, ErrDatabase},
		{"its WAL", wal, CSV, true, ErrDatabase},
		{"a link to the database", link, CSV, true, ErrDatabase},
		{"a folder", dir, CSV, true, ErrNotRegular},
		{"a named pipe", fifo, CSV, true, ErrNotRegular},
		{"an export, without --force", csv, CSV, false, ErrExists},
		{"an export, with --force", csv, CSV, true, nil},
		{"a workbook under a CSV name", xlsx, CSV, true, ErrOtherKind},
		{"a workbook", xlsx, XLSX, true, nil},
		{"a CSV under a workbook name", csv, XLSX, true, ErrOtherKind},
		{"a CSV as JSON", csv, JSON, true, ErrOtherKind},
		{"a page", html, HTML, true, nil},
		{"notes named as a page", notes, HTML, true, ErrOtherKind},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.path, tt.kind, db, tt.force)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Check = %v, want %v", err, tt.want)
			}
		})
	}
	// A link to anything else is refused too.
	other := filepath.Join(dir, "other-link.csv")
	if err := os.Symlink(csv, other); err != nil {
		t.Fatal(err)
	}
	if err := Check(other, CSV, db, true); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a link to an export: %v, want ErrNotRegular", err)
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	os.Symlink(target, link)
	if f, err := Open(link); err == nil {
		f.Close()
		t.Error("Open followed a symbolic link")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target became %q", b)
	}
	fifo := filepath.Join(dir, "fifo")
	syscall.Mkfifo(fifo, 0o600)
	if f, err := Open(fifo); err == nil {
		f.Close()
		t.Error("Open took a named pipe")
	}
	p := filepath.Join(dir, "out.csv")
	os.WriteFile(p, []byte("a much longer old content"), 0o600)
	f, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	f.Close()
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("content %q, want new", b)
	}
}
