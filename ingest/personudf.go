package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/microrisk/microrisk/ingest/normalize"
)

// Person identifiers are checked and pseudonymised by a Go function that
// DuckDB calls (a scalar UDF): the check is normalize's Go face, and the key
// stays in Go memory, never in SQL text, query plans or error messages.
//
// The UDF returns the pseudonym of a valid resident ID, an organisation's
// credit code as it is (PartyID columns only), or "!" and the reason.

// udfSeq makes each registered function's name unique in the process.
var udfSeq atomic.Int64

// personUDF is the scalar function for one column type and key.
type personUDF struct {
	pseudo *Pseudonymizer
	party  bool // accept an organisation's unified social credit code too
}

func (f personUDF) Config() duckdb.ScalarFuncConfig {
	vc, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{vc}, ResultTypeInfo: vc}
}

func (f personUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(v []driver.Value) (any, error) {
		s, _ := v[0].(string)
		return f.apply(s), nil
	}}
}

// apply checks one identifier and returns its stored form or "!reason".
func (f personUDF) apply(s string) string {
	id, err := normalize.ResidentID(s)
	if err == nil {
		return f.pseudo.Of(id)
	}
	if f.party {
		if cerr := normalize.CheckCreditCode(s); cerr == nil {
			return strings.ToUpper(normalize.FoldWidth(normalize.Text(s)))
		}
		return "!neither a valid resident ID nor a unified social credit code: " + err.Error()
	}
	return "!not a valid resident ID: " + err.Error()
}

// registerPersonUDFs registers the two functions for this load and returns
// their names (person, party).
func registerPersonUDFs(ctx context.Context, db *sql.DB, p *Pseudonymizer) (person, party string, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", "", err
	}
	defer conn.Close()
	n := udfSeq.Add(1)
	person, party = fmt.Sprintf("mr_person_%d", n), fmt.Sprintf("mr_party_%d", n)
	if err := duckdb.RegisterScalarUDF(conn, person, personUDF{pseudo: p}); err != nil {
		return "", "", fmt.Errorf("register %s: %w", person, err)
	}
	if err := duckdb.RegisterScalarUDF(conn, party, personUDF{pseudo: p, party: true}); err != nil {
		return "", "", fmt.Errorf("register %s: %w", party, err)
	}
	return person, party, nil
}
