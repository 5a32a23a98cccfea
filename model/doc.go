// Package model is microrisk's data contract: the eleven input ledgers of
// DESIGN.md (columns, types, which are required, enumerations with their
// Chinese labels, Chinese header aliases, which columns hold personal data
// and how ingest protects it) declared once, and the tables
// microrisk writes (ingest batches, rejects, runs, indicators, scores,
// targets). The DuckDB schema is generated from these declarations.
//
// model imports no database, statistics or chart library: ingest, risk and
// dashboards depend on it, not on each other's insides.
package model
