package risk

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"text/template"
)

// reasonData is what an indicator's reason templates can state. Counts are
// float64 like every figure; the template functions below print them.
type reasonData struct {
	Months int    // the indicator's window in months (0 for WindowAsOf)
	AsOf   string // the as-of date, YYYY-MM-DD
	// Value, Z, Observed and Expected are the unit's stored figures.
	Value, Z, Observed, Expected float64
	// N, Share and City are an Excess's denominator, the unit's share k/n
	// and the city's share.
	N, Share, City float64
	// Ratio and PValue are a RateRatio's rate ratio and p-value.
	Ratio, PValue float64
	// F holds the unit's named figures: the indicator's own (observed,
	// at_stake, the columns of its "units" statement, a Go measure's
	// extras), then the base and scope figures (payments, deals, txns,
	// staff, population).
	F map[string]float64
	// Cfg holds the configuration's rule parameters (approval_limit,
	// split_below (per cent), round_multiple, account_payees, max_term,
	// low_price_z, trend_months).
	Cfg map[string]float64
}

// reasonFuncs print figures in reason sentences.
var reasonFuncs = template.FuncMap{
	"n":      func(x float64) string { return fmt.Sprintf("%.0f", x) },
	"f1":     func(x float64) string { return fmt.Sprintf("%.1f", x) },
	"f2":     func(x float64) string { return fmt.Sprintf("%.2f", x) },
	"f3":     func(x float64) string { return fmt.Sprintf("%.3f", x) },
	"f4":     func(x float64) string { return fmt.Sprintf("%.4f", x) },
	"g":      func(x float64) string { return fmt.Sprintf("%g", x) },
	"pct":    func(x float64) string { return fmt.Sprintf("%.1f", 100*x) },
	"pct0":   func(x float64) string { return fmt.Sprintf("%.0f", 100*x) },
	"permil": func(x float64) string { return fmt.Sprintf("%.1f", 1000*x) },
	"small":  small,
	"nouns":  nouns,
	"times": func(x float64) string {
		if math.IsInf(x, 1) {
			return "∞"
		}
		return fmt.Sprintf("%.1f", x)
	},
	"div": func(a, b float64) float64 { return a / b },
}

// small writes a figure with one decimal, or two significant digits below
// 1 so that a small city mean does not print as 0.0.
func small(x float64) string {
	if x >= 1 || x == 0 {
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2g", x)
}

// nouns writes a count with its noun, plural unless the count is 1:
// "1 case", "7 cases".
func nouns(n float64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%.0f %ss", n, noun)
}

// reasonTemplates are an indicator's parsed reason templates.
type reasonTemplates struct{ zh, en *template.Template }

var (
	reasonMu    sync.Mutex
	reasonCache = map[string]*reasonTemplates{}
)

// parseReason parses the indicator's templates (once per id).
func parseReason(ind Indicator) (*reasonTemplates, error) {
	reasonMu.Lock()
	defer reasonMu.Unlock()
	if t, ok := reasonCache[ind.ID]; ok {
		return t, nil
	}
	if ind.ReasonZh == "" || ind.ReasonEn == "" {
		return nil, fmt.Errorf("no reason template")
	}
	zh, err := template.New(ind.ID + ".zh").Funcs(reasonFuncs).Option("missingkey=error").Parse(ind.ReasonZh)
	if err != nil {
		return nil, err
	}
	en, err := template.New(ind.ID + ".en").Funcs(reasonFuncs).Option("missingkey=error").Parse(ind.ReasonEn)
	if err != nil {
		return nil, err
	}
	t := &reasonTemplates{zh: zh, en: en}
	reasonCache[ind.ID] = t
	return t, nil
}

// render writes the two sentences. A template that fails on real data is a
// bug in the declaration; the sentence then says so rather than vanish.
func (t *reasonTemplates) render(d reasonData) (zh, en string) {
	return execute(t.zh, d), execute(t.en, d)
}

func execute(t *template.Template, d reasonData) string {
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "(" + t.Name() + ": " + err.Error() + ")"
	}
	return b.String()
}
