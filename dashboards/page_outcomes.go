package dashboards

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/microrisk/microrisk/risk"
)

// outcomesPage is what the dispositions (处置结果) decided by the run's
// as-of date teach: the targeted tours against the lottery's, each rule's
// live precision and yield, the rules listed for retirement, and the
// weights re-fitted on the outcomes beside the configured ones.
type outcomesPage struct {
	pageBase
	Summary  string
	Yields   []yieldView
	YieldGap string
	Rules    []ruleOutcomeView
	Retire   []ruleOutcomeView
	Refit    string
	Weights  []weightView
	Criteria string
}

type yieldView struct{ Kind, Outcomes, Checked, Found, Rate, Interval, Money, Persons string }

type ruleOutcomeView struct {
	ID, Title, Outcomes, Flags, Found, Rate, Interval, Lift, Money string
	Retire                                                         bool
}

type weightView struct{ ID, Title, Default, Refit, Coef string }

func buildOutcomes(ctx context.Context, q querier, tr translator, run runInfo, p Period, _ *unitData) (any, error) {
	var pg outcomesPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pageOutcomes, run, p); err != nil {
		return pg, err
	}
	cfg, err := risk.DecodeStoredConfig(run.Config)
	if err != nil {
		return pg, err
	}
	outs, err := loadOutcomes(ctx, q, run.AsOf, cfg.Outcomes)
	if err != nil {
		return pg, err
	}
	s := risk.Summarise(run.AsOf, outs, cfg.Outcomes)
	if pg.Summary, err = tr.F("outcomes_summary", tr.date(run.AsOf), fmtInt(int64(s.Total)), fmtInt(int64(s.Checked)),
		fmtInt(int64(s.Base.K)), pctText(s.Base.P), fmtMoney(s.Money), fmtInt(int64(s.Persons)), fmtInt(int64(s.Unattributed))); err != nil {
		return pg, err
	}
	if err := pg.addYields(tr, s); err != nil {
		return pg, err
	}
	if pg.Criteria, err = tr.F("retire_criteria", fmtInt(int64(cfg.Outcomes.MinOutcomes)), strconv.FormatFloat(cfg.Outcomes.MinLift, 'g', -1, 64),
		pctText(s.Base.P)); err != nil {
		return pg, err
	}
	for _, r := range s.Rules {
		v := ruleOutcomeView{ID: r.Rule, Title: r.Rule, Outcomes: fmtInt(int64(r.Precision.N)), Flags: fmtInt(int64(r.Flags)),
			Found: fmtInt(int64(r.Precision.K)), Rate: pctText(r.Precision.P), Interval: interval(r.Precision),
			Lift: fmtFloat(&r.Lift, 2), Money: fmtMoney(r.Money), Retire: r.Retire}
		if ind, ok := risk.IndicatorByID(r.Rule); ok {
			v.Title = tr.pick(ind.TitleZh, ind.TitleEn)
		}
		pg.Rules = append(pg.Rules, v)
		if r.Retire {
			pg.Retire = append(pg.Retire, v)
		}
	}
	return pg, pg.addRefit(tr, outs, cfg)
}

// loadOutcomes resolves the dispositions on the report's connection.
func loadOutcomes(ctx context.Context, q querier, asOf time.Time, oc risk.Outcomes) ([]risk.Outcome, error) {
	switch c := q.db.(type) {
	case *sql.Conn:
		return risk.LoadOutcomesOn(ctx, c, asOf, oc)
	case *sql.DB:
		return risk.LoadOutcomes(ctx, c, asOf, oc)
	}
	return nil, errors.New("dashboards: outcomes need a database connection")
}

func (pg *outcomesPage) addYields(tr translator, s risk.OutcomeSummary) error {
	l, err := tr.labels("yield_targeted", "yield_random")
	if err != nil {
		return err
	}
	for _, y := range []struct {
		key string
		y   risk.Yield
	}{{"yield_targeted", s.Targeted}, {"yield_random", s.Random}} {
		pg.Yields = append(pg.Yields, yieldView{Kind: l[y.key], Outcomes: fmtInt(int64(y.y.Outcomes)), Checked: fmtInt(int64(y.y.Hits.N)),
			Found: fmtInt(int64(y.y.Hits.K)), Rate: pctText(y.y.Hits.P), Interval: interval(y.y.Hits), Money: fmtMoney(y.y.Money),
			Persons: fmtInt(int64(y.y.Persons))})
	}
	switch {
	case s.Random.Hits.N == 0 || s.Targeted.Hits.N == 0:
		pg.YieldGap, err = tr.T("yield_none")
	default:
		ratio := s.Targeted.Hits.P / s.Random.Hits.P
		pg.YieldGap, err = tr.F("yield_ratio", fmtFloat(&ratio, 2), fmtInt(int64(s.Random.Hits.N)))
	}
	return err
}

func (pg *outcomesPage) addRefit(tr translator, outs []risk.Outcome, cfg risk.Config) error {
	fit := risk.FitWeights(outs, cfg)
	var err error
	if fit.Weights == nil {
		pg.Refit, err = tr.F("refit_none", fit.Reason)
		return err
	}
	use := "refit_unused"
	if cfg.Outcomes.Refit {
		use = "refit_used"
	}
	if pg.Refit, err = tr.F("refit_summary", fmtInt(int64(fit.N)), fmtInt(int64(fit.Hits)), strconv.Itoa(risk.RefitFolds),
		fmtFloat(&fit.AUC, 3), fmtFloat(&fit.DefaultAUC, 3)); err != nil {
		return err
	}
	u, err := tr.T(use)
	if err != nil {
		return err
	}
	pg.Refit += " " + u
	for _, ind := range risk.Catalogue {
		w, r, c := cfg.Weight(ind.ID), fit.Weights[ind.ID], fit.Coef[ind.ID]
		pg.Weights = append(pg.Weights, weightView{ID: ind.ID, Title: tr.pick(ind.TitleZh, ind.TitleEn),
			Default: fmtFloat(&w, 2), Refit: fmtFloat(&r, 2), Coef: fmtFloat(&c, 3)})
	}
	return nil
}

// pctText writes a share as a percentage ("—" for NaN).
func pctText(p float64) string {
	if math.IsNaN(p) {
		return "—"
	}
	x := 100 * p
	return fmtFloat(&x, 0) + "%"
}

func interval(p risk.Proportion) string {
	if math.IsNaN(p.Lo) {
		return "—"
	}
	return pctText(p.Lo) + "–" + pctText(p.Hi)
}

// fmtMoney writes yuan rounded to whole yuan with thousands separators.
func fmtMoney(x float64) string { return fmtInt(int64(math.Round(x))) }
