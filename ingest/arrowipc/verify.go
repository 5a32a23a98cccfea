package arrowipc

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// arrow-go trusts the lengths inside IPC metadata (FlatBuffers): it sizes
// slices by a vector's declared length before reading it, and follows
// offsets without bounds checks. A damaged length then asks the runtime for
// hundreds of gigabytes, which ends the process with an unrecoverable
// out-of-memory error, and an offset loop recurses until the stack is
// exhausted. verifyMessage and verifyFooter walk the metadata first and
// check every table, string and vector they will touch against the buffer,
// and the nesting depth against maxDepth.

// maxDepth bounds the nesting of fields, as Arrow C++ bounds its own
// recursion (kMaxNestingDepth = 64).
const maxDepth = 64

// Message header types and the field types with vectors or strings, from
// Arrow's Message.fbs and Schema.fbs.
const (
	headerSchema          = 1
	headerDictionaryBatch = 2
	headerRecordBatch     = 3
	typeTimestamp         = 10
	typeUnion             = 14
)

var errBounds = errors.New("offset or length outside the metadata")

// fbuf is a FlatBuffer read with every access checked.
type fbuf []byte

func (b fbuf) u16(at int64) (uint16, error) {
	if at < 0 || at+2 > int64(len(b)) {
		return 0, errBounds
	}
	return binary.LittleEndian.Uint16(b[at:]), nil
}

func (b fbuf) u32(at int64) (uint32, error) {
	if at < 0 || at+4 > int64(len(b)) {
		return 0, errBounds
	}
	return binary.LittleEndian.Uint32(b[at:]), nil
}

func (b fbuf) i64(at int64) (int64, error) {
	if at < 0 || at+8 > int64(len(b)) {
		return 0, errBounds
	}
	return int64(binary.LittleEndian.Uint64(b[at:])), nil
}

// fbTable is a checked table: its vtable and inline part lie in the buffer.
type fbTable struct {
	b    fbuf
	pos  int64
	vtab int64
	vlen int64
}

func (b fbuf) root() (fbTable, error) {
	off, err := b.u32(0)
	if err != nil {
		return fbTable{}, err
	}
	return b.table(int64(off))
}

func (b fbuf) table(pos int64) (fbTable, error) {
	so, err := b.u32(pos)
	if err != nil {
		return fbTable{}, err
	}
	vt := pos - int64(int32(so))
	vlen, err := b.u16(vt)
	if err != nil {
		return fbTable{}, err
	}
	tlen, err := b.u16(vt + 2)
	if err != nil {
		return fbTable{}, err
	}
	if vlen < 4 || vlen%2 != 0 || vt+int64(vlen) > int64(len(b)) || pos+int64(tlen) > int64(len(b)) {
		return fbTable{}, errBounds
	}
	return fbTable{b: b, pos: pos, vtab: vt, vlen: int64(vlen)}, nil
}

// field returns where the slot-th field lies, if present.
func (t fbTable) field(slot int64) (int64, bool) {
	vo := 4 + 2*slot
	if vo+2 > t.vlen {
		return 0, false
	}
	off, _ := t.b.u16(t.vtab + vo) // inside the vtable, checked by table
	if off == 0 {
		return 0, false
	}
	return t.pos + int64(off), true
}

func (t fbTable) u8(slot int64) (uint8, error) {
	at, ok := t.field(slot)
	if !ok {
		return 0, nil
	}
	if at >= int64(len(t.b)) {
		return 0, errBounds
	}
	return t.b[at], nil
}

func (t fbTable) i64(slot int64) (int64, error) {
	at, ok := t.field(slot)
	if !ok {
		return 0, nil
	}
	return t.b.i64(at)
}

// indirect follows the offset stored at at.
func (t fbTable) indirect(at int64) (int64, error) {
	off, err := t.b.u32(at)
	if err != nil {
		return 0, err
	}
	return at + int64(off), nil
}

func (t fbTable) sub(slot int64) (fbTable, bool, error) {
	at, ok := t.field(slot)
	if !ok {
		return fbTable{}, false, nil
	}
	pos, err := t.indirect(at)
	if err != nil {
		return fbTable{}, false, err
	}
	sub, err := t.b.table(pos)
	return sub, err == nil, err
}

// vector returns the start and length of a vector of elem-byte elements.
func (t fbTable) vector(slot, elem int64) (start, n int64, err error) {
	at, ok := t.field(slot)
	if !ok {
		return 0, 0, nil
	}
	pos, err := t.indirect(at)
	if err != nil {
		return 0, 0, err
	}
	l, err := t.b.u32(pos)
	if err != nil {
		return 0, 0, err
	}
	start, n = pos+4, int64(l)
	if start+n*elem > int64(len(t.b)) {
		return 0, 0, fmt.Errorf("%w: a vector of %d elements", errBounds, n)
	}
	return start, n, nil
}

