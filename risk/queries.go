package risk

import (
	"context"
	"database/sql"
	"embed"
)

// queries holds the SQL: sql/*.sql for the scope, the bases and the plan,
// sql/rules/*.sql for the indicators (one file per rule, see ruleStatements).
//
//go:embed sql/*.sql sql/rules/*.sql
var queries embed.FS

// sqlText returns the embedded query sql/name.sql.
func sqlText(name string) string {
	b, err := queries.ReadFile("sql/" + name + ".sql")
	if err != nil {
		panic("risk: missing query " + name) // a build bug
	}
	return string(b)
}

// querier is what scoring needs of a connection.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	// Raw gives the driver's connection, for DuckDB's Appender.
	Raw(f func(driverConn any) error) error
}
