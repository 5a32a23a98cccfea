package dashboards

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// Page files, in navigation order.
const (
	pageIndex      = "index.html"
	pagePlanner    = "planner.html"
	pageUnit       = "unit.html"
	pagePayments   = "payments.html"
	pageAssets     = "assets.html"
	pageValidation = "validation.html"
	pageOutcomes   = "outcomes.html"
	pageDiff       = "diff.html"
	pageQuality    = "quality.html"
)

var pageNav = []struct{ file, key string }{
	{pageIndex, "nav_index"},
	{pagePlanner, "nav_planner"},
	{pageUnit, "nav_unit"},
	{pagePayments, "nav_payments"},
	{pageAssets, "nav_assets"},
	{pageValidation, "nav_validation"},
	{pageOutcomes, "nav_outcomes"},
	{pageDiff, "nav_diff"},
	{pageQuality, "nav_quality"},
}

// Files every page loads from the report's lib folder, by relative path:
// ECharts is written once, not into every page.
const (
	libDir     = "lib"
	libECharts = "lib/echarts.min.js"
	libScript  = "lib/microrisk.js"
	libUnit    = "lib/unit.js"
	libStyle   = "lib/microrisk.css"
)

// pageTemplates parses the layout with one page's content. The "t"
// function is bound to a language when the page is written.
func pageTemplates(page string) (*template.Template, error) {
	placeholder := template.FuncMap{"t": func(string) (string, error) { return "", nil }}
	return template.New(page).Funcs(placeholder).ParseFS(templateFS,
		"templates/layout.html", "templates/rows.html", "templates/"+page)
}

// renderPage executes the page's template with data in the translator's
// language. html/template escapes every string from the data for its
// context; the only unescaped inserts are the embedded ECharts library and
// option JSON from safeJSON, both template.JS.
func renderPage(tr translator, page string, data any) ([]byte, error) {
	t, err := pageTemplates(page)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", page, err)
	}
	t = t.Funcs(template.FuncMap{"t": tr.T})
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return b.Bytes(), nil
}

// pageBase is what the layout needs.
type pageBase struct {
	HTMLLang string
	Title    string
	Nav      []navItem
	Meta     []metaItem
	// Root is the way from the page to the report folder ("" or "../").
	Root string
	// Scripts are the page's own scripts after the shared ones, relative
	// to the report folder (data files, lib/unit.js).
	Scripts []string
	// Text is the JSON of the strings the page scripts show.
	Text template.JS
}

type navItem struct {
	Href, Label string
	Current     bool
}

type metaItem struct{ Label, Value string }

func newPageBase(tr translator, page string, run runInfo, p Period) (pageBase, error) {
	b := pageBase{HTMLLang: "zh-CN"}
	if tr.lang == LangEn {
		b.HTMLLang = "en"
	}
	var err error
	if b.Text, err = tr.pageText(); err != nil {
		return b, err
	}
	for _, n := range pageNav {
		label, err := tr.T(n.key)
		if err != nil {
			return b, err
		}
		b.Nav = append(b.Nav, navItem{Href: n.file, Label: label, Current: n.file == page})
		if n.file == page {
			b.Title = label
		}
	}
	l, err := tr.labels("meta_run", "meta_as_of", "meta_period", "meta_created", "meta_version")
	if err != nil {
		return b, err
	}
	b.Meta = []metaItem{
		{l["meta_run"], run.ID},
		{l["meta_as_of"], tr.date(run.AsOf)},
		{l["meta_period"], tr.date(p.From) + " – " + tr.date(p.To)},
		{l["meta_created"], run.CreatedAt.Format("2006-01-02 15:04")},
		{l["meta_version"], run.Version},
	}
	return b, nil
}

