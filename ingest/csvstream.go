package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/microrisk/microrisk/ingest/textenc"
	"github.com/microrisk/microrisk/store"
)

// A large CSV file (UTF-8 or GB18030) whose load reads it once is not
// copied to a temporary file for DuckDB's reader. Its file is cut into
// parts, numbered in parallel during the load, and split: the clean
// records (fastpath.go) go to DuckDB as Arrow record batches (cleanscan.go),
// already checked and in stored form, so DuckDB neither parses them nor
// casts them from free text; only the other
// records are written, numbered, to a temporary file per part (0600, in
// the database's working folder), which the full SQL path then reads.
// A real ledger's file is nearly all clean: its copy is nearly empty.
//
// Each part's first row must be known before it is numbered, so a quick
// pass first counts the lines of each part and checks that its text is in
// the file's encoding. A part before the last with a quote in it may hold
// a record that spans lines, and then the file is copied as before.

// streamMinBytes is the smallest file that is streamed; smaller ones are
// copied (the tests lower it to stream small files).
var streamMinBytes int64 = 32 << 20

// errStopped: the load stopped before it had read every clean record.
var errStopped = errors.New("load stopped")

// streamSeq makes each part's file name unique in the process.
var streamSeq atomic.Int64

// csvStream numbers one CSV file's parts during its load, handing the
// clean records to DuckDB as record batches and writing the other records
// to the parts' files.
type csvStream struct {
	path  string
	enc   textenc.Encoding // UTF8 (with or without a byte-order mark) or GB18030
	delim byte
	fast  *fastPath
	parts []streamPart
	// view names the view of the clean records (registerCleanView).
	view string

	batcher  *cleanBatcher          // makes the clean records' batches
	batches  chan arrow.RecordBatch // the batches, one per block of the file
	cancel   chan struct{}          // closed when the load stops early
	stopOnce sync.Once
	finished chan struct{} // closed once every part is numbered (and batches closed)
	errs     []error       // per part

	// streamed counts the records numbered so far.
	streamed atomic.Int64

	// Per part, once numbered: whether every record was clean, the sorted
	// key hashes, and how many records went to the part's file.
	clean []bool
	keys  [][][]uint64
	other []int64
}

// streamPart is a byte range of the file and the file its records that
// are not clean go to.
type streamPart struct {
	from, to   int64
	rowsBefore int64 // rows (as a spreadsheet counts them) before the part
	lines      int64 // the part's lines
	file       string
}

// planStream decides whether the CSV file at path, in encoding enc, can be
// streamed with the fast path fast and, if so, returns its stream with the
// parts' files (of records that are not clean) named in the folder dir;
// nil means the file is to be copied.
func planStream(path, dir string, enc textenc.Encoding, delim byte, fast *fastPath) (*csvStream, error) {
	if !canStream || fast == nil || !fast.oneRead {
		return nil, nil
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Size() < streamMinBytes || !fi.Mode().IsRegular() {
		return nil, err
	}
	k := min(runtime.GOMAXPROCS(0), 8)
	if k < 2 {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	bounds, err := partBounds(f, fi.Size(), k)
	if err != nil || bounds == nil {
		return nil, err
	}
	scans := make([]partScan, len(bounds)-1)
	var wg sync.WaitGroup
	for i := range scans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if enc == textenc.GB18030 {
				scans[i] = scanGBPart(f, bounds[i], bounds[i+1])
			} else {
				scans[i] = scanPart(f, bounds[i], bounds[i+1], true)
			}
		}()
	}
	wg.Wait()
	s := &csvStream{path: path, enc: enc, delim: delim, fast: fast, batcher: newCleanBatcher(fast.kinds())}
	var rows int64
	for i, sc := range scans {
		switch {
		case sc.err != nil:
			return nil, sc.err
		case !sc.valid:
			return nil, nil // the copy detects the encoding and reports it
		case sc.quote && i < len(scans)-1:
			return nil, nil // a record may span the part's end
		}
		s.parts = append(s.parts, streamPart{from: bounds[i], to: bounds[i+1], rowsBefore: rows, lines: sc.lines})
		rows += sc.lines
	}
	seq := streamSeq.Add(1)
	for i := range s.parts {
		s.parts[i].file = filepath.Join(dir, fmt.Sprintf("%sparts-%d-%d-%d.csv", store.WorkFilePrefix, os.Getpid(), seq, i))
	}
	return s, nil
}

