package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/microrisk/microrisk/ingest"
	"github.com/microrisk/microrisk/model"
	"github.com/microrisk/microrisk/risk"
)

// checkDispositions moves the dispositions just loaded that name unknown
// targets or flags, or are dated impossibly, to rejects (see
// risk.CheckDispositions) and says how many.
func checkDispositions(ctx context.Context, e *env, db *sql.DB, results []ingest.Result) error {
	loaded := false
	for _, r := range results {
		loaded = loaded || (r.Ledger == model.Dispositions.Name && r.Loaded > 0)
	}
	if !loaded {
		return nil
	}
	n, err := risk.CheckDispositions(ctx, db, time.Now())
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintf(e.stdout, "dispositions: %d moved to rejects (unknown target or flag, another unit's, or dated before the proposal or in the future)\n", n)
	}
	return nil
}
