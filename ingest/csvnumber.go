package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
)

// The columns numberRecords puts in front of every record.
const (
	// SourceRowColumn is the record's row as a spreadsheet shows the file
	// (header = row 1).
	SourceRowColumn = "_src_row"
	// SpacedColumn is 1 when a field of the record may start or end with
	// white space (so the SQL trims its fields) and 0 when none can.
	SpacedColumn = "_ws"
)

// numberRecords copies CSV text from r to w with each record's row number in
// front of it as a first field, so that DuckDB's parallel CSV reader can
// carry the number through without a window function (which would run the
// whole load on one thread).
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
// It returns the number of data records copied.
func numberRecords(w *bufio.Writer, r *bufio.Reader, delim byte) (int64, error) {
	var (
		row, records int64
		st           = fieldStart
		header       = true
		long, num    []byte
	)
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0], line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = r.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return records, err
		}
		if len(line) > 0 {
			start := st == fieldStart // a record or a blank line starts here
			if start {
				row++
			}
			if !start || !blankLine(line) {
				next := st.scan(line, delim)
				if start {
					if header {
						w.WriteString(SourceRowColumn + string(delim) + SpacedColumn)
						header = false
					} else {
						num = strconv.AppendInt(num[:0], row, 10)
						num = append(num, delim, '0')
						if next != fieldStart || spaced(line, delim) {
							num[len(num)-1] = '1'
						}
						w.Write(num)
						records++
					}
					w.WriteByte(delim)
				}
				st = next
				w.Write(line)
				if line[len(line)-1] != '\n' {
					w.WriteByte('\n')
				}
			}
		}
		if err != nil { // io.EOF
			return records, w.Flush()
		}
	}
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

func blankLine(line []byte) bool {
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
