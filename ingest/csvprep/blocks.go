package csvprep

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/microrisk/microrisk/ingest/textenc"
)

// A numberer reads its input a block of whole lines at a time, in order.
// A block that starts a record and holds no quote has exactly one row per
// line, so its first row is known without reading it: such a block (nearly
// every block of a real ledger) is decoded, numbered and checked by one of
// several workers, while a block with a quote, or the header's, is
// numbered in order by the reader itself. A writer puts the numbered
// blocks out in input order. A line longer than a record may be is read
// past, in order, never held whole.

// numberedBlock is one block on its way through the pre-pass.
type numberedBlock struct {
	in      *[]byte           // the block's lines, as read
	out     *[]byte           // its numbered copy of the records that are not clean
	aside   *[]byte           // its clean records' values kept aside
	batch   arrow.RecordBatch // its clean records
	row     int64             // rows before the block (worker blocks only)
	records int64
	done    chan struct{}
}

var blockPool = sync.Pool{New: func() any { return new([]byte) }}

// getBlock returns an empty buffer of at least size bytes. Buffers are
// made twice as large as asked so that one serves every use (a block and
// its unfinished line, or its numbered copy).
func getBlock(size int) *[]byte {
	b := blockPool.Get().(*[]byte)
	if cap(*b) < size {
		*b = make([]byte, 0, 2*size)
	}
	*b = (*b)[:0]
	return b
}

func putBlock(b *[]byte) {
	if b != nil {
		blockPool.Put(b)
	}
}

// copy numbers r, writing the records that are not clean to w and the
// clean records' values kept aside to aside, and returns the number of
// records (blank lines are not records; the header is not one).
func (n *numberer) copy(w, aside io.Writer, r io.Reader) (int64, error) {
	size := n.blockSize
	if size <= 0 {
		size = 1 << 20
	}
	workers := n.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	work := make(chan *numberedBlock, workers)
	order := make(chan *numberedBlock, workers+1)
	abort := make(chan struct{})
	var wg sync.WaitGroup
	wns := make([]*numberer, workers)
	for i := range wns {
		wns[i] = &numberer{delim: n.delim, fields: n.fields, maxRow: n.maxRow, clean: n.clean, batcher: n.batcher,
			dec: n.dec, started: true}
		if n.clean != nil && n.clean.Key != nil && n.keysHint > 0 {
			wns[i].keys = make([]uint64, 0, n.keysHint/int64(workers)+1)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.work(wns[i], work)
		}()
	}
	var records int64
	var werr error
	written := make(chan struct{})
	go func() {
		defer close(written)
		records, werr = writeBlocks(w, aside, order, abort, n.written, n.sink)
	}()
	rerr := n.readBlocks(r, size, work, order, abort)
	close(work)
	close(order)
	<-written
	wg.Wait()
	sortKeys(n.keys)
	n.keyParts = append(n.keyParts[:0], n.keys)
	for _, wn := range wns {
		n.cleanRecords += wn.cleanRecords
		n.keyParts = append(n.keyParts, wn.keys)
	}
	if werr != nil {
		return records, werr
	}
	return records, rerr
}

// readBlocks reads r a block of whole lines at a time and sends each block
// to order, and the blocks that workers can number to work as well.
func (n *numberer) readBlocks(r io.Reader, size int, work, order chan<- *numberedBlock, abort <-chan struct{}) error {
	var carry []byte // an unfinished line
	for {
		in := getBlock(size + len(carry))
		buf := append(*in, carry...)
		eof, long := false, false
		limit := len(buf) + size // a block reads size bytes, whatever its buffer's capacity
		for {
			k, err := io.ReadFull(r, buf[len(buf):limit])
			buf = buf[:len(buf)+k]
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				eof = true
				break
			}
			if err != nil {
				return err
			}
			if bytes.LastIndexByte(buf, '\n') >= 0 {
				break
			}
			if len(buf) > n.maxRow { // one line longer than a record may be
				long = true
				break
			}
			limit = 2 * len(buf) // one line fills the block: read on
			if limit > cap(buf) {
				grown := make([]byte, len(buf), limit)
				copy(grown, buf)
				buf = grown
			}
		}
		b := &numberedBlock{in: in, done: make(chan struct{})}
		if long {
			*in = buf
			var err error
			carry, eof, err = n.numberLong(b, r)
			if err != nil {
				return err
			}
		} else {
			cut := len(buf)
			if !eof {
				cut = bytes.LastIndexByte(buf, '\n') + 1
			}
			carry = append(carry[:0], buf[cut:]...)
			*in = buf[:cut]
			if n.started && n.st == fieldStart && bytes.IndexByte(*in, '"') < 0 {
				b.row = n.row
				n.row += int64(bytes.Count(*in, []byte{'\n'}))
				if len(*in) > 0 && (*in)[len(*in)-1] != '\n' {
					n.row++
				}
				select {
				case work <- b:
				case <-abort:
					return nil
				}
			} else {
				n.numberBlock(n, b)
			}
		}
		select {
		case order <- b:
		case <-abort:
			return nil
		}
		if eof {
			return n.endOfInput(order, abort)
		}
	}
}

