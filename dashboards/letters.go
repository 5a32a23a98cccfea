package dashboards

import (
	"context"
	"database/sql"
	"time"

	"github.com/microrisk/microrisk/letters"
	"github.com/microrisk/microrisk/risk"
)

// lettersDir holds a draft work-reminder letter per reminder target, as
// printable HTML and editable .docx.
const lettersDir = "letters"

// letterEvidence caps a letter's annex (the largest amounts at stake
// first); the annex says how many flags there are in all and where to get
// the rest.
const letterEvidence = 200

// letterBase is the file name, without extension, of a unit's letter.
func letterBase(unitID string) string { return letters.FileName(unitID) }

// buildLetters drafts a 工作提醒函 for every reminder target of the run:
// its facts are the target's reminder reason and the sentences of the
// indicators that raise its score; its annex, their flags.
func buildLetters(ctx context.Context, q querier, tr translator, run runInfo, ud *unitData) (map[string][]byte, error) {
	reminders, err := loadReminders(ctx, q, run.ID)
	if err != nil || len(reminders) == 0 {
		return map[string][]byte{}, err
	}
	facts, err := loadLetterFacts(ctx, q, tr, run)
	if err != nil {
		return nil, err
	}
	evidence, totals, err := loadLetterEvidence(ctx, q, tr, run)
	if err != nil {
		return nil, err
	}
	cfg, err := risk.DecodeStoredConfig(run.Config)
	if err != nil {
		return nil, err
	}
	longest := max(cfg.Windows.CasesMonths, cfg.Windows.ReportsMonths, cfg.Windows.PaymentsMonths, cfg.Windows.AssetsMonths)
	title, err := tr.T("fact_reminder")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, r := range reminders {
		l := letters.Letter{
			Lang: tr.lang, Seq: r.Seq, RunID: run.ID, Unit: ud.letterUnit(r.UnitID),
			AsOf: run.AsOf, PeriodFrom: run.AsOf.AddDate(0, -longest, 1), PeriodTo: run.AsOf,
			Facts:    append([]letters.Fact{{Family: risk.FamilyCases, Title: title, Text: tr.pick(r.ReasonZh, r.ReasonEn)}}, facts[r.UnitID]...),
			Evidence: evidence[r.UnitID], EvidenceTotal: totals[r.UnitID],
		}
		html, err := l.HTML()
		if err != nil {
			return nil, err
		}
		doc, err := l.DOCX()
		if err != nil {
			return nil, err
		}
		base := lettersDir + "/" + letterBase(r.UnitID)
		out[base+".html"], out[base+".docx"] = html, doc
	}
	return out, nil
}

// letterUnit describes a unit for its letter: the names of its path below
// the province, the top first.
func (d *unitData) letterUnit(id string) letters.Unit {
	u := letters.Unit{ID: id, Name: orID(d.name(id), id)}
	if r, ok := d.units[id]; ok {
		u.Level, u.Kind = r.Level, r.Kind
	}
	for _, p := range d.path(id) {
		if p[2] != "province" {
			u.Path = append(u.Path, p[1])
		}
	}
	return u
}

func loadLetterFacts(ctx context.Context, q querier, tr translator, run runInfo) (map[string][]letters.Fact, error) {
	out := map[string][]letters.Fact{}
	err := q.each(ctx, qLetterFacts, []any{run.ID}, func(r *sql.Rows) error {
		var unit, id, zh, en string
		var contrib float64
		if err := r.Scan(&unit, &id, &contrib, &zh, &en); err != nil {
			return err
		}
		ind, _ := risk.IndicatorByID(id)
		out[unit] = append(out[unit], letters.Fact{Family: ind.Family, Title: tr.ruleTitle(id), Text: tr.pick(zh, en)})
		return nil
	})
	return out, err
}

func loadLetterEvidence(ctx context.Context, q querier, tr translator, run runInfo) (map[string][]letters.Evidence, map[string]int, error) {
	out, totals := map[string][]letters.Evidence{}, map[string]int{}
	err := q.each(ctx, qLetterEvidence, []any{run.ID, letterEvidence, tr.lang}, func(r *sql.Rows) error {
		var unit, rule, ledger, id, reason string
		var on *time.Time
		var amount *float64
		var total int
		if err := r.Scan(&unit, &rule, &ledger, &id, &on, &amount, &reason, &total); err != nil {
			return err
		}
		date, _ := dateOf(on).(string)
		out[unit] = append(out[unit], letters.Evidence{Rule: tr.ruleTitle(rule), Ledger: ledger, RecordID: id,
			Date: date, Amount: amount, Reason: reason})
		totals[unit] = total
		return nil
	})
	return out, totals, err
}