// tables calls fn on each table of a vector of tables.
func (t fbTable) tables(slot int64, fn func(fbTable) error) error {
	start, n, err := t.vector(slot, 4)
	if err != nil {
		return err
	}
	for i := range n {
		pos, err := t.indirect(start + 4*i)
		if err != nil {
			return err
		}
		sub, err := t.b.table(pos)
		if err != nil {
			return err
		}
		if err := fn(sub); err != nil {
			return err
		}
	}
	return nil
}

func keyValues(t fbTable, slot int64) error {
	return t.tables(slot, func(kv fbTable) error {
		if _, _, err := kv.vector(0, 1); err != nil {
			return err
		}
		_, _, err := kv.vector(1, 1)
		return err
	})
}

// verifyMessage checks an IPC message's metadata and returns its body length.
func verifyMessage(meta []byte) (bodyLen int64, err error) {
	m, err := fbuf(meta).root()
	if err != nil {
		return 0, err
	}
	if err := keyValues(m, 4); err != nil {
		return 0, err
	}
	if bodyLen, err = m.i64(3); err != nil {
		return 0, err
	}
	kind, err := m.u8(1)
	if err != nil {
		return 0, err
	}
	h, ok, err := m.sub(2)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errors.New("message without a header")
	}
	switch kind {
	case headerSchema:
		err = verifySchema(h)
	case headerDictionaryBatch:
		if data, ok, e := h.sub(1); e != nil {
			err = e
		} else if ok {
			err = verifyRecordBatch(data)
		}
	case headerRecordBatch:
		err = verifyRecordBatch(h)
	default:
		err = fmt.Errorf("message type %d is not a schema, dictionary or record batch", kind)
	}
	return bodyLen, err
}

func verifySchema(s fbTable) error {
	if err := s.tables(1, func(f fbTable) error { return verifyField(f, 1) }); err != nil {
		return err
	}
	if err := keyValues(s, 2); err != nil {
		return err
	}
	_, _, err := s.vector(3, 8)
	return err
}

func verifyField(f fbTable, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("fields nested deeper than %d", maxDepth)
	}
	if _, _, err := f.vector(0, 1); err != nil {
		return err
	}
	kind, err := f.u8(2)
	if err != nil {
		return err
	}
	if typ, ok, err := f.sub(3); err != nil {
		return err
	} else if ok {
		switch kind {
		case typeTimestamp:
			_, _, err = typ.vector(1, 1)
		case typeUnion:
			_, _, err = typ.vector(1, 4)
		}
		if err != nil {
			return err
		}
	}
	if dict, ok, err := f.sub(4); err != nil {
		return err
	} else if ok {
		if _, _, err := dict.sub(1); err != nil {
			return err
		}
	}
	if err := f.tables(5, func(c fbTable) error { return verifyField(c, depth+1) }); err != nil {
		return err
	}
	return keyValues(f, 6)
}

func verifyRecordBatch(rb fbTable) error {
	if _, _, err := rb.vector(1, 16); err != nil {
		return err
	}
	_, nbuf, err := rb.vector(2, 16)
	if err != nil {
		return err
	}
	if _, _, err := rb.sub(3); err != nil {
		return err
	}
	start, n, err := rb.vector(4, 8)
	if err != nil {
		return err
	}
	for i := range n {
		c, err := rb.b.i64(start + 8*i)
		if err != nil {
			return err
		}
		if c < 0 || c > nbuf {
			return fmt.Errorf("variadic buffer count %d with %d buffers", c, nbuf)
		}
	}
	return nil
}

// block is a Block struct of the footer: where a message lies in the file.
type block struct {
	offset int64
	meta   int32
	body   int64
}

// verifyFooter checks an IPC file's footer and returns its dictionary and
// record batch blocks.
func verifyFooter(footer []byte) (dicts, batches []block, err error) {
	f, err := fbuf(footer).root()
	if err != nil {
		return nil, nil, err
	}
	s, ok, err := f.sub(1)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errors.New("footer without a schema")
	}
	if err := verifySchema(s); err != nil {
		return nil, nil, err
	}
	if dicts, err = blocks(f, 2); err != nil {
		return nil, nil, err
	}
	if batches, err = blocks(f, 3); err != nil {
		return nil, nil, err
	}
	return dicts, batches, keyValues(f, 4)
}

func blocks(f fbTable, slot int64) ([]block, error) {
	const size = 24 // offset int64, metaDataLength int32, padding, bodyLength int64
	start, n, err := f.vector(slot, size)
	if err != nil {
		return nil, err
	}
	out := make([]block, n) // n*24 bytes fit in the footer: checked by vector
	for i := range out {
		at := start + size*int64(i)
		off, _ := f.b.i64(at)
		meta, _ := f.b.u32(at + 8)
		body, _ := f.b.i64(at + 16)
		out[i] = block{offset: off, meta: int32(meta), body: body}
	}
	return out, nil
}
