package benford_test

import (
	"database/sql"
	"fmt"
	"math"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/microrisk/microrisk/risk/benford"
)

// Powers of two are a textbook Benford set.
func ExampleAnalyze() {
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = math.Ldexp(1, i) // 2^i
	}
	r := benford.Analyze(benford.FirstDigit, xs)
	fmt.Printf("n=%d MAD=%.5f %s (%s)\n", r.N, r.MAD, r.Verdict, r.Verdict.Chinese())
	fmt.Printf("digit 1: %d values, Benford expects %.1f\n", r.Groups[0].Count, r.Groups[0].ExpectedCount)
	// Output:
	// n=1000 MAD=0.00068 close conformity (接近符合)
	// digit 1: 301 values, Benford expects 301.0
}

func ExampleDigits() {
	a, b := 0.1, 0.2 // variables: constant 0.1 + 0.2 would be exactly 0.3
	for _, x := range []float64{1153.35, 0.29, a + b, 5} {
		d, _ := benford.Digits(benford.FirstTwo, x)
		t, _ := benford.Config{Method: benford.Truncate}.Digits(benford.FirstTwo, x)
		fmt.Println(x, d, t)
	}
	_, ok := benford.Digits(benford.FirstTwo, -20)
	fmt.Println(ok)
	// Output:
	// 1153.35 11 11
	// 0.29 29 28
	// 0.30000000000000004 30 30
	// 5 50 50
	// false
}

// A round-amount spike: many payments of exactly 50.
func ExampleResult_Largest() {
	var xs []float64
	for i := range 2000 {
		xs = append(xs, math.Pow(10, float64(i%1000)/1000*4)) // log-uniform: Benford
	}
	for range 200 {
		xs = append(xs, 50)
	}
	r := benford.Analyze(benford.FirstTwo, xs)
	fmt.Printf("MAD %.4f: %s\n", r.MAD, r.Verdict)
	for _, g := range r.Largest(2) {
		fmt.Printf("%d: %d values, %+.1f over Benford, z %.1f\n", g.Digits, g.Count, g.Excess, g.Z)
	}
	fmt.Printf("%.0f ×%d\n", r.Duplicates[0].Value, r.Duplicates[0].Count)
	// Output:
	// MAD 0.0026: nonconformity
	// 50: 216 values, +197.1 over Benford, z 45.4
	// 11: 72 values, -11.1 over Benford, z 1.2
	// 50 ×200
}

// The scorer counts digit groups in DuckDB and passes the counts on.
func ExampleSQLDigits() {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	q := "SELECT " + benford.SQLDigits(benford.FirstDigit, "amount") + ` AS d, count(*)
		FROM (VALUES (1153.35), (0.29), (-7.0), (180.0), (NULL)) t(amount)
		WHERE d IS NOT NULL GROUP BY d ORDER BY d`
	rows, err := db.Query(q)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rows.Close()
	counts := map[int]int64{}
	for rows.Next() {
		var d int
		var n int64
		if err := rows.Scan(&d, &n); err != nil {
			fmt.Println(err)
			return
		}
		counts[d] = n
	}
	fmt.Println(counts)
	r := benford.FromCounts(benford.FirstDigit, counts)
	fmt.Println(r.N, r.Abstain)
	// Output:
	// map[1:2 2:1]
	// 3 only 3 values for the first digit test; at least 100 are needed
}
