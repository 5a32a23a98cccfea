package column

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// errNotUTF8 stops a UTF-8 pass at the first record that is not valid
// UTF-8; the file is then read again as GB18030.
var errNotUTF8 = errors.New("not UTF-8")

// sampleSize is how much of the start of a file the delimiter is guessed from.
const sampleSize = 64 << 10

func readCSV(f *os.File, opts Options) (Column, error) {
	c, err := readCSVAs(f, opts, false)
	if errors.Is(err, errNotUTF8) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return Column{}, err
		}
		return readCSVAs(f, opts, true)
	}
	return c, err
}

// readCSVAs reads the file as UTF-8, or as GB18030 when gb is set.
func readCSVAs(f io.Reader, opts Options, gb bool) (Column, error) {
	c := Column{Format: "csv", Encoding: "UTF-8"}
	raw := bufio.NewReaderSize(f, sampleSize)
	var r io.Reader = raw
	if gb {
		c.Encoding = "GB18030"
		r = transform.NewReader(raw, simplifiedchinese.GB18030.NewDecoder())
	} else if bom, _ := raw.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		c.Encoding = "UTF-8 with BOM"
		raw.Discard(3)
	}
	br := bufio.NewReaderSize(r, sampleSize)
	sample, _ := br.Peek(sampleSize)
	if len(bytes.TrimSpace(sample)) == 0 {
		return Column{}, ErrEmptyFile
	}
	delim := sniffDelimiter(sample)
	c.Delimiter = string(delim)

	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true

	k := newCollector(&c, opts)
	col := -1
	var first []string // the first non-empty row, for the not-found error
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Column{}, err // *csv.ParseError names the line
		}
		if !gb {
			for _, s := range rec {
				if !utf8.ValidString(s) {
					return Column{}, errNotUTF8
				}
			}
		}
		line, _ := cr.FieldPos(0)
		if col < 0 {
			if first == nil && !emptyRow(rec) {
				first = append([]string(nil), rec...)
			}
			if col = matchHeader(rec, opts.Column); col >= 0 {
				k.header(rec[col], line)
				continue
			}
			if n+1 >= MaxHeaderRows {
				break
			}
			continue
		}
		if col < len(rec) {
			k.cell(line, rec[col], true)
		} else {
			k.cell(line, "", false)
		}
	}
	if col < 0 {
		if first == nil {
			return Column{}, ErrEmptyFile
		}
		return Column{}, notFound(opts.Column, first, fmt.Sprintf(" in the first %d rows", MaxHeaderRows))
	}
	return c, nil
}

// sniffDelimiter returns the comma, tab or semicolon found most often
// outside quotes in the first MaxHeaderRows lines of sample (so that a title
// line above the header does not decide), comma on a tie or when none occurs.
func sniffDelimiter(sample []byte) rune {
	var counts [256]int
	quoted, lines := false, 0
	for _, b := range sample {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if lines++; lines == MaxHeaderRows {
				return pick(counts)
			}
		default:
			counts[b]++
		}
	}
	return pick(counts)
}

func pick(counts [256]int) rune {
	best := byte(',')
	for _, d := range []byte{'\t', ';'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return rune(best)
}
