package csvprep

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
)

// number numbers in with no clean route and returns the others' copy and
// the records.
func number(t *testing.T, in string, delim byte, fields, maxRow, blockSize int, dec decoder) (string, int64) {
	t.Helper()
	var out strings.Builder
	n := numberer{delim: delim, fields: fields, maxRow: maxRow, blockSize: blockSize, dec: dec}
	got, err := n.copy(&out, io.Discard, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), got
}

func TestNumberRecords(t *testing.T) {
	tests := []struct {
		name, in, want string
		records        int64
	}{
		{"plain", "a,b\n1,2\n3,4\n", "2,0,,,1,2\n3,0,,,3,4\n", 2},
		{"no final newline", "a,b\n1,2", "2,0,,,1,2\n", 1},
		{"blank lines count as rows", "a,b\n\n1,2\r\n\r\n3,4\n", "3,0,,,1,2\n5,0,,,3,4\n", 2},
		{"quoted newline is one row", "a,b\n\"x\ny\",2\n3,4\n", "2,1,,,\"x\ny\",2\n3,0,,,3,4\n", 2},
		{"blank line inside quotes", "a,b\n\"x\n\ny\",2\n3,4\n", "2,1,,,\"x\n\ny\",2\n3,0,,,3,4\n", 2},
		{"doubled quote", "a,b\n\"p\"\"q\",2\n3,4\n", "2,0,,,\"p\"\"q\",2\n3,0,,,3,4\n", 2},
		{"quote inside unquoted field, quoted again", "a,b\nab\"c,2\n3,4\n", "2,0,,,\"ab\"\"c\",2\n3,0,,,3,4\n", 2},
		{"spaces and a quote at the start of a line", "a,b\n \",\n3,4\n", "2,1,,,\" \"\"\",\n3,0,,,3,4\n", 2},
		{"stray character after closing quote", "a,b\n\"bad\"x,2\n3,4\n",
			"2,0,\"malformed record: a character after a closing quote (a quote inside a quoted value must be doubled)\",\"\"\"bad\"\"x,2\",,\n3,0,,,3,4\n", 2},
		{"space before a delimiter", "a,b\n1 ,2\n", "2,1,,,1 ,2\n", 1},
		{"space after a delimiter", "a,b\n1, 2\n", "2,1,,,1, 2\n", 1},
		{"space at the end of the line", "a,b\n1,2 \r\n", "2,1,,,1,2 \n", 1},
		{"space inside a quoted field", "a,b\n\" 1\",2\n", "2,1,,,\" 1\",2\n", 1},
		{"space inside a value", "a,b\n张 三,2\n", "2,0,,,张 三,2\n", 1},
		{"ideographic space", "a,b\n张三\u3000,2\n", "2,1,,,张三\u3000,2\n", 1},
		{"no-break space", "a,b\n\u00a012,2\n", "2,1,,,\u00a012,2\n", 1},
		{"ideograph ending in 0x80 is not a space", "a,b\n一,2\n", "2,0,,,一,2\n", 1},
		{"tab delimiter", "a\tb\n1\t2\n", "2\t0\t\t\t1\t2\n", 1},
		{"tab delimiter, quoted tab", "a\tb\n\"\t1\"\t2\n3\t4\n", "2\t1\t\t\t\"\t1\"\t2\n3\t0\t\t\t3\t4\n", 2},
		{"CRLF line ends become LF", "a,b\r\n1,2\r\n3,4\r\n", "2,0,,,1,2\n3,0,,,3,4\n", 2},
		{"mixed line ends", "a,b\n1,2\r\n3,4\n\"x\r\ny\",5\r\n", "2,0,,,1,2\n3,0,,,3,4\n4,1,,,\"x\r\ny\",5\n", 3},
		{"lone CR inside a value", "a,b\n1\r,2\n3,4\n", "2,1,,,\"1\r\",2\n3,0,,,3,4\n", 2},
		{"lone CR in the middle of a value", "a,b\nla\rnd,2\r\n", "2,0,,,\"la\rnd\",2\n", 1},
		{"quoted field spans blocks", "a,b\n\"one\ntwo\nthree\",2\n\n3,4", "2,1,,,\"one\ntwo\nthree\",2\n4,0,,,3,4\n", 2},
		{"header only", "a,b\n", "", 0},
		{"quoted header over two lines", "\"a\nb\",c\n1,2\n", "2,0,,,1,2\n", 1},
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
				got, records := number(t, tt.in, delim, 2, 1<<20, size, decoder{})
				if got != tt.want || records != tt.records {
					t.Errorf("got %d records\n%q\nwant %d\n%q", records, got, tt.records, tt.want)
				}
			})
		}
	}
}

