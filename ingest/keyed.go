package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"hash/maphash"
	"strings"
	"sync/atomic"
	"unsafe"

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
// is paid many times, so answers are remembered in an answerCache.
type personUDF struct {
	pseudo *Pseudonymizer
	party  bool // accept an organisation's unified social credit code too
	seen   *answerCache
}

// newPersonFuncs returns the person and party functions of a load with
// key: one pseudonymiser, an answer table each.
func newPersonFuncs(key string) (person, party personUDF, err error) {
	pseudo, err := NewPseudonymizer(key)
	if err != nil {
		return personUDF{}, personUDF{}, err
	}
	return newPersonUDF(pseudo, false), newPersonUDF(pseudo, true), nil
}

func newPersonUDF(p *Pseudonymizer, party bool) personUDF {
	return personUDF{pseudo: p, party: party, seen: newAnswerCache()}
}

// answerCache remembers answers in a fixed table of slots, in sets of
// answerWays slots chosen by a hash of the identifier: a lookup is a hash
// and at most answerWays atomic loads and comparisons (one cache line),
// with no lock, and memory is bounded (the slots, about 8 MiB, and at
// most one remembered answer per slot, 64 bytes each). When a set is
// full, a new answer evicts one of its slots in turn; the evicted answer
// is simply computed again. One slot per identifier, without sets, made a
// quarter of 288k payees share a slot, and with payees paid in random
// order about one lookup in eight was computed again.
//
// An answer holds the identifier and its stored form in one 64-byte
// object: comparing the identifier and copying the answer touch one cache
// line. With the two as separate strings a lookup touched four, and took
// about 7% of a 10M-row load. An answer too long for it (a reason) is not
// remembered.
type answerCache struct {
	seed   maphash.Seed
	slots  []atomic.Pointer[answer]
	victim atomic.Uint32 // the next way to evict from a full set
}

// answer is an identifier (idLen bytes of buf) and its answer (the next
// valLen bytes).
type answer struct {
	idLen, valLen uint8
	buf           [answerRoom]byte
}

const (
	answerSlots = 1 << 20
	answerWays  = 4
	answerRoom  = 62 // 64-byte answers
)

func newAnswerCache() *answerCache {
	return &answerCache{seed: maphash.MakeSeed(), slots: make([]atomic.Pointer[answer], answerSlots)}
}

func (a *answer) id() string { return unsafe.String(&a.buf[0], a.idLen) }

// val returns the answer; the string shares the answer's memory, which is
// never changed.
func (a *answer) val() string { return unsafe.String(&a.buf[a.idLen], a.valLen) }

// index is the first slot of id's set.
func (c *answerCache) index(id string) uint64 { return c.first(maphash.String(c.seed, id)) }

func (c *answerCache) first(h uint64) uint64 { return h & (answerSlots - 1) &^ (answerWays - 1) }

// get returns the remembered answer for id.
func (c *answerCache) get(id string) (string, bool) {
	set := c.slots[c.index(id):][:answerWays]
	for i := range set {
		if a := set[i].Load(); a != nil && a.id() == id {
			return a.val(), true
		}
	}
	return "", false
}

// getBytes is get for an identifier held in a byte slice.
func (c *answerCache) getBytes(id []byte) (string, bool) {
	set := c.slots[c.first(maphash.Bytes(c.seed, id)):][:answerWays]
	for i := range set {
		if a := set[i].Load(); a != nil && a.id() == string(id) {
			return a.val(), true
		}
	}
	return "", false
}

// put remembers val for id, in a free slot of its set if there is one,
// unless the two do not fit an answer. Both are copied.
func (c *answerCache) put(id, val string) {
	if len(id)+len(val) > answerRoom || len(id) == 0 || len(val) == 0 {
		return
	}
	a := &answer{idLen: uint8(len(id)), valLen: uint8(len(val))}
	copy(a.buf[copy(a.buf[:], id):], val)
	set := c.slots[c.index(id):][:answerWays]
	for i := range set {
		if set[i].CompareAndSwap(nil, a) {
			return
		}
	}
	set[c.victim.Add(1)%answerWays].Store(a)
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
		// Ledgers repeat a value on consecutive rows (one clerk approves a
		// run of payments): the previous answer is reused without a lookup.
		var last, ans string
		for i := range view.Len() {
			v, ok, err := view.GetValueBorrowed(i)
			if err != nil {
				return err
			}
			if !ok {
				continue // NULL in, NULL out
			}
			if ans == "" || v != last {
				last, ans = v, f.answer(v) // v stays valid for the whole call
			}
			if err := out.Set(i, ans); err != nil {
				return err
			}
		}
		return nil
	}}
}

// answer returns apply(v), remembered. v is borrowed from DuckDB's vector:
// it is copied before it is kept.
func (f personUDF) answer(v string) string {
	if a, ok := f.seen.get(v); ok {
		return a
	}
	a := f.apply(v)
	f.seen.put(v, a)
	return a
}

// answerBytes is answer for an identifier held in a byte slice (the CSV
// pre-pass's block); the slice is not kept.
func (f personUDF) answerBytes(v []byte) string {
	if a, ok := f.seen.getBytes(v); ok {
		return a
	}
	s := string(v)
	a := f.apply(s)
	f.seen.put(s, a)
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
// their names.
func registerPersonUDFs(ctx context.Context, db *sql.DB, personF, partyF personUDF) (person, party string, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", "", err
	}
	defer conn.Close()
	n := udfSeq.Add(1)
	person, party = fmt.Sprintf("mr_person_%d", n), fmt.Sprintf("mr_party_%d", n)
	if err := duckdb.RegisterScalarUDF(conn, person, personF); err != nil {
		return "", "", fmt.Errorf("register %s: %w", person, err)
	}
	if err := duckdb.RegisterScalarUDF(conn, party, partyF); err != nil {
		return "", "", fmt.Errorf("register %s: %w", party, err)
	}
	return person, party, nil
}
