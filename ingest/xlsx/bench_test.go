package xlsx

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/microrisk/microrisk/model"
)

// benchRows is the size of the benchmark workbook.
const benchRows = 200_000

var (
	benchOnce sync.Once
	benchDir  string
	benchPath string
	benchErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchWorkbook writes, once per test binary, a payments sheet of benchRows
// rows and 9 columns (a title row, the header, then text, numbers stored as
// text, amounts and dates) with excelize's StreamWriter.
func benchWorkbook(b testing.TB) string {
	benchOnce.Do(func() {
		if benchDir, benchErr = os.MkdirTemp("", "microrisk-xlsx-bench-"); benchErr != nil {
			return
		}
		benchPath = filepath.Join(benchDir, "payments.xlsx")
		benchErr = writeBenchWorkbook(benchPath, benchRows)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

func writeBenchWorkbook(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"2017年惠民资金发放台账"}); err != nil {
		return err
	}
	header := []any{"发放编号", "单位编码", "资金项目", "领取人身份证号", "发放金额", "发放日期", "领取人姓名", "银行账号", "审批人"}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	programs := []string{"低保", "特困供养", "临时救助", "高龄津贴", "耕地地力保护补贴"}
	start := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]any, len(header))
	for i := range n {
		row[0] = fmt.Sprintf("P%08d", i)
		row[1] = fmt.Sprintf("5101%05d", i%3000)
		row[2] = programs[i%len(programs)]
		row[3] = fmt.Sprintf("510104%08d%04d", 19500101+i%500000, i%10000)
		row[4] = float64(i%100000) / 100
		row[5] = start.AddDate(0, 0, i%1000)
		row[6] = "张" + strconv.Itoa(i%977)
		row[7] = fmt.Sprintf("6222%015d", i)
		row[8] = "A" + strconv.Itoa(i%50)
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

// BenchmarkWriteCSV streams the 200,000-row, 9-column sheet to a CSV file
// and reports rows/s and the peak heap in use (sampled every 10 ms; the Go
// heap only, not RSS).
func BenchmarkWriteCSV(b *testing.B) {
	path := benchWorkbook(b)
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
		s, err := WriteCSV(path, "Sheet1", accept, w, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		if s.Rows != benchRows {
			b.Fatalf("wrote %d rows, want %d", s.Rows, benchRows)
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
	path := benchWorkbook(b)
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

// cpuTime is the process's user and system CPU time so far. On a shared
// machine rows per CPU second is steadier than rows per second of wall
// time; it counts the garbage collector's work on the other core too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
