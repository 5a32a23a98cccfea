package arrowipc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// messageReader reads the messages of an IPC stream for ipc.Reader, in
// place of arrow-go's own: it verifies each message's metadata before
// arrow-go parses it (see verifyMessage), and it records how the stream
// ended, which arrow-go does not tell. Its errors reach the caller through
// ipc.Reader and classify, which marks them as truncation (wrapping
// io.ErrUnexpectedEOF) or corruption (anything else).
type messageReader struct {
	r    io.Reader
	mem  memory.Allocator
	left int64 // bytes not yet read
	refs atomic.Int64
	msg  *ipc.Message

	// eos is set when the end-of-stream marker was read, atEOF when the
	// data ended where a message could have started.
	eos, atEOF bool
}

func newMessageReader(r io.Reader, mem memory.Allocator, size int64) *messageReader {
	m := &messageReader{r: r, mem: mem, left: size}
	m.refs.Add(1)
	return m
}

// Message returns the next message, valid until the next call, or io.EOF
// at the end of the stream.
func (m *messageReader) Message() (*ipc.Message, error) {
	if m.msg != nil {
		m.msg.Release()
		m.msg = nil
	}
	var head [4]byte
	n, err := m.read(head[:])
	if n == 0 && errors.Is(err, io.EOF) {
		m.atEOF = true
		return nil, io.EOF
	}
	if err != nil {
		return nil, fmt.Errorf("message length: %w", unexpected(err))
	}
	length := binary.LittleEndian.Uint32(head[:])
	if length == continuation {
		if _, err := m.read(head[:]); err != nil {
			return nil, fmt.Errorf("message length: %w", unexpected(err))
		}
		length = binary.LittleEndian.Uint32(head[:])
	}
	if length == 0 {
		m.eos = true
		return nil, io.EOF
	}
	if int32(length) < 4 || int64(length) > metadataLimit {
		return nil, fmt.Errorf("message metadata length %d", int32(length))
	}
	if err := m.need("metadata", int64(length)); err != nil {
		return nil, err
	}
	meta := make([]byte, length)
	if _, err := m.read(meta); err != nil {
		return nil, fmt.Errorf("message metadata: %w", unexpected(err))
	}
	bodyLen, err := verifyMessage(meta)
	if err != nil {
		return nil, fmt.Errorf("message metadata: %w", err)
	}
	if bodyLen < 0 {
		return nil, fmt.Errorf("message body length %d", bodyLen)
	}
	if err := m.need("body", bodyLen); err != nil {
		return nil, err
	}
	body := memory.NewResizableBuffer(m.mem)
	defer body.Release()
	body.Resize(int(bodyLen))
	if _, err := m.read(body.Bytes()); err != nil {
		return nil, fmt.Errorf("message body: %w", unexpected(err))
	}
	m.msg = ipc.NewMessage(memory.NewBufferBytes(meta), body)
	return m.msg, nil
}

// read fills p from the stream.
func (m *messageReader) read(p []byte) (int, error) {
	n, err := io.ReadFull(m.r, p)
	m.left -= int64(n)
	return n, err
}

// need checks, before anything is allocated, that n more bytes remain.
func (m *messageReader) need(what string, n int64) error {
	if n > m.left {
		return fmt.Errorf("message %s of %d bytes, %d left in the file: %w", what, n, m.left, io.ErrUnexpectedEOF)
	}
	return nil
}

// unexpected turns an end of data inside a message into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// Retain adds a reference.
func (m *messageReader) Retain() { m.refs.Add(1) }

// Release drops a reference, and the current message with the last one.
func (m *messageReader) Release() {
	if m.refs.Add(-1) == 0 && m.msg != nil {
		m.msg.Release()
		m.msg = nil
	}
}
