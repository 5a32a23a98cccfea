package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/microrisk/microrisk/model"
)

// LedgerEnd is the latest event date of a ledger: its first required date
// column's largest value (filed_on for cases, paid_on for payments …).
type LedgerEnd struct {
	Ledger string
	Column string
	Last   time.Time
}

// DataEnds returns the latest event date of every dated ledger of events
// that holds rows, latest first (ledgers of outcomes, model.Ledger.Outcomes,
// are left out).
func DataEnds(ctx context.Context, db *sql.DB) ([]LedgerEnd, error) {
	var parts []string
	for _, l := range model.Ledgers {
		if c := eventColumn(l); c != "" && !l.Outcomes {
			parts = append(parts, fmt.Sprintf("SELECT %s AS ledger, %s AS col, max(%s) AS last FROM %s",
				quoteString(l.Name), quoteString(c), model.Ident(c), model.Ident(l.Name)))
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT ledger, col, last FROM (`+strings.Join(parts, " UNION ALL ")+
		`) WHERE last IS NOT NULL ORDER BY last DESC, ledger`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LedgerEnd
	for rows.Next() {
		var e LedgerEnd
		if err := rows.Scan(&e.Ledger, &e.Column, &e.Last); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// eventColumn is a ledger's first required date column, or "".
func eventColumn(l *model.Ledger) string {
	for _, c := range l.Columns {
		if c.Type == model.Date && c.Required {
			return c.Name
		}
	}
	return ""
}

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
