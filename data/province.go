package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// The province profile: Sichuan (四川省, 510000) with its 21 prefecture-level
// cities and autonomous prefectures and their 185 districts, counties and
// county-level cities, as of 2016. Chengdu is the chengdu profile's city,
// district for district; the other prefectures have their real codes, names
// and numbers of county-level units, but their districts' names, classes
// and sizes are drawn (from a fixed stream, so that the profile is the same
// for every seed). The world under them is drawn by the same generator as
// the city's, with the same mechanisms, patterns and decoys.

// prefecture is one of Sichuan's prefecture-level units other than Chengdu.
type prefecture struct {
	code, name, short string
	// urban is its number of urban districts (区), counties the rest
	// (county-level cities among them).
	districts, urban int
	// west: a mountain prefecture of the west and south-west, with cheaper
	// land and forest compensation nearly everywhere.
	west bool
}

// sichuanPrefectures are Sichuan's prefectures after Chengdu, with their
// numbers of county-level units (2016).
var sichuanPrefectures = []prefecture{
	{"510300", "自贡市", "自贡", 6, 4, false},
	{"510400", "攀枝花市", "攀枝花", 5, 3, true},
	{"510500", "泸州市", "泸州", 7, 3, false},
	{"510600", "德阳市", "德阳", 6, 1, false},
	{"510700", "绵阳市", "绵阳", 9, 3, false},
	{"510800", "广元市", "广元", 7, 3, true},
	{"510900", "遂宁市", "遂宁", 5, 2, false},
	{"511000", "内江市", "内江", 5, 2, false},
	{"511100", "乐山市", "乐山", 11, 4, true},
	{"511300", "南充市", "南充", 9, 3, false},
	{"511400", "眉山市", "眉山", 6, 2, false},
	{"511500", "宜宾市", "宜宾", 10, 3, false},
	{"511600", "广安市", "广安", 6, 2, false},
	{"511700", "达州市", "达州", 7, 2, false},
	{"511800", "雅安市", "雅安", 8, 2, true},
	{"511900", "巴中市", "巴中", 5, 3, true},
	{"512000", "资阳市", "资阳", 3, 1, false},
	{"513200", "阿坝藏族羌族自治州", "阿坝", 13, 0, true},
	{"513300", "甘孜藏族自治州", "甘孜", 18, 0, true},
	{"513400", "凉山彝族自治州", "凉山", 17, 0, true},
}

// provinceTownships bounds the townships of a district by class outside
// Chengdu: county seats and their towns, fewer streets.
var provinceTownships = map[DistrictClass][2]int{Core: {8, 14}, Suburban: {10, 17}, Rural: {11, 21}}

// ProvinceProfile is Sichuan: 21 cities and prefectures, 185 districts and
// counties, about 2,770 townships and streets, 52,000 scored units and ten
// million payments (PaymentScale 0.9); its figures are the seed's scaled by
// the number of townships (see scaledFigures). It generates in about half a
// minute (1.7 GB of memory, 1.3 GB of files).
func ProvinceProfile() Profile {
	cities := provinceCities()
	return Profile{
		Name: "province", Province: &Area{Code: "510000", Name: "四川省"}, Cities: cities,
		StationsPerTownship: [2]int{3, 6}, PaymentScale: 0.9,
		PlantedShare: 0.04, MinPlanted: 12,
		Figures: scaledFigures(float64(townshipsOf(cities)) / float64(townshipsOf(chengduProfileCities()))),
	}
}

// ScaledProfile is a world k times Chengdu's size in townships (so in
// units and, at Chengdu's payment scale, in ledger rows), for measuring how
// the batch job's cost grows: Chengdu and then Sichuan's other cities in
// code order, as many as the size needs, every district's townships scaled
// so that the total is k × 340 (k above the province's 8.1 scales them
// up). ScaledProfile(1) is Chengdu's tree with scaled rather than exact
// figures. Its name is "cityx" and k, e.g. "cityx3".
func ScaledProfile(k float64) Profile {
	target := int(math.Round(k * float64(townshipsOf(chengduProfileCities()))))
	all := provinceCities()
	cities := all[:1]
	for _, c := range all[1:] {
		if townshipsOf(cities) >= target {
			break
		}
		cities = append(cities, c)
	}
	factor := float64(target) / float64(townshipsOf(cities))
	for i := range cities {
		for j := range cities[i].Districts {
			d := &cities[i].Districts[j]
			d.Townships = max(1, int(math.Round(float64(d.Townships)*factor)))
		}
	}
	p := Profile{
		Name: "cityx" + strconvFloat(k), Province: &Area{Code: "510000", Name: "四川省"}, Cities: cities,
		StationsPerTownship: [2]int{3, 6}, PaymentScale: 1,
		PlantedShare: 0.04, MinPlanted: 12,
		Figures: scaledFigures(float64(townshipsOf(cities)) / float64(townshipsOf(chengduProfileCities()))),
	}
	if len(cities) == 1 { // Chengdu alone: no province above it
		p.Province = nil
	}
	return p
}

