package risk

import (
	"context"
	"strings"
	"testing"
)

// BenchmarkScoreChengdu scores the chengdu demo world (6,133 units, every
// ledger; generated and loaded once, outside the timing) as `score` does,
// stored as a run: issue 12's bar is 5 s on 2 cores. Each step's wall time
// is reported as a metric (s/<step>) so that the slow ones show:
//
//	go test ./risk -run '^$' -bench ScoreChengdu -benchtime 3x
func BenchmarkScoreChengdu(b *testing.B) {
	f, _ := loadWorld(b, "chengdu", 1)
	ctx := context.Background()
	steps := map[string]float64{}
	units := 0
	for b.Loop() {
		run, err := Score(ctx, f.db, Options{AsOf: date("2017-05-31"), Config: DefaultConfig(), Now: fixedClock, Version: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		units = len(run.Units)
		for _, s := range run.Seconds {
			steps[s.Step] += s.Seconds
		}
	}
	for step, s := range steps {
		if s/float64(b.N) >= 0.25 {
			b.ReportMetric(s/float64(b.N), "s/"+strings.ReplaceAll(step, " ", "_"))
		}
	}
	b.ReportMetric(float64(units), "units")
}
