package ingest

import (
	"bytes"
	"errors"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
)

// The columns a numberer puts in front of every record.
const (
	// SourceRowColumn is the record's row as a spreadsheet shows the file
	// (header = row 1).
	SourceRowColumn = "_src_row"
	// SpacedColumn is 1 when a field of the record may start or end with
	// white space (so the SQL trims its fields), 0 when none can, and 2
	// when the record is clean (fastpath.go): no space around a value,
	// every value in its plain form, person identifiers in stored form.
	SpacedColumn = "_ws"
)

// errNotUTF8 stops a numberer whose input turns out not to be UTF-8.
var errNotUTF8 = errors.New("not valid UTF-8")

// numberer copies CSV text with each record's row number in front of it as
// a first field, so that DuckDB's parallel CSV reader can carry the number
// through without a window function (which would run the whole load on one
// thread).
//
// Rows are counted the way a spreadsheet shows the file: one per record,
// however many lines its quoted fields span, and one per blank line. Blank
// lines are not copied. After the number comes SpacedColumn: telling the
// records that need no trimming, the common case, from the others costs a
// look at the bytes around each delimiter here and saves a pattern match
// per value in SQL. The header record gets the two columns' names.
// Quotes follow DuckDB's reader: a quote opens a quoted field only at the
// start of a field, a doubled quote inside one is a literal quote, and a
// quote in the middle of an unquoted field is an ordinary character.
//
// Every record's line end is copied as LF (DuckDB's reader refuses a file
// that mixes CRLF and LF; a line end inside a quoted value is kept).
//
// It works a block of whole lines at a time: a block with no quote and no
// character that may need trimming, which is most of them, needs one
// search per line (for its end) and none per field. With a fast path,
// each record of such a block is also split at its delimiters and
// checked; see csvparallel.go for how blocks are shared among workers.
type numberer struct {
	delim     byte
	checkUTF8 bool // stop with errNotUTF8 at a block that is not valid UTF-8
	// fast, if set, recognises clean records: they are copied with the
	// flag 2 and their person identifiers in stored form (fastpath.go).
	fast    *fastPath
	scratch *fastScratch
	// batcher, with fast, sends the clean records apart: each block's go
	// into an Arrow batch (cleanscan.go), built by batch, and reach sink
	// instead of the copy.
	batcher *cleanBatcher
	batch   *cleanBuilder
	sink    func(arrow.RecordBatch) error
	// cleanRecords counts the records found clean, and keys holds their
	// key hashes; after copy, keyParts holds them all, in sorted slices.
	cleanRecords int64
	keys         []uint64
	keyParts     [][]uint64
	// keysHint, if known, is about how many records there are: the key
	// hashes' room is made for them at once.
	keysHint int64
	// written, if set, counts the records written so far, for progress.
	written   *atomic.Int64
	blockSize int // read size; 0 means 1 MiB (a longer line grows it)
	workers   int // blocks numbered at once; 0 means GOMAXPROCS

	row, records int64
	st           quoteState
	started      bool // the header is copied
	out          []byte
}

// block numbers a block of whole lines (the last one may lack its line
// end at the end of the input). Lines never split a UTF-8 character, so a
// block is checked on its own.
func (n *numberer) block(b []byte) error {
	if n.checkUTF8 && !utf8.Valid(b) {
		return errNotUTF8
	}
	noQuote := bytes.IndexByte(b, '"') < 0
	maybeSpaced := mayHaveSpaces(b, n.delim, noQuote)
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		n.line(line, noQuote, maybeSpaced)
	}
	return nil
}

