package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/microrisk/microrisk/ingest/textenc"
)

// csvFile is a CSV file ready for DuckDB's read_csv: UTF-8 text, its
// delimiter and its header.
type csvFile struct {
	path     string // UTF-8 file DuckDB reads (a transcoded temp file for GB18030)
	encoding string
	delim    rune
	headers  []string
	cleanup  func()
}

// openCSV detects (or takes) the file's encoding, transcodes GB18030 to a
// temporary UTF-8 file, and reads the header row.
func openCSV(path, forced string) (*source, error) {
	f, err := newCSVFile(path, forced)
	if err != nil {
		return nil, err
	}
	return &source{kind: "csv", headers: f.headers, encoding: f.encoding, table: f.tableSQL(),
		csvRejects: true, cleanup: f.cleanup}, nil
}

func newCSVFile(path, forced string) (*csvFile, error) {
	var enc textenc.Encoding
	var err error
	if forced != "" {
		enc, err = textenc.ParseEncoding(forced)
	} else {
		enc, err = textenc.DetectFile(path)
	}
	if err != nil {
		return nil, err
	}
	src := &csvFile{path: path, encoding: enc.String(), cleanup: func() {}}
	if enc == textenc.GB18030 {
		tmp, err := os.CreateTemp("", "microrisk-*.csv")
		if err != nil {
			return nil, err
		}
		tmp.Close()
		src.path = tmp.Name()
		src.cleanup = func() { os.Remove(tmp.Name()) }
		if _, err := textenc.TranscodeFile(path, src.path, enc); err != nil {
			src.cleanup()
			return nil, err
		}
	}
	if err := src.readHeader(); err != nil {
		src.cleanup()
		return nil, err
	}
	return src, nil
}

// readHeader reads the first record and detects the delimiter from the
// first lines.
func (s *csvFile) readHeader() error {
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	sample, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	sample = trimBOM(sample)
	if len(strings.TrimSpace(string(sample))) == 0 {
		return ErrEmptyFile
	}
	s.delim = textenc.DetectDelimiter(sample)
	r := csv.NewReader(strings.NewReader(string(sample)))
	r.Comma = s.delim
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return fmt.Errorf("header row: %w", err)
	}
	s.headers = rec
	return nil
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// tableSQL is the source table that reads the file as all-VARCHAR columns
// c1..cn, numbering records in file order; the header is row 1. Malformed
// records (wrong number of fields, bad quoting) go to the temp table
// _csv_rej with their record number.
func (s *csvFile) tableSQL() string {
	cols := make([]string, len(s.headers))
	for i := range s.headers {
		cols[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i+1)
	}
	return fmt.Sprintf(`(SELECT row_number() OVER () AS _k, row_number() OVER () + 1 AS _src_row, NULL::VARCHAR AS _malformed, * FROM read_csv(%s,
  header = true, auto_detect = false, columns = {%s}, delim = %s, quote = '"', escape = '"',
  strict_mode = true, ignore_errors = true, store_rejects = true,
  rejects_table = '_csv_rej', rejects_scan = '_csv_scan'))`,
		quote(s.path), strings.Join(cols, ", "), quote(string(s.delim)))
}
