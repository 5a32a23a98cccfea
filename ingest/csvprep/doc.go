// Package csvprep is the pre-pass of a CSV ledger's load: it reads the
// file once, in parallel, and hands DuckDB its clean records as typed
// Arrow record batches and every other record, numbered, as CSV text for
// the load's SQL to judge.
//
// Open is the one entry point. It reads the file's header and delimiter,
// finds its encoding over the whole file (UTF-8, with or without a
// byte-order mark, or GB18030, which reads GB2312 and GBK), and cuts a
// large file into parts at line ends. The caller then resolves the
// ledger and its columns from the header, once, and Starts the run with
// a Clean: what each field must hold for its record to be clean (a plain
// date, a plain amount, a known unit, a valid identifier…) and how a
// clean value is stored (a pseudonym, a masked name). While the load's
// SQL reads Run.Reader, every part is numbered on its own goroutine:
//
//   - a clean record (one line, no quote, no space around a value, every
//     value in its plain form) goes, already typed and in stored form,
//     into its block's Arrow batch;
//   - any other record goes, behind its row number, to the part's file,
//     which File.OthersTable reads with DuckDB's own reader, for the full
//     normalising SQL;
//   - a record that cannot be loaded at all (longer than
//     Limits.MaxRowBytes, or with a line in another encoding than the
//     file's) goes there as a placeholder that names its row and why, so
//     that it becomes a reject: every record read is loaded or rejected.
//
// A small file is one part, a file with a quote before its last part too
// (a record may span the parts' boundary); a part's blocks of lines
// without a quote are numbered by several workers. Memory is bounded by
// the blocks in flight and Limits, never by the file: a line longer than
// a record may be is read past, not held.
//
// Rows are numbered as a spreadsheet shows the file: the header is row 1,
// a record spanning lines counts once, a blank line counts.
package csvprep
