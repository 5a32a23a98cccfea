package csvprep

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/microrisk/microrisk/ingest/textenc"
)

// Limits bound the memory and time a file can take, whatever is in it.
type Limits struct {
	// MaxRowBytes: a record longer is a reject (the reader never holds
	// more of it).
	MaxRowBytes int
	// MaxCellBytes: a record with a longer value is not clean; the load's
	// checks reject it.
	MaxCellBytes int
	// MaxColumns: a header with more columns is refused.
	MaxColumns int
}

// DefaultLimits are far above any real ledger's: a cell of Excel holds at
// most 32,767 characters (up to 96 KiB of UTF-8), a ledger has a few
// dozen columns.
var DefaultLimits = Limits{MaxRowBytes: 1 << 20, MaxCellBytes: 128 << 10, MaxColumns: 1024}

// Options control a pre-pass.
type Options struct {
	// Encoding forces the file's encoding ("" detects it).
	Encoding string
	// WorkDir is the folder of the others' files, which hold ledger data
	// in clear: the database's own (store.WorkDir). Their names start
	// with FilePrefix.
	WorkDir string
	// FilePrefix starts the names of the others' files.
	FilePrefix string
	// Parts is how many parts of a large file are numbered at once; 0
	// means one per processor, at most 8.
	Parts int
	// MinPartBytes: a file smaller is one part (its blocks are still
	// numbered by several workers). 0 means 32 MiB.
	MinPartBytes int64
	Limits       Limits
}

// ErrEmpty is a file with no header.
var ErrEmpty = errors.New("file is empty")

// sampleSize is how much of a file's start is read for its header.
const sampleSize = 64 << 10

// File is a CSV file whose header is read and whose parts are planned,
// ready to Start.
type File struct {
	path    string
	enc     textenc.Encoding
	dec     decoder
	delim   byte
	header  []string
	parts   []part
	limits  Limits
	workers int // per part
}

// part is a byte range of the file, and the files its records that are
// not clean, and its clean records' values kept aside, go to.
type part struct {
	from, to   int64
	rowsBefore int64 // rows (as a spreadsheet counts them) before the part
	lines      int64
	others     string
	asides     string
}

// fileSeq makes each file's parts' names unique in the process.
var fileSeq atomic.Int64

// Open reads the header of the CSV file at path, finds its encoding (the
// whole file is read, in parallel parts: an export can turn to GBK at its
// millionth row), and plans its parts. A file that mixes encodings has
// the encoding of most of its lines, and its other lines become rejects.
func Open(path string, opts Options) (*File, error) {
	lim := opts.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("not a regular file (%v)", fi.Mode().Type())
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	sample := make([]byte, sampleSize)
	k, err := io.ReadFull(fh, sample)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	sample = sample[:k]
	f := &File{path: path, limits: lim}
	forced := opts.Encoding != ""
	if forced {
		if f.enc, err = textenc.ParseEncoding(opts.Encoding); err != nil {
			return nil, err
		}
	}
	if err := f.readHeader(sample, forced, len(sample) == sampleSize); err != nil {
		return nil, err
	}
	parts := opts.Parts
	if parts <= 0 {
		parts = min(runtime.GOMAXPROCS(0), 8)
	}
	minPart := opts.MinPartBytes
	if minPart <= 0 {
		minPart = 32 << 20
	}
	if fi.Size() < minPart {
		parts = 1
	}
	if err := f.plan(fh, fi.Size(), parts, forced); err != nil {
		return nil, err
	}
	f.workers = max(1, runtime.GOMAXPROCS(0)/len(f.parts))
	seq := fileSeq.Add(1)
	for i := range f.parts {
		base := fmt.Sprintf("%s%d-%d-%d", opts.FilePrefix, os.Getpid(), seq, i)
		f.parts[i].others = filepath.Join(opts.WorkDir, base+".csv")
		f.parts[i].asides = filepath.Join(opts.WorkDir, base+"-aside.csv")
	}
	return f, nil
}

// Header is the file's header record.
func (f *File) Header() []string { return f.header }

// Encoding names the file's encoding, as textenc.ParseEncoding reads it.
func (f *File) Encoding() string { return f.enc.String() }

// Delim is the file's delimiter.
func (f *File) Delim() byte { return f.delim }

// Remove removes the parts' files.
func (f *File) Remove() {
	for _, p := range f.parts {
		os.Remove(p.others)
		os.Remove(p.asides)
	}
}

