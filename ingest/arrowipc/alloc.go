package arrowipc

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// limitAllocator refuses any single allocation above limit by panicking;
// arrow-go's readers recover that panic and return it as an error, and
// ToParquet recovers it wherever they do not. It guards against a corrupt
// length (the uncompressed size in front of a compressed buffer, which
// nothing else checks) that would otherwise ask the runtime for terabytes
// and end the process with an unrecoverable out-of-memory error. The limit
// is set well above any buffer a real record batch of the file can hold:
// twice the file, and at least 1 GiB.
type limitAllocator struct {
	mem   memory.Allocator
	limit int64
}

func newLimitAllocator(mem memory.Allocator, limit int64) *limitAllocator {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	return &limitAllocator{mem: mem, limit: limit}
}

func (a *limitAllocator) check(size int) {
	if size < 0 || int64(size) > a.limit {
		panic(fmt.Errorf("%w: a buffer of %d bytes is declared, more than the file can hold (limit %d)", ErrCorrupt, size, a.limit))
	}
}

func (a *limitAllocator) Allocate(size int) []byte {
	a.check(size)
	return a.mem.Allocate(size)
}

func (a *limitAllocator) Reallocate(size int, b []byte) []byte {
	a.check(size)
	return a.mem.Reallocate(size, b)
}

func (a *limitAllocator) Free(b []byte) { a.mem.Free(b) }
