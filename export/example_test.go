package export_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/microrisk/microrisk/export"
	"github.com/xuri/excelize/v2"
)

// A workbook of two tables with Chinese headers, read back.
func ExampleWriteSheets() {
	payments := &export.Table{
		Columns: []export.Column{
			{Name: "payment_id", Zh: "发放编号", En: "Payment", Kind: export.Text},
			{Name: "amount_yuan", Zh: "金额（元）", En: "Amount (yuan)", Kind: export.Amount},
			{Name: "paid_on", Zh: "发放日期", En: "Paid on", Kind: export.Date},
		},
		Rows: [][]any{{"P001", 1234567.5, time.Date(2017, 5, 3, 0, 0, 0, 0, time.UTC)}},
	}
	rates := &export.Table{
		Columns: []export.Column{{Name: "unit_id", Zh: "单位编码", Kind: export.Text}, {Name: "rr", Zh: "相对风险", Kind: export.Rate}},
		Rows:    [][]any{{"510101", 1.23456}},
	}
	dir, err := os.MkdirTemp("", "export")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "book.xlsx")
	sheets := []export.Sheet{{Name: "发放记录", Table: payments}, {Name: "相对风险", Table: rates}}
	if err := export.WriteSheets(sheets, "xlsx", path, export.Zh); err != nil {
		fmt.Println(err)
		return
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		fmt.Println(sheet, rows)
	}
	// Output:
	// 发放记录 [[发放编号 金额（元） 发放日期] [P001 1,234,567.50 2017-05-03]]
	// 相对风险 [[单位编码 相对风险] [510101 1.235]]
}
