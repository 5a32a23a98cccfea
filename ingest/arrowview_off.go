//go:build !duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"errors"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// canStream: without the duckdb_arrow build tag DuckDB cannot read an
// Arrow stream, so no CSV record is clean: every one takes the full SQL
// path, slower but the same (the Makefile sets the tag).
const canStream = false

func registerCleanView(ctx context.Context, conn *sql.Conn, rd array.RecordReader) (string, func(), error) {
	return "", nil, errors.New("built without the duckdb_arrow tag: no Arrow streams")
}
