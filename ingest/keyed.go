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
	"github.com/microrisk/microrisk/ingest/privacy"
	"github.com/microrisk/microrisk/model"
)

// Personal data is stored as model declares it (model.Column.Personal):
// identifiers and bank accounts pseudonymised with the key, names masked,
// resident ID numbers masked in any other text. Each protection is one Go
// function, used by the CSV pre-pass for clean records (csvprep.Field's
// Store) and by DuckDB, as a scalar function (a UDF), for every other
// record: one definition, and the key stays in Go memory, never in SQL
// text, query plans or error messages.

// keyedKind is what a keyed function takes.
type keyedKind uint8

const (
	personKind  keyedKind = iota // a resident ID
	partyKind                    // a resident ID or an organisation's credit code (kept)
	accountKind                  // a bank account number
)

// keyedFunc checks a value and returns its stored form: a pseudonym, a
// credit code as it is, or "!" and the reason it cannot be stored. DuckDB
// calls it with a chunk of values at a time, from several threads; the
// pre-pass's workers call it too. A payee is paid many times, so answers
// are remembered in an answerCache.
type keyedFunc struct {
	pseudo *privacy.Pseudonymizer
	kind   keyedKind
	seen   *answerCache
}

func newKeyedFunc(p *privacy.Pseudonymizer, kind keyedKind) *keyedFunc {
	return &keyedFunc{pseudo: p, kind: kind, seen: newAnswerCache()}
}

// answer returns apply(v), remembered. v may be borrowed (DuckDB's
// vector): it is copied before it is kept.
func (f *keyedFunc) answer(v string) string {
	if a, ok := f.seen.get(v); ok {
		return a
	}
	a := f.apply(v)
	f.seen.put(v, a)
	return a
}

// answerBytes is answer for a value held in a byte slice (the pre-pass's
// block); the slice is not kept.
func (f *keyedFunc) answerBytes(v []byte) string {
	if a, ok := f.seen.getBytes(v); ok {
		return a
	}
	s := string(v)
	a := f.apply(s)
	f.seen.put(s, a)
	return a
}

// store is answerBytes as a csvprep.Field's Store: the stored form, or
// false for a value with a reason.
func (f *keyedFunc) store(_ *[]byte, v []byte) ([]byte, bool) {
	a := f.answerBytes(v)
	if a == "" || a[0] == '!' {
		return nil, false
	}
	return unsafe.Slice(unsafe.StringData(a), len(a)), true // answers are never changed
}

// apply checks one value and returns its stored form or "!reason".
func (f *keyedFunc) apply(s string) string {
	if f.kind == accountKind {
		k := privacy.AccountKey(s)
		if k == "" {
			return "!no account number"
		}
		return f.pseudo.OfAccount(k)
	}
	id, err := normalize.ResidentID(s)
	if err == nil {
		return f.pseudo.Of(id)
	}
	if f.kind == partyKind {
		if cerr := normalize.CheckCreditCode(s); cerr == nil {
			return strings.ToUpper(normalize.FoldWidth(normalize.Text(s)))
		}
		return "!neither a valid resident ID nor a unified social credit code: " + err.Error()
	}
	return "!not a valid resident ID: " + err.Error()
}

// answerCache remembers answers in a fixed table of slots, in sets of
// answerWays slots chosen by a hash of the value: a lookup is a hash and
// at most answerWays atomic loads and comparisons (one cache line), with
// no lock, and memory is bounded (the slots, about 8 MiB, and at most one
// remembered answer per slot, 64 bytes each). When a set is full, a new
// answer evicts one of its slots in turn; the evicted answer is simply
// computed again. One slot per value, without sets, made a quarter of
// 288k payees share a slot, and with payees paid in random order about
// one lookup in eight was computed again.
//
// An answer holds the value and its stored form in one 64-byte object:
// comparing the value and copying the answer touch one cache line. With
// the two as separate strings a lookup touched four, and took about 7% of
// a 10M-row load. An answer too long for it (a reason) is not remembered.
type answerCache struct {
	seed   maphash.Seed
	slots  []atomic.Pointer[answer]
	victim atomic.Uint32 // the next way to evict from a full set
}

