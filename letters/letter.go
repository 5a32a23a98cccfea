package letters

import (
	"errors"
	"fmt"
	"time"
)

// Languages of a letter.
const (
	// Zh is the letter in Chinese official-document form, the one to issue.
	Zh = "zh"
	// En is a plain English draft with the same content, for reading.
	En = "en"
)

// DefaultReplyDays is the time for the written reply when Letter.ReplyDays
// is 0: thirty days from receipt, the usual term of a 工作提醒函.
const DefaultReplyDays = 30

// Unit is the unit a letter is addressed to.
type Unit struct {
	// ID is the unit's code in the units ledger (unit_id).
	ID string
	// Name is the unit's own name, e.g. "团结村" or "平乐镇财政所".
	Name string
	// Level is the unit's level as model.Levels codes it: "township",
	// "village" or "station" (others are taken as a generic unit).
	Level string
	// Kind is the unit's kind as model.UnitKinds codes it: "street",
	// "township", "village", "community", "station", "window", "school",
	// "hospital" or "other"; it chooses the form of the addressee.
	Kind string
	// Path holds the names from the city down to the unit itself, e.g.
	// ["成都市", "邛崃市", "平乐镇", "团结村"]. It tells homonyms apart
	// in the addressee and the title; nil means the name alone.
	Path []string
	// PartyOrg is the full name of the unit's party organisation where
	// the commission knows it (e.g. "中共平乐镇团结村总支部委员会"); it
	// replaces the addressee derived from Level and Kind (see
	// Letter.Addressee).
	PartyOrg string
}

// Fact is one ground of the letter: what the data shows about the unit.
type Fact struct {
	// Family is the indicator's family as risk.Families names it
	// ("cases", "reports", "leads", "trend", "payments", "assets"); the
	// letter's title names the families of its facts. Empty or unknown
	// families give a generic title.
	Family string
	// Title says what the indicator is, e.g. "同月重复发放".
	Title string
	// Text is the reason sentence with its figures and its period, e.g.
	// "24个月内同一人同一项目同月重复发放372笔（每千笔211.2笔，全市8.4笔）".
	// A full stop is added when it ends without one.
	Text string
}

// Evidence is one row of the annex: a flagged record.
type Evidence struct {
	// Rule is the title of the indicator that flagged the record.
	Rule string
	// Ledger is the ledger holding the record: its code ("payments",
	// "assets", …), shown by its Chinese name in a Chinese letter, or any
	// text, shown as it is.
	Ledger string
	// RecordID is the record's own id as the source file holds it
	// (payment_id, txn_id, case_id…).
	RecordID string
	// Date is the record's date as it should be printed, e.g.
	// "2016-03-15"; empty when none.
	Date string
	// Amount is the amount at stake in yuan; nil when none.
	Amount *float64
	// Reason says why the record is flagged, in the letter's language.
	Reason string
}

// Letter is a draft work reminder letter (工作提醒函) to one unit. Build it
// with exported fields and render it with HTML or DOCX; both give the same
// content. The zero time, empty issuer and so on leave blanks for the
// commission to fill (see the package documentation).
type Letter struct {
	// Lang is Zh (the official form; "" means Zh) or En (a plain English
	// draft for reading).
	Lang string
	// Seq is the reminder's number in the run (1, 2, …), printed in the
	// draft note; 0 leaves it out.
	Seq int
	// RunID is the scoring run the letter was drawn from, printed in the
	// draft note and the annex.
	RunID string
	// Unit is the addressee's unit.
	Unit Unit
	// Issuer is the issuing commission, e.g. "中共成都市纪律检查委员会";
	// empty leaves a blank in the signature block.
	Issuer string
	// AsOf is the date the data are complete to.
	AsOf time.Time
	// PeriodFrom and PeriodTo bound the period the facts cover; a zero
	// PeriodTo is AsOf, a zero PeriodFrom states the period as "up to
	// PeriodTo".
	PeriodFrom, PeriodTo time.Time
	// Facts are the grounds of the letter, at least one.
	Facts []Fact
	// Evidence is the annex: the flagged records (it may be long).
	Evidence []Evidence
	// EvidenceTotal is the number of flags behind the facts. When it is
	// larger than len(Evidence) the annex was capped, and it says so and
	// where to get the rest; 0 means len(Evidence).
	EvidenceTotal int
	// ReplyDays is the time for the written reply, in days from receipt
	// of the letter; 0 means DefaultReplyDays.
	ReplyDays int
}

// ErrNoFacts is returned for a letter without facts: a reminder must state
// its grounds.
var ErrNoFacts = errors.New("letters: a letter needs at least one fact")

// Validate reports the first field of l that cannot make a letter: an
// unknown language, a unit without a name, no as-of date, no facts, a
// period that ends before it starts, a negative reply time or total.
func (l Letter) Validate() error {
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("letters: %s: %s", field, fmt.Sprintf(format, args...))
	}
	switch {
	case l.Lang != "" && l.Lang != Zh && l.Lang != En:
		return bad("Lang", "%q is neither %q nor %q", l.Lang, Zh, En)
	case l.Unit.Name == "":
		return bad("Unit.Name", "empty")
	case l.AsOf.IsZero():
		return bad("AsOf", "zero")
	case len(l.Facts) == 0:
		return ErrNoFacts
	case !l.PeriodFrom.IsZero() && l.PeriodFrom.After(l.periodTo()):
		return bad("PeriodFrom", "%s is after the period's end %s", day(l.PeriodFrom), day(l.periodTo()))
	case l.ReplyDays < 0:
		return bad("ReplyDays", "%d is negative", l.ReplyDays)
	case l.EvidenceTotal < 0:
		return bad("EvidenceTotal", "%d is negative", l.EvidenceTotal)
	}
	for i, f := range l.Facts {
		if f.Text == "" {
			return bad(fmt.Sprintf("Facts[%d].Text", i), "empty")
		}
	}
	return nil
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// lang returns the letter's language, Zh for "".
func (l Letter) lang() string {
	if l.Lang == En {
		return En
	}
	return Zh
}

func (l Letter) periodTo() time.Time {
	if l.PeriodTo.IsZero() {
		return l.AsOf
	}
	return l.PeriodTo
}

func (l Letter) replyDays() int {
	if l.ReplyDays == 0 {
		return DefaultReplyDays
	}
	return l.ReplyDays
}

// total returns the number of flags behind the facts.
func (l Letter) total() int {
	return max(l.EvidenceTotal, len(l.Evidence))
}
