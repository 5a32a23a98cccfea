//go:build ignore

// gen_xlsx writes xlsx_title_merged/cases.xlsx, a workbook shaped like a
// real export: two title rows, a two-level header with merged cells, Excel
// serial dates, numbers stored as text, an empty row, bad rows, and a second
// sheet that is not a ledger. Run: go run gen_xlsx.go
package main

import (
	"log"

	"github.com/xuri/excelize/v2"
)

func main() {
	f := excelize.NewFile()
	defer f.Close()
	s := "立案台账"
	f.SetSheetName("Sheet1", s)
	set := func(cell string, v any) {
		if err := f.SetCellValue(s, cell, v); err != nil {
			log.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell(s, a, b); err != nil {
			log.Fatal(err)
		}
	}
	set("A1", "2016年锦江区立案台账")
	merge("A1", "G1")
	set("A2", "填报单位：锦江区纪委　　单位：万元")
	merge("A2", "G2")
	for col, h := range map[string]string{"A3": "案件编号", "B3": "单位编码", "C3": "立案日期", "D3": "问题领域"} {
		set(col, h)
	}
	merge("A3", "A4")
	merge("B3", "B4")
	merge("C3", "C4")
	merge("D3", "D4")
	set("E3", "处理情况")
	merge("E3", "G3")
	set("E4", "处分人数")
	set("F4", "涉案金额（万元）")
	set("G4", "是否通报曝光")
	rows := [][]any{
		{"X1", "510104001001", 42434, "惠民政策", 1, 1.25, "是"},           // row 5: serial date 2016-03-05
		{"X2", "510104001002", "2016/4/1", "土地整理流转", "2", "0.5", "否"}, // row 6: numbers as text
		{}, // row 7: empty, skipped
		{"X3", "510104001002", 42434, "月球", 1, 0.1, "否"},        // row 8: bad domain
		{"X4", "999", 42435, "教育", 1, 0.1, "否"},                 // row 9: unknown unit
		{"X5", "510104001901", 42800.5, "医疗", 0, "", "Y", "多余"}, // row 10: a cell beyond the header
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, 5+i)
		if len(r) > 0 {
			if err := f.SetSheetRow(s, cell, &r); err != nil {
				log.Fatal(err)
			}
		}
	}
	f.NewSheet("说明")
	f.SetCellValue("说明", "A1", "本表由系统导出，仅供内部使用。")
	if err := f.SaveAs("xlsx_title_merged/cases.xlsx"); err != nil {
		log.Fatal(err)
	}
}
