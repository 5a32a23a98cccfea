package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/microrisk/microrisk/risk"
)

// TestConfigCommand: the printed configuration parses back to the same
// configuration, defaults or overridden.
func TestConfigCommand(t *testing.T) {
	over := filepath.Join(t.TempDir(), "c.toml")
	writeTestFile(t, over, "[tours]\nunits_per_round = 7\nteams = [{ name = \"甲组\", home = \"510104\", units = 0 }]\n[weights]\npayments_round = 0.5\n")
	for _, tt := range []struct {
		args []string
		want func() risk.Config
	}{
		{[]string{"config"}, risk.DefaultConfig},
		{[]string{"config", "--config", over}, func() risk.Config {
			c := risk.DefaultConfig()
			c.Tours.UnitsPerRound = 7
			c.Tours.Teams = []risk.Team{{Name: "甲组", Home: "510104"}}
			c.Weights["payments_round"] = 0.5
			return c
		}},
	} {
		code, stdout, stderr := runCLI(t, tt.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, stderr)
		}
		var plain map[string]any
		if _, err := toml.Decode(stdout, &plain); err != nil {
			t.Fatalf("%v: output is not TOML: %v", tt.args, err)
		}
		got, err := risk.DecodeConfig(stdout)
		if err != nil {
			t.Fatal(err)
		}
		if !configsEqual(got, tt.want()) {
			t.Errorf("%v: printed config reads back as %+v", tt.args, got)
		}
		if !strings.Contains(stdout, "# cases_eb_rate (default 1.0)") {
			t.Errorf("%v: weights are not commented", tt.args)
		}
	}
	if code, _, stderr := runCLI(t, "config", "--config", filepath.Join(t.TempDir(), "none.toml")); code != 1 || !strings.Contains(stderr, "none.toml") {
		t.Errorf("missing file: exit %d, %q", code, stderr)
	}
}

func configsEqual(a, b risk.Config) bool { return reflect.DeepEqual(a, b) }