// TestNumberTooLong: a record longer than the limit becomes a placeholder
// (row, reason, the start of it, empty fields), whether it is one long
// line or many lines in quotes, and the records around it are untouched;
// the reader never holds more of it than a block.
func TestNumberTooLong(t *testing.T) {
	long := strings.Repeat("x", 5000)
	manyLines := "\"" + strings.Repeat("line\n", 1000) + "\""
	tests := []struct {
		name, in string
		rows     []string // the rows of the copy
		bad      string   // the placeholder's row
	}{
		{"one long line", "a,b\n1,2\n" + long + ",3\n4,5\n", []string{"2", "3", "4"}, "3"},
		{"a long last line without a line end", "a,b\n1,2\n" + long, []string{"2", "3"}, "3"},
		{"a long quoted field over many lines", "a,b\n1,2\n" + manyLines + ",3\n4,5\n", []string{"2", "3", "4"}, "3"},
		{"an unclosed quote", "a,b\n1,2\n\"open," + strings.Repeat("y\n", 3000), []string{"2", "3"}, "3"},
		{"a long line inside a quoted record", "a,b\n\"x\n" + long + "\ny\",2\n4,5\n", []string{"2", "3"}, "2"},
	}
	for _, tt := range tests {
		for _, size := range []int{64, 1000, 0} {
			t.Run(fmt.Sprintf("%s/block %d", tt.name, size), func(t *testing.T) {
				got, records := number(t, tt.in, ',', 2, 1024, size, decoder{})
				recs := readCSV(t, got)
				var rows []string
				for _, r := range recs {
					rows = append(rows, r[0])
					if r[0] == tt.bad && (!strings.HasPrefix(r[2], "record of ") || r[4] != "" || r[5] != "") {
						t.Errorf("placeholder %q: want a reason and empty fields", r)
					}
				}
				if strings.Join(rows, " ") != strings.Join(tt.rows, " ") || int(records) != len(tt.rows) {
					t.Errorf("rows %q (%d records), want %q\n%.300q", rows, records, tt.rows, got)
				}
				if len(got) > 3000 {
					t.Errorf("the copy holds %d bytes: the long record was copied", len(got))
				}
			})
		}
	}
}

// An unclosed quote makes the rest of the file one record, a reject at
// the row where the quote opens.
func TestNumberUnclosedQuote(t *testing.T) {
	got, records := number(t, "a,b\n1,2\n\"open,3\n4,5\n", ',', 2, 1024, 0, decoder{})
	if want := "2,0,,,1,2\n3,0,\"" + unclosedQuote + "\",\"\"\"open,3\n4,5\n\",,\n"; got != want || records != 2 {
		t.Errorf("%d records %q, want 2 %q", records, got, want)
	}
}

// readCSV reads the numberer's copy.
func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%v\n%q", err, s)
	}
	return recs
}

// TestNumberOtherEncoding: in a GB18030 file, a line in UTF-8 becomes a
// placeholder that shows it; in a UTF-8 file, a line in GB18030 too,
// shown decoded; the other lines are decoded and copied.
func TestNumberOtherEncoding(t *testing.T) {
	gb := func(s string) string {
		var out []byte
		for _, r := range s {
			switch r {
			case '张':
				out = append(out, 0xd5, 0xc5)
			case '三':
				out = append(out, 0xc8, 0xfd)
			default:
				out = append(out, byte(r))
			}
		}
		return string(out)
	}
	in := gb("a,b\n张三,1\n") + "张三,2\n" + gb("3,张三\n")
	got, records := number(t, in, ',', 2, 1<<20, 0, decoder{gb: true, check: true})
	want := "2,0,,,张三,1\n3,0,\"this row is in UTF-8, the rest of the file in GB18030 (GBK): save the whole file in one encoding\",\"张三,2\n\",,\n4,0,,,3,张三\n"
	if got != want || records != 3 {
		t.Errorf("GB18030 file: %d records\n%q\nwant\n%q", records, got, want)
	}
	in = "a,b\n张三,1\n" + gb("张三,2\n") + "3,4\n\xff\xfe,5\n"
	got, records = number(t, in, ',', 2, 1<<20, 0, decoder{check: true})
	for _, part := range []string{"2,0,,,张三,1\n", "3,0,\"this row is in GB18030 (GBK), the rest of the file in UTF-8", "\"张三,2\n\"",
		"4,0,,,3,4\n", "5,0,\"this row is neither UTF-8 nor GB18030"} {
		if !strings.Contains(got, part) {
			t.Errorf("UTF-8 file: no %q in\n%q", part, got)
		}
	}
	if records != 4 {
		t.Errorf("UTF-8 file: %d records, want 4", records)
	}
}
