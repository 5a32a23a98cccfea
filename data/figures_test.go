package data

import (
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// openLedgers opens an in-memory DuckDB with a view per ledger over the
// CSV files of dir.
func openLedgers(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	for _, l := range Ledgers {
		path := filepath.Join(dir, l+".csv")
		q := fmt.Sprintf(`CREATE VIEW %s AS SELECT * FROM read_csv('%s', header = true, all_varchar = true)`, l, path)
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
	return db
}

// seedQueries compute each of the seed's figures from the ledgers, as an
// analyst would; ? is bound to the window's first and last day.
var seedQueries = []struct {
	name  string
	query string
	want  func(Figures) float64
}{
	{"cases filed", `SELECT count(*) FROM cases WHERE filed_on BETWEEN $1 AND $2`,
		func(f Figures) float64 { return float64(f.CasesFiled) }},
	{"people sanctioned", `SELECT sum(sanctioned::INT) FROM cases WHERE filed_on BETWEEN $1 AND $2`,
		func(f Figures) float64 { return float64(f.PeopleSanctioned) }},
	{"leaders accountable", `SELECT sum(leaders_accountable::INT) FROM cases WHERE filed_on BETWEEN $1 AND $2`,
		func(f Figures) float64 { return float64(f.LeadersAccountable) }},
	{"cases exposed", `SELECT count(*) FROM cases WHERE filed_on BETWEEN $1 AND $2 AND exposed = 'true'`,
		func(f Figures) float64 { return float64(f.CasesExposed) }},
	{"leaders talked to", `SELECT sum(persons::INT) FROM actions WHERE kind = 'talk' AND taken_on BETWEEN $1 AND $2`,
		func(f Figures) float64 { return float64(f.LeadersTalkedTo) }},
	{"people held accountable", `SELECT sum(persons::INT) FROM actions WHERE kind = 'accountability' AND taken_on BETWEEN $1 AND $2`,
		func(f Figures) float64 { return float64(f.PeopleHeldAccountable) }},
	{"key leads", `SELECT count(*) FROM leads WHERE key_lead = 'true' AND received_on BETWEEN $1 AND $2`,
		func(f Figures) float64 { return float64(f.KeyLeads) }},
	{"cluster windows cases", clusterQuery("count(*)", clusterWindows),
		func(f Figures) float64 { return float64(f.Clusters[0].Cases) }},
	{"cluster windows sanctioned", clusterQuery("sum(sanctioned::INT)", clusterWindows),
		func(f Figures) float64 { return float64(f.Clusters[0].Sanctioned) }},
	{"cluster funds cases", clusterQuery("count(*)", clusterFunds),
		func(f Figures) float64 { return float64(f.Clusters[1].Cases) }},
	{"cluster funds sanctioned", clusterQuery("sum(sanctioned::INT)", clusterFunds),
		func(f Figures) float64 { return float64(f.Clusters[1].Sanctioned) }},
	{"cluster livelihood cases", clusterQuery("count(*)", clusterLivings),
		func(f Figures) float64 { return float64(f.Clusters[2].Cases) }},
	{"cluster livelihood sanctioned", clusterQuery("sum(sanctioned::INT)", clusterLivings),
		func(f Figures) float64 { return float64(f.Clusters[2].Sanctioned) }},
	{"accusations 2015", accusationQuery("2015"),
		func(f Figures) float64 { return float64(f.AccusationReports2015) }},
	{"accusations 2016", accusationQuery("2016"),
		func(f Figures) float64 { return float64(f.AccusationReports2016) }},
	{"satisfaction 2016", `SELECT s.index::DOUBLE FROM surveys s JOIN units u USING (unit_id) WHERE u.level = 'city' AND s.period = '2016' AND $1 <= $2`,
		func(f Figures) float64 { return f.SatisfactionIndex2016 }},
	{"referral leads", `SELECT count(*) FROM leads WHERE source = 'referral' AND received_on BETWEEN $1 AND $2`,
		func(f Figures) float64 { return float64(f.ReferralLeads) }},
	{"unannounced-visit leads May 2017", `SELECT count(*) FROM leads WHERE source = 'unannounced_visit' AND received_on BETWEEN '2017-05-01' AND $2 AND $1 <= $2`,
		func(f Figures) float64 { return float64(f.UnannouncedVisitLeadsMay2017) }},
	{"special tours problems", tourQuery("problems_found", "special_tour", "$1"),
		func(f Figures) float64 { return float64(f.SpecialTours.Problems) }},
	{"special tours leads", tourQuery("leads_transferred", "special_tour", "$1"),
		func(f Figures) float64 { return float64(f.SpecialTours.Leads) }},
	{"special tours persons", tourQuery("persons_handled", "special_tour", "$1"),
		func(f Figures) float64 { return float64(f.SpecialTours.Persons) }},
	{"routine tours 2017 problems", tourQuery("problems_found", "routine_tour", "'2017-01-01'"),
		func(f Figures) float64 { return float64(f.RoutineTours2017.Problems) }},
	{"routine tours 2017 leads", tourQuery("leads_transferred", "routine_tour", "'2017-01-01'"),
		func(f Figures) float64 { return float64(f.RoutineTours2017.Leads) }},
	{"routine tours 2017 persons", tourQuery("persons_handled", "routine_tour", "'2017-01-01'"),
		func(f Figures) float64 { return float64(f.RoutineTours2017.Persons) }},
}

func clusterQuery(agg string, domains []string) string {
	return fmt.Sprintf(`SELECT %s FROM cases WHERE filed_on BETWEEN $1 AND $2 AND domain IN ('%s')`, agg, strings.Join(domains, "','"))
}

func accusationQuery(year string) string {
	return `SELECT count(*) FROM reports r JOIN units u USING (unit_id)
		WHERE r.category = 'accusation' AND u.level IN ('township', 'village', 'station')
		AND r.received_on LIKE '` + year + `-%' AND $1 <= $2`
}

func tourQuery(col, kind, from string) string {
	return fmt.Sprintf(`SELECT coalesce(sum(%s::INT), 0) FROM inspections WHERE kind = '%s' AND start_on BETWEEN %s AND $2 AND $1 <= $2`, col, kind, from)
}

// checkFigures computes the seed's figures from the ledgers in dir and
// compares them with f; it returns the computed values by name.
func checkFigures(t *testing.T, dir string, f Figures) map[string]float64 {
	db := openLedgers(t, dir)
	got := map[string]float64{}
	for _, q := range seedQueries {
		var v sql.NullFloat64
		if err := db.QueryRow(q.query, f.From, f.To).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		got[q.name] = v.Float64
		if want := q.want(f); math.Abs(v.Float64-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", q.name, v.Float64, want)
		}
	}
	var other, otherSanctioned float64
	q := `SELECT count(*), sum(sanctioned::INT) FROM cases WHERE filed_on BETWEEN $1 AND $2 AND domain = 'other'`
	if err := db.QueryRow(q, f.From, f.To).Scan(&other, &otherSanctioned); err != nil {
		t.Fatal(err)
	}
	var inClusters, sanctionedInClusters int
	for _, c := range f.Clusters {
		inClusters += c.Cases
		sanctionedInClusters += c.Sanctioned
	}
	if int(other) != f.CasesFiled-inClusters || int(otherSanctioned) != f.PeopleSanctioned-sanctionedInClusters {
		t.Errorf("domain other: %v cases, %v sanctioned; want the rest of the window's", other, otherSanctioned)
	}
	return got
}

func TestChengduReproducesSeed(t *testing.T) {
	w := chengduWorld(t)
	f := ChengduFigures()
	got := checkFigures(t, w.dir, f)
	drop := 1 - got["accusations 2016"]/got["accusations 2015"]
	if math.Abs(drop-0.081) > 1e-12 {
		t.Errorf("accusation-type reports fell %.4f, want 0.081", drop)
	}
	for _, q := range seedQueries {
		t.Logf("%-34s %10.2f", q.name, got[q.name])
	}
	t.Logf("accusation reports down %.1f%%", drop*100)
}

func TestSmallReproducesItsFigures(t *testing.T) {
	w := smallWorld(t)
	checkFigures(t, w.dir, w.truth.Figures)
}