// line numbers one line: a record, a blank line, or the rest of a record
// whose quoted field spans lines.
func (n *numberer) line(line []byte, noQuote, maybeSpaced bool) {
	start := n.st == fieldStart // a record or a blank line starts here
	if start {
		n.row++
		if blankLine(line) {
			return
		}
	}
	next := n.st // between lines the state is fieldStart or quoted
	if !noQuote {
		next = n.st.scan(line, n.delim)
	}
	if start {
		if !n.started {
			n.out = append(n.out, SourceRowColumn...)
			n.out = append(n.out, n.delim)
			n.out = append(n.out, SpacedColumn...)
			n.started = true
		} else {
			n.records++
			spacedRecord := next != fieldStart || (maybeSpaced && spaced(line, n.delim))
			if !spacedRecord && n.fast != nil && (noQuote || bytes.IndexByte(line, '"') < 0) && n.clean(line) {
				n.st = next
				return
			}
			n.out = strconv.AppendInt(n.out, n.row, 10)
			flag := byte('0')
			if spacedRecord {
				flag = '1'
			}
			n.out = append(n.out, n.delim, flag)
		}
		n.out = append(n.out, n.delim)
	}
	n.st = next
	if next == fieldStart { // the record ends here: its line end becomes LF
		line = withoutLineEnd(line)
		if start && bytes.IndexByte(line, '\r') >= 0 && bytes.IndexByte(line, '"') < 0 {
			n.out = appendQuotingCR(n.out, line, n.delim)
		} else {
			n.out = append(n.out, line...)
		}
		n.out = append(n.out, '\n')
		return
	}
	n.out = append(n.out, line...)
	if line[len(line)-1] != '\n' {
		n.out = append(n.out, '\n')
	}
}

// allClean reports whether all of the records copied were clean and their
// keys hashed.
func (n *numberer) allClean(records int64) bool {
	return n.fast != nil && n.fast.keyFields != nil && n.cleanRecords == records
}

// withoutLineEnd returns the line without its LF or CR LF.
func withoutLineEnd(line []byte) []byte {
	return bytes.TrimSuffix(bytes.TrimSuffix(line, []byte{'\n'}), []byte{'\r'})
}

// appendQuotingCR appends a one-line record with no quote in it, quoting
// the fields that hold a carriage return: DuckDB's reader takes a lone CR
// in an unquoted field for a broken line end and refuses the whole file,
// where in quotes it is part of the value (which the checks then judge).
func appendQuotingCR(out, line []byte, delim byte) []byte {
	for i, f := range bytes.Split(line, []byte{delim}) {
		if i > 0 {
			out = append(out, delim)
		}
		if bytes.IndexByte(f, '\r') >= 0 {
			out = append(append(append(out, '"'), f...), '"')
		} else {
			out = append(out, f...)
		}
	}
	return out
}

// clean copies a one-line record with no quote and no space around a
// value as a clean record (flag 2, person identifiers in their stored
// form; with a batcher, into the block's batch) if the fast path finds it
// clean, and reports whether it did.
func (n *numberer) clean(line []byte) bool {
	body := withoutLineEnd(line)
	if bytes.IndexByte(body, '\r') >= 0 {
		return false // a carriage return inside: the record is copied quoted
	}
	if n.scratch == nil {
		n.scratch = n.fast.scratch()
	}
	if n.batcher != nil {
		if !n.fast.clean(body, n.delim, n.scratch) {
			return false
		}
		n.fast.addClean(n.batch, n.row, body, n.scratch)
	} else {
		mark := len(n.out)
		n.out = strconv.AppendInt(n.out, n.row, 10)
		n.out = append(n.out, n.delim, '2', n.delim)
		out, ok := n.fast.record(n.out, body, n.delim, n.scratch)
		if !ok {
			n.out = n.out[:mark]
			return false
		}
		n.out = append(out, '\n')
	}
	n.cleanRecords++
	if n.fast.keyFields != nil {
		n.keys = append(n.keys, n.scratch.key)
	}
	return true
}

// mayHaveSpaces reports whether a field in block b may start or end with
// a character normalize.Text trims. It answers for the whole block: no such
// character anywhere (a CR only as part of a CRLF line end, the delimiter
// itself outside quotes) means no record in it needs trimming.
func mayHaveSpaces(b []byte, delim byte, noQuote bool) bool {
	for _, c := range [...]byte{' ', '\t', '\v', '\f'} {
		if c == delim && noQuote {
			continue // every tab is a delimiter
		}
		if bytes.IndexByte(b, c) >= 0 {
			return true
		}
	}
	if cr := bytes.Count(b, []byte{'\r'}); cr > 0 && cr != bytes.Count(b, []byte("\r\n")) {
		return true
	}
	for _, w := range wideSpaces {
		if bytes.Contains(b, w) {
			return true
		}
	}
	return false
}