// date writes a day: 2017年5月31日 or 2017-05-31.
func (t translator) date(d time.Time) string {
	if t.lang == LangEn {
		return d.Format("2006-01-02")
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// splitReasons splits newline-separated reason sentences.
func splitReasons(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// pick returns the Chinese or the English text.
func (t translator) pick(zh, en string) string {
	if t.lang == LangEn {
		return en
	}
	return zh
}

// bandClass maps a band to its CSS class; unknown bands get a neutral one.
func bandClass(band string) string {
	switch band {
	case "high", "elevated", "normal", "insufficient":
		return "band-" + band
	}
	return "band-other"
}

// unitRefView names a unit in a table: its name linked to its page, its
// code and its parent (township · district), so that units of the same
// name are told apart.
type unitRefView struct{ ID, Name, Href, Parent string }

// ref returns the reference of a unit of the units ledger.
func (d *unitData) ref(id string) unitRefView {
	v := unitRefView{ID: id, Name: orID(d.name(id), id), Href: "unit.html#" + url.PathEscape(id)}
	path := d.path(id)
	var parents []string
	for i := len(path) - 2; i >= 0 && len(parents) < 2; i-- {
		if path[i][2] == "city" || path[i][2] == "province" {
			break
		}
		parents = append(parents, path[i][1])
	}
	v.Parent = strings.Join(parents, " · ")
	return v
}

// jsonRef is a unit reference in a table built by microrisk.js.
func (v unitRefView) jsonRef() [3]string { return [3]string{v.ID, v.Name, v.Parent} }

// rankView is one row of a ranking table.
type rankView struct {
	Rank, Level, Score, Band, BandClass string
	Unit                                unitRefView
	Reasons                             []string
}

func rankViews(tr translator, rows []rankRow, ud *unitData) []rankView {
	out := make([]rankView, len(rows))
	for i, r := range rows {
		score := r.Score
		out[i] = rankView{
			Rank: strconv.Itoa(r.Rank), Unit: ud.ref(r.UnitID), Level: tr.Level(r.Level),
			Score: fmtFloat(&score, 1), Band: tr.Band(r.Band), BandClass: bandClass(r.Band),
			Reasons: splitReasons(tr.pick(r.ReasonsZh, r.ReasonsEn)),
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func optInt(p *int64) string {
	if p == nil {
		return "—"
	}
	return fmtInt(*p)
}

// tourView is one row of the tour plan.
type tourView struct {
	Round, Team, Seq, Level, ForcedText string
	Unit                                unitRefView
	Forced                              bool
	Reasons                             []string
	Plan                                planCells
}

func tourViews(tr translator, rows []tourRow, ud *unitData) ([]tourView, error) {
	how, err := tr.labels("how_risk", "how_coverage", "how_lottery")
	if err != nil {
		return nil, err
	}
	out := make([]tourView, len(rows))
	for i, r := range rows {
		forced := how["how_risk"]
		switch {
		case r.plan.Random:
			forced = how["how_lottery"]
		case r.Forced:
			forced = how["how_coverage"]
		}
		out[i] = tourView{
			Round: optInt(r.Round), Team: optInt(r.Team), Seq: strconv.Itoa(r.Seq),
			Unit: ud.ref(r.UnitID), Level: tr.Level(r.Level),
			Forced: r.Forced, ForcedText: forced, Reasons: splitReasons(tr.pick(r.ReasonZh, r.ReasonEn)),
			Plan: tr.planCells(r.plan),
		}
		if r.plan.TeamName != "" {
			out[i].Team = r.plan.TeamName
		}
	}
	return out, nil
}

// reminderView is one row of the work-reminder list.
type reminderView struct {
	Seq, Level, Observed, Expected, Ratio string
	Unit                                  unitRefView
	Letter, LetterDocx                    string // relative paths of the draft letter
	Reasons                               []string
	Plan                                  planCells
}

func reminderViews(tr translator, rows []reminderRow, ud *unitData) []reminderView {
	out := make([]reminderView, len(rows))
	for i, r := range rows {
		var ratio *float64
		if r.Observed != nil && r.Expected != nil && *r.Expected > 0 {
			x := *r.Observed / *r.Expected
			ratio = &x
		}
		base := lettersDir + "/" + letterBase(r.UnitID)
		out[i] = reminderView{
			Seq: strconv.Itoa(r.Seq), Unit: ud.ref(r.UnitID), Level: tr.Level(r.Level),
			Observed: fmtFloat(r.Observed, 0), Expected: fmtFloat(r.Expected, 2), Ratio: fmtFloat(ratio, 2),
			Letter: base + ".html", LetterDocx: base + ".docx",
			Reasons: splitReasons(tr.pick(r.ReasonZh, r.ReasonEn)), Plan: tr.planCells(r.plan),
		}
	}
	return out
}
