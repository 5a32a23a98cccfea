package data

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Columns are the header of each ledger, in model's order: every column,
// required and optional (the columns added since DESIGN.md's first
// contract come last).
var Columns = map[string][]string{
	"units":       {"unit_id", "name", "level", "parent_id", "kind", "population", "staff", "longitude", "latitude"},
	"cases":       {"case_id", "unit_id", "filed_on", "domain", "violation", "source", "persons", "sanctioned", "leaders_accountable", "amount_yuan", "exposed", "closed_on"},
	"reports":     {"report_id", "unit_id", "received_on", "channel", "category", "domain", "status", "closed_on", "accused_id"},
	"leads":       {"lead_id", "unit_id", "received_on", "source", "key_lead", "status", "closed_on", "outcome"},
	"inspections": {"inspection_id", "unit_id", "kind", "start_on", "end_on", "problems_found", "leads_transferred", "persons_handled", "problems_rectified"},
	"payments":    {"payment_id", "unit_id", "program", "payee_id", "amount_yuan", "paid_on", "payee_name", "account_no", "approver_id"},
	"assets":      {"txn_id", "unit_id", "category", "kind", "amount_yuan", "txn_on", "counterparty_id", "counterparty_name", "area_mu", "term_years", "public_bidding", "approved"},
	"relations":   {"person_id", "related_id", "relation", "unit_id", "role"},
	"actions":     {"action_id", "unit_id", "kind", "taken_on", "persons"},
	"surveys":     {"unit_id", "period", "index", "respondents"},
	"registers":   {"register", "person_id", "since", "until", "unit_id"},
	"dispositions": {"disposition_id", "decided_on", "result", "target_id", "flag_id", "unit_id", "money_recovered_yuan",
		"persons_disciplined"},
}

// Ledgers lists the ledgers' names in DESIGN.md's order; each is written
// to <name>.csv.
var Ledgers = []string{"units", "cases", "reports", "leads", "inspections", "payments", "assets", "relations", "actions", "surveys", "registers", "dispositions"}

// table writes one ledger as CSV: UTF-8, no BOM, comma, header row, RFC 4180
// quoting.
type table struct {
	name string
	path string
	f    *os.File
	bw   *bufio.Writer
	w    *csv.Writer
	rows int
	rec  []string
}

func (g *gen) create(name string) (*table, error) {
	path := filepath.Join(g.dir, name+".csv")
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	t := &table{name: name, path: path, f: f, bw: bw, w: csv.NewWriter(bw), rec: make([]string, len(Columns[name]))}
	if err := t.w.Write(Columns[name]); err != nil {
		f.Close()
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return t, nil
}

// write writes t.rec as the next row.
func (t *table) write() error {
	t.rows++
	if err := t.w.Write(t.rec); err != nil {
		return fmt.Errorf("write %s: %w", t.path, err)
	}
	return nil
}

// close flushes and closes the file and records its row count.
func (t *table) close(g *gen) error {
	t.w.Flush()
	err := t.w.Error()
	if err == nil {
		err = t.bw.Flush()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", t.path, err)
	}
	g.counts[t.name] = t.rows
	return nil
}

// abort closes the file after a failed write.
func (t *table) abort() { t.f.Close() }

// Field formats.

func formatID(prefix string, n int, width int) string {
	b := make([]byte, 0, len(prefix)+width)
	b = append(b, prefix...)
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return string(append(b, s...))
}

// yuan formats fen as yuan with two decimals.
func yuan(fen int64) string {
	if fen < 0 {
		return ""
	}
	b := strconv.AppendInt(nil, fen/100, 10)
	c := fen % 100
	return string(append(b, '.', byte('0'+c/10), byte('0'+c%10)))
}

func dateField(d day) string {
	if d == noDay {
		return ""
	}
	return d.String()
}

func intField(n int) string {
	if n < 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func boolField(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func personField(p *person) string {
	if p == nil {
		return ""
	}
	return p.id
}

func unitField(u *unit) string {
	if u == nil {
		return ""
	}
	return u.id
}
