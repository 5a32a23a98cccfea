package letters_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/microrisk/microrisk/docx"
	"github.com/microrisk/microrisk/letters"
)

// A reminder to a village about duplicate benefit payments, read back from
// its .docx.
func Example() {
	amt := 1250.0
	l := letters.Letter{
		Seq:   1,
		RunID: "20170531-01",
		Unit: letters.Unit{ID: "510183101001", Name: "团结村", Level: "village", Kind: "village",
			Path: []string{"成都市", "邛崃市", "平乐镇", "团结村"}},
		AsOf:       time.Date(2017, 5, 31, 0, 0, 0, 0, time.UTC),
		PeriodFrom: time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC),
		Facts: []letters.Fact{{Family: "payments", Title: "同月重复发放",
			Text: "24个月内同一人同一项目同月重复发放2笔（每千笔211.2笔，全市8.4笔）"}},
		Evidence: []letters.Evidence{
			{Rule: "同月重复发放", Ledger: "payments", RecordID: "P00012", Date: "2016-03-15", Amount: &amt, Reason: "与P00011同人同项目同月"},
			{Rule: "同月重复发放", Ledger: "payments", RecordID: "P00011", Date: "2016-03-02", Amount: &amt, Reason: "与P00012同人同项目同月"},
		},
	}
	fmt.Println(l.Addressee())
	fmt.Println(letters.FileName(l.Unit.ID))
	b, err := l.DOCX()
	if err != nil {
		fmt.Println(err)
		return
	}
	text, err := docx.ReadText(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(text, "\n")
	fmt.Println(strings.Join(lines[:10], "\n"))
	fmt.Println("…")
	fmt.Println(strings.Join(lines[len(lines)-4:], "\n"))
	// Output:
	// x
}
