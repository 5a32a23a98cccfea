package model

// BatchLoadedSQL tells, in SQL over the batches table, a load that loaded
// something from one that was refused (every row rejected): a refused file
// is not "already loaded", and loading it again after a fix is a new load.
const BatchLoadedSQL = "rows_loaded > 0"

// LineageTables is the DDL added to OutputTables' lineage since they were
// first made: the fingerprint of the pseudonymisation key the database's
// pseudonyms were made with (one row; a load with another key is refused,
// since its pseudonyms would never match). The statements are idempotent.
var LineageTables = []string{
	`CREATE TABLE IF NOT EXISTS pseudonym_key (
  fingerprint VARCHAR NOT NULL,
  insecure    BOOLEAN NOT NULL,
  since       TIMESTAMP NOT NULL
)`,
}
