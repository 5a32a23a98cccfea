package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/microrisk/microrisk/ingest/textenc"
	"github.com/microrisk/microrisk/store"
)

// csvFile is a CSV file ready for DuckDB's read_csv: a temporary UTF-8 copy
// whose records carry their source row number as a first column, its
// delimiter and its header.
type csvFile struct {
	path     string // the numbered UTF-8 copy DuckDB reads
	encoding string
	delim    rune
	headers  []string
	fast     *fastPath // if set, clean records are marked (SpacedColumn = 2)
	// uniqueKeys: every record was clean and no key repeats, so the load
	// need not look for repeated keys.
	uniqueKeys bool
	cleanup    func()
}

// fastFunc returns the fast path for a CSV file with the given header, or
// nil for none.
type fastFunc func(headers []string) *fastPath

// openCSV detects (or takes) the file's encoding and writes the numbered
// UTF-8 copy that the SQL path reads into the folder dir.
func openCSV(path, forced, dir string, fastFor fastFunc) (*source, error) {
	if src, err := openStream(path, forced, dir, fastFor); err != nil || src != nil {
		return src, err
	}
	f, err := newCSVFile(path, forced, dir, fastFor)
	if err != nil {
		return nil, err
	}
	return &source{kind: "csv", headers: f.headers, encoding: f.encoding, table: f.tableSQL(),
		delim: string(f.delim), fast: f.fast, uniqueKeys: f.uniqueKeys, cleanup: f.cleanup}, nil
}

// newCSVFile writes the numbered copy. Most files are UTF-8, so, unless an
// encoding is forced, the copy starts as UTF-8 and checks the text as it
// goes. A file that turns out not to be UTF-8 is copied again, decoded as
// GB18030, while its encoding is detected over the whole file beside it
// (GB18030, or undecodable with the offsets where each reading failed).
func newCSVFile(path, forced, dir string, fastFor fastFunc) (*csvFile, error) {
	if forced != "" {
		enc, err := textenc.ParseEncoding(forced)
		if err != nil {
			return nil, err
		}
		return writeNumbered(path, dir, enc, false, fastFor)
	}
	f, err := writeNumbered(path, dir, textenc.UTF8, true, fastFor)
	if !errors.Is(err, errNotUTF8) {
		return f, err
	}
	// Not UTF-8: nearly always GBK. The copy is decoded as GB18030 while the
	// detection reads the whole file beside it; the detection's verdict
	// (GB18030, or undecodable) decides whether the copy is kept.
	type verdict struct {
		enc textenc.Encoding
		err error
	}
	detected := make(chan verdict, 1)
	go func() {
		enc, err := textenc.DetectFile(path)
		detected <- verdict{enc, err}
	}()
	f, err = writeNumbered(path, dir, textenc.GB18030, false, fastFor)
	v := <-detected
	if v.err == nil && v.enc == textenc.GB18030 {
		return f, err
	}
	if f != nil {
		f.cleanup()
	}
	if v.err != nil {
		return nil, v.err
	}
	return writeNumbered(path, dir, v.enc, false, fastFor)
}

// writeNumbered writes the numbered UTF-8 copy of the file at path, read in
// encoding enc (UTF8 and UTF8BOM alike: a byte-order mark is dropped and
// reported), into the folder dir: the database's private temporary folder,
// since the copy holds the file's values in clear (store.Open removes a
// killed run's copy). With checkUTF8 the copy stops with errNotUTF8 at the
// first block of text that is not UTF-8.
func writeNumbered(path, dir string, enc textenc.Encoding, checkUTF8 bool, fastFor fastFunc) (*csvFile, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	raw := bufio.NewReaderSize(in, 1<<20)
	if enc == textenc.UTF8 || enc == textenc.UTF8BOM {
		enc = textenc.UTF8
		if head, _ := raw.Peek(3); textenc.HasUTF8BOM(head) {
			enc = textenc.UTF8BOM
		}
	}
	// GB18030 is decoded on one goroutine while the records are numbered on
	// another; UTF-8 is copied as it is (its byte-order mark dropped).
	var text io.Reader = textenc.NewDecoder(raw, textenc.UTF8BOM)
	if enc == textenc.GB18030 {
		pr, pw := io.Pipe()
		defer pr.Close()
		go func() {
			_, err := textenc.Transcode(pw, raw, enc)
			pw.CloseWithError(err)
		}()
		text = pr
	}
	tmp, err := os.CreateTemp(dir, store.WorkFilePrefix+"*.csv")
	if err != nil {
		return nil, err
	}
	f := &csvFile{path: tmp.Name(), encoding: enc.String(), cleanup: func() { os.Remove(tmp.Name()) }}
	err = f.copyNumbered(tmp, bufio.NewReaderSize(text, 1<<20), checkUTF8, fastFor)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		f.cleanup()
		return nil, err
	}
	return f, nil
}

