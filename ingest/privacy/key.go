package privacy

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"sync"
)

// KeyEnv is the environment variable that holds the pseudonymisation key.
const KeyEnv = "MICRORISK_KEY"

// InsecureTestKey is the fixed key the demo and the tests use
// (--insecure-test-key). It is public: its pseudonyms protect nothing.
const InsecureTestKey = "microrisk-insecure-test-key"

// MinKeyBytes is the shortest key accepted: 16 bytes, 128 bits if they are
// random. A short key can be guessed, and with it every pseudonym undone
// by hashing the few billion possible resident IDs.
const MinKeyBytes = 16

// Errors about the key, for errors.Is.
var (
	ErrNoKey    = errors.New("person identifiers and bank accounts need a pseudonymisation key: set " + KeyEnv + " (or --insecure-test-key for tests and the demo)")
	ErrShortKey = fmt.Errorf("the pseudonymisation key (%s) is too short: use at least %d bytes, for example the output of 'openssl rand -hex 16'", KeyEnv, MinKeyBytes)
)

// CheckKey returns ErrNoKey for an empty key and ErrShortKey for one
// shorter than MinKeyBytes.
func CheckKey(key string) error {
	switch {
	case key == "":
		return ErrNoKey
	case len(key) < MinKeyBytes:
		return ErrShortKey
	}
	return nil
}

// fingerprintMessage is what Fingerprint hashes with the key.
const fingerprintMessage = "microrisk pseudonymisation key fingerprint"

// Fingerprint names a key without revealing it: the first 8 bytes, in
// hex, of HMAC-SHA256(key, a fixed message). Two keys with the same
// fingerprint are, for all purposes, the same key.
func Fingerprint(key string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(fingerprintMessage))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// Prefixes of the stored forms, so that a pseudonym is never mistaken for
// a clear value, and a person's never for an account's.
const (
	PersonPrefix  = "p_"
	AccountPrefix = "a_"
)

// accountDomain separates accounts' hashes from identifiers': an account
// number that happens to equal an identifier gets another pseudonym.
const accountDomain = "account\x00"

// Pseudonymizer replaces person identifiers and bank account numbers by a
// keyed hash: the first 128 bits of HMAC-SHA256(key, value), in hex, behind
// PersonPrefix or AccountPrefix. The same value gets the same pseudonym in
// every ledger and every load with the same key. It is safe for
// concurrent use.
type Pseudonymizer struct {
	key  []byte
	macs sync.Pool // of hash.Hash: HMACs keyed once, reset between uses
}

// NewPseudonymizer returns a Pseudonymizer for key; CheckKey's errors for
// a missing or short key.
func NewPseudonymizer(key string) (*Pseudonymizer, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	p := &Pseudonymizer{key: []byte(key)}
	p.macs.New = func() any { return hmac.New(sha256.New, p.key) }
	return p, nil
}

// Of returns the pseudonym of a (normalised) person identifier.
func (p *Pseudonymizer) Of(id string) string { return p.hash(PersonPrefix, "", id) }

// OfAccount returns the pseudonym of an account number in the form
// AccountKey gives it.
func (p *Pseudonymizer) OfAccount(account string) string {
	return p.hash(AccountPrefix, accountDomain, account)
}

func (p *Pseudonymizer) hash(prefix, domain, v string) string {
	m := p.macs.Get().(hash.Hash)
	defer p.macs.Put(m)
	m.Reset()
	m.Write([]byte(domain))
	m.Write([]byte(v))
	var sum [sha256.Size]byte
	return prefix + hex.EncodeToString(m.Sum(sum[:0])[:16])
}
