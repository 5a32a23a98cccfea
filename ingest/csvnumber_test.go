package ingest

import (
	"bufio"
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
		{"blank lines count as rows", "a,b\n\n1,2\r\n\r\n3,4\n", "_src_row,_ws,a,b\n3,0,1,2\r\n5,0,3,4\n", 2},
		{"quoted newline is one row", "a,b\n\"x\ny\",2\n3,4\n", "_src_row,_ws,a,b\n2,1,\"x\ny\",2\n3,0,3,4\n", 2},
		{"blank line inside quotes", "a,b\n\"x\n\ny\",2\n3,4\n", "_src_row,_ws,a,b\n2,1,\"x\n\ny\",2\n3,0,3,4\n", 2},
		{"doubled quote", "a,b\n\"p\"\"q\",2\n3,4\n", "_src_row,_ws,a,b\n2,0,\"p\"\"q\",2\n3,0,3,4\n", 2},
		{"quote inside unquoted field", "a,b\nab\"c,2\n3,4\n", "_src_row,_ws,a,b\n2,0,ab\"c,2\n3,0,3,4\n", 2},
		{"stray character after closing quote", "a,b\n\"bad\"x,2\n3,4\n", "_src_row,_ws,a,b\n2,0,\"bad\"x,2\n3,0,3,4\n", 2},
		{"space before a delimiter", "a,b\n1 ,2\n", "_src_row,_ws,a,b\n2,1,1 ,2\n", 1},
		{"space after a delimiter", "a,b\n1, 2\n", "_src_row,_ws,a,b\n2,1,1, 2\n", 1},
		{"space at the end of the line", "a,b\n1,2 \r\n", "_src_row,_ws,a,b\n2,1,1,2 \r\n", 1},
		{"space inside a quoted field", "a,b\n\" 1\",2\n", "_src_row,_ws,a,b\n2,1,\" 1\",2\n", 1},
		{"space inside a value", "a,b\n张 三,2\n", "_src_row,_ws,a,b\n2,0,张 三,2\n", 1},
		{"ideographic space", "a,b\n张三\u3000,2\n", "_src_row,_ws,a,b\n2,1,张三\u3000,2\n", 1},
		{"no-break space", "a,b\n\u00a012,2\n", "_src_row,_ws,a,b\n2,1,\u00a012,2\n", 1},
		{"ideograph ending in 0x80 is not a space", "a,b\n一,2\n", "_src_row,_ws,a,b\n2,0,一,2\n", 1},
		{"tab delimiter", "a\tb\n1\t2\n", "_src_row\t_ws\ta\tb\n2\t0\t1\t2\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			delim := byte(',')
			if strings.Contains(tt.in, "\t") {
				delim = '\t'
			}
			var out strings.Builder
			w := bufio.NewWriter(&out)
			n, err := numberRecords(w, bufio.NewReaderSize(strings.NewReader(tt.in), 16), delim)
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want || n != tt.records {
				t.Errorf("got %d records\n%q\nwant %d\n%q", n, out.String(), tt.records, tt.want)
			}
		})
	}
}
