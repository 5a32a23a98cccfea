package xlsx_test

import (
	"fmt"
	"os"

	"github.com/microrisk/microrisk/ingest/xlsx"
	"github.com/microrisk/microrisk/model"
)

// accepts is the ingest's rule: the headers name every required column of
// the ledger.
func accepts(l *model.Ledger) func(headers []string) bool {
	return func(headers []string) bool {
		found := map[string]bool{}
		for _, h := range headers {
			if c, _ := l.MatchHeader(h); c != nil {
				found[c.Name] = true
			}
		}
		for _, name := range l.Required() {
			if !found[name] {
				return false
			}
		}
		return true
	}
}

// A ledger with a title row, a unit line and a two-level header: 发放金额
// merged over 金额(元) and 发放日期, the other headers merged vertically.
// Dates come out as Excel serial numbers, the ID stored as text as text,
// and row 7, empty, is skipped without renumbering.
func ExampleWriteCSV() {
	s, err := xlsx.WriteCSV("testdata/title_merged_header/input.xlsx", "2017年发放", accepts(model.Payments), os.Stdout, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("header row %d, %d rows, 1904 dates: %v\n", s.HeaderRow, s.Rows, s.Date1904)
	// Output:
	// _sheet_row,发放编号,发放单位编码,资金项目,金额(元),发放日期,领取人身份证号,领取人 姓名,_overflow
	// 5,P001,0101,低保,1234.5,42826,510104199001011234,张三,
	// 6,P002,0102,"临时救助, 一次性",800,42827,510104199001011235,"李""四""",
	// 8,P003,0103,低保,99.99,42828,510104199001011236,"王
	// 五",
	// header row 4, 3 rows, 1904 dates: false
}

// The ingest opens a workbook once, keeps the sheets whose header a ledger
// accepts and writes each of them to a CSV file for DuckDB.
func ExampleWorkbook() {
	wb, err := xlsx.Open("testdata/handmade_1904/input.xlsx")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer wb.Close()
	for _, sheet := range wb.Sheets() {
		h, err := wb.FindHeader(sheet, xlsx.MaxHeaderScan, accepts(model.Cases))
		if err != nil {
			fmt.Printf("%s: skipped\n", sheet)
			continue
		}
		out, err := os.CreateTemp("", "microrisk-*.csv")
		if err != nil {
			fmt.Println(err)
			return
		}
		s, err := wb.WriteCSV(sheet, accepts(model.Cases), out, nil)
		out.Close()
		os.Remove(out.Name())
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: header row %d, %d columns, %d rows, %d blank, %d with overflow, 1904 dates: %v\n",
			sheet, h.Row, len(s.Headers), s.Rows, s.BlankRows, s.OverflowRows, s.Date1904)
	}
	// Output:
	// 说明: skipped
	// 案件台账: header row 2, 7 columns, 3 rows, 2 blank, 1 with overflow, 1904 dates: true
}
