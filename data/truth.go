package data

// The patterns a planted unit can carry. Each names a way that
// micro-corruption shows in the ledgers; doc.go says how each is planted.
const (
	// PatternCaseExcess: more cases and accusation-type reports than the
	// unit's size explains, and key leads left open. Evidence: the extra
	// cases and reports, the key leads left open.
	PatternCaseExcess = "case_excess"
	// PatternBenefitRelatives: benefit payments to relatives of the unit's
	// cadres (relations.csv). Evidence: the payments; Persons are the
	// relatives.
	PatternBenefitRelatives = "benefit_relatives"
	// PatternRegisterMatch: payments to people in the deceased register
	// after their death, or in the public-employee register while employed.
	// Evidence: the payments; Persons are the registered payees.
	PatternRegisterMatch = "register_match"
	// PatternDuplicatePayment: the same payee paid twice for the same
	// programme and period. Evidence: the second payments.
	PatternDuplicatePayment = "duplicate_payment"
	// PatternSplitAmounts: amounts split just under the approval limit.
	// Evidence: the split payments.
	PatternSplitAmounts = "split_amounts"
	// PatternRoundAmounts: round amounts far above normal. Evidence: the
	// rounded payments.
	PatternRoundAmounts = "round_amounts"
	// PatternSharedAccount: several payees paid into one bank account, a
	// cadre's. Evidence: the payments; Persons are the payees.
	PatternSharedAccount = "shared_account"
	// PatternLeaseBelowPrice: collective land leased far below the
	// district's going price, without public bidding, sometimes for more
	// than 30 years or unapproved. Evidence: the lease transactions.
	PatternLeaseBelowPrice = "lease_below_price"
)

// Patterns lists every pattern, in the order they are planted.
var Patterns = []string{
	PatternCaseExcess, PatternBenefitRelatives, PatternRegisterMatch, PatternDuplicatePayment,
	PatternSplitAmounts, PatternRoundAmounts, PatternSharedAccount, PatternLeaseBelowPrice,
	PatternSilentUnit, PatternOwnerBenefits, PatternPayeeConcentration, PatternYearEndRush,
	PatternLeaseToRelatives, PatternRepeatReports, PatternUnrectified, PatternCasesAfterReminder,
}

// paymentPatterns are the patterns planted in payments.csv that need a
// unit paying enough for Benford's test (plant.go tops their volume up).
var paymentPatterns = map[string]bool{
	PatternBenefitRelatives: true, PatternRegisterMatch: true, PatternDuplicatePayment: true,
	PatternSplitAmounts: true, PatternRoundAmounts: true, PatternSharedAccount: true,
	PatternOwnerBenefits: true, PatternPayeeConcentration: true,
}

// Truth is what Generate planted; it is written to truth.json next to the
// ledgers. A scorer run on the generated world can be judged against it:
// the planted units are the positives.
type Truth struct {
	// Profile and Seed reproduce the world: the same pair gives the same
	// bytes.
	Profile string `json:"profile"`
	Seed    uint64 `json:"seed"`
	// From and To bound every date in the ledgers (YYYY-MM-DD).
	From string `json:"from"`
	To   string `json:"to"`
	// Counts are the rows written per ledger, keyed by ledger name
	// ("units", "cases", …, "registers").
	Counts map[string]int `json:"counts"`
	// Units counts units per level; Population is the top unit's (the
	// city, or the province).
	Units      map[string]int `json:"units"`
	Population int            `json:"population"`
	// Figures are the headline totals the ledgers were built to reproduce.
	Figures Figures `json:"figures"`
	// ApprovalLimitYuan is the amount from which a payment needs the
	// township's approval; split_amounts stay just under it.
	ApprovalLimitYuan float64 `json:"approval_limit_yuan"`
	// LeaseAmount says what amount_yuan means for a lease.
	LeaseAmount string `json:"lease_amount"`
	// Programs are the payment programmes (payments.program).
	Programs []Program `json:"programs"`
	// Planted are the high-risk units, in unit_id order.
	Planted []PlantedUnit `json:"planted"`
	// Decoys are clean units (or, for a campaign, a district) whose rows
	// look like abuse and are lawful, in unit_id then kind order.
	Decoys []Decoy `json:"decoys"`
}

