package xlsx

import (
	"errors"
	"io"
)

// Read-ahead of a worksheet: readAheadChunks buffers of readAheadSize
// bytes, one being read by the caller and the others filled meanwhile.
const (
	readAheadChunks = 4
	readAheadSize   = 256 << 10
)

// readAhead reads an io.ReadCloser in a goroutine a few chunks ahead of
// its caller, so that inflating a worksheet's zip entry overlaps scanning
// it. Close stops the goroutine before it closes the reader.
type readAhead struct {
	rc       io.ReadCloser
	chunks   chan chunk
	free     chan []byte
	stop     chan struct{}
	finished chan struct{}
	cur      []byte // unread part of the chunk being read
	held     []byte // the chunk being read, to return to free
	err      error  // error that ended the input, after cur
	closed   bool
}

type chunk struct {
	b   []byte
	err error
}

func newReadAhead(rc io.ReadCloser) *readAhead {
	ra := &readAhead{
		rc:       rc,
		chunks:   make(chan chunk, readAheadChunks),
		free:     make(chan []byte, readAheadChunks),
		stop:     make(chan struct{}),
		finished: make(chan struct{}),
	}
	for range readAheadChunks {
		ra.free <- make([]byte, readAheadSize)
	}
	go ra.run()
	return ra
}

// run fills free buffers from the reader until it ends or fails.
func (ra *readAhead) run() {
	defer close(ra.finished)
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.stop:
			return
		}
		n, err := io.ReadFull(ra.rc, buf)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		select {
		case ra.chunks <- chunk{buf[:n], err}:
		case <-ra.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.err != nil {
			return 0, ra.err
		}
		if ra.held != nil {
			ra.free <- ra.held[:cap(ra.held)]
			ra.held = nil
		}
		c := <-ra.chunks
		ra.cur, ra.held, ra.err = c.b, c.b, c.err
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// Close stops reading ahead and closes the reader.
func (ra *readAhead) Close() error {
	if ra.closed {
		return errors.New("read-ahead closed twice")
	}
	ra.closed = true
	close(ra.stop)
	<-ra.finished
	return ra.rc.Close()
}