// endOfInput ends a record the input left open, inside a quoted value:
// the rest of the file would be one value, so the record is a reject at
// the row where the quote opens. (DuckDB's reader, left to it, rejects the
// line and reads on from the next, whose records then carry no row.)
func (n *numberer) endOfInput(order chan<- *numberedBlock, abort <-chan struct{}) error {
	if n.st == fieldStart || !n.started {
		return nil
	}
	b := &numberedBlock{done: make(chan struct{})}
	n.begin0(b, len(n.pending))
	before := n.records
	n.recStart = 0
	n.out = append(n.out, n.pending...)
	n.pending = n.pending[:0]
	n.st = fieldStart
	if n.bad == "" {
		n.bad = unclosedQuote
		n.shown = cutText(n.out[min(n.prefixLen, len(n.out)):], shownMax)
	}
	n.placeholder()
	n.end0(b, before)
	close(b.done)
	select {
	case order <- b:
	case <-abort:
	}
	return nil
}

// work numbers the blocks sent to it with the worker's numberer wn, which
// starts each at the block's first row, and sorts the key hashes found.
func (n *numberer) work(wn *numberer, blocks <-chan *numberedBlock) {
	for b := range blocks {
		wn.row, wn.st = b.row, fieldStart
		n.numberBlock(wn, b)
	}
	sortKeys(wn.keys)
}

// numberBlock decodes block b and numbers it with the numberer by (n
// itself, or a worker's), and marks it done.
func (n *numberer) numberBlock(by *numberer, b *numberedBlock) {
	text, marks := by.dec.decode(*b.in, &by.text)
	by.begin0(b, len(text))
	if by.batcher != nil {
		if by.batch == nil {
			by.batch = by.batcher.builder()
		}
		by.batch.start(bytes.Count(text, []byte{'\n'}) + 1)
	}
	before := by.records
	by.block(text, marks)
	by.end0(b, before)
	if by.batcher != nil {
		b.batch = by.batch.finish()
	}
	close(b.done)
}

// begin0 points the numberer's output at block b's buffers.
func (n *numberer) begin0(b *numberedBlock, size int) {
	b.out = getBlock(size + size/2)
	n.out = *b.out
	if n.clean != nil && n.clean.asides {
		b.aside = getBlock(0)
		n.aside = *b.aside
	}
}

// end0 hands the numberer's output back to block b.
func (n *numberer) end0(b *numberedBlock, before int64) {
	*b.out, n.out = n.out, nil
	if b.aside != nil {
		*b.aside, n.aside = n.aside, nil
	}
	b.records = n.records - before
}

// numberLong numbers, in order, a line longer than a record may be, whose
// first bytes are block b's; it reads the rest of the line from r without
// holding it, and returns what follows the line's end, and whether the
// input ended.
func (n *numberer) numberLong(b *numberedBlock, r io.Reader) (carry []byte, eof bool, err error) {
	defer close(b.done)
	n.begin0(b, 0)
	before := n.records
	if len(n.pending) > 0 {
		n.recStart = len(n.out)
		n.out = append(n.out, n.pending...)
		n.pending = n.pending[:0]
	}
	n.longStart(n.dec.text((*b.in)[:min(len(*b.in), 4*shownMax)], &n.text))
	n.longMore((*b.in)[min(len(*b.in), 4*shownMax):])
	chunk := make([]byte, 1<<20)
	for {
		k, err := r.Read(chunk)
		if i := bytes.IndexByte(chunk[:k], '\n'); i >= 0 {
			n.longMore(chunk[:i])
			n.longEnd()
			carry = append(carry, chunk[i+1:k]...)
			break
		}
		n.longMore(chunk[:k])
		if errors.Is(err, io.EOF) {
			n.longEnd()
			eof = true
			break
		}
		if err != nil {
			return nil, false, err
		}
	}
	n.holdUnfinished()
	n.end0(b, before)
	return carry, eof, nil
}