// partBounds cuts a file of size bytes into k parts at line ends: the
// offsets where the parts start, and size. It returns nil if a line is
// too long for that.
func partBounds(f *os.File, size int64, k int) ([]int64, error) {
	bounds := []int64{0}
	buf := make([]byte, 64<<10)
	for i := 1; i < k; i++ {
		at := size * int64(i) / int64(k)
		n, err := f.ReadAt(buf, at)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		nl := bytes.IndexByte(buf[:n], '\n')
		if nl < 0 {
			return nil, nil
		}
		cut := at + int64(nl) + 1
		if cut <= bounds[len(bounds)-1] || cut >= size {
			return nil, nil
		}
		bounds = append(bounds, cut)
	}
	return append(bounds, size), nil
}

// partScan is what the quick pass learnt of a part.
type partScan struct {
	lines int64
	quote bool // a quote character appears
	valid bool // the text is in the encoding
	err   error
}

// scanPart counts the lines of the byte range [from, to) of f, which ends
// at a line end (or the end of the file), and, with checkUTF8, checks that
// it is UTF-8, a block of whole lines at a time (a character never spans a
// line end). Line ends and quotes are single bytes in GB18030 too, never
// part of a character, so the counts hold for it as well.
func scanPart(f *os.File, from, to int64, checkUTF8 bool) partScan {
	sc := partScan{valid: true}
	r := io.NewSectionReader(f, from, to-from)
	buf := make([]byte, 1<<20)
	carry := 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			sc.err = err
			return sc
		}
		data := buf[:carry+n]
		cut := len(data)
		if !eof {
			cut = bytes.LastIndexByte(data, '\n') + 1
			if cut == 0 { // one line fills the buffer
				buf = append(buf, make([]byte, len(buf))...)
				carry = len(data)
				continue
			}
		}
		block := data[:cut]
		sc.lines += int64(bytes.Count(block, []byte{'\n'}))
		if eof && len(block) > 0 && block[len(block)-1] != '\n' {
			sc.lines++ // the last line has no line end
		}
		sc.quote = sc.quote || bytes.IndexByte(block, '"') >= 0
		sc.valid = sc.valid && (!checkUTF8 || utf8.Valid(block))
		if eof || !sc.valid {
			return sc
		}
		carry = copy(buf, data[cut:])
	}
}

// scanGBPart is scanPart for a GB18030 file: the range must be GB18030 as
// textenc.Detect judges a whole file (strictly: every code mapped), and
// not UTF-8 (a part that is, such as one of plain ASCII, sends the file to
// the copy, whose detection reads the whole file).
func scanGBPart(f *os.File, from, to int64) partScan {
	c := &lineCounter{r: io.NewSectionReader(f, from, to-from)}
	enc, err := textenc.Detect(c)
	sc := partScan{lines: c.lines, quote: c.quote, valid: err == nil && enc == textenc.GB18030}
	if c.last != '\n' && c.n > 0 {
		sc.lines++
	}
	return sc
}

// lineCounter counts the line ends and quotes of what is read through it.
type lineCounter struct {
	r     io.Reader
	n     int64
	lines int64
	quote bool
	last  byte
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
		c.lines += int64(bytes.Count(p[:n], []byte{'\n'}))
		c.quote = c.quote || bytes.IndexByte(p[:n], '"') >= 0
		c.last = p[n-1]
	}
	return n, err
}

// tableSQL is the source table over the parts' files of records that
// are not clean, as csvFile.tableSQL is over a copy.
func (s *csvStream) tableSQL(headers []string) string {
	files := make([]string, len(s.parts))
	for i, p := range s.parts {
		files[i] = quote(p.file)
	}
	return numberedTableSQL("["+strings.Join(files, ", ")+"]", headers, rune(s.delim))
}

