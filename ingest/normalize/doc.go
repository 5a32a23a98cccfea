// Package normalize turns the text found in ledger cells into typed values.
//
// Every value type has one definition with faces that agree:
//
//   - a Go parser (ParseDate, ParseAmount, ParseInt, ParseBool,
//     CheckResidentID, Text, FoldWidth, Key) used where cells arrive in Go,
//     such as XLSX sheets;
//   - a SQL builder (SQLDate, SQLAmount, SQLInt, SQLBool, SQLResidentIDValid,
//     SQLText, SQLFoldWidth, SQLKey…) that takes a DuckDB expression of type
//     VARCHAR and returns a DuckDB expression computing the same value, used
//     where DuckDB reads CSV text itself (read_csv with all_varchar=true), so
//     that millions of rows are normalised without a round trip through Go;
//   - for dates, amounts, counts, measures and yes/no values, a plain face
//     (PlainDate, PlainAmount, PlainCount, PlainFloat, PlainBool) that reads
//     the one plain form nearly every value is written in, from bytes and
//     without allocating, and gives the same value: the CSV pre-pass uses it
//     to hand clean records to DuckDB already typed (plain.go).
//
// The agreement is tested: the table in testdata/values.json is run through
// the Go and SQL faces (the SQL ones in DuckDB) and the results must be
// equal; TestPlainAgrees holds each plain face against the other two.
//
// # Conventions
//
// Every parser first applies FoldWidth (full-width ASCII to half-width) and
// Text (trim spaces, NBSP, U+3000, BOM) to its input. Then:
//
//   - a value that is empty after trimming is "empty": Go returns ErrEmpty,
//     SQL returns NULL;
//   - a value that is not empty but cannot be parsed is "invalid": Go returns
//     an error wrapping ErrInvalid that says why, SQL returns NULL;
//   - NULL in gives NULL out.
//
// The ingest therefore tells an empty cell from an invalid one in SQL with
//
//	SQLText(x) IS NOT NULL AND SQLDate(x) IS NULL   -- invalid
//
// and in Go with errors.Is(err, ErrEmpty).
//
// The SQL builders splice their argument into the returned expression. It
// must be trusted SQL: a column reference made with Ident, or another
// expression of the caller's; never put data from a file into it. A column
// reference (or a $n parameter) is repeated freely; any other expression is
// bound once (list_transform([x], lambda …)), which is correct but slower, so
// pass the column itself: the builders trim and fold it themselves. The
// expressions use only built-in DuckDB functions (no extensions, no macros)
// and raise no error for any input string.
//
// # Speed
//
// The SQL faces take fast paths for the common shapes (ISO dates, plain
// numbers, ASCII and Han labels) that give the same result as the general
// path, which is a regular expression with groups bound once per row.
// BenchmarkSQL measures them against DuckDB's own casts; see also the Go
// parsers' benchmarks.
//
// The regular expressions are shared between the faces: Go's regexp and
// DuckDB's (RE2) read the same syntax the same way for the patterns used here.
package normalize
