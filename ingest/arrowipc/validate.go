package arrowipc

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
)

// fullValidator is implemented by the arrow-go arrays that can check their
// offsets against their data (strings, binaries, lists, views).
type fullValidator interface{ ValidateFull() error }

// validate checks what arrow-go's IPC reader does not: that the validity
// bitmap and the fixed-width values cover the array, that offsets stay
// inside the data, and that dictionary indices point into the dictionary.
// Nested arrays are checked down to their leaves.
func validate(a arrow.Array) error {
	d := a.Data()
	end := int64(d.Offset()) + int64(d.Len())
	if a.DataType().ID() != arrow.NULL && a.NullN() > 0 {
		bm := d.Buffers()[0]
		if bm == nil || int64(bm.Len()) < bitutil.BytesForBits(end) {
			return fmt.Errorf("validity bitmap shorter than %d values", end)
		}
	}
	if fw, ok := a.DataType().(arrow.FixedWidthDataType); ok && a.DataType().ID() != arrow.NULL && a.DataType().ID() != arrow.DICTIONARY {
		need := bitutil.BytesForBits(end * int64(fw.BitWidth()))
		if bufs := d.Buffers(); len(bufs) < 2 || (need > 0 && (bufs[1] == nil || int64(bufs[1].Len()) < need)) {
			return fmt.Errorf("values buffer shorter than %d values of %s", end, a.DataType())
		}
	}
	if v, ok := a.(fullValidator); ok {
		if err := v.ValidateFull(); err != nil {
			return err
		}
	}
	switch a := a.(type) {
	case *array.Dictionary:
		if err := validate(a.Indices()); err != nil {
			return fmt.Errorf("dictionary indices: %w", err)
		}
		if err := validate(a.Dictionary()); err != nil {
			return fmt.Errorf("dictionary: %w", err)
		}
		return indicesInRange(a.Indices(), a.Dictionary().Len())
	case *array.Struct:
		for i := 0; i < a.NumField(); i++ {
			if err := validate(a.Field(i)); err != nil {
				return fmt.Errorf("struct field %d: %w", i, err)
			}
		}
	case array.ListLike:
		if err := validate(a.ListValues()); err != nil {
			return fmt.Errorf("list values: %w", err)
		}
	case array.ExtensionArray:
		return validate(a.Storage())
	}
	return nil
}

// indicesInRange checks that every non-null index is in [0, n).
func indicesInRange(idx arrow.Array, n int) error {
	switch a := idx.(type) {
	case *array.Int8:
		return inRange(a, a.Int8Values(), n)
	case *array.Int16:
		return inRange(a, a.Int16Values(), n)
	case *array.Int32:
		return inRange(a, a.Int32Values(), n)
	case *array.Int64:
		return inRange(a, a.Int64Values(), n)
	case *array.Uint8:
		return inRange(a, a.Uint8Values(), n)
	case *array.Uint16:
		return inRange(a, a.Uint16Values(), n)
	case *array.Uint32:
		return inRange(a, a.Uint32Values(), n)
	case *array.Uint64:
		return inRange(a, a.Uint64Values(), n)
	}
	return fmt.Errorf("dictionary index type %s", idx.DataType())
}

type index interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

func inRange[T index](a arrow.Array, vals []T, n int) error {
	for i, v := range vals {
		if (v < 0 || uint64(v) >= uint64(n)) && a.IsValid(i) {
			return fmt.Errorf("dictionary index %d in row %d of the batch is outside a dictionary of %d values", v, i, n)
		}
	}
	return nil
}