// provinceCities are Sichuan's cities: Chengdu, then the others drawn.
func provinceCities() []City {
	cities := chengduProfileCities()
	r := rand.New(rand.NewPCG(2016, stageKey("province-profile")))
	used := map[string]bool{}
	for _, d := range chengduDistricts {
		used[d.Name] = true
	}
	for _, pf := range sichuanPrefectures {
		cities = append(cities, prefectureCity(r, pf, used))
	}
	return cities
}

func chengduProfileCities() []City { return []City{chengduCity(slices.Clone(chengduDistricts))} }

// townshipsOf counts the cities' townships.
func townshipsOf(cities []City) int {
	n := 0
	for _, c := range cities {
		for _, d := range c.Districts {
			n += d.Townships
		}
	}
	return n
}

func strconvFloat(k float64) string { return strconv.FormatFloat(k, 'f', -1, 64) }

// prefectureCity draws a prefecture's districts: its urban districts (区,
// codes 02…), then its counties (县, codes 21…), the last of them a
// county-level city (市, code 81) where the prefecture has three or more.
func prefectureCity(r *rand.Rand, pf prefecture, used map[string]bool) City {
	c := City{Code: pf.code, Name: pf.name, Short: pf.short}
	prefix := pf.code[:4]
	for i := range pf.districts {
		d := District{Mountain: chance(r, 0.3)}
		switch {
		case i < pf.urban:
			d.Code, d.Class = fmt.Sprintf("%s%02d", prefix, 2+i), Suburban
			if i == 0 {
				d.Class = Core
			}
			d.Name = uniqueName(used, func() string { return placeName(r) + "区" })
		case i == pf.districts-1 && pf.districts-pf.urban >= 3:
			d.Code, d.Class = prefix+"81", Rural
			d.Name = uniqueName(used, func() string { return placeName(r) + "市" })
		default:
			d.Code, d.Class = fmt.Sprintf("%s%02d", prefix, 21+i-pf.urban), Rural
			d.Name = uniqueName(used, func() string { return placeName(r) + "县" })
		}
		if pf.west {
			d.Mountain = d.Class != Core && chance(r, 0.85)
		}
		bounds := provinceTownships[d.Class]
		d.Townships = between(r, bounds[0], bounds[1])
		if d.Class != Core {
			price := uniform(r, 600, 1100)
			if pf.west {
				price = uniform(r, 350, 700)
			}
			d.LeasePrice = math.Round(price/10) * 10
		}
		c.Districts = append(c.Districts, d)
	}
	return c
}

// scaledFigures are the seed's Chengdu figures scaled by f (not exact to
// the seed); the 8.1% fall in accusation-type reports and the satisfaction
// indices are kept as they are.
func scaledFigures(f float64) Figures {
	c := ChengduFigures()
	n := func(x int) int { return int(math.Round(float64(x) * f)) }
	out := Figures{
		Exact: false, From: c.From, To: c.To,
		CasesFiled: n(c.CasesFiled), PeopleSanctioned: n(c.PeopleSanctioned),
		LeadersAccountable: n(c.LeadersAccountable), CasesExposed: n(c.CasesExposed),
		LeadersTalkedTo: n(c.LeadersTalkedTo), PeopleHeldAccountable: n(c.PeopleHeldAccountable),
		KeyLeads:              n(c.KeyLeads),
		AccusationReports2015: n(c.AccusationReports2015),
		SatisfactionIndex2016: c.SatisfactionIndex2016, SatisfactionIndex2015: c.SatisfactionIndex2015,
		ReferralLeads: n(c.ReferralLeads), UnannouncedVisitLeadsMay2017: n(c.UnannouncedVisitLeadsMay2017),
		SpecialTours:     TourFigures{n(c.SpecialTours.Problems), n(c.SpecialTours.Leads), n(c.SpecialTours.Persons)},
		RoutineTours2017: TourFigures{n(c.RoutineTours2017.Problems), n(c.RoutineTours2017.Leads), n(c.RoutineTours2017.Persons)},
	}
	out.AccusationReports2016 = int(math.Round(float64(out.AccusationReports2015) * float64(c.AccusationReports2016) / float64(c.AccusationReports2015)))
	for _, cl := range c.Clusters {
		out.Clusters = append(out.Clusters, Cluster{Name: cl.Name, Domains: cl.Domains, Cases: n(cl.Cases), Sanctioned: n(cl.Sanctioned)})
	}
	return out
}
