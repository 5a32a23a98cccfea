package model

// Status values of a batch (batches.status): whether the load it records
// loaded anything. A file none of whose rows loaded (every row rejected)
// was refused: it is not "already loaded", and loading it again after a
// fix is a new load.
const (
	BatchLoaded  = "loaded"
	BatchRefused = "refused"
)

// LineageTables is the DDL added to OutputTables' lineage since they were
// first made: each batch's status, and the fingerprint of the
// pseudonymisation key the database's pseudonyms were made with (one row;
// a load with another key is refused, since its pseudonyms would never
// match). The statements are idempotent.
var LineageTables = []string{
	`ALTER TABLE batches ADD COLUMN IF NOT EXISTS status VARCHAR`,
	`UPDATE batches SET status = CASE WHEN rows_loaded > 0 THEN 'loaded' ELSE 'refused' END WHERE status IS NULL`,
	`CREATE TABLE IF NOT EXISTS pseudonym_key (
  fingerprint VARCHAR NOT NULL,
  insecure    BOOLEAN NOT NULL,
  since       TIMESTAMP NOT NULL
)`,
}