// writeBlocks writes the blocks sent to order, in that order, and returns
// the records numbered (adding them to written, if set, as it goes). Each
// block's batch of clean records, if any, goes to sink. On the first error
// it closes abort and drains.
func writeBlocks(w, aside io.Writer, order <-chan *numberedBlock, abort chan<- struct{}, written *atomic.Int64, sink func(arrow.RecordBatch) error) (int64, error) {
	var records int64
	var err error
	for b := range order {
		<-b.done
		if err == nil {
			_, err = w.Write(*b.out)
			if err == nil && b.aside != nil && len(*b.aside) > 0 {
				_, err = aside.Write(*b.aside)
			}
			if err == nil && b.batch != nil {
				err = sink(b.batch)
				b.batch = nil
			}
			if err == nil {
				records += b.records
				if written != nil {
					written.Add(b.records)
				}
			}
			if err != nil {
				close(abort)
			}
		}
		putBlock(b.in)
		putBlock(b.out)
		putBlock(b.aside)
		if b.batch != nil {
			b.batch.Release()
		}
	}
	return records, err
}

// unclosedQuote is the reason of a record whose quote is never closed.
const unclosedQuote = "malformed record: a quote opened in this row is never closed (the rest of the file would be one value)"

// mark is a line of a block that is not in the file's encoding: its index
// in the block, why its record cannot be loaded, and what a reject shows
// of it.
type mark struct {
	line          int
	reason, shown string
}

// decoder turns a block's bytes into UTF-8 text and finds the lines that
// are not in the file's encoding.
type decoder struct {
	gb    bool // the file is GB18030
	check bool // some lines are in another encoding: look for them
}

// decode returns the UTF-8 text of raw (buf's memory, or raw itself) and
// the marks of its lines in another encoding. Lines end at the same bytes
// in both: no GB18030 character holds a line end.
func (d decoder) decode(raw []byte, buf *[]byte) ([]byte, []mark) {
	var marks []mark
	if d.check && (d.gb || !utf8.Valid(raw)) {
		marks = d.marks(raw)
	}
	return d.text(raw, buf), marks
}

// text is raw decoded, in buf's memory (or raw itself).
func (d decoder) text(raw []byte, buf *[]byte) []byte {
	if !d.gb {
		return raw
	}
	*buf = textenc.DecodeGB18030((*buf)[:0], raw)
	return *buf
}

// marks finds the lines of raw in another encoding than the file's.
func (d decoder) marks(raw []byte) []mark {
	var marks []mark
	for li := 0; len(raw) > 0; li++ {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line = raw[:i+1]
		}
		raw = raw[len(line):]
		if !d.gb && utf8.Valid(line) {
			continue // UTF-8 in a UTF-8 file, however it might read otherwise
		}
		c := textenc.ClassifyLine(line)
		switch {
		case c == textenc.UndecodableLine:
			marks = append(marks, mark{line: li, shown: cutText(line, shownMax),
				reason: "this row is neither UTF-8 nor GB18030 (GBK): a character the encodings do not have, or a damaged file"})
		case d.gb && c == textenc.UTF8Line:
			marks = append(marks, mark{line: li, shown: cutText(line, shownMax),
				reason: "this row is in UTF-8, the rest of the file in GB18030 (GBK): save the whole file in one encoding"})
		case !d.gb && c == textenc.GB18030Line:
			marks = append(marks, mark{line: li, shown: cutText(textenc.DecodeGB18030(nil, line), shownMax),
				reason: "this row is in GB18030 (GBK), the rest of the file in UTF-8: save the whole file in one encoding"})
		}
	}
	return marks
}
