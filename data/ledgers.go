package data

import (
	"slices"
	"strconv"
)

// One writer per ledger. Ids are assigned in row order; rows that carry a
// planted pattern are noted in their unit's evidence.

func (g *gen) writeUnits() error {
	t, err := g.create("units")
	if err != nil {
		return err
	}
	for _, u := range g.units {
		parent := ""
		if u.parent >= 0 {
			parent = g.units[u.parent].id
		}
		pop := ""
		if u.level != levelStation {
			pop = strconv.Itoa(u.pop)
		}
		c := g.coords[u.idx]
		t.rec = append(t.rec[:0], u.id, u.name, u.level.String(), parent, u.kind, pop, strconv.Itoa(u.staff),
			degrees(c.lon), degrees(c.lat))
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
	}
	return t.close(g)
}

// writePayments generates each paying unit's payments and streams them out.
func (g *gen) writePayments() error {
	t, err := g.create("payments")
	if err != nil {
		return err
	}
	n := 0
	for _, u := range g.units {
		pa := newPayer(g, u)
		if pa == nil {
			continue
		}
		for _, p := range pa.generateEnough() {
			n++
			id := formatID("P", n, 8)
			t.rec = append(t.rec[:0], id, u.id, p.prog.code, p.payee.id, yuan(p.amount), p.on.String(),
				p.payee.name, p.account, p.approver.id)
			if err := t.write(); err != nil {
				t.abort()
				return err
			}
			if p.pattern != "" {
				noteRow(u, p.pattern, "payments", id)
			}
			if p.decoy != "" {
				g.noteDecoy(u, p.decoy, "payments", id)
			}
		}
	}
	return t.close(g)
}

func (g *gen) writeAssets() error {
	t, err := g.create("assets")
	if err != nil {
		return err
	}
	for n, a := range g.makeAssets() {
		id := formatID("T", n+1, 8)
		partyID, partyName := a.companyID, a.company
		if a.party != nil {
			partyID, partyName = a.party.id, a.party.name
		}
		area, term, bidding := "", "", ""
		if a.areaMu > 0 {
			area = strconv.FormatFloat(a.areaMu, 'f', 1, 64)
		}
		if a.termYears > 0 {
			term = strconv.Itoa(a.termYears)
		}
		if a.bidding >= 0 {
			bidding = boolField(a.bidding == 1)
		}
		t.rec = append(t.rec[:0], id, a.u.id, a.category, a.kind, yuan(a.amount), a.on.String(),
			partyID, partyName, area, term, bidding, boolField(a.approved))
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
		if a.pattern != "" {
			noteRow(a.u, a.pattern, "assets", id)
		}
		if a.decoy != "" {
			g.noteDecoy(a.u, a.decoy, "assets", id)
		}
	}
	return t.close(g)
}

func (g *gen) writeInspections() error {
	t, err := g.create("inspections")
	if err != nil {
		return err
	}
	for n, in := range g.inspections {
		id := formatID("I", n+1, 7)
		t.rec = append(t.rec[:0], id, in.u.id, in.kind, in.start.String(), dateField(in.end),
			intField(in.problems), intField(in.leads), intField(in.persons), intField(in.rectified))
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
		if in.pattern != "" {
			noteRow(in.u, in.pattern, "inspections", id)
		}
		if in.outcome {
			noteOutcome(in.u, "inspections", id)
		}
	}
	return t.close(g)
}

func (g *gen) writeReports() error {
	t, err := g.create("reports")
	if err != nil {
		return err
	}
	for n, rep := range g.reports {
		id := formatID("R", n+1, 7)
		t.rec = append(t.rec[:0], id, rep.u.id, rep.on.String(), rep.channel, rep.category, rep.domain,
			rep.status, dateField(rep.closed), personField(rep.accused))
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
		if rep.pattern != "" {
			noteRow(rep.u, rep.pattern, "reports", id)
		}
		if rep.pattern == PatternRepeatReports {
			e := rep.u.planted.evidence(rep.pattern, "reports")
			if !slices.Contains(e.Persons, rep.accused.id) {
				e.Persons = append(e.Persons, rep.accused.id)
			}
		}
		if g.inCampaign(rep) {
			g.noteDecoy(rep.u, DecoyDistrictCampaign, "reports", id)
		}
	}
	return t.close(g)
}

func (g *gen) writeLeads() error {
	t, err := g.create("leads")
	if err != nil {
		return err
	}
	for n, l := range g.leads {
		id := formatID("L", n+1, 7)
		t.rec = append(t.rec[:0], id, l.u.id, l.on.String(), l.source, boolField(l.key), l.status,
			dateField(l.closed), l.outcome)
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
		if l.pattern != "" {
			noteRow(l.u, l.pattern, "leads", id)
		}
		if l.planned {
			noteOutcome(l.u, "leads", id)
		}
	}
	return t.close(g)
}

func (g *gen) writeCases() error {
	t, err := g.create("cases")
	if err != nil {
		return err
	}
	for n, c := range g.cases {
		id := formatID("C", n+1, 7)
		t.rec = append(t.rec[:0], id, c.u.id, c.filed.String(), c.domain, c.violation, c.source,
			strconv.Itoa(c.persons), strconv.Itoa(c.sanctioned), strconv.Itoa(c.leaders), yuan(c.amount),
			boolField(c.exposed), dateField(c.closed))
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
		if c.pattern != "" {
			noteRow(c.u, c.pattern, "cases", id)
		}
		if c.outcome {
			noteOutcome(c.u, "cases", id)
		}
	}
	return t.close(g)
}

func (g *gen) writeActions() error {
	t, err := g.create("actions")
	if err != nil {
		return err
	}
	for n, a := range g.actions {
		id := formatID("A", n+1, 7)
		t.rec = append(t.rec[:0], id, a.u.id, a.kind, a.on.String(), intField(a.persons))
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
		if a.pattern != "" {
			noteRow(a.u, a.pattern, "actions", id)
		}
	}
	return t.close(g)
}

func (g *gen) writeSurveys() error {
	t, err := g.create("surveys")
	if err != nil {
		return err
	}
	for _, s := range g.makeSurveys() {
		t.rec = append(t.rec[:0], s.u.id, s.period, strconv.FormatFloat(s.index, 'f', 2, 64), strconv.Itoa(s.respondents))
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
	}
	return t.close(g)
}

func (g *gen) writeRelations() error {
	t, err := g.create("relations")
	if err != nil {
		return err
	}
	for _, rel := range g.relations {
		t.rec = append(t.rec[:0], rel.cadre.id, rel.relative.id, rel.kind, rel.unit.id, rel.role)
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
	}
	return t.close(g)
}

func (g *gen) writeRegisters() error {
	g.cadreRegisters()
	g.backgroundRegisters()
	g.sortRegisters()
	t, err := g.create("registers")
	if err != nil {
		return err
	}
	for _, e := range g.registers {
		t.rec = append(t.rec[:0], e.register, e.who.id, dateField(e.since), dateField(e.until), unitField(e.unit))
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
	}
	return t.close(g)
}
