package csvprep

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// ErrStopped: the load stopped before it had read every clean record.
var ErrStopped = errors.New("load stopped")

// Run numbers one file's parts, each on its own goroutine, handing the
// clean records to DuckDB as record batches (Reader) and writing the
// others to the parts' files (OthersTable).
type Run struct {
	f        *File
	clean    *cleaner
	batcher  *batcher
	batches  chan arrow.RecordBatch // the batches, one per block of the file
	cancel   chan struct{}          // closed when the load stops early
	stopOnce sync.Once
	finished chan struct{} // closed once every part is numbered (and batches closed)
	errs     []error       // per part
	numbered atomic.Int64

	// Per part, once numbered.
	results []partResult
}

// partResult is what numbering a part found.
type partResult struct {
	records, clean, others int64
	asides                 bool
	keys                   [][]uint64 // sorted slices
	allHashed              bool       // every record clean and its key hashed
}

// Start starts numbering the file's parts with the clean check c; the
// clean records wait, a few blocks' worth, for Reader to be read.
func (f *File) Start(c Clean) *Run {
	r := &Run{f: f, cancel: make(chan struct{}), finished: make(chan struct{})}
	if len(c.Fields) == len(f.header) {
		r.clean = newCleaner(c, f.limits)
		r.batcher = newBatcher(c)
	}
	n := len(f.parts)
	r.batches = make(chan arrow.RecordBatch, 2*n)
	r.errs, r.results = make([]error, n), make([]partResult, n)
	var wg sync.WaitGroup
	for i := range f.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.part(i); err != nil {
				r.errs[i] = fmt.Errorf("part %d: %w", i+1, err)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(r.batches)
		close(r.finished)
	}()
	return r
}

// Numbered is how many records have been numbered so far.
func (r *Run) Numbered() int64 { return r.numbered.Load() }

// Summary is what numbering the file found.
type Summary struct {
	Records int64 // records read (blank lines and the header are not)
	Clean   int64 // of which clean, sent as batches
	// Others: some records went to the others' files (OthersTable).
	Others bool
	// Asides: some clean record had a value kept aside (ExtrasTable).
	Asides bool
	// UniqueKeys: every record was clean and no key repeats.
	UniqueKeys bool
}

// Wait waits for every part to be numbered and returns what was found, or
// the first part's error. If the load failed (stop), the parts are
// stopped first. It may be called again: a run over is not changed.
func (r *Run) Wait(stop bool) (Summary, error) {
	if stop {
		r.stop()
	}
	<-r.finished
	if err := errors.Join(r.errs...); err != nil {
		return Summary{}, err
	}
	var s Summary
	var keys [][]uint64
	all := r.clean != nil && r.clean.Key != nil
	for _, p := range r.results {
		s.Records += p.records
		s.Clean += p.clean
		s.Others = s.Others || p.others > 0
		s.Asides = s.Asides || p.asides
		all = all && p.allHashed
		keys = append(keys, p.keys...)
	}
	s.UniqueKeys = all && keysUnique(keys)
	return s, nil
}

func (r *Run) stop() { r.stopOnce.Do(func() { close(r.cancel) }) }

// part numbers part i: its clean records go to Reader, the others to the
// part's file. Each part's file starts with a header of its own, which
// DuckDB skips.
func (r *Run) part(i int) error {
	p := r.f.parts[i]
	out, err := newPartFile(p.others, r.f.othersHeader())
	if err != nil {
		return err
	}
	defer out.close()
	var aside *partFile
	if r.clean != nil && r.clean.asides {
		if aside, err = newPartFile(p.asides, ""); err != nil {
			return err
		}
		defer aside.close()
	}
	src, err := os.Open(r.f.path)
	if err != nil {
		return err
	}
	defer src.Close()
	n := numberer{delim: r.f.delim, fields: len(r.f.header), maxRow: r.f.limits.MaxRowBytes, clean: r.clean,
		batcher: r.batcher, sink: r.send, dec: r.f.dec, workers: r.f.workers, keysHint: p.lines, written: &r.numbered,
		started: i > 0, row: p.rowsBefore}
	var asideW io.Writer = io.Discard
	if aside != nil {
		asideW = aside.w
	}
	records, err := n.copy(out.w, asideW, io.NewSectionReader(src, p.from, p.to-p.from))
	if err == nil {
		err = out.close()
	}
	if err == nil && aside != nil {
		err = aside.close()
	}
	if err != nil {
		return err
	}
	r.results[i] = partResult{records: records, clean: n.cleanRecords, others: records - n.cleanRecords,
		asides: aside != nil && aside.written() > 0, keys: n.keyParts,
		allHashed: r.clean != nil && r.clean.Key != nil && n.cleanRecords == records}
	return nil
}

// othersHeader is the header line of an others' file.
func (f *File) othersHeader() string {
	d := string(f.delim)
	cols := []string{RowColumn, spacedColumn, badColumn, shownColumn}
	for i := range f.header {
		cols = append(cols, fmt.Sprintf("c%d", i+1))
	}
	return strings.Join(cols, d) + "\n"
}

// partFile is a part's file being written (0600, never an existing file).
type partFile struct {
	f      *os.File
	w      *countingWriter
	closed bool
}

func newPartFile(path, head string) (*partFile, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	p := &partFile{f: f, w: &countingWriter{w: bufio.NewWriterSize(f, 1<<20)}}
	if _, err := io.WriteString(p.w, head); err != nil {
		p.close()
		return nil, err
	}
	p.w.n = 0
	return p, nil
}

// written is how many bytes were written after the header.
func (p *partFile) written() int64 { return p.w.n }

func (p *partFile) close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	err := p.w.w.Flush()
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	return err
}

type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// send hands a batch of clean records to the reader (or releases it if
// the load stopped).
func (r *Run) send(batch arrow.RecordBatch) error {
	select {
	case r.batches <- batch:
		return nil
	case <-r.cancel:
		batch.Release()
		return ErrStopped
	}
}

// Reader is the Arrow record reader of the clean records, or nil if no
// record can be clean. It ends when every part is numbered, or fails with
// ErrStopped if the load stopped first.
func (r *Run) Reader() array.RecordReader {
	if r.batcher == nil {
		return nil
	}
	return &reader{run: r, schema: r.batcher.schema}
}

// reader is the Arrow record reader of a run's clean records.
type reader struct {
	run    *Run
	schema *arrow.Schema
	cur    arrow.RecordBatch
	err    error
}

// Retain and Release do nothing: the reader lives as long as its run.
func (r *reader) Retain()  {}
func (r *reader) Release() {}

// Schema is the batches' schema.
func (r *reader) Schema() *arrow.Schema { return r.schema }

// Next moves to the next batch; false at the end, or if the load stopped
// (Err says so).
func (r *reader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	select {
	case b, ok := <-r.run.batches:
		if !ok {
			return false
		}
		r.cur = b
		return true
	case <-r.run.cancel:
		r.err = ErrStopped
		return false
	}
}

// RecordBatch is the current batch.
func (r *reader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record is the current batch.
//
// Deprecated: as in arrow's RecordReader, use RecordBatch.
func (r *reader) Record() arrow.RecordBatch { return r.cur }

// Err is why the reader stopped early, if it did.
func (r *reader) Err() error { return r.err }
