package dashboards

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/microrisk/microrisk/data"
	"github.com/microrisk/microrisk/ingest"
	"github.com/microrisk/microrisk/risk"
	"github.com/microrisk/microrisk/store"
)

// BenchmarkReportChengdu measures `microrisk report` on the demo's world
// (the chengdu profile, seed 1, scored and planned as of 2017-05-31): the
// time to write the whole folder and its size. Issue 11's bar: at most
// 15 s and 60 MB on a 2-core machine. The world is generated, ingested and
// scored before the timer starts (about 30 s).
//
//	go test ./dashboards -run '^$' -bench ReportChengdu -benchtime 3x
func BenchmarkReportChengdu(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	p, err := data.ProfileByName("chengdu")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := data.Generate(p, 1, filepath.Join(dir, "data")); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "m.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := ingest.Load(ctx, db, []string{filepath.Join(dir, "data")}, ingest.Options{Key: ingest.InsecureTestKey}); err != nil {
		b.Fatal(err)
	}
	run, err := risk.Score(ctx, db, risk.Options{AsOf: time.Date(2017, 5, 31, 0, 0, 0, 0, time.UTC),
		Config: risk.DefaultConfig(), Now: time.Now})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := risk.MakePlan(ctx, db, run.ID, risk.DefaultConfig()); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "reports")
	b.ResetTimer()
	var sum Summary
	for b.Loop() {
		if sum, err = Write(ctx, db, Options{OutDir: out}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(sum.Bytes)/(1<<20), "MB")
	b.ReportMetric(float64(sum.Units), "units")
	b.ReportMetric(float64(sum.Letters), "letters")
	if fi, err := os.Stat(filepath.Join(out, pageIndex)); err != nil || fi.Size() == 0 {
		b.Fatalf("no index page: %v", err)
	}
}