// spaced reports whether a field of the one-line record may start or end
// with a character normalize.Text trims: one of them next to the start or
// end of the line, a delimiter or a quote.
func spaced(line []byte, delim byte) bool {
	body := line
	for len(body) > 0 && (body[len(body)-1] == '\n' || body[len(body)-1] == '\r') {
		body = body[:len(body)-1]
	}
	if len(body) == 0 {
		return false
	}
	if spaceAtStart(body) || spaceAtEnd(body) {
		return true
	}
	for _, sep := range [...]byte{delim, '"'} {
		rest := body
		for {
			i := bytes.IndexByte(rest, sep)
			if i < 0 {
				break
			}
			if spaceAtEnd(rest[:i]) || spaceAtStart(rest[i+1:]) {
				return true
			}
			rest = rest[i+1:]
		}
	}
	return false
}

// wideSpaces are the UTF-8 forms of the non-ASCII characters
// normalize.Text trims: U+00A0, U+200B, U+3000 and U+FEFF.
var wideSpaces = [...][]byte{{0xC2, 0xA0}, {0xE2, 0x80, 0x8B}, {0xE3, 0x80, 0x80}, {0xEF, 0xBB, 0xBF}}

func asciiSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// spaceAtStart and spaceAtEnd look at one byte first: the common answer,
// no, needs no more.
func spaceAtStart(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	switch c := b[0]; c {
	case 0xC2, 0xE2, 0xE3, 0xEF:
		for _, w := range wideSpaces {
			if bytes.HasPrefix(b, w) {
				return true
			}
		}
		return false
	default:
		return asciiSpace(c)
	}
}

func spaceAtEnd(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	switch c := b[len(b)-1]; c {
	case 0xA0, 0x8B, 0x80, 0xBF:
		for _, w := range wideSpaces {
			if bytes.HasSuffix(b, w) {
				return true
			}
		}
		return false
	default:
		return asciiSpace(c)
	}
}

// blankLine reports whether the line holds nothing but line ends. Its
// first byte nearly always answers.
func blankLine(line []byte) bool {
	if len(line) > 0 && line[0] != '\r' && line[0] != '\n' {
		return false
	}
	return len(bytes.TrimRight(line, "\r\n")) == 0
}

// quoteState is where a CSV scanner stands within a record.
type quoteState uint8

const (
	fieldStart    quoteState = iota // at the start of a field (and of a record after a line end)
	unquoted                        // inside an unquoted field
	quoted                          // inside a quoted field
	quoteInQuoted                   // just after a quote inside a quoted field
)

// scan advances the state over one line (ending in '\n', or the file's last
// bytes). At the end of a line the state is fieldStart unless a quoted field
// goes on to the next line.
func (st quoteState) scan(line []byte, delim byte) quoteState {
	if st != quoted && st != quoteInQuoted && bytes.IndexByte(line, '"') < 0 {
		return fieldStart // the common case: no quote, the record ends here
	}
	for _, c := range line {
		switch st {
		case fieldStart:
			switch c {
			case '"':
				st = quoted
			case delim, '\n':
			default:
				st = unquoted
			}
		case unquoted:
			if c == delim || c == '\n' {
				st = fieldStart
			}
		case quoted:
			if c == '"' {
				st = quoteInQuoted
			}
		case quoteInQuoted:
			switch c {
			case '"':
				st = quoted
			case delim, '\n':
				st = fieldStart
			case '\r':
			default:
				st = unquoted // a stray character after the closing quote: DuckDB rejects the record
			}
		}
	}
	if st == unquoted || st == quoteInQuoted {
		st = fieldStart
	}
	return st
}
