package column

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"

	"github.com/microrisk/microrisk/ingest/textenc"
)

// sampleSize is how much of the start of a file the delimiter is guessed from.
const sampleSize = 64 << 10

// encodingNames are the labels Column.Encoding reports.
var encodingNames = map[textenc.Encoding]string{
	textenc.UTF8: "UTF-8", textenc.UTF8BOM: "UTF-8 with BOM", textenc.GB18030: "GB18030",
}

// readCSV reads the column from a CSV file whose encoding (UTF-8, with or
// without BOM, or GB18030, judged over the whole file) and delimiter are
// detected by textenc, as the ingest detects them.
func readCSV(f *os.File, opts Options) (Column, error) {
	enc, err := textenc.Detect(f)
	if err != nil {
		return Column{}, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Column{}, err
	}
	c := Column{Format: "csv", Encoding: encodingNames[enc]}
	br := bufio.NewReaderSize(textenc.NewDecoder(f, enc), sampleSize)
	sample, _ := br.Peek(sampleSize)
	if len(bytes.TrimSpace(sample)) == 0 {
		return Column{}, ErrEmptyFile
	}
	delim := textenc.DetectDelimiter(sample)
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
