package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/microrisk/microrisk/ingest/column"
)

// TestStatTableXLSX: the analyst commands read a worksheet as they read a
// CSV: the named sheet, a title row above the header, the named columns
// in any order, the worksheet's row numbers in errors, blank rows passed
// over.
func TestStatTableXLSX(t *testing.T) {
	f := excelize.NewFile()
	if _, err := f.NewSheet("单位"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"2017年各单位立案数"},
		{"单位编码", "期望数", "立案数"},
		{"A", 108, 100}, {"B", 112, 150}, {"C", 165, 180},
		{},
		{"D", 95, 80}, {"E", 100, 120}, {"F", 220, 225},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue("单位", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "units.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	tb, err := readStatTable(path, "单位", []string{"立案数", "期望数", "单位编码"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.rows) != 6 || tb.line[0] != 3 || tb.line[3] != 7 || tb.text(3, 2) != "D" {
		t.Fatalf("rows %v lines %v", tb.rows, tb.line)
	}
	if v, err := tb.number(5, 0); err != nil || v != 225 {
		t.Errorf("F's cases: %v %v", v, err)
	}
	// the six-group fixture through the command: φ = 2.948033 (FunnelPlotR)
	got := runFunnelJSON(t, path, "--sheet", "单位", "--id", "单位编码", "--observed", "立案数", "--expected", "期望数")
	if got.Units != 6 || got.Phi < 2.9480325 || got.Phi > 2.9480335 {
		t.Errorf("φ %v over %d units", got.Phi, got.Units)
	}
	if _, err := readStatTable(path, "单位", []string{"立案数", "人口"}); !errors.Is(err, column.ErrColumnNotFound) {
		t.Errorf("missing column: %v", err)
	}
	if _, err := readStatTable(path, "付款", []string{"立案数"}); !errors.Is(err, column.ErrSheetNotFound) || !strings.Contains(err.Error(), "单位") {
		t.Errorf("missing sheet: %v", err)
	}
}
