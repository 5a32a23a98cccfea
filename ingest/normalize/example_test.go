package normalize_test

import (
	"database/sql"
	"errors"
	"fmt"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/microrisk/microrisk/ingest/normalize"
)

func ExampleParseDate() {
	for _, s := range []string{"2017-05-03", "2017/5/3 8:00", "２０１７年５月３日", "20170503", "42858.5", "2017-02-30", " "} {
		t, err := normalize.ParseDate(s)
		switch {
		case errors.Is(err, normalize.ErrEmpty):
			fmt.Printf("%q: empty\n", s)
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Printf("%q: %s\n", s, t.Format("2006-01-02 15:04"))
		}
	}
	// Output:
	// "2017-05-03": 2017-05-03 00:00
	// "2017/5/3 8:00": 2017-05-03 08:00
	// "２０１７年５月３日": 2017-05-03 00:00
	// "20170503": 2017-05-03 00:00
	// "42858.5": 2017-05-03 12:00
	// invalid date "2017-02-30": no such day
	// " ": empty
}

func ExampleParseAmount() {
	for _, s := range []string{"1,234.50", "￥1,234.50", "（１２．５０）", "1.5万元", "1.2E+4", "12,34"} {
		v, err := normalize.ParseAmount(s, false)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%q: %.2f\n", s, v)
	}
	// A 万元 header multiplies values without a unit.
	v, _ := normalize.ParseAmount("3.5", true)
	fmt.Printf("3.5 under a 万元 header: %.2f\n", v)
	// Output:
	// "1,234.50": 1234.50
	// "￥1,234.50": 1234.50
	// "（１２．５０）": -12.50
	// "1.5万元": 15000.00
	// "1.2E+4": 12000.00
	// invalid amount "12,34": not a number
	// 3.5 under a 万元 header: 35000.00
}

// The SQL faces normalise a VARCHAR column inside DuckDB, and tell empty
// cells (NULL text) from invalid ones (text but a NULL value).
func ExampleSQLDate() {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	col := normalize.Ident("立案日期")
	rows, err := db.Query(`SELECT ` + col + `, ` + normalize.SQLDate(col) + `, ` + normalize.SQLText(col) + ` IS NULL
		FROM (VALUES ('2017年5月3日'), ('42858'), ('2017-02-30'), ('')) t(` + col + `)`)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	for rows.Next() {
		var in string
		var d sql.NullTime
		var empty bool
		if err := rows.Scan(&in, &d, &empty); err != nil {
			panic(err)
		}
		switch {
		case d.Valid:
			fmt.Printf("%q → %s\n", in, d.Time.Format("2006-01-02"))
		case empty:
			fmt.Printf("%q → empty\n", in)
		default:
			fmt.Printf("%q → invalid\n", in)
		}
	}
	// Output:
	// "2017年5月3日" → 2017-05-03
	// "42858" → 2017-05-03
	// "2017-02-30" → invalid
	// "" → empty
}