// readHeader reads the delimiter and the header from the sample of the
// file's start; full says the sample is not the whole file.
func (f *File) readHeader(sample []byte, forced, full bool) error {
	whole := sample
	if full {
		nl := bytes.IndexByte(sample, '\n')
		if nl < 0 {
			return fmt.Errorf("header row longer than %d KiB", sampleSize>>10)
		}
		whole = sample[:bytes.LastIndexByte(sample, '\n')+1] // no character cut
	}
	// The header line's own encoding decides how it reads: the rows below
	// may be in another (Open finds the file's from all of them).
	first := whole
	if nl := bytes.IndexByte(whole, '\n'); nl >= 0 {
		first = whole[:nl]
	}
	text := whole
	switch {
	case forced && f.enc == textenc.GB18030, !forced && !utf8.Valid(first):
		text = textenc.DecodeGB18030(nil, whole)
	}
	text = bytes.TrimPrefix(text, []byte("\uFEFF"))
	if len(strings.TrimSpace(string(text))) == 0 {
		return ErrEmpty
	}
	delim := textenc.DetectDelimiter(text)
	if delim > 0x7f {
		return fmt.Errorf("delimiter %q is not an ASCII character", delim)
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return fmt.Errorf("header row: %w", err)
	}
	if len(rec) > f.limits.MaxColumns {
		return fmt.Errorf("the header has %d columns, more than the limit of %d: not a ledger", len(rec), f.limits.MaxColumns)
	}
	f.delim, f.header = byte(delim), rec
	return nil
}

// plan cuts the file into parts at line ends, scans them in parallel
// (lines, quotes, and, unless the encoding is forced, each line's
// encoding where a block is not UTF-8), decides the file's encoding, and
// makes the file one part if a record may span a part's end.
func (f *File) plan(fh *os.File, size int64, k int, forced bool) error {
	bounds, err := partBounds(fh, size, k)
	if err != nil {
		return err
	}
	scans := f.scan(fh, bounds, !forced, false)
	var sum partScan
	for i, sc := range scans {
		if sc.err != nil {
			return sc.err
		}
		sum.add(sc)
		if sc.quote && i < len(scans)-1 {
			bounds = []int64{0, size} // a record may span the part's end
		}
	}
	if !forced {
		if err := f.decideEncoding(fh, bounds, sum); err != nil {
			return err
		}
	}
	f.dec.gb = f.enc == textenc.GB18030
	if forced && !f.dec.gb {
		f.dec.check = true // a line that is not UTF-8 is a reject, not text DuckDB refuses
	}
	var rows int64
	for i := range len(bounds) - 1 {
		f.parts = append(f.parts, part{from: bounds[i], to: bounds[i+1], rowsBefore: rows})
		if len(bounds) == len(scans)+1 {
			f.parts[i].lines = scans[i].lines
			rows += scans[i].lines
		}
	}
	return nil
}

// decideEncoding decides the file's encoding from its parts' scans: UTF-8
// unless some line is not; GB18030 if no line is UTF-8 (or ASCII only);
// else the encoding of most lines, the others to be rejected.
func (f *File) decideEncoding(fh *os.File, bounds []int64, sum partScan) error {
	bom := sum.bom
	switch {
	case sum.gb == 0 && sum.undecodable == 0:
		f.enc = textenc.UTF8
	case sum.gb == 0 && sum.utf8 == 0 && sum.utf8Blocks == 0:
		// Nothing decodes: say where each reading fails.
		if _, err := textenc.DetectFile(f.path); err != nil {
			return err
		}
		f.enc, f.dec.check = textenc.UTF8, true
	case sum.utf8 == 0 && sum.utf8Blocks == 0:
		f.enc, f.dec.check = textenc.GB18030, sum.undecodable > 0
	default:
		// Lines of both: count the UTF-8 lines in the blocks that were
		// valid UTF-8 as a whole, and go with the majority.
		var all partScan
		for _, sc := range f.scan(fh, bounds, true, true) {
			if sc.err != nil {
				return sc.err
			}
			all.add(sc)
		}
		f.enc, f.dec.check = textenc.UTF8, true
		if all.gb > all.utf8 {
			f.enc = textenc.GB18030
		}
	}
	if bom && f.enc == textenc.UTF8 {
		f.enc = textenc.UTF8BOM
	}
	return nil
}

