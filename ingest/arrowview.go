//go:build duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// canStream: this build reads Arrow streams into DuckDB (the duckdb_arrow
// build tag, which the Makefile sets), so CSV files' clean records reach
// it as Arrow batches.
const canStream = true

// viewSeq makes each clean-record view's name unique in the process.
var viewSeq atomic.Int64

// registerCleanView makes a temporary view on conn over the clean records
// that rd reads and returns its name and a function that drops it once the
// load is over.
func registerCleanView(ctx context.Context, conn *sql.Conn, rd array.RecordReader) (string, func(), error) {
	name := fmt.Sprintf("_mr_clean_%d", viewSeq.Add(1))
	var release func()
	err := conn.Raw(func(dc any) error {
		dconn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("not a driver connection: %T", dc)
		}
		a, err := duckdb.NewArrowFromConn(dconn)
		if err != nil {
			return err
		}
		release, err = a.RegisterView(rd, name)
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("clean records view: %w", err)
	}
	drop := func() {
		conn.ExecContext(context.WithoutCancel(ctx), "DROP VIEW IF EXISTS "+name)
		release()
	}
	return name, drop, nil
}