// copyNumbered reads the header and the delimiter from the first 64 KiB of
// r, then copies r to w with a numberer, with the fast path fastFor gives
// for the header, if any.
func (s *csvFile) copyNumbered(w io.Writer, r *bufio.Reader, checkUTF8 bool, fastFor fastFunc) error {
	sample, err := r.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	if s.delim, s.headers, err = csvHeader(sample); err != nil {
		return err
	}
	// The numberer writes on a goroutine of its own, while it numbers.
	n := numberer{delim: byte(s.delim), checkUTF8: checkUTF8}
	if fastFor != nil {
		n.fast = fastFor(s.headers)
		s.fast = n.fast
	}
	records, err := n.copy(w, r)
	s.uniqueKeys = n.allClean(records) && keysUnique(n.keyParts)
	return err
}

// csvHeader detects the delimiter of a CSV file from the sample of its
// text and reads its header record.
func csvHeader(sample []byte) (rune, []string, error) {
	if len(strings.TrimSpace(string(sample))) == 0 {
		return 0, nil, ErrEmptyFile
	}
	delim := textenc.DetectDelimiter(sample)
	cr := csv.NewReader(strings.NewReader(string(sample)))
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return 0, nil, fmt.Errorf("header row: %w", err)
	}
	return delim, rec, nil
}

// openStream returns the source of a CSV file streamed during its load
// (csvstream.go), or nil if the file is to be copied instead.
func openStream(path, forced, dir string, fastFor fastFunc) (*source, error) {
	if fastFor == nil {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	sample := make([]byte, 64<<10)
	n, err := io.ReadFull(f, sample)
	f.Close()
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	sample = sample[:n]
	enc, ok := streamEncoding(forced, sample)
	if !ok {
		return nil, nil // the copy detects the encoding and reports it
	}
	text, err := io.ReadAll(textenc.NewDecoder(bytes.NewReader(sample), enc))
	if err != nil {
		return nil, nil
	}
	delim, headers, err := csvHeader(text)
	if err != nil || delim > 0x7f {
		return nil, nil // the copy reports it
	}
	st, err := planStream(path, dir, enc, byte(delim), fastFor(headers))
	if err != nil || st == nil {
		return nil, err
	}
	return &source{kind: "csv", headers: headers, encoding: enc.String(), table: st.tableSQL(headers),
		delim: string(delim), fast: st.fast, stream: st, cleanup: st.remove}, nil
}

// streamEncoding returns the encoding in which a file may be streamed, or
// false if it is to be copied: UTF-8 if the sample of its start is,
// GB18030 if not; the stream's scan checks the whole file in that
// encoding, in parallel, and sends it to the copy if it is not. A file
// read in a forced encoding is copied, the path that reads a file as it
// is told.
func streamEncoding(forced string, sample []byte) (textenc.Encoding, bool) {
	if forced != "" {
		return 0, false
	}
	whole := sample
	if len(sample) == 64<<10 {
		whole = sample[:bytes.LastIndexByte(sample, '\n')+1] // whole lines: no character cut
	}
	switch {
	case !utf8.Valid(whole):
		return textenc.GB18030, true // the stream's scan checks the whole file
	case textenc.HasUTF8BOM(sample):
		return textenc.UTF8BOM, true
	}
	return textenc.UTF8, true
}

// tableSQL is the source table that reads the numbered copy.
func (s *csvFile) tableSQL() string { return numberedTableSQL(quote(s.path), s.headers, s.delim) }

// numberedTableSQL is the source table that reads numbered copies (files,
// a SQL string or list of strings) as all-VARCHAR columns c1..cn behind
// the row number and the flag, read as _ws (a value may need trimming)
// and _ok (a clean record). Malformed records (wrong number of fields, bad
// quoting) go to the temp table _csv_rej.
func numberedTableSQL(files string, headers []string, delim rune) string {
	cols := make([]string, len(headers))
	for i := range headers {
		cols[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i+1)
	}
	return fmt.Sprintf(`(SELECT %[4]s AS _src_row, %[5]s = 1 AS _ws, %[5]s = 2 AS _ok, NULL::VARCHAR AS _malformed, * EXCLUDE (%[4]s, %[5]s) FROM read_csv(%[1]s,
  header = true, auto_detect = false, columns = {'%[4]s': 'BIGINT', '%[5]s': 'UTINYINT', %[2]s}, delim = %[3]s, quote = '"', escape = '"',
  strict_mode = true, ignore_errors = true, store_rejects = true,
  rejects_table = '_csv_rej', rejects_scan = '_csv_scan'))`,
		files, strings.Join(cols, ", "), quote(string(delim)), SourceRowColumn, SpacedColumn)
}
