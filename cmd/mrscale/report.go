package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"time"
)

// report is what mrscale prints and writes: the machine, and per world
// every stage's medians.
type report struct {
	Machine   string
	Started   time.Time
	Runs      int
	Microrisk string
	Worlds    []*worldResult
}

// Targets of the province run (issue 15).
const (
	targetWallSeconds = 60
	targetPeakMiB     = 2048
)

// noise is the growth exponent's margin on this kind of machine: a point
// off by 25% (common on a shared 2-core machine) moves an exponent fitted
// over a tenfold range by about 0.1.
const noise = 0.15

func (r *report) write(w io.Writer) {
	fmt.Fprintf(w, "## microrisk batch job, %s\n\n", r.Started.Format("2006-01-02 15:04"))
	fmt.Fprintf(w, "Machine: %s. Binary: %s. %d round(s) per world, each stage a process of its own on a fresh database; medians, and every round.\n\n", r.Machine, r.Microrisk, r.Runs)
	for _, wr := range r.Worlds {
		r.writeWorld(w, wr)
	}
	if len(r.Worlds) > 1 {
		r.writeGrowth(w)
	}
}

func (r *report) writeWorld(w io.Writer, wr *worldResult) {
	wd := wr.World
	t := wd.Truth
	fmt.Fprintf(w, "### %s (seed %d)\n\n", wd.Spec.Name, t.Seed)
	fmt.Fprintf(w, "%s scored units (%d townships, %d villages and communities, %d stations) in %d districts; %s ledger rows, %s of them payments.",
		group(int64(wd.Scored())), t.Units["township"], t.Units["village"], t.Units["station"], t.Units["district"],
		group(wd.Rows()), group(int64(t.Counts["payments"])))
	if wd.Gen.Wall > 0 {
		fmt.Fprintf(w, " Generated in %.1f s (%.1f CPU-s, peak %.0f MiB).", wd.Gen.Wall, wd.Gen.CPU, wd.Gen.PeakMiB)
	}
	fmt.Fprintf(w, " Ingest loaded %s rows, rejected %d.\n\n", group(wr.Loaded), wr.Rejected)
	fmt.Fprintln(w, "| stage | wall s | CPU s | peak MiB | load at start | steal | wall s, each round |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | --- |")
	for i, s := range Stages {
		m := wr.Median(i)
		var each []string
		for _, round := range wr.Rounds {
			each = append(each, fmt.Sprintf("%.1f", round[i].Wall))
		}
		fmt.Fprintf(w, "| %s | %.1f | %.1f | %.0f | %.1f | %.0f%% | %s |\n", s, m.Wall, m.CPU, m.PeakMiB, m.Load, 100*m.Steal, strings.Join(each, ", "))
	}
	tot := wr.Total()
	var each []string
	for _, round := range wr.Rounds {
		var s float64
		for _, m := range round {
			s += m.Wall
		}
		each = append(each, fmt.Sprintf("%.1f", s))
	}
	fmt.Fprintf(w, "| **batch job** | **%.1f** | **%.1f** | **%.0f** | %.1f | %.0f%% | %s |\n\n", tot.Wall, tot.CPU, tot.PeakMiB, tot.Load, 100*tot.Steal, strings.Join(each, ", "))
	fmt.Fprintf(w, "Targets: wall under %d s: %s (%.1f s); peak memory under %d MiB: %s (%.0f MiB).\n\n",
		targetWallSeconds, yes(tot.Wall < targetWallSeconds), tot.Wall, targetPeakMiB, yes(tot.PeakMiB < targetPeakMiB), tot.PeakMiB)
}

func (r *report) writeGrowth(w io.Writer) {
	rows := make([]float64, len(r.Worlds))
	var head, rule strings.Builder
	for i, wr := range r.Worlds {
		rows[i] = float64(wr.World.Rows())
		fmt.Fprintf(&head, " %s (%s rows) |", wr.World.Spec.Name, short(wr.World.Rows()))
		rule.WriteString(" ---: |")
	}
	n := len(rows)
	bar, barLast := nlognExponent(rows[0], rows[n-1]), nlognExponent(rows[n-2], rows[n-1])
	fmt.Fprintf(w, "### How cost grows\n\nTime ≈ c·rowsᵇ, b fitted by least squares over every world (\"b\") and between the last two (\"b last\"). n log n grows with b = %.2f over these rows (%.2f between the last two); a stage above it by more than %.2f (this machine's noise) is flagged ⚠.\n\n", bar, barLast, noise)
	for _, q := range []struct {
		title string
		value func(measurement) float64
		unit  string
	}{
		{"wall time, s", func(m measurement) float64 { return m.Wall }, "%.1f"},
		{"CPU time (user + system), s", func(m measurement) float64 { return m.CPU }, "%.1f"},
		{"peak memory, MiB", func(m measurement) float64 { return m.PeakMiB }, "%.0f"},
	} {
		fmt.Fprintf(w, "%s:\n\n| stage |%s b | b last |\n| --- |%s ---: | ---: |\n", q.title, head.String(), rule.String())
		for i := -1; i < len(Stages); i++ {
			name := "**batch job**"
			if i >= 0 {
				name = Stages[i]
			}
			ys := make([]float64, n)
			var cells strings.Builder
			for j, wr := range r.Worlds {
				m := wr.Total()
				if i >= 0 {
					m = wr.Median(i)
				}
				ys[j] = q.value(m)
				fmt.Fprintf(&cells, " "+q.unit+" |", ys[j])
			}
			b, bl := growthExponent(rows, ys), growthExponent(rows[n-2:], ys[n-2:])
			flag := ""
			if bl > barLast+noise || b > bar+noise {
				flag = " ⚠"
			}
			fmt.Fprintf(w, "| %s |%s %.2f | %.2f%s |\n", name, cells.String(), b, bl, flag)
		}
		fmt.Fprintln(w)
	}
}

// growthExponent is the least-squares slope of ln y on ln x: y ≈ c·xᵇ.
// NaN with fewer than two points or a non-positive value.
func growthExponent(xs, ys []float64) float64 {
	if len(xs) < 2 || len(xs) != len(ys) {
		return math.NaN()
	}
	var sx, sy, sxx, sxy float64
	for i := range xs {
		if xs[i] <= 0 || ys[i] <= 0 {
			return math.NaN()
		}
		x, y := math.Log(xs[i]), math.Log(ys[i])
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	k := float64(len(xs))
	return (k*sxy - sx*sy) / (k*sxx - sx*sx)
}

// nlognExponent is the b for which n^b grows as n log n does from n1 to
// n2: 1 + ln(ln n2 / ln n1) / ln(n2 / n1).
func nlognExponent(n1, n2 float64) float64 {
	return 1 + math.Log(math.Log(n2)/math.Log(n1))/math.Log(n2/n1)
}

// describeMachine names the CPUs, memory and kernel.
func describeMachine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kib float64
		fmt.Sscanf(strings.TrimPrefix(strings.SplitN(string(b), "\n", 2)[0], "MemTotal:"), "%f", &kib)
		mem = fmt.Sprintf(", %.1f GiB RAM", kib/1024/1024)
	}
	kernel := ""
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = ", Linux " + strings.TrimSpace(string(b))
	}
	return fmt.Sprintf("%d × %s%s%s, %s", runtime.NumCPU(), model, mem, kernel, runtime.Version())
}

func yes(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

// group writes n with thousands separators.
func group(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// short writes n as 1.9M or 450k.
func short(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0fk", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}
