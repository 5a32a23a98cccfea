package csvprep

import (
	"bytes"
	"fmt"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
)

// The columns a numberer puts in front of every record it writes to the
// others' files, after RowColumn.
const (
	spacedColumn = "_ws"    // 1 when a value of the record may need trimming
	badColumn    = "_bad"   // why the record cannot be loaded at all, or empty
	shownColumn  = "_shown" // what a reject shows of such a record
)

// numberer numbers the records of a part of a CSV file, a block of whole
// lines at a time, and sends each where it goes: a clean record (clean.go)
// into the block's Arrow batch, any other record, with its row number in
// front of it, to the part's others' file, which DuckDB's reader reads.
//
// Rows are counted the way a spreadsheet shows the file: one per record,
// however many lines its quoted fields span, and one per blank line. Blank
// lines are not copied. After the number come spacedColumn (telling the
// records that need no trimming, the common case, from the others costs a
// look at the bytes around each delimiter here and saves a pattern match
// per value in SQL), badColumn and shownColumn. Quotes follow DuckDB's
// reader: a quote opens a quoted field only at the start of a field, a
// doubled quote inside one is a literal quote, and a quote in the middle
// of an unquoted field is an ordinary character.
//
// Every record's line end is copied as LF (DuckDB's reader refuses a file
// that mixes CRLF and LF; a line end inside a quoted value is kept), and a
// carriage return inside an unquoted value is copied in quotes.
//
// A record that cannot be loaded at all is copied as a placeholder: its
// row, its reason in badColumn, a little of it (shownColumn) and empty
// fields, so that it becomes a reject and read = loaded + rejected holds.
// Such are a record longer than Limits.MaxRowBytes (the rest of it is read
// past, never held in memory) and a record with a line in another
// encoding than the file's (mark).
type numberer struct {
	delim  byte
	fields int // the header's fields
	maxRow int
	// clean, if set, recognises clean records: they go into the block's
	// batch (built by batch) and reach sink instead of the copy.
	clean   *cleaner
	scratch *scratch
	batcher *batcher
	batch   *builder
	sink    func(arrow.RecordBatch) error
	dec     decoder
	// cleanRecords counts the records found clean, and keys holds their
	// key hashes; after copy, keyParts holds them all, in sorted slices.
	cleanRecords int64
	keys         []uint64
	keyParts     [][]uint64
	// keysHint, if known, is about how many records there are: the key
	// hashes' room is made for them at once.
	keysHint int64
	// written, if set, counts the records numbered so far, for progress.
	written   *atomic.Int64
	blockSize int // read size; 0 means 1 MiB
	workers   int // blocks numbered at once; 0 means GOMAXPROCS

	row, records int64
	st           quoteState
	started      bool   // the header record is read (it is not copied)
	out, aside   []byte // the block's copy, and its clean records' values kept aside
	text         []byte // a block's decoded text
	pending      []byte // an unfinished record's copy, waiting for the next block

	// The record being numbered: its row, where its copy starts in out,
	// its bytes so far, and, if it cannot be loaded, why.
	recRow    int64
	recStart  int
	prefixLen int // of its number and flags, in out
	recBytes  int
	recFields int  // delimiters that ended a field
	recExtra  bool // a field beyond the header's holds something
	bad       string
	shown     string
	tooLong   bool
}

// block numbers a block of whole lines of text (the last one may lack its
// line end at the end of the input); marks, in line order, are the lines
// not in the file's encoding.
func (n *numberer) block(b []byte, marks []mark) {
	if len(n.pending) > 0 {
		n.recStart = len(n.out)
		n.out = append(n.out, n.pending...)
		n.pending = n.pending[:0]
	}
	noQuote := bytes.IndexByte(b, '"') < 0
	maybeSpaced := mayHaveSpaces(b, n.delim, noQuote)
	for li := 0; len(b) > 0; li++ {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		var m *mark
		if len(marks) > 0 && marks[0].line == li {
			m, marks = &marks[0], marks[1:]
		}
		n.line(line, noQuote, maybeSpaced, m)
	}
	n.holdUnfinished()
}

// holdUnfinished keeps the copy of a record that goes on in the next
// block out of this block's, so that a record is written whole or, if it
// turns out bad, not at all.
func (n *numberer) holdUnfinished() {
	if n.st != fieldStart && n.started {
		n.pending = append(n.pending[:0], n.out[n.recStart:]...)
		n.out = n.out[:n.recStart]
		n.recStart = 0
	}
}

