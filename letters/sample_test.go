package letters_test

import (
	"fmt"
	"time"

	"github.com/microrisk/microrisk/letters"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// sample returns a letter to a village with two payment facts and one
// asset fact and an annex of n records out of 372 + 9.
func sample(lang string, n int) letters.Letter {
	l := letters.Letter{
		Lang: lang, Seq: 7, RunID: "20170531-a1b2",
		Unit: letters.Unit{ID: "510183101001", Name: "团结村", Level: "village", Kind: "village",
			Path: []string{"成都市", "邛崃市", "平乐镇", "团结村"}},
		AsOf:       day(2017, 5, 31),
		PeriodFrom: day(2015, 6, 1), PeriodTo: day(2017, 5, 31),
		ReplyDays: 30,
	}
	if lang == "en" {
		l.Facts = []letters.Fact{
			{Family: "payments", Title: "Duplicate payments", Text: "372 payments to the same payee under the same programme in the same month within 24 months (211.2 per thousand; city 8.4)"},
			{Family: "payments", Title: "Payments to the deceased", Text: "9 payments after the payee's recorded death within 24 months, 11,250.00 yuan"},
			{Family: "assets", Title: "Leases without bidding", Text: "4 leases of collective land above 10 mu without public bidding within 36 months"},
		}
	} else {
		l.Facts = []letters.Fact{
			{Family: "payments", Title: "同月重复发放", Text: "24个月内同一人同一项目同月重复发放372笔（每千笔211.2笔，全市8.4笔）"},
			{Family: "payments", Title: "向已故人员发放", Text: "24个月内向登记死亡后的人员发放9笔，金额11,250.00元"},
			{Family: "assets", Title: "集体土地未经公开招标出租", Text: "36个月内10亩以上集体土地出租未经公开招标4宗。"},
		}
	}
	for i := range n {
		amt := 1250.0 + float64(i%7)*1000.25
		if i%11 == 3 {
			amt = 1234567.891
		}
		e := letters.Evidence{Rule: "同月重复发放", Ledger: "payments", RecordID: fmt.Sprintf("P2016%06d", i),
			Date: fmt.Sprintf("2016-%02d-%02d", 1+i%12, 1+i%28), Amount: &amt, Reason: "与同一人同一项目同月另一笔发放重复（城乡低保）"}
		if lang == "en" {
			e.Rule, e.Reason = "Duplicate payments", "paid twice to one payee under one programme in one month (subsistence allowance)"
		}
		if i%13 == 5 {
			e.Ledger, e.Rule, e.RecordID, e.Amount = "assets", "集体土地未经公开招标出租", fmt.Sprintf("A%05d", i), nil
			e.Reason = "出租12.5亩，期限8年，未经公开招标"
			if lang == "en" {
				e.Rule, e.Reason = "Leases without bidding", "12.5 mu leased for 8 years without public bidding"
			}
		}
		l.Evidence = append(l.Evidence, e)
	}
	l.EvidenceTotal = 372 + 9 + 4
	return l
}
