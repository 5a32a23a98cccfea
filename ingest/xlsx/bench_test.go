package xlsx

import (
	"bufio"
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/microrisk/microrisk/model"
)

// benchRows is the size of the benchmark workbook.
const benchRows = 200_000

// benchBook is a benchmark workbook, written once per test binary.
type benchBook struct {
	once sync.Once
	path string
	err  error
}

var (
	benchDir   string
	benchBooks = map[string]*benchBook{"stream": {}, "shared": {}}
	benchMkdir sync.Once
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchWorkbook returns the path of the benchmark workbook of the kind:
// "stream" is written by excelize's StreamWriter (inline strings), "shared"
// the way Excel writes one (shared strings, r attributes, a date style).
// Both hold a title row, the header and benchRows rows of 9 columns.
func benchWorkbook(b testing.TB, kind string) string {
	benchMkdir.Do(func() {
		var err error
		if benchDir, err = os.MkdirTemp("", "microrisk-xlsx-bench-"); err != nil {
			b.Fatal(err)
		}
	})
	bk := benchBooks[kind]
	bk.once.Do(func() {
		bk.path = filepath.Join(benchDir, kind+".xlsx")
		if kind == "stream" {
			bk.err = writeStreamBook(bk.path, benchRows)
		} else {
			bk.err = writeSharedBook(bk.path, benchRows)
		}
	})
	if bk.err != nil {
		b.Fatal(bk.err)
	}
	return bk.path
}

var benchHeader = []string{"发放编号", "单位编码", "资金项目", "领取人身份证号", "发放金额", "发放日期", "领取人姓名", "银行账号", "审批人"}

// benchRow fills row with the values of data row i: text, numbers stored
// as text, an amount and a date.
func benchRow(row []any, i int) {
	programs := []string{"低保", "特困供养", "临时救助", "高龄津贴", "耕地地力保护补贴"}
	start := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	row[0] = fmt.Sprintf("P%08d", i)
	row[1] = fmt.Sprintf("5101%05d", i%3000)
	row[2] = programs[i%len(programs)]
	row[3] = fmt.Sprintf("510104%08d%04d", 19500101+i%500000, i%10000)
	row[4] = float64(i%100000) / 100
	row[5] = start.AddDate(0, 0, i%1000)
	row[6] = "张" + strconv.Itoa(i%977)
	row[7] = fmt.Sprintf("6222%015d", i)
	row[8] = "A" + strconv.Itoa(i%50)
}

func writeStreamBook(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"2017年惠民资金发放台账"}); err != nil {
		return err
	}
	row := make([]any, len(benchHeader))
	for i, h := range benchHeader {
		row[i] = h
	}
	if err := sw.SetRow("A2", row); err != nil {
		return err
	}
	for i := range n {
		benchRow(row, i)
		cell, err := excelize.CoordinatesToCellName(1, i+3)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func writeSharedBook(path string, n int) error {
	index := map[string]int{}
	var sst []string
	si := func(s string) int {
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = len(sst)
		sst = append(sst, "<si><t>"+s+"</t></si>")
		return len(sst) - 1
	}
	data := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, `<row r="1" spans="1:9"><c r="A1" t="s"><v>%d</v></c></row><row r="2" spans="1:9">`, si("2017年惠民资金发放台账"))
		for j, h := range benchHeader {
			fmt.Fprintf(bw, `<c r="%s2" t="s"><v>%d</v></c>`, columnName(j+1), si(h))
		}
		bw.WriteString(`</row>`)
		row := make([]any, len(benchHeader))
		for i := range n {
			benchRow(row, i)
			r := i + 3
			fmt.Fprintf(bw, `<row r="%d" spans="1:9">`, r)
			for j, v := range row {
				ref := columnName(j+1) + strconv.Itoa(r)
				switch v := v.(type) {
				case string:
					fmt.Fprintf(bw, `<c r="%s" t="s"><v>%d</v></c>`, ref, si(v))
				case float64:
					fmt.Fprintf(bw, `<c r="%s"><v>%s</v></c>`, ref, strconv.FormatFloat(v, 'f', -1, 64))
				case time.Time:
					serial := v.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
					fmt.Fprintf(bw, `<c r="%s" s="1"><v>%g</v></c>`, ref, serial)
				}
			}
			bw.WriteString(`</row>`)
		}
		return bw.Flush()
	}
	b := &rawBook{Sheets: []string{"Sheet1"}, SheetData: []func(io.Writer) error{data}}
	// The sheet data is written before sharedStrings.xml is complete: write
	// the sheet to a buffer first.
	var sheet bytes.Buffer
	if err := data(&sheet); err != nil {
		return err
	}
	b.SheetData[0] = xmlData(sheet.String())
	b.Strings = sst
	return b.write(path)
}

// BenchmarkWriteCSV streams the 200,000-row, 9-column sheet to a CSV file
// with the fast reader and with excelize's alone, and reports rows/s (wall
// time), rows per CPU second and the peak heap in use (sampled every
// 10 ms; the Go heap only, not RSS). Opening the workbook is part of each
// iteration, as it is of the package-level WriteCSV.
func BenchmarkWriteCSV(b *testing.B) {
	for _, kind := range []string{"stream", "shared"} {
		for _, reader := range []string{"fast", "excelize"} {
			b.Run(kind+"/"+reader, func(b *testing.B) { benchWriteCSV(b, kind, reader == "fast") })
		}
	}
}

