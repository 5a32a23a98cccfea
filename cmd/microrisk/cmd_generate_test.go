package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateSmall(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"generate", "--profile", "small", "--seed", "5", "--out", dir}, &out, &errb)
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, errb.String())
	}
	for _, f := range []string{"units.csv", "payments.csv", "registers.csv", "truth.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	for _, want := range []string{"payments.csv", "planted", "lease_below_price", "silent_unit", "decoys", "care_home"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestGenerateUsage(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		code int
	}{
		{"unknown profile", []string{"generate", "--profile", "atlantis", "--out", dir}, 2},
		{"no out", []string{"generate", "--profile", "small"}, 2},
		{"extra argument", []string{"generate", "--out", dir, "extra"}, 2},
		{"bad seed", []string{"generate", "--seed", "-1", "--out", dir}, 2},
		{"help", []string{"generate", "-h"}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), c.args, &out, &errb)
			if got := exitCode(err, &errb); got != c.code {
				t.Errorf("exit %d, want %d (err %v)", got, c.code, err)
			}
		})
	}
}
