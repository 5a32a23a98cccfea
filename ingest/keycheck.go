package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/microrisk/microrisk/ingest/privacy"
)

// ErrKeyMismatch is a key that is not the one the database's pseudonyms
// were made with: the new pseudonyms would never match the old ones (the
// same payee would become two people, a relation loaded twice).
var ErrKeyMismatch = errors.New("pseudonymisation key mismatch")

// CheckKey refuses a key that is missing or too short (privacy.CheckKey),
// or whose fingerprint is not the one stored with the database's
// pseudonyms. The error names both fingerprints, and says when one of the
// keys is the insecure test key.
func CheckKey(ctx context.Context, db *sql.DB, key string) error {
	if err := privacy.CheckKey(key); err != nil {
		return err
	}
	var stored string
	var insecure bool
	err := db.QueryRowContext(ctx, `SELECT fingerprint, insecure FROM pseudonym_key ORDER BY since LIMIT 1`).Scan(&stored, &insecure)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // no pseudonym yet: the first load records its key
	}
	if err != nil {
		return err
	}
	fp := privacy.Fingerprint(key)
	if fp == stored {
		return nil
	}
	switch {
	case insecure:
		return fmt.Errorf("%w: this database's pseudonyms were made with the insecure test key (fingerprint %s); a real key (%s, fingerprint %s) cannot be used on it: start a new database for real data",
			ErrKeyMismatch, stored, privacy.KeyEnv, fp)
	case key == privacy.InsecureTestKey:
		return fmt.Errorf("%w: this database's pseudonyms were made with a real key (fingerprint %s); the insecure test key (fingerprint %s) cannot be used on it: set %s to the database's key",
			ErrKeyMismatch, stored, fp, privacy.KeyEnv)
	}
	return fmt.Errorf("%w: this database's pseudonyms were made with the key of fingerprint %s, not with this one (fingerprint %s): set %s to the database's key",
		ErrKeyMismatch, stored, fp, privacy.KeyEnv)
}

// recordKey stores the fingerprint of key, unless the database has one.
func recordKey(ctx context.Context, tx *sql.Tx, key string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO pseudonym_key SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM pseudonym_key)`,
		privacy.Fingerprint(key), key == privacy.InsecureTestKey, now.UTC())
	return err
}
