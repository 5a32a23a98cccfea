package textenc

import (
	"errors"
	"fmt"
	"strings"
)

// Encoding is a text encoding of a ledger file. The zero value is UTF8.
type Encoding uint8

// The encodings Detect reports and NewDecoder reads.
const (
	UTF8    Encoding = iota // UTF-8 without a byte-order mark (ASCII included)
	UTF8BOM                 // UTF-8 starting with the byte-order mark EF BB BF
	GB18030                 // GB18030, read for GB2312 and GBK as well
)

// ErrUnknownEncoding is returned by ParseEncoding for a name it does not know.
var ErrUnknownEncoding = errors.New("unknown encoding")

// String returns the name ParseEncoding reads back: utf-8, utf-8-sig or
// gb18030.
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "utf-8"
	case UTF8BOM:
		return "utf-8-sig"
	case GB18030:
		return "gb18030"
	}
	return fmt.Sprintf("Encoding(%d)", uint8(e))
}

// encodingNames maps the names of ParseEncoding (lower case, '_' read as '-')
// to encodings. GB2312 and GBK (code page 936) are subsets of GB18030.
var encodingNames = map[string]Encoding{
	"utf-8":     UTF8,
	"utf8":      UTF8,
	"utf-8-sig": UTF8BOM,
	"utf8-sig":  UTF8BOM,
	"gb18030":   GB18030,
	"gbk":       GB18030,
	"gb2312":    GB18030,
	"cp936":     GB18030,
}

// ParseEncoding reads the value of an --encoding flag: utf-8 (utf8),
// utf-8-sig, gbk, gb2312, cp936 or gb18030, in any letter case; gbk, gb2312
// and cp936 give GB18030, which decodes them all. Other names give an error
// wrapping ErrUnknownEncoding.
func ParseEncoding(name string) (Encoding, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-")
	if e, ok := encodingNames[key]; ok {
		return e, nil
	}
	return 0, fmt.Errorf("%w %q: want utf-8, utf-8-sig, gbk, gb2312 or gb18030", ErrUnknownEncoding, name)
}