func benchWriteCSV(b *testing.B, kind string, fast bool) {
	path := benchWorkbook(b, kind)
	out := filepath.Join(b.TempDir(), "out.csv")
	accept := acceptLedger(model.Payments)
	runtime.GC()
	stop := samplePeakHeap()
	cpu0 := cpuTime()
	for b.Loop() {
		w, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		wb, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		wb.fast = fast
		s, err := wb.WriteCSV("Sheet1", accept, w, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := errors.Join(wb.Close(), w.Close()); err != nil {
			b.Fatal(err)
		}
		if s.Rows != benchRows || len(wb.fallbacks) > 0 {
			b.Fatalf("wrote %d rows, want %d; fallbacks %v", s.Rows, benchRows, wb.fallbacks)
		}
	}
	cpu := cpuTime() - cpu0
	peak := stop()
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(benchRows)*float64(b.N)/cpu.Seconds(), "rows/cpu-s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkWriteCSVDiscard is BenchmarkWriteCSV without the file: the
// reading and CSV encoding alone.
func BenchmarkWriteCSVDiscard(b *testing.B) {
	path := benchWorkbook(b, "shared")
	accept := acceptLedger(model.Payments)
	for b.Loop() {
		if _, err := WriteCSV(path, "Sheet1", accept, io.Discard, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// samplePeakHeap samples the live heap until the returned function is
// called, which returns the largest sample.
func samplePeakHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	read := func() {
		metrics.Read(sample)
		peak = max(peak, sample[0].Value.Uint64())
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		read()
		return peak
	}
}

// BenchmarkDuckDBReadCSV is the yardstick DESIGN.md asks for: DuckDB's
// read_csv reading the CSV that WriteCSV made of the "shared" workbook,
// with the ingest's options (all VARCHAR, strict mode).
func BenchmarkDuckDBReadCSV(b *testing.B) {
	path := benchWorkbook(b, "shared")
	out := filepath.Join(b.TempDir(), "out.csv")
	w, err := os.Create(out)
	if err != nil {
		b.Fatal(err)
	}
	s, err := WriteCSV(path, "Sheet1", acceptLedger(model.Payments), w, nil)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cols := make([]string, len(s.Columns()))
	for i := range cols {
		cols[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i+1)
	}
	q := fmt.Sprintf(`SELECT count(*), max(length(c2)) FROM read_csv('%s', header = true, auto_detect = false,
  columns = {%s}, delim = ',', quote = '"', escape = '"', strict_mode = true)`, out, strings.Join(cols, ", "))
	for b.Loop() {
		var n, maxLen int64
		if err := db.QueryRow(q).Scan(&n, &maxLen); err != nil {
			b.Fatal(err)
		}
		if n != benchRows {
			b.Fatalf("read %d rows, want %d", n, benchRows)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestWriteCSVDriver measures one process, for example its peak RSS with
// /usr/bin/time -v. It does nothing unless MICRORISK_XLSX_MAKE or
// MICRORISK_XLSX_FILE is set:
//
//	MICRORISK_XLSX_MAKE=/tmp/shared.xlsx MICRORISK_XLSX_KIND=shared go test -run WriteCSVDriver
//	go test -c -o xlsx.test
//	MICRORISK_XLSX_FILE=/tmp/shared.xlsx MICRORISK_XLSX_READER=fast /usr/bin/time -v ./xlsx.test -test.run WriteCSVDriver
//
// MAKE writes a benchmark workbook of KIND (stream or shared); FILE writes
// the first sheet of a workbook as CSV to the null device with READER (fast,
// the default, or excelize).
func TestWriteCSVDriver(t *testing.T) {
	if path := os.Getenv("MICRORISK_XLSX_MAKE"); path != "" {
		write := writeSharedBook
		if os.Getenv("MICRORISK_XLSX_KIND") == "stream" {
			write = writeStreamBook
		}
		must(t, write(path, benchRows))
	}
	path := os.Getenv("MICRORISK_XLSX_FILE")
	if path == "" {
		return
	}
	out, err := os.Create(os.DevNull)
	must(t, err)
	defer out.Close()
	start, cpu0 := time.Now(), cpuTime()
	wb, err := Open(path)
	must(t, err)
	wb.fast = os.Getenv("MICRORISK_XLSX_READER") != "excelize"
	s, err := wb.WriteCSV(wb.Sheets()[0], acceptAny, out, nil)
	must(t, err)
	must(t, wb.Close())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	wall := time.Since(start)
	t.Logf("%d rows in %v (%.0f rows/s wall, %.0f rows/cpu-s), fallbacks %d, heap sys %.0f MiB, total alloc %.0f MiB",
		s.Rows, wall, float64(s.Rows)/wall.Seconds(), float64(s.Rows)/(cpuTime()-cpu0).Seconds(), len(wb.fallbacks),
		float64(ms.HeapSys)/(1<<20), float64(ms.TotalAlloc)/(1<<20))
}
