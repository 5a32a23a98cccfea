package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Stages are the batch job's steps, in order.
var Stages = []string{"ingest", "score", "plan", "report"}

// asOf is the generated worlds' last day, the date every run scores at.
const asOf = "2017-05-31"

// measurement is one process's cost.
type measurement struct {
	Wall    float64 // seconds
	CPU     float64 // user + system seconds, all threads
	PeakMiB float64 // maximum resident set size
	Load    float64 // one-minute load average when it started
	Steal   float64 // share of the machine's CPU time stolen by the hypervisor while it ran
}

// measure runs args as a child process and returns its wall time, CPU time
// and peak memory; its output goes to out (if not nil), and its last lines
// into the error if it fails.
func measure(ctx context.Context, name string, args []string, out *bytes.Buffer) (measurement, error) {
	if out == nil {
		out = new(bytes.Buffer)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = out, out
	m := measurement{Load: loadAverage()}
	steal0 := readCPUStat()
	start := time.Now()
	err := cmd.Run()
	m.Wall = time.Since(start).Seconds()
	m.Steal = readCPUStat().stealSince(steal0)
	if err != nil {
		return m, fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 20))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.CPU = tvSeconds(ru.Utime) + tvSeconds(ru.Stime)
		m.PeakMiB = float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	return m, nil
}

func tvSeconds(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }

// worldResult is a world's measurements: every round of every stage.
type worldResult struct {
	World  *world
	Rounds [][]measurement // [round][stage]
	// Loaded and Rejected are the rows of the last round's ingest.
	Loaded, Rejected int64
}

// Median returns the stage's round of median wall time, with the largest
// peak memory of all the rounds and the median CPU time.
func (r *worldResult) Median(stage int) measurement {
	var ms []measurement
	for _, round := range r.Rounds {
		ms = append(ms, round[stage])
	}
	return medianOf(ms)
}

// Total returns the median over rounds of the whole job's wall and CPU
// time, and its largest peak memory (the largest stage's).
func (r *worldResult) Total() measurement {
	var ms []measurement
	for _, round := range r.Rounds {
		var t measurement
		for _, m := range round {
			t.Wall += m.Wall
			t.CPU += m.CPU
			t.PeakMiB = max(t.PeakMiB, m.PeakMiB)
			t.Steal += m.Steal * m.Wall
			t.Load = max(t.Load, m.Load)
		}
		t.Steal /= t.Wall
		ms = append(ms, t)
	}
	return medianOf(ms)
}

func medianOf(ms []measurement) measurement {
	byWall := slices.Clone(ms)
	slices.SortFunc(byWall, func(a, b measurement) int { return cmpFloat(a.Wall, b.Wall) })
	m := byWall[len(byWall)/2]
	cpus := make([]float64, len(ms))
	for i, x := range ms {
		cpus[i] = x.CPU
		m.PeakMiB = max(m.PeakMiB, x.PeakMiB)
	}
	slices.Sort(cpus)
	m.CPU = cpus[len(cpus)/2]
	return m
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// measureWorld generates (or reuses) the world and runs the batch job on
// it o.runs times, each round on a fresh database.
func measureWorld(ctx context.Context, o options, spec worldSpec, log io.Writer) (*worldResult, error) {
	w, err := ensureWorld(ctx, o, spec, log)
	if err != nil {
		return nil, err
	}
	res := &worldResult{World: w}
	base := filepath.Join(o.dir, spec.Name)
	db := filepath.Join(base, "microrisk.duckdb")
	for round := range o.runs {
		for _, f := range []string{db, db + ".wal", db + ".tmp", filepath.Join(base, "reports")} {
			if err := os.RemoveAll(f); err != nil {
				return nil, err
			}
		}
		syscall.Sync() // the previous round's writes do not land on this one
		var ms []measurement
		for _, stage := range Stages {
			var out bytes.Buffer
			m, err := measure(ctx, stage, stageArgs(o.microrisk, stage, db, w.Dir, filepath.Join(base, "reports")), &out)
			if err != nil {
				return nil, err
			}
			if stage == "ingest" {
				if res.Loaded, res.Rejected, err = ingestTotals(out.String()); err != nil {
					return nil, err
				}
			}
			fmt.Fprintf(log, "%s round %d: %-7s %7.1fs wall %7.1fs CPU %6.0f MiB  (load %.1f, steal %.0f%%)\n",
				spec.Name, round+1, stage, m.Wall, m.CPU, m.PeakMiB, m.Load, 100*m.Steal)
			ms = append(ms, m)
		}
		res.Rounds = append(res.Rounds, ms)
	}
	return res, nil
}

// stageArgs is the command line of one stage, as a user would type it.
func stageArgs(bin, stage, db, in, reports string) []string {
	args := []string{bin, stage, "--db", db}
	switch stage {
	case "ingest":
		args = append(args, "--insecure-test-key", in)
	case "score":
		args = append(args, "--as-of", asOf)
	case "report":
		args = append(args, "--out", reports)
	}
	return args
}

var ingestTotal = regexp.MustCompile(`total: \d+ files, read (\d+), loaded (\d+), rejected (\d+)`)

// ingestTotals reads the rows loaded and rejected from ingest's summary.
func ingestTotals(out string) (loaded, rejected int64, err error) {
	m := ingestTotal.FindStringSubmatch(out)
	if m == nil {
		return 0, 0, fmt.Errorf("ingest printed no total line:\n%s", tail(out, 10))
	}
	loaded, _ = strconv.ParseInt(m[2], 10, 64)
	rejected, _ = strconv.ParseInt(m[3], 10, 64)
	return loaded, rejected, nil
}

// loadAverage is the one-minute load average, or 0 if unknown.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return f
}

// cpuStat is the machine's CPU time so far, in clock ticks: all of it, and
// the part stolen by the hypervisor.
type cpuStat struct{ total, steal float64 }

func readCPUStat() cpuStat {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuStat{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	var s cpuStat
	for i, f := range strings.Fields(line)[1:] {
		v, _ := strconv.ParseFloat(f, 64)
		if i < 8 { // user nice system idle iowait irq softirq steal (guest time is within user)
			s.total += v
		}
		if i == 7 {
			s.steal = v
		}
	}
	return s
}

func (s cpuStat) stealSince(before cpuStat) float64 {
	if d := s.total - before.total; d > 0 {
		return (s.steal - before.steal) / d
	}
	return 0
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
