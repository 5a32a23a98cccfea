package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// RunDemo runs `bin demo --profile profile` in dir (through wrapper if not
// empty), as a user would on a machine with no network: an empty
// environment but for PATH, HOME and MICRORISK_*, no proxy. It checks that
// the command succeeded and wrote reports/index.html.
func RunDemo(ctx context.Context, bin, wrapper, profile, dir string, log io.Writer) error {
	abs, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	args := []string{abs, "demo", "--profile", profile, "--out", "reports", "--work", "demo"}
	if wrapper != "" {
		args = append([]string{wrapper}, args...)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = offlineEnv(dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w\n%s", quote(args), err, tail(out.String(), 30))
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "==") || strings.HasPrefix(line, "   (") {
			fmt.Fprintln(log, "  ", line)
		}
	}
	index := filepath.Join(dir, "reports", "index.html")
	b, err := os.ReadFile(index)
	if err != nil {
		return fmt.Errorf("%s: %w", quote(args), err)
	}
	if !bytes.Contains(b, []byte("<html")) || !bytes.Contains(b, []byte("</html>")) {
		return fmt.Errorf("%s: %s is not a whole HTML page (%d bytes)", quote(args), index, len(b))
	}
	return nil
}

// offlineEnv is the environment of the demo: PATH, a HOME of its own, the
// MICRORISK_ settings, nothing that could reach a network.
func offlineEnv(dir string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "LANG=C"}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "MICRORISK_") {
			env = append(env, kv)
		}
	}
	return env
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