// line numbers one line: a record, a blank line, or the rest of a record
// whose quoted field spans lines.
func (n *numberer) line(line []byte, noQuote, maybeSpaced bool, m *mark) {
	start := n.st == fieldStart // a record or a blank line starts here
	if start {
		n.row++
		if blankLine(line) {
			return
		}
	}
	field := n.recFields
	if start {
		field = 0
	}
	ls := lineScan{next: n.st} // between lines the state is fieldStart or quoted
	if !noQuote {
		ls = n.st.scan(line, n.delim, field, n.fields)
	}
	next := ls.next
	if !n.started { // the header record
		n.st = next
		n.started = next == fieldStart
		return
	}
	if start {
		n.begin()
		spacedRecord := next != fieldStart || (maybeSpaced && spaced(line, n.delim))
		if m == nil && !spacedRecord && n.clean != nil && (noQuote || bytes.IndexByte(line, '"') < 0) && n.cleanLine(line) {
			n.st = next
			return
		}
		if noQuote {
			ls = fieldStart.scan(line, n.delim, 0, n.fields)
		}
		n.out = strconv.AppendInt(n.out, n.row, 10)
		flag := byte('0')
		if spacedRecord {
			flag = '1'
		}
		n.out = append(n.out, n.delim, flag, n.delim, n.delim, n.delim)
		n.prefixLen = len(n.out) - n.recStart
	}
	if m != nil && n.bad == "" {
		n.bad, n.shown = m.reason, m.shown
	}
	n.recFields += ls.seps
	if ls.inner && (!start || next != fieldStart) && n.bad == "" {
		// Only a one-line record is quoted again for DuckDB's reader.
		n.bad = "malformed record: a quote inside a value that does not start with one, in a record of several lines"
		n.shown = cutText(append(n.out[min(n.recStart+n.prefixLen, len(n.out)):len(n.out):len(n.out)], withoutLineEnd(line)...), shownMax)
	}
	if ls.stray && n.bad == "" {
		// DuckDB's reader would reject the record, but, in some positions,
		// fail on it instead (an internal error that ends the load).
		n.bad = "malformed record: a character after a closing quote (a quote inside a quoted value must be doubled)"
		n.shown = cutText(append(n.out[min(n.recStart+n.prefixLen, len(n.out)):len(n.out):len(n.out)], withoutLineEnd(line)...), shownMax)
	}
	n.recBytes += len(line)
	if n.bad == "" && n.recBytes > n.maxRow {
		n.tooLong, n.bad, n.shown = true, "too long", cutText(n.out[min(n.recStart+n.prefixLen, len(n.out)):], shownMax)
	}
	n.recExtra = n.recExtra || ls.extra
	if next == fieldStart && n.bad == "" && (n.recFields+1 < n.fields || n.recExtra) {
		// DuckDB's reader rejects such records too, but not always alike
		// (fields beyond the header's, when empty, it ignores).
		n.bad = fmt.Sprintf("malformed record: %d fields, the header has %d", n.recFields+1, n.fields)
		n.shown = cutText(append(n.out[min(n.recStart+n.prefixLen, len(n.out)):len(n.out):len(n.out)], withoutLineEnd(line)...), shownMax)
	}
	n.st = next
	switch {
	case n.bad != "":
		if next == fieldStart {
			n.placeholder()
		}
	case next == fieldStart: // the record ends here: its line end becomes LF
		line = withoutLineEnd(line)
		if start && (ls.inner || bytes.IndexByte(line, '\r') >= 0) {
			n.out = requote(n.out, line, n.delim)
		} else {
			n.out = append(n.out, line...)
		}
		n.out = append(n.out, '\n')
	default:
		n.out = append(n.out, line...)
		if line[len(line)-1] != '\n' {
			n.out = append(n.out, '\n')
		}
	}
}

// begin starts a record at the current row.
func (n *numberer) begin() {
	n.records++
	n.recRow, n.recStart, n.prefixLen, n.recBytes, n.recFields, n.recExtra = n.row, len(n.out), 0, 0, 0, false
	n.bad, n.shown, n.tooLong = "", "", false
}

