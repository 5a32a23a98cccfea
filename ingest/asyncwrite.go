package ingest

import (
	"io"
	"sync"
)

// asyncWriter hands full buffers to a goroutine that writes them, so that
// numbering the records of a file and writing its copy (which on some disks
// costs as much again) happen at the same time. It is not safe for
// concurrent use.
type asyncWriter struct {
	free chan []byte
	full chan []byte
	buf  []byte
	done chan struct{}
	mu   sync.Mutex
	err  error
}

// newAsyncWriter writes to w through n buffers of size bytes.
func newAsyncWriter(w io.Writer, n, size int) *asyncWriter {
	a := &asyncWriter{free: make(chan []byte, n), full: make(chan []byte, n), done: make(chan struct{})}
	for range n {
		a.free <- make([]byte, 0, size)
	}
	a.buf = <-a.free
	go func() {
		defer close(a.done)
		for b := range a.full {
			if a.failed() == nil {
				if _, err := w.Write(b); err != nil {
					a.mu.Lock()
					a.err = err
					a.mu.Unlock()
				}
			}
			a.free <- b[:0]
		}
	}()
	return a
}

func (a *asyncWriter) failed() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// Write copies p into the current buffer, handing it over when full.
func (a *asyncWriter) Write(p []byte) (int, error) {
	if err := a.failed(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(p) > 0 {
		k := copy(a.buf[len(a.buf):cap(a.buf)], p)
		a.buf = a.buf[:len(a.buf)+k]
		p = p[k:]
		if len(a.buf) == cap(a.buf) {
			a.full <- a.buf
			a.buf = <-a.free
		}
	}
	return n, nil
}

// Close writes what is left, waits for the writes to finish and returns
// the first error.
func (a *asyncWriter) Close() error {
	if len(a.buf) > 0 {
		a.full <- a.buf
	}
	close(a.full)
	<-a.done
	return a.failed()
}
