package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/microrisk/microrisk/data"
)

// worldSpec names a world to generate: a profile, or a multiple of Chengdu.
type worldSpec struct {
	Name    string
	Profile string  // a profile name, or ""
	Scale   float64 // else data.ScaledProfile(Scale)
}

func (w worldSpec) profile() (data.Profile, error) {
	if w.Profile != "" {
		return data.ProfileByName(w.Profile)
	}
	return data.ScaledProfile(w.Scale), nil
}

// arg is the spec as the generating child takes it.
func (w worldSpec) arg() string {
	if w.Profile != "" {
		return w.Profile
	}
	return "x" + strconv.FormatFloat(w.Scale, 'f', -1, 64)
}

func specOf(arg string) (worldSpec, error) {
	if len(arg) > 1 && arg[0] == 'x' {
		k, err := strconv.ParseFloat(arg[1:], 64)
		return worldSpec{Scale: k}, err
	}
	return worldSpec{Profile: arg}, nil
}

// world is a generated world on disk.
type world struct {
	Spec  worldSpec
	Dir   string // its ledgers and truth.json
	Truth *data.Truth
	// Gen is the generation's measurement; zero when the world was reused.
	Gen measurement
}

// Rows is the number of ledger rows, all ledgers together.
func (w *world) Rows() int64 {
	var n int64
	for _, c := range w.Truth.Counts {
		n += int64(c)
	}
	return n
}

// Scored is the number of scored units (townships, villages, stations).
func (w *world) Scored() int {
	return w.Truth.Units["township"] + w.Truth.Units["village"] + w.Truth.Units["station"]
}

// ensureWorld generates the world into dir/<name>/data unless it is there
// already (same profile and seed) and regen is false.
func ensureWorld(ctx context.Context, o options, spec worldSpec, log io.Writer) (*world, error) {
	w := &world{Spec: spec, Dir: filepath.Join(o.dir, spec.Name, "data")}
	p, err := spec.profile()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	// A world is reused only if this very generator (this binary, built
	// from the same data package) drew it with the same profile and seed.
	stamp, err := generatorStamp(self, spec, o.seed)
	if err != nil {
		return nil, err
	}
	stampFile := filepath.Join(w.Dir, "mrscale.stamp")
	if t, err := readTruth(w.Dir); err == nil && !o.regen && t.Profile == p.Name && sameStamp(stampFile, stamp) {
		w.Truth = t
		fmt.Fprintf(log, "%s: reusing the world in %s (-regen to draw it again)\n", spec.Name, w.Dir)
		return w, nil
	}
	if err := os.RemoveAll(w.Dir); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "%s: generating into %s …\n", spec.Name, w.Dir)
	w.Gen, err = measure(ctx, "generate", []string{self, "-child", "gen", spec.arg(), strconv.FormatUint(o.seed, 10), w.Dir}, nil)
	if err != nil {
		return nil, err
	}
	if w.Truth, err = readTruth(w.Dir); err != nil {
		return nil, err
	}
	if err := os.WriteFile(stampFile, []byte(stamp), 0o644); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "%s: generated %d rows, %d scored units in %.1fs (peak %.0f MiB)\n",
		spec.Name, w.Rows(), w.Scored(), w.Gen.Wall, w.Gen.PeakMiB)
	return w, nil
}

// generatorStamp names what drew a world: the SHA-256 of the generating
// binary, the spec and the seed.
func generatorStamp(self string, spec worldSpec, seed uint64) (string, error) {
	f, err := os.Open(self)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x %s %d\n", h.Sum(nil), spec.arg(), seed), nil
}

func sameStamp(path, want string) bool {
	b, err := os.ReadFile(path)
	return err == nil && string(b) == want
}

func readTruth(dir string) (*data.Truth, error) {
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return nil, err
	}
	var t data.Truth
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return &t, nil
}

// child runs in a child process: `-child gen SPEC SEED DIR` generates a
// world.
func child(args []string) error {
	if len(args) != 4 || args[0] != "gen" {
		return errors.New("usage: mrscale -child gen SPEC SEED DIR")
	}
	spec, err := specOf(args[1])
	if err != nil {
		return err
	}
	seed, err := strconv.ParseUint(args[2], 10, 64)
	if err != nil {
		return err
	}
	p, err := spec.profile()
	if err != nil {
		return err
	}
	_, err = data.Generate(p, seed, args[3])
	return err
}
