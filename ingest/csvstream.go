package ingest

import (
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
	"time"
	"unicode/utf8"

	"github.com/microrisk/microrisk/ingest/textenc"
	"github.com/microrisk/microrisk/store"
)

// A large CSV file (UTF-8 or GB18030) whose load reads it once is not
// copied to a temporary file: its numbered copy is streamed to DuckDB
// through named pipes, one per part of the file, which DuckDB's reader
// reads in parallel as it would read files. Writing the copy to disk cost
// about as much as numbering it, and it held the file's values in clear; a
// pipe holds nothing at rest.
//
// Each part's first row must be known before it is streamed, so a quick
// pass first counts the lines of each part and checks that its text is in
// the file's encoding. A part before the last with a quote in it may hold
// a record that spans lines, and then the file is copied as before.

// streamMinBytes is the smallest file that is streamed; smaller ones are
// copied (the tests lower it to stream small files).
var streamMinBytes int64 = 32 << 20

// errNoReader: the pipe has no reader yet (tryOpenPipe).
var errNoReader = errors.New("no reader on the pipe yet")

// fifoSeq makes each pipe's name unique in the process.
var fifoSeq atomic.Int64

// csvStream streams the numbered copy of one CSV file through its pipes.
type csvStream struct {
	path  string
	enc   textenc.Encoding // UTF8 (with or without a byte-order mark) or GB18030
	delim byte
	fast  *fastPath
	parts []streamPart

	cancel chan struct{}
	done   chan error // one answer per part
	mu     sync.Mutex
	open   []*os.File // the pipes' write ends, to interrupt a blocked write

	// streamed counts the records written to the pipes so far.
	streamed atomic.Int64

	// Per part, once streamed: whether every record was clean, and the
	// sorted key hashes.
	clean []bool
	keys  [][][]uint64
}

// streamPart is a byte range of the file and the pipe it goes through.
type streamPart struct {
	from, to   int64
	rowsBefore int64 // rows (as a spreadsheet counts them) before the part
	lines      int64 // the part's lines
	fifo       string
}

// planStream decides whether the CSV file at path, in encoding enc, can be
// streamed with the fast path fast and, if so, returns its stream with the
// pipes made in the folder dir; nil means the file is to be copied.
func planStream(path, dir string, enc textenc.Encoding, delim byte, fast *fastPath) (*csvStream, error) {
	if fast == nil || !fast.oneRead {
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
	s := &csvStream{path: path, enc: enc, delim: delim, fast: fast}
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
	for i := range s.parts {
		name := filepath.Join(dir, fmt.Sprintf("%spipe-%d-%d-%d.csv", store.WorkFilePrefix, os.Getpid(), fifoSeq.Add(1), i))
		if err := makePipe(name); err != nil {
			s.remove()
			return nil, nil // no named pipes here: the file is copied
		}
		s.parts[i].fifo = name
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

// tableSQL is the source table over the pipes, as csvFile.tableSQL is over
// a copy.
func (s *csvStream) tableSQL(headers []string) string {
	fifos := make([]string, len(s.parts))
	for i, p := range s.parts {
		fifos[i] = quote(p.fifo)
	}
	return numberedTableSQL("["+strings.Join(fifos, ", ")+"]", headers, rune(s.delim))
}

// start streams every part to its pipe, each on its own goroutine. A
// part's writer waits for DuckDB to open the pipe.
func (s *csvStream) start(headers int) {
	s.cancel = make(chan struct{})
	s.done = make(chan error, len(s.parts))
	s.clean, s.keys = make([]bool, len(s.parts)), make([][][]uint64, len(s.parts))
	for i := range s.parts {
		go func() { s.done <- s.streamPart(i, headers) }()
	}
}

// wait waits for every part's writer and returns the first error. If the
// load failed (stop), writers still waiting for DuckDB or blocked on a pipe
// it no longer reads are interrupted first.
func (s *csvStream) wait(stop bool) error {
	if stop {
		close(s.cancel)
		s.mu.Lock()
		for _, f := range s.open {
			f.SetWriteDeadline(time.Unix(1, 0))
		}
		s.mu.Unlock()
	}
	var first error
	for range s.parts {
		if err := <-s.done; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// streamPart writes part i's numbered copy to its pipe. The first part
// starts with the file's header; the others get a header of their own,
// which DuckDB skips as it does the first's.
func (s *csvStream) streamPart(i, headers int) error {
	p := s.parts[i]
	w, err := s.openPipe(p.fifo)
	if err != nil {
		return err
	}
	defer w.Close()
	src, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer src.Close()
	var r io.Reader = io.NewSectionReader(src, p.from, p.to-p.from)
	n := numberer{delim: s.delim, fast: s.fast, workers: 1, keysHint: p.lines, written: &s.streamed}
	// The decoder drops a byte-order mark at the start of the file; at
	// the start of a later part it would drop a U+FEFF that begins a
	// line, which the trimming of values drops anyway.
	r = textenc.NewDecoder(r, s.enc)
	if i > 0 {
		n.started, n.row = true, p.rowsBefore
		head := SourceRowColumn + string(s.delim) + SpacedColumn + strings.Repeat(string(s.delim), headers) + "\n"
		if _, err := io.WriteString(w, head); err != nil {
			return fmt.Errorf("stream part %d: %w", i+1, err)
		}
	}
	records, err := n.copy(w, r)
	if err != nil {
		return fmt.Errorf("stream part %d: %w", i+1, err)
	}
	s.clean[i], s.keys[i] = n.allClean(records), n.keyParts
	return nil
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

// openPipe opens a pipe's write end once DuckDB has opened its read end
// (until then, tryOpenPipe finds no reader), unless the load is stopped
// first.
func (s *csvStream) openPipe(name string) (*os.File, error) {
	for {
		f, err := tryOpenPipe(name)
		if err == nil {
			s.mu.Lock()
			s.open = append(s.open, f)
			s.mu.Unlock()
			return f, nil
		}
		if !errors.Is(err, errNoReader) {
			return nil, fmt.Errorf("open pipe: %w", err)
		}
		select {
		case <-s.cancel:
			return nil, errors.New("load stopped before the pipe was read")
		case <-time.After(time.Millisecond):
		}
	}
}

// remove removes the pipes.
func (s *csvStream) remove() {
	for _, p := range s.parts {
		if p.fifo != "" {
			os.Remove(p.fifo)
		}
	}
}