// start numbers every part, each on its own goroutine; the clean records
// wait in blocks for the table function to read them.
func (s *csvStream) start(headers int) {
	s.batches = make(chan arrow.RecordBatch, 2*len(s.parts))
	s.cancel = make(chan struct{})
	s.finished = make(chan struct{})
	n := len(s.parts)
	s.errs, s.clean, s.keys, s.other = make([]error, n), make([]bool, n), make([][][]uint64, n), make([]int64, n)
	var wg sync.WaitGroup
	for i := range s.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.errs[i] = s.streamPart(i, headers)
		}()
	}
	go func() {
		wg.Wait()
		close(s.batches)
		close(s.finished)
	}()
}

// stop stops the numbering: a part waiting to hand over clean records
// gives up, and so does the table function.
func (s *csvStream) stop() { s.stopOnce.Do(func() { close(s.cancel) }) }

// wait waits for every part and returns the first error. If the load
// failed (stop), the parts are stopped first.
func (s *csvStream) wait(stop bool) error {
	if stop {
		s.stop()
	}
	<-s.finished
	for _, err := range s.errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// nextClean returns the next block of clean records, or false when there
// are no more; it fails if the load stopped first.
func (s *csvStream) nextClean() (arrow.RecordBatch, bool, error) {
	select {
	case b, ok := <-s.batches:
		return b, ok, nil
	case <-s.cancel:
		return nil, false, errStopped
	}
}

// sendClean hands a batch of clean records to DuckDB (or releases it if
// the load stopped).
func (s *csvStream) sendClean(batch arrow.RecordBatch) error {
	select {
	case s.batches <- batch:
		return nil
	case <-s.cancel:
		batch.Release()
		return errStopped
	}
}

// streamPart numbers part i: its clean records go to the table function,
// the others to the part's file. The first part's file starts with the
// file's header; the others get a header of their own, which DuckDB skips
// as it does the first's.
func (s *csvStream) streamPart(i, headers int) error {
	p := s.parts[i]
	f, err := os.OpenFile(p.file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	src, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer src.Close()
	var r io.Reader = io.NewSectionReader(src, p.from, p.to-p.from)
	n := numberer{delim: s.delim, fast: s.fast, batcher: s.batcher, sink: s.sendClean, workers: 1, keysHint: p.lines, written: &s.streamed}
	// The decoder drops a byte-order mark at the start of the file; at
	// the start of a later part it would drop a U+FEFF that begins a
	// line, which the trimming of values drops anyway.
	r = textenc.NewDecoder(r, s.enc)
	if i > 0 {
		n.started, n.row = true, p.rowsBefore
		head := SourceRowColumn + string(s.delim) + SpacedColumn + strings.Repeat(string(s.delim), headers) + "\n"
		if _, err := w.WriteString(head); err != nil {
			return fmt.Errorf("part %d: %w", i+1, err)
		}
	}
	records, err := n.copy(w, r)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		return fmt.Errorf("part %d: %w", i+1, err)
	}
	s.clean[i], s.keys[i], s.other[i] = n.allClean(records), n.keyParts, records-n.cleanRecords
	return nil
}

// others reports, once the parts are numbered, whether any record was
// not clean (the parts' files hold records to load).
func (s *csvStream) others() bool {
	for _, n := range s.other {
		if n > 0 {
			return true
		}
	}
	return false
}

// uniqueKeys reports, once the stream has ended without error, whether
// every record was clean and no key repeats.
func (s *csvStream) uniqueKeys() bool {
	var all [][]uint64
	for i := range s.parts {
		if !s.clean[i] {
			return false
		}
		all = append(all, s.keys[i]...)
	}
	return keysUnique(all)
}

// remove removes the parts' files.
func (s *csvStream) remove() {
	for _, p := range s.parts {
		if p.file != "" {
			os.Remove(p.file)
		}
	}
}
