package dashboards

import "context"

// qualityPage is the data-quality page.
type qualityPage struct {
	pageBase
	Batches     []batchView
	Ledgers     chartView
	RejectTotal string
	Rejects     []rejectView
}

type batchView struct {
	ID, Ledger, File, Sheet, Enc, Read, Loaded, Rejected, LoadedAt string
}

type rejectView struct {
	Ledger, Column, Reason, N, File, Row, Value string
}

func buildQuality(ctx context.Context, q querier, tr translator, run runInfo, p Period, _ *unitData) (any, error) {
	var pg qualityPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pageQuality, run, p); err != nil {
		return pg, err
	}
	batches, err := loadBatches(ctx, q)
	if err != nil {
		return pg, err
	}
	for _, b := range batches {
		pg.Batches = append(pg.Batches, batchView{
			ID: fmtInt(b.ID), Ledger: tr.Ledger(b.Ledger), File: b.File, Sheet: orDash(b.Sheet), Enc: orDash(b.Enc),
			Read: fmtInt(b.Read), Loaded: fmtInt(b.Loaded), Rejected: fmtInt(b.Rejected),
			LoadedAt: b.LoadedAt.Format("2006-01-02 15:04"),
		})
	}
	totals, err := loadLedgerTotals(ctx, q)
	if err != nil {
		return pg, err
	}
	var rejected int64
	for _, t := range totals {
		rejected += t.Rejected
	}
	if pg.RejectTotal, err = tr.F("rejects_total", fmtInt(rejected)); err != nil {
		return pg, err
	}
	if pg.Ledgers, err = ledgerChart(tr, totals); err != nil {
		return pg, err
	}
	groups, err := loadRejects(ctx, q, rejectGroupRows)
	if err != nil {
		return pg, err
	}
	for _, g := range groups {
		pg.Rejects = append(pg.Rejects, rejectView{
			Ledger: tr.Ledger(g.Ledger), Column: orDash(g.Column), Reason: maskIDShapes(g.Reason), N: fmtInt(g.N),
			File: g.File, Row: fmtInt(g.Row), Value: maskIDShapes(g.Value),
		})
	}
	return pg, nil
}