// placeholder replaces the copy of the record just ended, which cannot be
// loaded, by its row, its reason, what a reject shows of it, and empty
// fields.
func (n *numberer) placeholder() {
	if n.tooLong {
		n.bad = fmt.Sprintf("record of %d bytes, over the limit of %d: not loaded (an unclosed quote can make the rest of a file one record)",
			n.recBytes, n.maxRow)
	}
	n.out = n.out[:n.recStart]
	n.out = strconv.AppendInt(n.out, n.recRow, 10)
	n.out = append(n.out, n.delim, '0', n.delim)
	n.out = appendQuoted(n.out, n.bad)
	n.out = append(n.out, n.delim)
	n.out = appendQuoted(n.out, n.shown)
	for range n.fields {
		n.out = append(n.out, n.delim)
	}
	n.out = append(n.out, '\n')
	n.bad, n.shown, n.tooLong = "", "", false
}

// shownMax is how much of a record that cannot be loaded a reject shows.
const shownMax = 120

// cutText is b as text, at most max bytes, cut at a character boundary,
// "…" marking a cut.
func cutText(b []byte, max int) string {
	if len(b) <= max {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return string(bytes.ToValidUTF8(b[:cut], []byte("\uFFFD"))) + "…"
}

// appendQuoted appends s as a quoted CSV field.
func appendQuoted(out []byte, s string) []byte {
	out = append(out, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, s[i])
	}
	return append(out, '"')
}

// longStart numbers the start of a line longer than the row limit, which
// the reader does not hold: prefix is its first bytes, and longMore and
// longEnd take the rest as it is read past.
func (n *numberer) longStart(prefix []byte) {
	if !n.started { // a header this long was refused by Open; read past it
		n.st = n.st.advance(prefix, n.delim, 0, 1<<30).next
		return
	}
	if n.st == fieldStart {
		n.row++
		n.begin()
	}
	if n.bad == "" || !n.tooLong {
		n.tooLong, n.bad, n.shown = true, "too long", cutText(prefix, shownMax)
	}
	n.out = n.out[:n.recStart]
	n.longMore(prefix)
}

// longMore reads past more of a long line (no line end in it).
func (n *numberer) longMore(b []byte) {
	n.st = n.st.advance(b, n.delim, 0, 1<<30).next
	n.recBytes += len(b)
}

// longEnd ends a long line at its line end (or the end of the input).
func (n *numberer) longEnd() {
	n.st = n.st.lineEnd()
	if !n.started {
		n.started = n.st == fieldStart
		return
	}
	if n.st == fieldStart {
		n.placeholder()
	}
}

// withoutLineEnd returns the line without its LF or CR LF.
func withoutLineEnd(line []byte) []byte {
	return bytes.TrimSuffix(bytes.TrimSuffix(line, []byte{'\n'}), []byte{'\r'})
}

// cleanLine puts a one-line record with no quote and no space around a
// value into the block's batch if it is clean, and reports whether it
// was.
func (n *numberer) cleanLine(line []byte) bool {
	body := withoutLineEnd(line)
	if bytes.IndexByte(body, '\r') >= 0 {
		return false // a carriage return inside: the record is copied quoted
	}
	if n.scratch == nil {
		n.scratch = n.clean.scratch()
	}
	if !n.clean.record(body, n.delim, n.scratch) {
		return false
	}
	n.batch.add(n.row, n.scratch)
	if n.clean.asides {
		n.keepAside(body)
	}
	n.cleanRecords++
	if n.clean.Key != nil {
		n.keys = append(n.keys, n.scratch.key)
	}
	return true
}

