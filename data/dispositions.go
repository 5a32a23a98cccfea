package data

import (
	"math/rand/v2"
	"strconv"
)

// What the tours found (处置结果): one disposition for every routine or
// special tour that ended in the world, decided 15 to 60 days after its
// end (none when that falls after the world's last day), naming the unit
// toured (the tours on record were not proposed by a microrisk plan, so
// they name no target). The result follows the truth: a planted unit's
// tour is confirmed (60%) or partly confirmed (25%), unfounded (10%) or
// not checked; another unit's is found (a third of them in full) with a
// chance that grows with the problems the tour found, 8% + 16% a problem
// (at most 85%), so riskier units are found more often; a tenth of the
// others are not checked. Money is recovered where something was found (a
// median of 30,000 yuan in a planted unit, 3,000 elsewhere), and the
// persons disciplined are those the tour handled.

// Chances of a planted unit's tour: confirmed, partly confirmed,
// unfounded (the rest: not checked).
var plantedOdds = [3]float64{0.60, 0.25, 0.10}

// result draws the disposition of a tour.
func dispositionResult(r *rand.Rand, in *inspection) string {
	x := r.Float64()
	if in.u.planted != nil {
		switch {
		case x < plantedOdds[0]:
			return "confirmed"
		case x < plantedOdds[0]+plantedOdds[1]:
			return "partly_confirmed"
		case x < plantedOdds[0]+plantedOdds[1]+plantedOdds[2]:
			return "unfounded"
		}
		return "not_checked"
	}
	if x < 0.1 {
		return "not_checked"
	}
	if !chance(r, min(0.85, 0.08+0.16*float64(max(0, in.problems)))) {
		return "unfounded"
	}
	if chance(r, 1.0/3) {
		return "confirmed"
	}
	return "partly_confirmed"
}

func (g *gen) writeDispositions() error {
	r := newRand(g.seed, "dispositions")
	t, err := g.create("dispositions")
	if err != nil {
		return err
	}
	n := 0
	for _, in := range g.inspections {
		if in.kind == "unannounced_visit" || in.end == noDay {
			continue
		}
		decided := in.end + day(between(r, 15, 60))
		if decided > lastDay {
			continue
		}
		planted := in.u.planted != nil
		result := dispositionResult(r, &in)
		money, persons := "", ""
		if result == "confirmed" || result == "partly_confirmed" {
			median := 3000.0
			if planted {
				median = 30000
			}
			money = yuan(int64(lognormal(r, median, 1) * 100))
			persons = strconv.Itoa(max(0, in.persons))
		}
		n++
		t.rec = append(t.rec[:0], formatID("D", n, 7), decided.String(), result, "", "", in.u.id, money, persons)
		if err := t.write(); err != nil {
			t.abort()
			return err
		}
	}
	return t.close(g)
}