// answer is a value (idLen bytes of buf) and its answer (the next valLen
// bytes).
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

// getBytes is get for a value held in a byte slice.
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

// textUDF is a scalar function VARCHAR → VARCHAR made of a Go function:
// NULL in, NULL out.
type textUDF func(string) string

func (f textUDF) Config() duckdb.ScalarFuncConfig {
	vc, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{vc}, ResultTypeInfo: vc}
}

func (f textUDF) Executor() duckdb.ScalarFuncExecutor {
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
		// run of payments): the previous answer is reused.
		var last, ans string
		have := false
		for i := range view.Len() {
			v, ok, err := view.GetValueBorrowed(i)
			if err != nil {
				return err
			}
			if !ok {
				continue // NULL in, NULL out
			}
			if !have || v != last {
				last, ans, have = v, f(v), true // v stays valid for the whole call
			}
			if err := out.Set(i, ans); err != nil {
				return err
			}
		}
		return nil
	}}
}

// protector holds a load's protections of personal data: its keyed
// functions (nil without a key, or where the plan has no such column) and
// the names of the SQL functions registered for it.
type protector struct {
	person, party, account *keyedFunc
	sql                    map[string]string // function → its UDF's name for this load
}

// udfSeq makes each registered function's name unique in the process.
var udfSeq atomic.Int64

// The SQL functions of a protector.
const (
	fnPerson    = "person"
	fnParty     = "party"
	fnAccount   = "account"
	fnMaskIDs   = "mask_ids"
	fnName      = "mask_name"
	fnPartyName = "mask_party"
)

// newProtector makes the protections a plan needs: keyed functions for
// its pseudonymised columns (which need the key), and the masks.
func newProtector(p *plan, key string) (*protector, error) {
	pr := &protector{}
	if p.keyed() {
		pseudo, err := privacy.NewPseudonymizer(key)
		if err != nil {
			return nil, err
		}
		for _, b := range p.bindings {
			switch {
			case b.col.Type == model.PersonID && pr.person == nil:
				pr.person = newKeyedFunc(pseudo, personKind)
			case b.col.Type == model.PartyID && pr.party == nil:
				pr.party = newKeyedFunc(pseudo, partyKind)
			case b.col.Type == model.Account && pr.account == nil:
				pr.account = newKeyedFunc(pseudo, accountKind)
			}
		}
	}
	return pr, nil
}

// udfs are the SQL functions to register.
func (pr *protector) udfs() map[string]duckdb.ScalarFunc {
	fns := map[string]duckdb.ScalarFunc{
		fnMaskIDs: textUDF(privacy.MaskIDs), fnName: textUDF(privacy.MaskName), fnPartyName: textUDF(privacy.MaskPartyName),
	}
	for name, f := range map[string]*keyedFunc{fnPerson: pr.person, fnParty: pr.party, fnAccount: pr.account} {
		if f != nil {
			fns[name] = textUDF(f.answer)
		}
	}
	return fns
}

// register registers the protector's SQL functions on db for this load.
func (pr *protector) register(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	n := udfSeq.Add(1)
	pr.sql = map[string]string{}
	for fn, udf := range pr.udfs() {
		name := fmt.Sprintf("mr_%s_%d", fn, n)
		if err := duckdb.RegisterScalarUDF(conn, name, udf); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
		pr.sql[fn] = name
	}
	return nil
}

// call is the SQL call of function fn on x.
func (pr *protector) call(fn, x string) string { return pr.sql[fn] + "(" + x + ")" }

// maskIDs is privacy.MaskIDs in SQL: only values long enough to hold an
// ID number go to Go.
func (pr *protector) maskIDs(x string) string {
	return fmt.Sprintf("CASE WHEN strlen(%[1]s) >= 17 THEN %[2]s ELSE %[1]s END", x, pr.call(fnMaskIDs, x))
}