// keepAside writes the values of a clean record's aside fields, each as a
// record of row, field (from 1) and value, to the block's asides.
func (n *numberer) keepAside(body []byte) {
	start := 0
	for i, f := range n.clean.Fields {
		end := n.scratch.ends[i]
		if v := body[start:end]; f.Aside && len(v) > 0 {
			n.aside = strconv.AppendInt(n.aside, n.row, 10)
			n.aside = append(n.aside, ',')
			n.aside = strconv.AppendInt(n.aside, int64(i+1), 10)
			n.aside = append(n.aside, ',')
			n.aside = appendQuoted(n.aside, string(v))
			n.aside = append(n.aside, '\n')
		}
		start = end + 1
	}
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

// lineScan is what scanning a line found.
type lineScan struct {
	next  quoteState // the state after the line
	seps  int        // delimiters that ended a field
	stray bool       // a character after a closing quote, which DuckDB's reader rejects
	extra bool       // a field numbered limit or more holds something
	inner bool       // a quote inside an unquoted value
}

// scan advances the state over one line (ending in '\n', or the file's last
// bytes). At the end of a line the state is fieldStart unless a quoted field
// goes on to the next line. field is the number of the field the line
// starts in, limit the header's fields.
func (st quoteState) scan(line []byte, delim byte, field, limit int) lineScan {
	if st != quoted && st != quoteInQuoted && bytes.IndexByte(line, '"') < 0 {
		// The common case: no quote, the record ends here.
		seps := bytes.Count(line, []byte{delim})
		return lineScan{next: fieldStart, seps: seps, extra: field+seps >= limit && extraFields(line, delim, limit-field)}
	}
	ls := st.advance(line, delim, field, limit)
	ls.next = ls.next.lineEnd()
	return ls
}

// extraFields reports whether a line without quotes holds anything after
// its first n fields but delimiters and its line end.
func extraFields(line []byte, delim byte, n int) bool {
	for i := 0; i < len(line); i++ {
		if line[i] == delim {
			if n--; n <= 0 {
				return len(bytes.Trim(line[i+1:], string([]byte{delim, '\r', '\n'}))) > 0
			}
		}
	}
	return false
}

// advance advances the state over bytes of a line, as scan does, without
// ending the line.
func (st quoteState) advance(b []byte, delim byte, field, limit int) lineScan {
	var ls lineScan
	for _, c := range b {
		switch st {
		case fieldStart:
			switch c {
			case '"':
				st = quoted // what is in the quotes may be nothing
			case delim:
				ls.seps++
			case '\n', '\r':
			default:
				st = unquoted
				ls.extra = ls.extra || field+ls.seps >= limit
			}
		case unquoted:
			switch c {
			case delim:
				st = fieldStart
				ls.seps++
			case '\n':
				st = fieldStart
			case '"':
				ls.inner = true
			}
		case quoted:
			if c == '"' {
				st = quoteInQuoted
			} else {
				ls.extra = ls.extra || field+ls.seps >= limit
			}
		case quoteInQuoted:
			switch c {
			case '"':
				st = quoted
				ls.extra = ls.extra || field+ls.seps >= limit
			case delim:
				st = fieldStart
				ls.seps++
			case '\n':
				st = fieldStart
			case '\r':
			default:
				st, ls.stray = unquoted, true
			}
		}
	}
	ls.next = st
	return ls
}

// requote appends a one-line record (no line end) so that DuckDB's reader
// reads exactly the fields the numberer does: a value that does not start
// with a quote but holds one, or a carriage return (which the reader
// would take for a line end), is quoted, its quotes doubled; DuckDB's
// reader otherwise reads some of them its own way (spaces and a quote at
// the start of a line open a quoted value for it).
func requote(out, line []byte, delim byte) []byte {
	st, from := fieldStart, 0
	emit := func(f []byte) {
		if len(f) > 0 && f[0] != '"' && bytes.ContainsAny(f, "\"\r") {
			out = append(out, '"')
			for _, c := range f {
				if c == '"' {
					out = append(out, '"')
				}
				out = append(out, c)
			}
			out = append(out, '"')
			return
		}
		out = append(out, f...)
	}
	for i, c := range line {
		if c == delim && (st == fieldStart || st == unquoted || st == quoteInQuoted) {
			emit(line[from:i])
			out = append(out, delim)
			st, from = fieldStart, i+1
			continue
		}
		st, _ = st.step(c)
	}
	emit(line[from:])
	return out
}

// step is the state after byte c, not a delimiter or a line end.
func (st quoteState) step(c byte) (quoteState, bool) {
	switch st {
	case fieldStart:
		if c == '"' {
			return quoted, false
		}
		return unquoted, false
	case quoted:
		if c == '"' {
			return quoteInQuoted, false
		}
	case quoteInQuoted:
		switch c {
		case '"':
			return quoted, false
		case '\r':
			return quoteInQuoted, false
		}
		return unquoted, true
	}
	return st, false
}

// lineEnd is the state after a line's end: the record ends unless a quoted
// field goes on.
func (st quoteState) lineEnd() quoteState {
	if st == unquoted || st == quoteInQuoted {
		return fieldStart
	}
	return st
}
