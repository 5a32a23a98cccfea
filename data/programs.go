package data

import "time"

// frequency says how often a programme pays a payee.
type frequency uint8

const (
	monthly frequency = iota
	annual
	adHoc
)

var frequencyNames = [...]string{"monthly", "annual", "ad_hoc"}

// program is a benefit or special-fund programme. Amounts are log-normal
// around median with a wide sigma, drawn independently for every payment
// (a household's allowance is the gap between its declared income and the
// threshold, which moves month to month), so that a clean ledger's leading
// digits follow Benford's law; except for the programmes whose amounts
// are fixed by policy (fixed: gaoling, canji; zaihai where paid).
type program struct {
	code, zh, en string
	freq         frequency
	median       float64 // yuan
	sigma        float64 // of the natural logarithm
	// rate is payees per 1,000 residents (monthly, annual) or payments
	// per 1,000 residents a year (ad hoc).
	rate           float64
	minAge, maxAge int
	means          bool         // means-tested: owners of cars or houses are not eligible
	months         []time.Month // annual: the months it is paid in
	paidBy         string
}

// programs is the catalogue; payments.program holds the code.
var programs = []*program{
	{"dibao", "最低生活保障金(低保)", "subsistence allowance", monthly, 420, 1.0, 1.3, 18, 90, true, nil, "village, community"},
	{"tekun", "特困人员救助供养金", "support for the extremely poor", monthly, 650, 1.0, 0.15, 16, 95, true, nil, "village; a township's care home through its 民政办 or a village"},
	{"gaoling", "高龄津贴(高龄补贴)", "old-age allowance (80 and over)", monthly, 130, 1.0, 0.9, 80, 100, false, nil, "village, community"},
	{"canji", "困难残疾人生活补贴和重度残疾人护理补贴", "disability allowances", monthly, 110, 1.0, 0.5, 6, 85, false, nil, "village, community"},
	{"youfu", "优抚对象抚恤补助", "pensions for veterans and martyrs' families", monthly, 900, 1.0, 0.15, 50, 95, false, nil, "village, community"},
	{"gengdi", "耕地地力保护补贴", "farmland fertility protection subsidy", annual, 420, 1.1, 6, 30, 85, false, []time.Month{time.April, time.May, time.June}, "village"},
	{"shengtai", "生态公益林补偿", "forest ecological compensation", annual, 260, 1.1, 3, 30, 85, false, []time.Month{time.November, time.December}, "village (mountain districts)"},
	{"fupin", "产业扶贫到户资金", "poverty-relief funds to households", adHoc, 3200, 1.0, 1.5, 25, 70, true, nil, "village"},
	{"linshi", "临时救助金", "temporary assistance", adHoc, 1500, 1.0, 3, 18, 85, true, nil, "民政办 station"},
	{"weifang", "农村危房改造补助", "rural dilapidated-housing renovation", adHoc, 14000, 0.9, 0.8, 30, 85, true, nil, "财政所 station (rural)"},
	{"nongji", "农机购置补贴", "farm machinery purchase subsidy", adHoc, 6000, 1.1, 1.2, 25, 65, false, nil, "农业服务中心 station"},
	{"jiuye", "就业创业补贴", "employment and start-up subsidy", adHoc, 2000, 1.0, 1.0, 18, 55, false, nil, "社保服务窗口 window"},
	{"zaihai", "受灾群众生活救助金", "disaster relief to households", adHoc, 4800, 0, 0, 18, 90, false, nil, "民政办 station, in a district after a disaster"},
}

// Fixed amounts, in fen. The old-age allowance is set by age band (80–89,
// 90–99, 100 and over); the disability allowances are a living subsidy
// (困难残疾人生活补贴, 100 yuan) and a care subsidy (重度残疾人护理补贴, 100
// yuan for the first grade, 50 for the second), alone or together.
var (
	gaolingBands   = []int64{10000, 20000, 30000}
	canjiStandards = []int64{5000, 10000, 15000, 20000}
	canjiWeights   = []float64{0.2, 0.45, 0.15, 0.2}
)

// fixed reports whether the programme pays fixed amounts (round by law).
func (p *program) fixed() bool { return p.code == "gaoling" || p.code == "canji" }

// gaolingAmount is the monthly old-age allowance of a person aged age.
func gaolingAmount(age int) int64 {
	return gaolingBands[clampInt((age-80)/10, 0, len(gaolingBands)-1)]
}

// fixedAmounts returns the fixed amounts of p in yuan and who gets which,
// for truth.json.
func fixedAmounts(p *program) ([]float64, string) {
	var fen []int64
	var standard string
	switch p.code {
	case "gaoling":
		fen, standard = gaolingBands, "by age: 100 yuan a month at 80–89, 200 at 90–99, 300 from 100"
	case "canji":
		fen, standard = canjiStandards, "living subsidy 100 yuan a month, care subsidy 100 (first grade) or 50 (second), alone or together"
	case "zaihai":
		fen, standard = []int64{480000}, "4,800 yuan a household where a district pays disaster relief (decoys policy_amount)"
	default:
		return nil, ""
	}
	out := make([]float64, len(fen))
	for i, f := range fen {
		out[i] = float64(f) / 100
	}
	return out, standard
}

// programByCode returns the programme with the given code.
func programByCode(code string) *program {
	for _, p := range programs {
		if p.code == code {
			return p
		}
	}
	panic("data: no programme " + code)
}

// programsOf returns the programmes a unit pays.
func programsOf(u *unit) []*program {
	var codes []string
	switch {
	case u.level == levelVillage && u.kind == "village":
		codes = []string{"dibao", "tekun", "gaoling", "canji", "youfu", "gengdi", "fupin"}
		if u.dist.Mountain {
			codes = append(codes, "shengtai")
		}
	case u.level == levelVillage:
		codes = []string{"dibao", "gaoling", "canji", "youfu"}
	case u.level == levelStation && u.station.pays != "":
		if u.station.pays != "weifang" || u.rural {
			codes = []string{u.station.pays}
		}
	}
	out := make([]*program, len(codes))
	for i, c := range codes {
		out[i] = programByCode(c)
	}
	return out
}

// truthPrograms lists the catalogue for truth.json.
func truthPrograms() []Program {
	out := make([]Program, len(programs))
	for i, p := range programs {
		out[i] = Program{Code: p.code, NameZh: p.zh, NameEn: p.en, Frequency: frequencyNames[p.freq], PaidBy: p.paidBy}
		out[i].FixedYuan, out[i].Standard = fixedAmounts(p)
	}
	return out
}

// approvalLimit is the amount, in fen, from which a payment needs the
// township's approval (5,000 yuan).
const approvalLimit = 500000
