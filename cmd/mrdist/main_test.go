package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDistAmd64 is issue 15's check of the release binary: it must start
// on glibc 2.17 (CentOS 7), and `microrisk demo` must work with it.
// `make test` builds dist/microrisk-linux-amd64 first (scripts/dist.sh);
// without it the test skips, saying so.
func TestDistAmd64(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("SKIP: the amd64 release binary is checked on linux/amd64, not %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	bin := filepath.Join("..", "..", "dist", "microrisk-linux-amd64")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("SKIP: %s not built (make test builds it with scripts/dist.sh amd64; that script said why it could not): %v", bin, err)
	}
	req, err := ReadRequirements(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(req)
	if err := req.Check("2.17"); err != nil {
		t.Fatalf("%s will not start on glibc 2.17: %v", bin, err)
	}
	var log bytes.Buffer
	if err := RunDemo(context.Background(), bin, "", "chengdu", t.TempDir(), &log); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + log.String())
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2.17", "2.17", 0},
		{"2.34", "2.17", 1},
		{"2.2.5", "2.17", -1},
		{"2.3", "2.3.4", -1},
		{"3.4.30", "3.4.19", 1},
		{"1.3", "1.3.0", 0},
	}
	for _, tt := range tests {
		if got := compareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	dyn := func(vs ...string) Requirements {
		return Requirements{Interpreter: "/lib64/ld-linux-x86-64.so.2", Libraries: []string{"libc.so.6"},
			Versions: map[string][]string{"libc.so.6": vs}}
	}
	tests := []struct {
		name string
		req  Requirements
		bad  string // part of the error, or "" for none
	}{
		{"static", Requirements{}, ""},
		{"old glibc", dyn("GLIBC_2.2.5", "GLIBC_2.14", "GLIBC_2.17"), ""},
		{"glibc 2.34", dyn("GLIBC_2.2.5", "GLIBC_2.34"), "GLIBC_2.34"},
		{"new libstdc++", dyn("GLIBC_2.2.5", "GLIBCXX_3.4.30"), "GLIBCXX_3.4.30"},
		{"old libstdc++", dyn("GLIBCXX_3.4.19", "CXXABI_1.3.7"), ""},
	}
	for _, tt := range tests {
		err := tt.req.Check("2.17")
		switch {
		case tt.bad == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.bad != "" && (err == nil || !strings.Contains(err.Error(), tt.bad)):
			t.Errorf("%s: error %v, want one naming %s", tt.name, err, tt.bad)
		}
	}
}

// TestReadRequirementsDynamic reads a dynamically linked system program.
func TestReadRequirementsDynamic(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("ELF binaries are Linux's")
	}
	for _, p := range []string{"/bin/sh", "/usr/bin/env"} {
		req, err := ReadRequirements(p)
		if err != nil || req.Static() {
			continue // a static shell is possible; try the next
		}
		if req.Interpreter == "" || req.Newest("GLIBC_") == "" && req.Newest("GLIBC") == "" {
			t.Errorf("%s: %+v: no interpreter or no GLIBC version", p, req)
		}
		return
	}
	t.Skip("no dynamically linked program found to read")
}