// Program is one benefit or special-fund programme.
type Program struct {
	Code      string `json:"code"`
	NameZh    string `json:"name_zh"`
	NameEn    string `json:"name_en"`
	Frequency string `json:"frequency"` // monthly, annual or ad_hoc
	PaidBy    string `json:"paid_by"`   // the kind of unit that pays it
	// FixedYuan are the amounts set by policy, for programmes whose
	// amounts are fixed (round by law); Standard says who gets which.
	FixedYuan []float64 `json:"fixed_yuan,omitempty"`
	Standard  string    `json:"standard,omitempty"`
}

// PlantedUnit is one high-risk unit and the rows that carry its patterns.
type PlantedUnit struct {
	UnitID     string   `json:"unit_id"`
	Name       string   `json:"name"`
	Level      string   `json:"level"`
	DistrictID string   `json:"district_id"`
	LatentRisk float64  `json:"latent_risk"`
	Patterns   []string `json:"patterns"`
	// Start is the day the unit's mechanisms start (YYYY-MM-DD): its
	// planted rows are dated from then on. Revealed is the day its first
	// consequence (a case filed, a key lead confirmed) comes to light.
	Start    string     `json:"start"`
	Revealed string     `json:"revealed"`
	Evidence []Evidence `json:"evidence"`
	// Outcomes are the rows that followed the mechanism, months after
	// Start: the cases filed against the unit, the key leads confirmed
	// (outcome case_filed) and the unannounced visits that found
	// problems. The unit's cases at its base rate come on top.
	Outcomes []Rows `json:"outcomes"`

	plan *plan // the schedule the ledgers follow
}

// Rows names rows of one ledger by their keys.
type Rows struct {
	Ledger string   `json:"ledger"`
	IDs    []string `json:"ids"`
}

// Evidence names the rows of one ledger made to carry one pattern.
type Evidence struct {
	Pattern string `json:"pattern"`
	// Ledger is the file's name without extension; IDs are its keys
	// (payment_id, txn_id, case_id, report_id, lead_id, inspection_id or
	// action_id).
	Ledger string   `json:"ledger"`
	IDs    []string `json:"ids"`
	// Persons are the people behind the pattern, where there are some:
	// the relatives, the deceased or employed payees, the payees sharing
	// an account, the owners paid a means-tested benefit, the payees the
	// money concentrates on, the cadre accused again and again.
	Persons []string `json:"persons,omitempty"`
}

// PlantedUnitIDs returns the planted units' ids.
func (t *Truth) PlantedUnitIDs() []string {
	ids := make([]string, len(t.Planted))
	for i, p := range t.Planted {
		ids[i] = p.UnitID
	}
	return ids
}

// evidence returns the unit's evidence for pattern in ledger, adding it.
func (p *PlantedUnit) evidence(pattern, ledger string) *Evidence {
	for i := range p.Evidence {
		if e := &p.Evidence[i]; e.Pattern == pattern && e.Ledger == ledger {
			return e
		}
	}
	p.Evidence = append(p.Evidence, Evidence{Pattern: pattern, Ledger: ledger})
	return &p.Evidence[len(p.Evidence)-1]
}

// outcome returns the unit's outcome rows of ledger, adding them.
func (p *PlantedUnit) outcome(ledger string) *Rows {
	for i := range p.Outcomes {
		if o := &p.Outcomes[i]; o.Ledger == ledger {
			return o
		}
	}
	p.Outcomes = append(p.Outcomes, Rows{Ledger: ledger})
	return &p.Outcomes[len(p.Outcomes)-1]
}

// dropEvidence forgets the unit's evidence in ledger (when its rows are
// drawn again).
func (p *PlantedUnit) dropEvidence(ledger string) {
	kept := p.Evidence[:0]
	for _, e := range p.Evidence {
		if e.Ledger != ledger {
			kept = append(kept, e)
		}
	}
	p.Evidence = kept
}
