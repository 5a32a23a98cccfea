package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/microrisk/microrisk/ingest/textenc"
	"github.com/microrisk/microrisk/store"
)

func BenchmarkZZGoSide(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "b.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := LoadFile(ctx, db, "/tmp/mrbench/world/units.csv", Options{}); err != nil {
		b.Fatal(err)
	}
	path := "/tmp/p1m.csv"
	old := streamMinBytes
	streamMinBytes = 0
	defer func() { streamMinBytes = old }()
	headers := []string{"payment_id", "unit_id", "program", "payee_id", "amount_yuan", "paid_on", "payee_name", "account_no", "approver_id"}
	ff := fastPathFor(ctx, db, path, Options{Key: InsecureTestKey})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fast := ff(headers)
		s, err := planStream(path, b.TempDir(), textenc.UTF8, ',', fast)
		if err != nil || s == nil {
			b.Fatal(err, s)
		}
		s.start(len(headers))
		n := 0
		for {
			bt, ok, err := s.nextClean()
			if err != nil || !ok {
				break
			}
			n += int(bt.NumRows())
			bt.Release()
		}
		if err := s.wait(false); err != nil || n != 1000000 {
			b.Fatal(err, n)
		}
		s.uniqueKeys()
		s.remove()
	}
}
