package letters

import "strings"

// Addressee returns the party organisation the letter is addressed to
// (主送机关), without the colon. Unit.PartyOrg, when set, is used as it
// is. Otherwise the name is derived from the unit's level and kind, and
// from its path below the city — the issuing commission's own level — so
// that units of the same name in different townships are told apart; a
// name already starting with its parent's ("平乐镇财政所" under "平乐镇")
// does not repeat it:
//
//   - a street (街道): its party working committee, 中共××区××街道工作委员会;
//   - a township (乡、镇): its party committee, 中共××市××镇委员会;
//   - a community (社区): its party committee, 中共××镇××社区委员会;
//   - a village (村): its party branch, 中共××镇××村支部委员会;
//   - a grassroots station, service window, school or hospital: its party
//     branch, 中共××镇××所支部委员会;
//   - any other unit: 中共××委员会.
//
// The form is a proposal. Which organisation a unit has — a village's 党委,
// 党总支 or 党支部, for instance, depends on its number of party members —
// is not in the ledgers, and the commission edits the draft before issue
// (or sets Unit.PartyOrg). In English the same rule gives "CPC Branch
// Committee of 团结村, 平乐镇, 邛崃市". The names are cleaned as every text
// of a letter is (see the package documentation), not escaped.
func (l Letter) Addressee() string {
	u := cleanUnit(l.Unit)
	if u.PartyOrg != "" {
		return u.PartyOrg
	}
	org := orgOf(u)
	if l.lang() == En {
		return org.en + " of " + strings.Join(reversed(chain(u)), ", ")
	}
	return "中共" + joinNames(chain(u)) + org.zh
}

// org is a form of party organisation.
type org struct{ zh, en string }

var (
	orgCommittee = org{"委员会", "CPC Committee"}
	orgWorking   = org{"工作委员会", "CPC Working Committee"}
	orgBranch    = org{"支部委员会", "CPC Branch Committee"}
)

// orgOf chooses the organisation's form from the unit's kind, or from its
// level when the kind is missing or "other".
func orgOf(u Unit) org {
	switch u.Kind {
	case "street":
		return orgWorking
	case "township", "community":
		return orgCommittee
	case "village", "station", "window", "school", "hospital":
		return orgBranch
	}
	switch u.Level {
	case "township":
		if strings.HasSuffix(u.Name, "街道") {
			return orgWorking
		}
		return orgCommittee
	case "village":
		if strings.HasSuffix(u.Name, "社区") {
			return orgCommittee
		}
		return orgBranch
	case "station":
		return orgBranch
	}
	return orgCommittee
}

// names returns the unit's path with the unit's own name last.
func names(u Unit) []string {
	var out []string
	for _, n := range u.Path {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	if len(out) == 0 || out[len(out)-1] != u.Name {
		out = append(out, u.Name)
	}
	return out
}

// chain returns the unit's path below the city (its first element), down
// to the unit: ["邛崃市", "平乐镇", "团结村"].
func chain(u Unit) []string {
	n := names(u)
	if len(n) > 1 {
		n = n[1:]
	}
	return n
}

// local returns the unit's path below its district: the township and the
// unit ("平乐镇", "团结村"), or the unit alone for a township. It names the
// unit in the title and the annex.
func local(u Unit) []string {
	n := names(u)
	if len(n) > 2 {
		n = n[2:]
	}
	return n
}

// joinNames concatenates names, leaving out a name that the next one
// starts with: ["平乐镇", "平乐镇财政所"] → "平乐镇财政所".
func joinNames(ns []string) string {
	var b strings.Builder
	for i, n := range ns {
		if i+1 < len(ns) && strings.HasPrefix(ns[i+1], n) {
			continue
		}
		b.WriteString(n)
	}
	return b.String()
}

// reversed returns ns from the unit up, leaving out a name that the one
// before it (its child) starts with: "平乐镇财政所, 邛崃市".
func reversed(ns []string) []string {
	var out []string
	for i := len(ns) - 1; i >= 0; i-- {
		if i+1 < len(ns) && strings.HasPrefix(ns[i+1], ns[i]) {
			continue
		}
		out = append(out, ns[i])
	}
	return out
}

// unitName names the unit in the title and the annex: "平乐镇团结村"; in
// English "团结村 (平乐镇)".
func unitName(u Unit, lang string) string {
	ns := local(u)
	if lang == En {
		r := reversed(ns)
		if len(r) == 1 {
			return r[0]
		}
		return r[0] + " (" + strings.Join(r[1:], ", ") + ")"
	}
	return joinNames(ns)
}

// you is how the letter refers to its addressee's unit: 你村, 你社区,
// 你镇, 你街道, 你所…; "your unit" in English.
func you(u Unit, lang string) string {
	if lang == En {
		return "your unit"
	}
	name := u.Name
	switch u.Kind {
	case "street":
		return "你街道"
	case "township":
		if strings.HasSuffix(name, "乡") {
			return "你乡"
		}
		return "你镇"
	case "village":
		return "你村"
	case "community":
		return "你社区"
	case "school":
		return "你校"
	case "hospital":
		return "你院"
	}
	for _, s := range []string{"街道", "社区", "镇", "乡", "村", "所", "站"} {
		if strings.HasSuffix(name, s) {
			return "你" + s
		}
	}
	return "你单位"
}
