package dashboards

import (
	"context"
	"regexp"
	"strings"
)

// idShape is anything shaped like a resident ID or a bank account: 17 to
// 19 digits (the last two may be an X check character).
var idShape = regexp.MustCompile(`(\d{4})\d{11,13}([\dXx]{2})`)

// maskIDShapes hides the middle of anything shaped like a resident ID or an
// account number, as ingest does when it stores a reject. Ingest already
// masks; this is a second guard, so a report never shows one in clear even
// if a value was stored unmasked.
func maskIDShapes(s string) string {
	return idShape.ReplaceAllString(s, "${1}***********${2}")
}

// figureView is one headline figure.
type figureView struct {
	Query, Label, Value, Unit, Note string
}

// indexPage is the leadership overview.
type indexPage struct {
	pageBase
	Figures      []figureView
	Monthly      chartView
	Clusters     chartView
	ClusterRows  []clusterView
	Districts    chartView
	DistrictRows []districtView
	NoTargets    bool
	TourText     string
	ReminderText string
	TopTours     []tourView
	TopReminders []reminderView
	TopUnits     []rankView
	// Limits says plainly what the data could not support.
	Limits []string
	// Sources names the query behind each figure and chart (a footnote,
	// for tracing; the figures themselves carry no developer label).
	Sources []sourceView
}

// sourceView is one figure or chart and its query.
type sourceView struct{ Label, Query string }

type clusterView struct{ Name, Domains, Cases, Punished string }

type districtView struct {
	Rank, Name, Cases, Staff, Per100, MeanScore, High, Scored string
}

// headlineFigures turns the headline into figures, each naming its query.
func headlineFigures(tr translator, h headline) ([]figureView, error) {
	l, err := tr.labels("fig_cases_filed", "fig_people_punished", "fig_leaders_accountable", "fig_cases_exposed",
		"fig_leader_talks", "fig_people_accountable", "fig_key_leads", "fig_accusation_change", "fig_satisfaction",
		"unit_cases", "unit_people", "unit_leads")
	if err != nil {
		return nil, err
	}
	count := func(q, label, unit string, n int64) figureView {
		return figureView{Query: q, Label: l[label], Value: fmtInt(n), Unit: l[unit]}
	}
	figs := []figureView{
		count(qCasesFiled, "fig_cases_filed", "unit_cases", h.CasesFiled),
		count(qPeoplePunished, "fig_people_punished", "unit_people", h.PeoplePunished),
		count(qLeadersAccountable, "fig_leaders_accountable", "unit_people", h.LeadersAccountable),
		count(qCasesExposed, "fig_cases_exposed", "unit_cases", h.CasesExposed),
		count(qLeaderTalks, "fig_leader_talks", "unit_people", h.LeaderTalks),
		count(qPeopleAccountable, "fig_people_accountable", "unit_people", h.PeopleAccountable),
		count(qKeyLeads, "fig_key_leads", "unit_leads", h.KeyLeads),
	}

	acc := figureView{Query: qAccusationChange, Label: l["fig_accusation_change"], Value: signedPct(h.AccusationChangePct)}
	if h.AccusationChangePct == nil {
		if acc.Note, err = tr.T("accusation_none"); err != nil {
			return nil, err
		}
	} else if acc.Note, err = tr.F("accusation_note", h.AccusationYear, fmtInt(h.AccusationCur),
		h.AccusationYear-1, fmtInt(h.AccusationPrev)); err != nil {
		return nil, err
	}
	figs = append(figs, acc)

	sat := figureView{Query: qSatisfactionCity, Label: l["fig_satisfaction"], Value: fmtFloat(h.Satisfaction, 2)}
	switch {
	case h.Satisfaction == nil:
		sat.Note, err = tr.F("satisfaction_none", h.SatisfactionPeriod)
	case h.SatisfactionFallback:
		sat.Query = qSatisfactionTownships
		sat.Note, err = tr.F("satisfaction_fallback", h.SatisfactionPeriod)
	default:
		sat.Note, err = tr.F("satisfaction_city", h.SatisfactionPeriod)
	}
	if err != nil {
		return nil, err
	}
	return append(figs, sat), nil
}

// signedPct writes a change in per cent with its sign: −8.1%, +3.0%.
func signedPct(x *float64) string {
	s := fmtFloat(x, 1)
	if s == "—" {
		return s
	}
	if !strings.HasPrefix(s, "−") && s != "0.0" {
		s = "+" + s
	}
	return s + "%"
}

