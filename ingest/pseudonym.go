package ingest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// KeyEnv is the environment variable that holds the pseudonymisation key.
const KeyEnv = "MICRORISK_KEY"

// InsecureTestKey is the fixed key used with --insecure-test-key by the demo
// and the tests. Pseudonyms made with it protect nothing.
const InsecureTestKey = "microrisk-insecure-test-key"

// ErrNoKey reports person columns to load without a pseudonymisation key.
var ErrNoKey = errors.New("person identifiers need a pseudonymisation key: set " + KeyEnv + " (or --insecure-test-key for tests and the demo)")

// PseudonymPrefix starts every pseudonym, so that a pseudonym is never
// mistaken for a clear identifier.
const PseudonymPrefix = "p_"

// Pseudonymizer replaces person identifiers by a keyed hash: the first 128
// bits of HMAC-SHA256(key, ID), hex, behind PseudonymPrefix. The same person
// gets the same pseudonym in every ledger, so matching across ledgers works;
// without the key the clear value cannot be recovered or tested.
type Pseudonymizer struct {
	key  []byte
	macs sync.Pool // of hash.Hash: HMACs keyed once, reset between uses
}

// NewPseudonymizer returns a Pseudonymizer for key; an empty key is an error.
func NewPseudonymizer(key string) (*Pseudonymizer, error) {
	if key == "" {
		return nil, ErrNoKey
	}
	p := &Pseudonymizer{key: []byte(key)}
	p.macs.New = func() any { return hmac.New(sha256.New, p.key) }
	return p, nil
}

// Of returns the pseudonym of a (normalised) identifier.
func (p *Pseudonymizer) Of(id string) string {
	m := p.macs.Get().(hash.Hash)
	defer p.macs.Put(m)
	m.Reset()
	m.Write([]byte(id))
	var sum [sha256.Size]byte
	return PseudonymPrefix + hex.EncodeToString(m.Sum(sum[:0])[:16])
}

// Mask shows a person identifier the way rejects and reports may: the first
// four and the last two characters, the rest hidden.
func Mask(id string) string {
	r := []rune(id)
	if len(r) <= 6 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + strings.Repeat("*", len(r)-6) + string(r[len(r)-2:])
}

// maskSQL is Mask as a DuckDB expression.
func maskSQL(x string) string {
	return fmt.Sprintf("CASE WHEN length(%[1]s) <= 6 THEN repeat('*', length(%[1]s)) ELSE left(%[1]s, 4) || repeat('*', length(%[1]s) - 6) || right(%[1]s, 2) END", x)
}