// partBounds cuts a file of size bytes into at most k parts at line ends:
// the offsets where the parts start, and size.
func partBounds(f *os.File, size int64, k int) ([]int64, error) {
	bounds := []int64{0}
	buf := make([]byte, 64<<10)
	for i := 1; i < k; i++ {
		at := max(size*int64(i)/int64(k), bounds[len(bounds)-1])
		for at < size {
			n, err := f.ReadAt(buf, at)
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			if nl := bytes.IndexByte(buf[:n], '\n'); nl >= 0 {
				at += int64(nl) + 1
				break
			}
			at += int64(n)
			if n == 0 {
				at = size
			}
		}
		if at >= size {
			break
		}
		if at > bounds[len(bounds)-1] {
			bounds = append(bounds, at)
		}
	}
	return append(bounds, size), nil
}

// partScan is what the scan learnt of a part.
type partScan struct {
	lines int64
	quote bool // a quote character appears
	bom   bool // the file starts with a UTF-8 byte-order mark (first part)
	// Lines by encoding, counted in the blocks that are not UTF-8 as a
	// whole (and, with countUTF8, in all of them), and the blocks that are
	// UTF-8 with some multi-byte character.
	utf8, gb, undecodable int64
	utf8Blocks            int64
	err                   error
}

func (s *partScan) add(o partScan) {
	s.lines += o.lines
	s.quote = s.quote || o.quote
	s.bom = s.bom || o.bom
	s.utf8, s.gb, s.undecodable, s.utf8Blocks = s.utf8+o.utf8, s.gb+o.gb, s.undecodable+o.undecodable, s.utf8Blocks+o.utf8Blocks
}

// scan scans the parts between bounds in parallel.
func (f *File) scan(fh *os.File, bounds []int64, classify, countUTF8 bool) []partScan {
	scans := make([]partScan, len(bounds)-1)
	var wg sync.WaitGroup
	for i := range scans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scans[i] = scanPart(fh, bounds[i], bounds[i+1], f.limits.MaxRowBytes, classify, countUTF8)
		}()
	}
	wg.Wait()
	return scans
}

// scanPart counts the lines and looks for quotes in the byte range [from,
// to) of f, which ends at a line end (or the end of the file), and, with
// classify, classifies the lines of each block that is not UTF-8 as a
// whole (textenc.ClassifyLine); with countUTF8, the lines of every block.
// A line longer than maxRow is counted but not classified: it is a reject
// whatever its encoding. Line ends and quotes are single bytes in GB18030
// too, never part of a character, so the counts hold for it as well.
func scanPart(f *os.File, from, to int64, maxRow int, classify, countUTF8 bool) partScan {
	var sc partScan
	r := io.NewSectionReader(f, from, to-from)
	buf := make([]byte, max(1<<20, 2*maxRow+1))
	carry, skipping, last := 0, false, byte('\n')
	for first := true; ; first = false {
		k, err := io.ReadFull(r, buf[carry:])
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			sc.err = err
			return sc
		}
		fresh := buf[carry : carry+k]
		if k > 0 {
			last = fresh[k-1]
		}
		if first && from == 0 {
			sc.bom = textenc.HasUTF8BOM(fresh)
		}
		sc.lines += int64(bytes.Count(fresh, []byte{'\n'}))
		sc.quote = sc.quote || bytes.IndexByte(fresh, '"') >= 0
		data := buf[:carry+k]
		if skipping { // the rest of a line too long to classify
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				data = nil
			} else {
				data, skipping = data[i+1:], false
			}
		}
		cut := len(data)
		if !eof {
			cut = bytes.LastIndexByte(data, '\n') + 1
		}
		if classify {
			sc.classify(data[:cut], countUTF8)
		}
		rest := data[cut:]
		if eof {
			break
		}
		if len(rest) > maxRow {
			skipping, carry = true, 0
		} else {
			carry = copy(buf, rest)
		}
	}
	if last != '\n' {
		sc.lines++ // the last line has no line end
	}
	return sc
}

// classify counts the lines of a block of whole lines by encoding.
func (sc *partScan) classify(b []byte, countUTF8 bool) {
	if !countUTF8 && utf8.Valid(b) {
		if !isASCII(b) {
			sc.utf8Blocks++
		}
		return
	}
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		switch textenc.ClassifyLine(line) {
		case textenc.UTF8Line:
			sc.utf8++
		case textenc.GB18030Line:
			sc.gb++
		case textenc.UndecodableLine:
			sc.undecodable++
		}
	}
}

// isASCII reports whether b holds only ASCII bytes, eight at a time.
func isASCII(b []byte) bool {
	const high = 0x8080808080808080
	for ; len(b) >= 8; b = b[8:] {
		if binary.LittleEndian.Uint64(b)&high != 0 {
			return false
		}
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
