package data

import "strconv"

// What the tours found (处置结果): one disposition for every routine or
// special tour that ended in the world, decided 15 to 60 days after its
// end (none when that falls after the world's last day), naming the unit
// toured (the tours on record were not proposed by a microrisk plan, so
// they name no target). The result follows the truth: a planted unit's
// tour is confirmed (60%) or partly confirmed (25%) far more often than
// another unit's (8% and 17%); a tenth of the others and a twentieth of
// the planted are not checked. Money is recovered where something was
// found (a median of 30,000 yuan in a planted unit, 3,000 elsewhere), and
// the persons disciplined are those the tour handled.

// dispositionOdds are the chances of confirmed, partly confirmed and
// unfounded (the rest: not checked), for planted units and the others.
var dispositionOdds = map[bool][3]float64{
	true:  {0.60, 0.25, 0.10},
	false: {0.08, 0.17, 0.65},
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
		odds := dispositionOdds[planted]
		x := r.Float64()
		result := "not_checked"
		switch {
		case x < odds[0]:
			result = "confirmed"
		case x < odds[0]+odds[1]:
			result = "partly_confirmed"
		case x < odds[0]+odds[1]+odds[2]:
			result = "unfounded"
		}
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
