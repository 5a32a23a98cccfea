package main

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/microrisk/microrisk/data"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

type benchFiles struct{ units, utf8, gbk, xlsx, six string }

// dataFiles names the files writeData writes into dir.
func dataFiles(dir string) benchFiles {
	return benchFiles{
		units: filepath.Join(dir, "world", "units.csv"),
		utf8:  filepath.Join(dir, "payments.csv"),
		gbk:   filepath.Join(dir, "payments_gbk.csv"),
		xlsx:  filepath.Join(dir, "payments.xlsx"),
		six:   filepath.Join(dir, "payments_six.csv"),
	}
}

// writeData generates the chengdu world and grows its payments ledger to
// rows rows by repeating it with new payment ids, so that payees, amounts,
// dates and names keep the world's realistic mix.
func writeData(dir string, rows, xlsxRows, sixRows int) error {
	world := filepath.Join(dir, "world")
	f := dataFiles(dir)
	if _, err := os.Stat(filepath.Join(world, "payments.csv")); err != nil {
		p, err := data.ProfileByName("chengdu")
		if err != nil {
			return err
		}
		if _, err := data.Generate(p, 1, world); err != nil {
			return err
		}
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf(`CREATE TABLE p AS SELECT * FROM read_csv('%s', all_varchar = true)`,
		filepath.Join(world, "payments.csv"))); err != nil {
		return fmt.Errorf("read payments: %w", err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM p`).Scan(&n); err != nil {
		return err
	}
	copies := (rows + n - 1) / n
	q := fmt.Sprintf(`COPY (
  SELECT lpad(CAST(i AS VARCHAR), 3, '0') || '-' || payment_id AS payment_id, unit_id, program, payee_id,
    amount_yuan, paid_on, payee_name, account_no, approver_id
  FROM range(0, %d) AS r(i), p
  ORDER BY i, payment_id LIMIT %d
) TO '%s' (HEADER, DELIMITER ',')`, copies, rows, f.utf8)
	if _, err := db.Exec(q); err != nil {
		return fmt.Errorf("grow payments: %w", err)
	}
	if err := toGB18030(f.utf8, f.gbk); err != nil {
		return err
	}
	if sixRows > 0 {
		// The required columns only, as most ledgers are: no name, no
		// account, no approver.
		if _, err := db.Exec(fmt.Sprintf(`COPY (SELECT payment_id, unit_id, program, payee_id, amount_yuan, paid_on
  FROM read_csv('%s', all_varchar = true) LIMIT %d) TO '%s' (HEADER, DELIMITER ',')`, f.utf8, sixRows, f.six)); err != nil {
			return fmt.Errorf("six columns: %w", err)
		}
	}
	return toXLSX(f.utf8, f.xlsx, xlsxRows)
}

// toGB18030 writes src again in GB18030, as Chinese government systems
// export it.
func toGB18030(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(simplifiedchinese.GB18030.NewEncoder().Writer(out), 1<<20)
	if _, err := io.Copy(w, bufio.NewReaderSize(in, 1<<20)); err != nil {
		out.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// toXLSX writes the first n rows of src as a workbook with a title row
// above the header, the way ledgers are exported.
func toXLSX(src, dst string, n int) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"惠民资金发放台账（基准测试）"}); err != nil {
		return err
	}
	for i := 0; i <= n; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.SaveAs(dst)
}
