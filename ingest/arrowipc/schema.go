package arrowipc

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// plan is how the columns of a schema are written: the Parquet-side Arrow
// schema and, per field, a conversion (nil: written as read).
type plan struct {
	in    *arrow.Schema
	out   *arrow.Schema
	names []string
	convs []converter
}

// converter returns a new array holding what a is to be written as.
type converter func(a arrow.Array, mem memory.Allocator) (arrow.Array, error)

// fieldError is an error about particular fields.
type fieldError struct {
	fields []string
	err    error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// planFor checks the schema and plans the conversion of each field.
func planFor(in *arrow.Schema) (*plan, error) {
	if in.NumFields() == 0 {
		return nil, ErrNoFields
	}
	p := &plan{in: in}
	var unsupported, dups []string
	var listed, described []string
	seen := map[string]string{}
	out := make([]arrow.Field, in.NumFields())
	for i, f := range in.Fields() {
		p.names = append(p.names, f.Name)
		key := strings.ToLower(f.Name)
		if first, ok := seen[key]; ok {
			dups = append(dups, f.Name)
			described = append(described, fmt.Sprintf("%q (same as %q)", f.Name, first))
		}
		seen[key] = f.Name
		out[i] = arrow.Field{Name: f.Name, Type: f.Type, Nullable: true, Metadata: f.Metadata}
		switch {
		case native(f.Type):
			p.convs = append(p.convs, nil)
		case conversion(f.Type) != nil:
			c := conversion(f.Type)
			out[i].Type = c.to
			p.convs = append(p.convs, c.fn)
		default:
			unsupported = append(unsupported, f.Name)
			listed = append(listed, fmt.Sprintf("%s (%s)", f.Name, f.Type))
			p.convs = append(p.convs, nil)
		}
	}
	if len(unsupported) > 0 {
		return nil, &fieldError{unsupported, fmt.Errorf("%w: field %s", ErrUnsupportedType, strings.Join(listed, ", field "))}
	}
	if len(dups) > 0 {
		return nil, &fieldError{dups, fmt.Errorf("%w: %s", ErrDuplicateField, strings.Join(described, ", "))}
	}
	md := in.Metadata()
	p.out = arrow.NewSchema(out, &md)
	return p, nil
}

// native reports whether arrow-go writes dt to Parquet in a form DuckDB
// reads back faithfully, with no conversion on our side.
func native(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.NULL, arrow.BOOL,
		arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64,
		arrow.FLOAT16, arrow.FLOAT32, arrow.FLOAT64,
		arrow.STRING, arrow.LARGE_STRING, arrow.BINARY, arrow.LARGE_BINARY, arrow.FIXED_SIZE_BINARY,
		arrow.DATE32, arrow.DATE64, arrow.TIME32, arrow.TIME64, arrow.DECIMAL128,
		arrow.TIMESTAMP: // arrow-go writes seconds as milliseconds, Parquet having no seconds
		return true
	case arrow.DECIMAL256:
		// DuckDB's decimals stop at 38 digits; wider ones it reads as an
		// inexact DOUBLE (and, as of 1.5.6, wrongly for negative values).
		return dt.(*arrow.Decimal256Type).Precision <= 38
	case arrow.DICTIONARY:
		v := dt.(*arrow.DictionaryType).ValueType
		return native(v) && !nested(v)
	case arrow.LIST, arrow.LARGE_LIST, arrow.FIXED_SIZE_LIST:
		return native(dt.(arrow.ListLikeType).Elem())
	case arrow.MAP:
		m := dt.(*arrow.MapType)
		return native(m.KeyType()) && native(m.ItemType())
	case arrow.STRUCT:
		s := dt.(*arrow.StructType)
		for _, f := range s.Fields() {
			if !native(f.Type) {
				return false
			}
		}
		return s.NumFields() > 0
	case arrow.EXTENSION:
		return native(dt.(arrow.ExtensionType).StorageType())
	}
	return false
}

func nested(dt arrow.DataType) bool {
	_, ok := dt.(arrow.NestedType)
	return ok
}

// typeConversion turns a type arrow-go cannot write into one it can.
type typeConversion struct {
	to arrow.DataType
	fn converter
}

// conversion returns how a top-level field of type dt is converted, or nil.
func conversion(dt arrow.DataType) *typeConversion {
	switch dt.(type) {
	case *arrow.StringViewType:
		return &typeConversion{arrow.BinaryTypes.LargeString, viewToLarge}
	case *arrow.BinaryViewType:
		return &typeConversion{arrow.BinaryTypes.LargeBinary, viewToLarge}
	}
	return nil
}

// viewToLarge copies a string or binary view array into a large (64-bit
// offset) string or binary array, which arrow-go can write.
func viewToLarge(a arrow.Array, mem memory.Allocator) (arrow.Array, error) {
	switch v := a.(type) {
	case *array.StringView:
		b := array.NewLargeStringBuilder(mem)
		defer b.Release()
		b.Reserve(v.Len())
		for i := 0; i < v.Len(); i++ {
			if v.IsNull(i) {
				b.AppendNull()
			} else {
				b.Append(v.Value(i))
			}
		}
		return b.NewArray(), nil
	case *array.BinaryView:
		b := array.NewBinaryBuilder(mem, arrow.BinaryTypes.LargeBinary)
		defer b.Release()
		b.Reserve(v.Len())
		for i := 0; i < v.Len(); i++ {
			if v.IsNull(i) {
				b.AppendNull()
			} else {
				b.Append(v.Value(i))
			}
		}
		return b.NewArray(), nil
	}
	return nil, fmt.Errorf("view conversion of %s", a.DataType())
}

// convert validates rec and returns the record batch to write.
func (p *plan) convert(rec arrow.RecordBatch, mem memory.Allocator) (arrow.RecordBatch, error) {
	if !rec.Schema().Equal(p.in) {
		return nil, fmt.Errorf("%w: record batch schema differs from the file's", ErrCorrupt)
	}
	cols := make([]arrow.Array, 0, rec.NumCols())
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()
	for i, col := range rec.Columns() {
		name := p.names[i]
		if int64(col.Len()) != rec.NumRows() {
			return nil, &fieldError{[]string{name}, fmt.Errorf("%w: field %s has %d values in a batch of %d rows", ErrCorrupt, name, col.Len(), rec.NumRows())}
		}
		if err := validate(col); err != nil {
			return nil, &fieldError{[]string{name}, fmt.Errorf("%w: field %s: %w", ErrCorrupt, name, err)}
		}
		if p.convs[i] == nil {
			col.Retain()
			cols = append(cols, col)
			continue
		}
		c, err := p.convs[i](col, mem)
		if err != nil {
			return nil, &fieldError{[]string{name}, fmt.Errorf("field %s: %w", name, err)}
		}
		cols = append(cols, c)
	}
	return array.NewRecordBatch(p.out, cols, rec.NumRows()), nil
}
