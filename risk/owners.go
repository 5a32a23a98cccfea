package risk

import (
	"strings"
)

// route gives every target its owner (see Owners): a configured override
// for the unit, its township or its district (the most specific wins), or
// else by kind and level the district's commission or the township's
// discipline committee.
func (p *Plan) route(o Owners) {
	for _, ts := range [][]Target{p.Reminders, p.Tours} {
		for i := range ts {
			ts[i].Owner = ownerOf(&ts[i], o)
		}
	}
}

// ownerOf returns the owner of one target.
func ownerOf(t *Target, o Owners) Owner {
	for _, code := range []string{t.UnitID, t.Township, t.District} {
		if name, ok := o.Overrides[code]; ok && code != "" {
			return Owner{ID: "named:" + name, Name: name}
		}
	}
	route := o.Tour
	if t.Kind == KindReminder {
		route = o.ReminderVillage
		if t.Level == "township" {
			route = o.ReminderTownship
		}
	}
	township, townshipName := t.Township, t.TownshipName
	if t.Level == "township" {
		township, townshipName = t.UnitID, t.Name
	}
	if route == OwnerTownship && township != "" {
		return Owner{ID: "township:" + township, Name: committeeName(townshipName)}
	}
	if t.District == "" {
		return Owner{ID: "city", Name: "市纪委监委"}
	}
	return Owner{ID: "district:" + t.District, Name: t.DistrictName + "纪委监委"}
}

// committeeName is a township's discipline committee: a street's is its
// working committee (纪工委), a town's or township's its committee (纪委).
func committeeName(township string) string {
	if strings.HasSuffix(township, "街道") || strings.HasSuffix(township, "街道办事处") {
		return township + "纪工委"
	}
	return township + "纪委"
}
