package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestNumberRecords(t *testing.T) {
	tests := []struct {
		name, in, want string
		records        int64
	}{
		{"plain", "a,b\n1,2\n3,4\n", "_src_row,_ws,a,b\n2,0,1,2\n3,0,3,4\n", 2},
		{"no final newline", "a,b\n1,2", "_src_row,_ws,a,b\n2,0,1,2\n", 1},
		{"blank lines count as rows", "a,b\n\n1,2\r\n\r\n3,4\n", "_src_row,_ws,a,b\n3,0,1,2\n5,0,3,4\n", 2},
		{"quoted newline is one row", "a,b\n\"x\ny\",2\n3,4\n", "_src_row,_ws,a,b\n2,1,\"x\ny\",2\n3,0,3,4\n", 2},
		{"blank line inside quotes", "a,b\n\"x\n\ny\",2\n3,4\n", "_src_row,_ws,a,b\n2,1,\"x\n\ny\",2\n3,0,3,4\n", 2},
		{"doubled quote", "a,b\n\"p\"\"q\",2\n3,4\n", "_src_row,_ws,a,b\n2,0,\"p\"\"q\",2\n3,0,3,4\n", 2},
		{"quote inside unquoted field", "a,b\nab\"c,2\n3,4\n", "_src_row,_ws,a,b\n2,0,ab\"c,2\n3,0,3,4\n", 2},
		{"stray character after closing quote", "a,b\n\"bad\"x,2\n3,4\n", "_src_row,_ws,a,b\n2,0,\"bad\"x,2\n3,0,3,4\n", 2},
		{"space before a delimiter", "a,b\n1 ,2\n", "_src_row,_ws,a,b\n2,1,1 ,2\n", 1},
		{"space after a delimiter", "a,b\n1, 2\n", "_src_row,_ws,a,b\n2,1,1, 2\n", 1},
		{"space at the end of the line", "a,b\n1,2 \r\n", "_src_row,_ws,a,b\n2,1,1,2 \n", 1},
		{"space inside a quoted field", "a,b\n\" 1\",2\n", "_src_row,_ws,a,b\n2,1,\" 1\",2\n", 1},
		{"space inside a value", "a,b\n张 三,2\n", "_src_row,_ws,a,b\n2,0,张 三,2\n", 1},
		{"ideographic space", "a,b\n张三\u3000,2\n", "_src_row,_ws,a,b\n2,1,张三\u3000,2\n", 1},
		{"no-break space", "a,b\n\u00a012,2\n", "_src_row,_ws,a,b\n2,1,\u00a012,2\n", 1},
		{"ideograph ending in 0x80 is not a space", "a,b\n一,2\n", "_src_row,_ws,a,b\n2,0,一,2\n", 1},
		{"tab delimiter", "a\tb\n1\t2\n", "_src_row\t_ws\ta\tb\n2\t0\t1\t2\n", 1},
		{"tab delimiter, quoted tab", "a\tb\n\"\t1\"\t2\n3\t4\n", "_src_row\t_ws\ta\tb\n2\t1\t\"\t1\"\t2\n3\t0\t3\t4\n", 2},
		{"CRLF line ends become LF", "a,b\r\n1,2\r\n3,4\r\n", "_src_row,_ws,a,b\n2,0,1,2\n3,0,3,4\n", 2},
		{"mixed line ends", "a,b\n1,2\r\n3,4\n\"x\r\ny\",5\r\n", "_src_row,_ws,a,b\n2,0,1,2\n3,0,3,4\n4,1,\"x\r\ny\",5\n", 3},
		{"lone CR inside a value", "a,b\n1\r,2\n3,4\n", "_src_row,_ws,a,b\n2,1,\"1\r\",2\n3,0,3,4\n", 2},
		{"lone CR in the middle of a value", "a,b\nla\rnd,2\r\n", "_src_row,_ws,a,b\n2,0,\"la\rnd\",2\n", 1},
		{"quoted field spans blocks", "a,b\n\"one\ntwo\nthree\",2\n\n3,4", "_src_row,_ws,a,b\n2,1,\"one\ntwo\nthree\",2\n4,0,3,4\n", 2},
		{"header only", "a,b\n", "_src_row,_ws,a,b\n", 0},
	}
	for _, tt := range tests {
		// Small blocks put block ends inside lines and make lines outgrow
		// the buffer.
		for _, size := range []int{4, 7, 64, 0} {
			t.Run(fmt.Sprintf("%s/block %d", tt.name, size), func(t *testing.T) {
				delim := byte(',')
				if strings.Contains(tt.in, "\t") {
					delim = '\t'
				}
				var out strings.Builder
				n := numberer{delim: delim, blockSize: size, checkUTF8: true}
				got, err := n.copy(&out, strings.NewReader(tt.in))
				if err != nil {
					t.Fatal(err)
				}
				if out.String() != tt.want || got != tt.records {
					t.Errorf("got %d records\n%q\nwant %d\n%q", got, out.String(), tt.records, tt.want)
				}
			})
		}
	}
}

func TestNumberRecordsNotUTF8(t *testing.T) {
	gbk := "a,b\n1,2\n\xd5\xc5\xc8\xfd,3\n" // 张三 in GBK
	var out strings.Builder
	n := numberer{delim: ',', checkUTF8: true, blockSize: 8}
	if _, err := n.copy(&out, strings.NewReader(gbk)); !errors.Is(err, errNotUTF8) {
		t.Errorf("err = %v, want errNotUTF8", err)
	}
	out.Reset()
	n = numberer{delim: ','}
	if _, err := n.copy(&out, strings.NewReader(gbk)); err != nil {
		t.Errorf("without the check: %v", err)
	}
}
