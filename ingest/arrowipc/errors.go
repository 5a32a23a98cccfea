package arrowipc

import (
	"errors"
	"fmt"
)

// Sentinel errors, for errors.Is on an *Error.
var (
	// ErrNotArrow: the file is neither an Arrow IPC file nor an Arrow IPC
	// stream.
	ErrNotArrow = errors.New("not an Arrow IPC file or stream")
	// ErrTruncated: the file starts as Arrow IPC but ends early: an IPC file
	// without its closing magic, a message cut short, or a stream without its
	// end-of-stream marker.
	ErrTruncated = errors.New("truncated Arrow IPC data")
	// ErrCorrupt: the file is Arrow IPC but its contents are inconsistent:
	// unreadable metadata, lengths or offsets outside the file or the buffer,
	// dictionary indices out of range, data after the end-of-stream marker.
	ErrCorrupt = errors.New("corrupt Arrow IPC data")
	// ErrUnsupportedType: one or more fields have a type that cannot be
	// written to Parquet and read back faithfully by DuckDB.
	ErrUnsupportedType = errors.New("unsupported Arrow type")
	// ErrDuplicateField: two fields share a name once case is ignored.
	ErrDuplicateField = errors.New("duplicate field name")
	// ErrNoFields: the schema has no fields, so there is no column to load.
	ErrNoFields = errors.New("schema has no fields")
)

// Error is a failure to inspect or convert one Arrow IPC file.
type Error struct {
	// Op is what was being done: "kind" or "convert".
	Op string
	// Path is the Arrow IPC file.
	Path string
	// Fields names the fields at fault, when the error is about fields
	// (unsupported types, duplicate names, a column failing validation).
	Fields []string
	// Err says what went wrong; it wraps one of the sentinel errors when the
	// data is at fault, or the underlying I/O error.
	Err error
}

func (e *Error) Error() string { return fmt.Sprintf("arrowipc: %s %s: %v", e.Op, e.Path, e.Err) }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
