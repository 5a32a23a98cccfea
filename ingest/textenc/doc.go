// Package textenc finds and undoes the text encoding of ledger files.
//
// Ledgers arrive as UTF-8 (with or without a byte-order mark, as Excel's
// "CSV UTF-8" writes it) or in the GBK family that Chinese Windows and WPS
// still write by default (GB2312 ⊂ GBK ⊂ GB18030; all are decoded as GB18030).
// DuckDB's read_csv reads UTF-8 only, so a GB18030 file is first transcoded
// to UTF-8 (Transcode) on its way to a temporary file.
//
// Detect reads the whole file, not a prefix: an export whose first
// megabytes are ASCII can turn to GBK at the first Chinese name. It checks
// UTF-8 validity and the GB18030 byte grammar side by side in one streaming
// pass (partial characters are carried across chunk boundaries), and prefers
// UTF-8 when both hold, so that a valid UTF-8 file is never read as GB18030.
// A file that is neither is reported with ErrUndecodable and the byte offset
// where each reading failed.
//
// DetectDelimiter picks the field delimiter of a CSV sample.
package textenc
