package data

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
)

// gen holds the world while it is generated.
type gen struct {
	p     Profile
	seed  uint64
	dir   string
	units []*unit
	// villagesOf lists each township's villages and communities, by index.
	villagesOf  map[int][]*unit
	people      *people
	relations   []relation
	relativesOf map[int][]*person // relatives of each unit's cadres
	registers   []registerEntry
	extraReg    *rand.Rand // draws background register entries
	// rows kept for the ledgers that depend on one another.
	cases       []caseRow
	reports     []reportRow
	leads       []leadRow
	inspections []inspection
	actions     []action
	counts      map[string]int
	coords      []coord // by unit index
	decoys      *decoys
}

// Generate writes a synthetic world drawn from profile p and seed into dir
// (created if missing): the eleven ledgers as CSV files and truth.json. The
// same profile and seed give byte-identical files.
func Generate(p Profile, seed uint64, dir string) (*Truth, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	g := &gen{p: p, seed: seed, dir: dir, people: newPeople(seed), counts: make(map[string]int),
		villagesOf: make(map[int][]*unit), relativesOf: make(map[int][]*person),
		extraReg: newRand(seed, "registers")}
	g.build()
	if err := g.writeAll(); err != nil {
		return nil, err
	}
	t := g.truth()
	if err := writeJSON(filepath.Join(dir, "truth.json"), t); err != nil {
		return nil, err
	}
	return t, nil
}

// build draws the tree and its coordinates, the cadres, the planted units
// and their schedules, and the decoys; the ledgers follow in writeAll,
// payments being streamed to disk.
func (g *gen) build() {
	g.units = buildUnits(g.p, g.seed)
	g.placeUnits()
	for _, u := range g.units {
		if u.level == levelVillage {
			g.villagesOf[u.township] = append(g.villagesOf[u.township], u)
		}
	}
	g.relations = appointCadres(g.units, g.people)
	for _, rel := range g.relations {
		g.relativesOf[rel.unit.idx] = append(g.relativesOf[rel.unit.idx], rel.relative)
	}
	g.plant()
	g.chooseDecoys()
	g.scheduleOutcomes()
}

// writeAll generates and writes the ledgers in dependency order.
func (g *gen) writeAll() error {
	steps := []func() error{
		g.writeUnits,
		g.writePayments,
		g.writeAssets,
		func() error { g.makeInspections(); return nil },
		func() error { g.makeReports(); return nil },
		func() error { g.makeLeads(); return nil },
		func() error { g.makeCases(); return nil },
		func() error { g.makeActions(); return nil },
		g.writeInspections,
		g.writeReports,
		g.writeLeads,
		g.writeCases,
		g.writeActions,
		g.writeSurveys,
		g.writeRelations,
		g.writeRegisters,
		g.writeDispositions,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// truth assembles truth.json.
func (g *gen) truth() *Truth {
	t := &Truth{Profile: g.p.Name, Seed: g.seed, From: firstDay.String(), To: lastDay.String(),
		Counts: g.counts, Units: make(map[string]int), Population: g.units[0].pop,
		Figures: g.p.Figures, ApprovalLimitYuan: approvalLimit / 100,
		LeaseAmount: "for kind lease, amount_yuan is the first year's rent; the rent per mu a year is amount_yuan / area_mu",
		Programs:    truthPrograms()}
	for _, u := range g.units {
		t.Units[u.level.String()]++
		if u.planted != nil {
			for i := range u.planted.Evidence {
				slices.Sort(u.planted.Evidence[i].IDs)
			}
			for i := range u.planted.Outcomes {
				slices.Sort(u.planted.Outcomes[i].IDs)
			}
			t.Planted = append(t.Planted, *u.planted)
		}
	}
	t.Decoys = g.decoyList()
	return t
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// scored returns the units that are scored: townships, villages, stations.
func (g *gen) scored() []*unit {
	var out []*unit
	for _, u := range g.units {
		if u.level.scored() {
			out = append(out, u)
		}
	}
	return out
}

// scale is the profile's size relative to Chengdu, by cases filed; it sizes
// the counts the seed does not fix.
func (g *gen) scale() float64 { return float64(g.p.Figures.CasesFiled) / 1977 }
