package xlsx

import (
	"encoding/xml"
	"errors"
	"io"
)

// checkSheetXML reads the XML of a sheet whose rows excelize's reader has
// returned to the end (rows of them) and returns a *corruptError if the
// XML is malformed or cut off anywhere: excelize's reader ends there
// silently, as if the sheet ended. The byte scanner reads the XML; where
// it refuses it, encoding/xml reads it again as excelize's decoder does.
// Nothing is checked, and nil returned, where the fast reader cannot find
// the sheet's part (openFastBook fails) or the part is missing or empty.
func (wb *Workbook) checkSheetXML(sheet string, rows int) error {
	if wb.openBook() != nil {
		return nil
	}
	open := func() (io.ReadCloser, error) { return wb.book.sheet(sheet) }
	offset, err := scanToEnd(open)
	if errors.Is(err, errRefused) {
		offset, err = decodeToEnd(open, wb.f.CharsetReader)
	}
	if err != nil {
		return &corruptError{After: rows, Offset: offset, Err: err, InRow: true}
	}
	return nil
}

// scanToEnd reads XML with the byte scanner to its end and returns where
// and why it fails, if it does.
func scanToEnd(open func() (io.ReadCloser, error)) (offset int64, err error) {
	rc, err := open()
	if err != nil {
		return 0, nil
	}
	defer rc.Close()
	s := newXMLScanner(rc)
	for {
		switch s.next() {
		case tokEOF:
			return 0, nil
		case tokError:
			return s.offset(), s.err
		}
	}
}

// decodeToEnd reads XML with encoding/xml's Decoder to its end and returns
// where and why it fails, if it does.
func decodeToEnd(open func() (io.ReadCloser, error), charsetReader func(string, io.Reader) (io.Reader, error)) (offset int64, err error) {
	rc, err := open()
	if err != nil {
		return 0, nil
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.CharsetReader = charsetReader
	for {
		if _, err := d.Token(); err != nil {
			if err == io.EOF {
				return 0, nil
			}
			return d.InputOffset(), err
		}
	}
}
