package docx

import (
	"archive/zip"
	"bytes"
	"io"
	"time"
)

// zipTime is the modification time of every file in the archive: fixed,
// so that the same document gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteTo writes the document as a .docx file to w. It implements
// io.WriterTo. The document may be written more than once and added to
// between writes.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	for _, p := range d.parts() {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return cw.n, err
		}
		if _, err := io.WriteString(f, p.data); err != nil {
			return cw.n, err
		}
	}
	err := zw.Close()
	return cw.n, err
}

// Bytes returns the document as a .docx file.
func (d *Document) Bytes() []byte {
	var b bytes.Buffer
	d.WriteTo(&b) // a bytes.Buffer does not fail
	return b.Bytes()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
