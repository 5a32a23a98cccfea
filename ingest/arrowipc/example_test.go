package arrowipc_test

import (
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/microrisk/microrisk/ingest/arrowipc"
)

// ExampleToParquet converts the cases fixture and reads it with DuckDB's
// read_parquet, the way the ingest does.
func ExampleToParquet() {
	dir, err := os.MkdirTemp("", "arrowipc")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	src := filepath.Join("testdata", "cases.arrow")
	format, err := arrowipc.Kind(src)
	if err != nil || format == arrowipc.NotArrow {
		log.Fatal(format, err)
	}
	dst := filepath.Join(dir, "cases.parquet")
	rows, fields, err := arrowipc.ToParquet(src, dst)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(format, rows, fields[:3])

	db, err := sql.Open("duckdb", "")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	var filed, amount string
	err = db.QueryRow(`SELECT CAST(filed_on AS VARCHAR), CAST(amount_yuan AS VARCHAR)
FROM read_parquet(?) WHERE case_id = 'C2017-001'`, dst).Scan(&filed, &amount)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filed, amount)
	// Output:
	// arrow file 5 [case_id unit_id filed_on]
	// 2017-05-03 12345.67
}
