package xlsx

import (
	"errors"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// rowSource yields a worksheet's rows as excelize's streaming reader
// does: one call of next per Rows.Next/Rows.Columns pair, so that the n-th
// call returns worksheet row n (without cells if the XML has no such row).
// The cells returned are the caller's to keep.
type rowSource interface {
	next() (cells []string, ok bool, err error)
	close() error
}

// rowReader numbers the rows of a source and can push one row back.
type rowReader struct {
	src   rowSource
	n     int      // worksheet row number of the row last returned
	cells []string // the row last returned
	back  bool     // next returns the same row again
}

// next returns the next row's cells, or ok false at the end of the sheet.
func (r *rowReader) next() (cells []string, ok bool, err error) {
	if r.back {
		r.back = false
		return r.cells, true, nil
	}
	if r.cells, ok, err = r.src.next(); err != nil || !ok {
		r.cells = nil
		return nil, false, err
	}
	r.n++
	return r.cells, true, nil
}

// unread makes next return the last row again.
func (r *rowReader) unread() { r.back = true }

// close closes the source.
func (r *rowReader) close() error { return r.src.close() }

// excelizeRows is excelize's streaming reader in raw mode. excelize's Next
// steps over rows missing from the XML one at a time (Columns returns no
// cells for them).
//
// excelize's reader ends silently where the XML is malformed or cut off,
// so at the end of the rows check, if set, reads the sheet's XML again and
// returns an error wrapping ErrCorrupt if it breaks.
type excelizeRows struct {
	rows  *excelize.Rows
	check func(rows int) error // rows: the rows returned
	n     int                  // rows returned
}

func (x *excelizeRows) next() ([]string, bool, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil || x.check == nil {
			return nil, false, err
		}
		check := x.check
		x.check = nil
		return nil, false, check(x.n)
	}
	cells, err := x.rows.Columns(rawCells)
	if err != nil {
		return nil, false, err
	}
	x.n++
	return cells, true, nil
}

func (x *excelizeRows) close() error { return x.rows.Close() }

// fallbackRows reads with the fast reader until it meets something it does
// not handle, then hands over to excelize: excelize reads the sheet again
// from its first row, the rows the fast reader already returned are
// skipped, and excelize returns the rest. Because the fast reader returns
// exactly excelize's rows up to that point, the caller sees excelize's
// result either way. XML that is malformed or cut off is not handed over:
// the fast reader's error, wrapping ErrCorrupt, is returned.
type fallbackRows struct {
	fast     *sheetReader // nil once handed over
	closeFn  func() error // closes the fast reader's input
	slow     rowSource
	returned int // rows the fast reader returned
	handOver func(reason error)
}

func (f *fallbackRows) next() ([]string, bool, error) {
	if f.fast != nil {
		cells, ok, err := f.fast.next()
		if err == nil {
			if ok {
				f.returned++
			}
			return cells, ok, nil
		}
		if errors.Is(err, ErrCorrupt) {
			return nil, false, err
		}
		if err := f.switchToSlow(err); err != nil {
			return nil, false, err
		}
	}
	return f.slow.next()
}

// switchToSlow closes the fast reader and skips the rows it returned in
// excelize's.
func (f *fallbackRows) switchToSlow(reason error) error {
	f.fast = nil
	cerr := f.closeFn()
	if f.handOver != nil {
		f.handOver(reason)
	}
	for i := range f.returned {
		if _, ok, err := f.slow.next(); err != nil || !ok {
			return fmt.Errorf("excelize ends at row %d where the fast reader returned %d rows: %w", i+1, f.returned, errors.Join(err, errDisagree))
		}
	}
	if cerr != nil {
		return fmt.Errorf("close the worksheet: %w", cerr)
	}
	return nil
}

// errDisagree is an internal error: excelize and the fast reader read a
// sheet differently.
var errDisagree = errors.New("the fast reader and excelize disagree; please report this workbook")

func (f *fallbackRows) close() error {
	var err error
	if f.fast != nil {
		err = f.closeFn()
	}
	return errors.Join(err, f.slow.close())
}