func clusterViews(tr translator, rows []clusterRow) ([]clusterView, error) {
	out := make([]clusterView, len(rows))
	for i, r := range rows {
		name, err := tr.T(r.Key)
		if err != nil {
			return nil, err
		}
		domains := make([]string, len(r.Domains))
		for j, d := range r.Domains {
			domains[j] = tr.Domain(d)
		}
		sep := "、"
		if tr.lang == LangEn {
			sep = ", "
		}
		out[i] = clusterView{Name: name, Domains: orDash(strings.Join(domains, sep)), Cases: fmtInt(r.Cases), Punished: fmtInt(r.Punished)}
	}
	return out, nil
}

func districtViews(rows []districtRow) []districtView {
	out := make([]districtView, len(rows))
	for i, r := range rows {
		out[i] = districtView{
			Rank: fmtInt(int64(i + 1)), Name: r.Name, Cases: fmtInt(r.Cases), Staff: fmtInt(r.Staff),
			Per100: fmtFloat(r.Per100, 2), MeanScore: fmtFloat(r.MeanScore, 1), High: fmtInt(r.High), Scored: fmtInt(r.Scored),
		}
	}
	return out
}

// buildIndex reads and lays out the leadership overview.
func buildIndex(ctx context.Context, q querier, tr translator, run runInfo, p Period, ud *unitData) (any, error) {
	var pg indexPage
	var err error
	if pg.pageBase, err = newPageBase(tr, pageIndex, run, p); err != nil {
		return pg, err
	}
	h, err := loadHeadline(ctx, q, p)
	if err != nil {
		return pg, err
	}
	if pg.Figures, err = headlineFigures(tr, h); err != nil {
		return pg, err
	}

	monthly, err := loadMonthly(ctx, q, p)
	if err != nil {
		return pg, err
	}
	if pg.Monthly, err = monthlyChart(tr, monthly); err != nil {
		return pg, err
	}
	cl, err := loadClusters(ctx, q, p)
	if err != nil {
		return pg, err
	}
	if pg.Clusters, err = clusterChart(tr, cl); err != nil {
		return pg, err
	}
	if pg.ClusterRows, err = clusterViews(tr, cl); err != nil {
		return pg, err
	}
	districts, err := loadDistricts(ctx, q, run.ID, p)
	if err != nil {
		return pg, err
	}
	pg.DistrictRows = districtViews(districts)
	if pg.Districts, err = districtChart(tr, districts); err != nil {
		return pg, err
	}

	if err := pg.addTargets(ctx, q, tr, run, ud); err != nil {
		return pg, err
	}
	top, err := loadRanking(ctx, q, run.ID, overviewTopRows)
	if err != nil {
		return pg, err
	}
	pg.TopUnits = rankViews(tr, top, ud)
	if pg.Limits, err = dataLimits(ctx, q, tr, run, h); err != nil {
		return pg, err
	}
	pg.Sources = indexSources(pg)
	return pg, nil
}

// indexSources lists the page's figures and charts with their queries.
func indexSources(pg indexPage) []sourceView {
	var out []sourceView
	for _, f := range pg.Figures {
		out = append(out, sourceView{f.Label, f.Query})
	}
	for _, c := range []chartView{pg.Monthly, pg.Clusters, pg.Districts} {
		out = append(out, sourceView{c.Title, c.Query})
	}
	return out
}

// addTargets adds the summary of the proposed targets and the first ones.
func (pg *indexPage) addTargets(ctx context.Context, q querier, tr translator, run runInfo, ud *unitData) error {
	counts, err := loadTargetCounts(ctx, q, run.ID)
	if err != nil {
		return err
	}
	pg.NoTargets = len(counts) == 0
	tour, rem := counts["tour"], counts["reminder"]
	if pg.TourText, err = tr.F("targets_tour", fmtInt(tour.Units), fmtInt(tour.Rounds), fmtInt(tour.Teams), fmtInt(tour.Forced)); err != nil {
		return err
	}
	if pg.ReminderText, err = tr.F("targets_reminder", fmtInt(rem.Units)); err != nil {
		return err
	}
	tours, err := loadTours(ctx, q, run.ID)
	if err != nil {
		return err
	}
	if len(tours) > overviewTopRows {
		tours = tours[:overviewTopRows]
	}
	if pg.TopTours, err = tourViews(tr, tours, ud); err != nil {
		return err
	}
	reminders, err := loadReminders(ctx, q, run.ID)
	if err != nil {
		return err
	}
	if len(reminders) > overviewTopRows {
		reminders = reminders[:overviewTopRows]
	}
	pg.TopReminders = reminderViews(tr, reminders, ud)
	return nil
}
