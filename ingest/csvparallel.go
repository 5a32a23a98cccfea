package ingest

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
)

// A numberer's copy reads the input a block of whole lines at a time, in
// order. A block that starts a record and holds no quote has exactly one
// row per line, so its first row is known without reading it: such a
// block (nearly every block of a real ledger) is numbered, checked and
// fast-pathed by one of several workers, while a block with a quote, or
// the header's, is numbered in order by the reader itself. A writer puts
// the numbered blocks out in input order.

// numberedBlock is one block on its way through the copy.
type numberedBlock struct {
	in      *[]byte           // the block's lines
	out     *[]byte           // its numbered copy
	batch   arrow.RecordBatch // its clean records, when the numberer has a batcher
	row     int64             // rows before the block (worker blocks only)
	records int64
	err     error
	done    chan struct{}
}

var blockPool = sync.Pool{New: func() any { return new([]byte) }}

// getBlock returns an empty buffer of at least size bytes. Buffers are
// made twice as large as asked so that one serves every use of the copy
// (a block and its unfinished line, or its numbered copy).
func getBlock(size int) *[]byte {
	b := blockPool.Get().(*[]byte)
	if cap(*b) < size {
		*b = make([]byte, 0, 2*size)
	}
	*b = (*b)[:0]
	return b
}

// copy copies r to w and returns the number of data records copied.
func (n *numberer) copy(w io.Writer, r io.Reader) (int64, error) {
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
		wns[i] = &numberer{delim: n.delim, checkUTF8: n.checkUTF8, fast: n.fast, batcher: n.batcher, started: true}
		if n.fast != nil && n.fast.keyFields != nil && n.keysHint > 0 {
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
		records, werr = writeBlocks(w, order, abort, n.written, n.sink)
	}()
	rerr := n.readBlocks(r, size, work, order, abort)
	close(work)
	close(order)
	<-written
	wg.Wait()
	n.records = records
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
		eof := false
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
			limit = 2 * len(buf) // one line fills the block: read on
			if limit > cap(buf) {
				grown := make([]byte, len(buf), limit)
				copy(grown, buf)
				buf = grown
			}
		}
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
		}
		carry = append(carry[:0], buf[cut:]...)
		*in = buf[:cut]
		b := &numberedBlock{in: in, done: make(chan struct{})}
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
		select {
		case order <- b:
		case <-abort:
			return nil
		}
		if eof {
			return nil
		}
	}
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

// numberBlock numbers block b with the numberer by (n itself, or a
// worker's) and marks it done.
func (n *numberer) numberBlock(by *numberer, b *numberedBlock) {
	b.out = getBlock(len(*b.in) + len(*b.in)/2)
	by.out = *b.out
	if by.batcher != nil {
		if by.batch == nil {
			by.batch = by.batcher.builder()
		}
		by.batch.start(bytes.Count(*b.in, []byte{'\n'}) + 1)
	}
	before := by.records
	b.err = by.block(*b.in)
	*b.out, by.out = by.out, nil
	b.records = by.records - before
	if by.batcher != nil {
		b.batch = by.batch.finish()
	}
	close(b.done)
}

// writeBlocks writes the blocks sent to order, in that order, and returns
// the records written (adding them to written, if set, as it goes). Each
// block's batch of clean records, if any, goes to sink. On the first error
// it closes abort and drains.
func writeBlocks(w io.Writer, order <-chan *numberedBlock, abort chan<- struct{}, written *atomic.Int64, sink func(arrow.RecordBatch) error) (int64, error) {
	var records int64
	var err error
	for b := range order {
		<-b.done
		if err == nil {
			err = b.err
			if err == nil {
				_, err = w.Write(*b.out)
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
		blockPool.Put(b.in)
		blockPool.Put(b.out)
		if b.batch != nil {
			b.batch.Release()
		}
	}
	return records, err
}
