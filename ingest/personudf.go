package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
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

// personUDF is the scalar function for one column type and key. DuckDB
// calls it with a chunk of values at a time, from several threads. A payee
// is paid many times, so each answer is remembered (up to maxRemembered
// identifiers per load) and computed once.
type personUDF struct {
	pseudo *Pseudonymizer
	party  bool // accept an organisation's unified social credit code too
	seen   *sync.Map
	n      *atomic.Int64
}

// maxRemembered bounds the memory personUDF spends remembering answers
// (about 150 bytes each).
const maxRemembered = 2_000_000

func newPersonUDF(p *Pseudonymizer, party bool) personUDF {
	return personUDF{pseudo: p, party: party, seen: new(sync.Map), n: new(atomic.Int64)}
}

func (f personUDF) Config() duckdb.ScalarFuncConfig {
	vc, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{vc}, ResultTypeInfo: vc}
}

func (f personUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{ChunkContextExecutor: func(_ context.Context, st *duckdb.ChunkIteratorState) error {
		in, err := st.GetInputChunk().GetVector(0)
		if err != nil {
			return err
		}
		view, err := duckdb.GetVectorView[string](in)
		if err != nil {
			return err
		}
		out, err := duckdb.GetVectorWriter[string](st.GetResultVector())
		if err != nil {
			return err
		}
		for i := range view.Len() {
			v, ok, err := view.GetValueBorrowed(i)
			if err != nil {
				return err
			}
			if !ok {
				continue // NULL in, NULL out
			}
			if err := out.Set(i, f.answer(v)); err != nil {
				return err
			}
		}
		return nil
	}}
}

// answer returns apply(v), remembered. v is borrowed from DuckDB's vector:
// it is copied before it is kept.
func (f personUDF) answer(v string) string {
	if a, ok := f.seen.Load(v); ok {
		return a.(string)
	}
	a := f.apply(v)
	if f.n.Add(1) <= maxRemembered {
		f.seen.Store(strings.Clone(v), a)
	}
	return a
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
	if err := duckdb.RegisterScalarUDF(conn, person, newPersonUDF(p, false)); err != nil {
		return "", "", fmt.Errorf("register %s: %w", person, err)
	}
	if err := duckdb.RegisterScalarUDF(conn, party, newPersonUDF(p, true)); err != nil {
		return "", "", fmt.Errorf("register %s: %w", party, err)
	}
	return person, party, nil
}
