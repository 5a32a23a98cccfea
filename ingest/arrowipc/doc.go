// Package arrowipc turns Arrow IPC ledgers into Parquet that DuckDB can read.
//
// DuckDB 1.5 as bundled with github.com/duckdb/duckdb-go/v2 has no Arrow IPC
// reader of its own (the community "arrow" extension would need a download,
// and extension auto-install is off), but it reads Parquet with its bundled
// read_parquet. The ingest therefore converts an Arrow IPC file or stream to a
// Parquet file with arrow-go and hands that file to read_parquet:
//
//	format, err := arrowipc.Kind(path)     // File, Stream or NotArrow
//	rows, fields, err := arrowipc.ToParquet(path, tmp)
//	// SELECT CAST(col AS VARCHAR) ... FROM read_parquet(tmp)
//
// # Formats
//
// Both Arrow IPC encodings are read: the file format (Feather version 2,
// usually .arrow or .feather), which starts and ends with the magic bytes
// "ARROW1" and carries a footer indexing its record batches, and the
// streaming format (usually .arrows), a sequence of messages that starts with
// the schema and ends with an end-of-stream marker. Record batches compressed
// with LZ4 or Zstandard are decompressed. Feather version 1 files are not
// Arrow IPC and are refused with a hint.
//
// # Conversion
//
// The conversion streams: one record batch is held in memory at a time,
// together with the Parquet row group being built (at most 122,880 rows,
// DuckDB's own row group size, or 64 MiB of Arrow data), so the memory needed does
// not grow with the file: converting 1 million or 10 million payments rows
// (68 or 684 MB of Arrow) peaks below 70 MB of Go heap either way. Row order
// is kept: record n of the Arrow data is row n of the Parquet file.
//
// The Parquet file is an intermediate for read_parquet, so it is written for
// speed: Snappy compression (Zstandard made files 3.5 times smaller but cost
// about 100 MB more memory and some speed), and dictionary encoding only for
// the columns the producer had dictionary-encoded. It is written next to dst
// under a temporary name and renamed into place only when complete, so a
// failed conversion never leaves a partial file behind at dst.
//
// Every top-level column is written as nullable (a field declared non-null
// that still carries nulls is not an error here; validation is the ingest's
// job). Types map as follows, as DuckDB then reads them:
//
//	Arrow                                   DuckDB (CAST AS VARCHAR gives)
//	utf8, large_utf8, utf8_view             VARCHAR
//	dictionary<…, utf8>                     VARCHAR (the dictionary values)
//	int8…int64, uint8…uint64                TINYINT…UBIGINT
//	float16, float32, float64               FLOAT, FLOAT, DOUBLE
//	decimal128(p,s), decimal256(p≤38,s)     DECIMAL(p,s) ("1234.50", plain)
//	date32, date64                          DATE ("2017-05-03")
//	timestamp[s|ms|us|ns]                   TIMESTAMP ("2017-05-03 04:05:06"),
//	                                        TIMESTAMP_NS for ns
//	timestamp with a time zone              TIMESTAMP WITH TIME ZONE, the
//	                                        instant in UTC ("…04:05:06+00")
//	time32, time64                          TIME, TIME_NS for ns
//	bool                                    BOOLEAN ("true", "false")
//	binary, large_binary, binary_view,      BLOB
//	fixed_size_binary
//	null                                    INTEGER, all NULL
//	list, struct, map of the above          LIST, STRUCT, MAP
//
// View types are copied into their plain (64-bit offset) equivalents and
// arrow-go writes timestamps in seconds as milliseconds, Parquet having no
// seconds unit; everything else is written as it is. Fields of other types
// (duration, interval, union, run-end encoded, list views, decimal32 and
// decimal64, decimals wider than 38 digits, which DuckDB would read as an
// inexact DOUBLE) are refused before anything is written, with an error that
// lists every such field. So are schemas whose field names repeat once case
// is ignored, since DuckDB's column names are case-insensitive.
//
// # Errors
//
// Every error is an *Error naming the Arrow file; errors.Is tells the kind:
// ErrNotArrow, ErrTruncated, ErrCorrupt, ErrUnsupportedType,
// ErrDuplicateField or ErrNoFields; Fields names the fields at fault.
//
// Damaged input gives an error, never a panic or a crash. arrow-go trusts
// the lengths in IPC metadata, so every message's metadata (and an IPC
// file's footer) is verified before arrow-go parses it, lengths are checked
// against what is left of the file before anything is allocated, and no
// buffer may be declared larger than the file could decompress to. Each
// record batch is then validated (offsets, bitmaps, dictionary indices,
// UTF-8) before it is written, and a panic raised inside arrow-go by data
// that slipped past those checks is recovered and reported as ErrCorrupt.
// A stream that ends without its end-of-stream marker is reported as
// truncated, because a stream cut at a message boundary would otherwise
// lose its last batches silently. Arrow IPC carries no checksums, though:
// damage inside the values themselves (a flipped digit of an amount) is not
// detected.
package arrowipc
