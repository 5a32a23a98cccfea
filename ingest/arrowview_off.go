//go:build !duckdb_arrow

package ingest

import (
	"context"
	"database/sql"
	"errors"
)

// canStream: without the duckdb_arrow build tag DuckDB cannot read an
// Arrow stream, so every CSV file is copied (the Makefile sets the tag).
const canStream = false

func registerCleanView(ctx context.Context, conn *sql.Conn, stream *csvStream) (string, func(), error) {
	return "", nil, errors.New("built without the duckdb_arrow tag: no Arrow streams")
}
