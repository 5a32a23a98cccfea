package data

import (
	"fmt"
	"slices"
	"strings"
)

// Profile describes a world to generate: its cities and districts, how many
// units hang under them, how much money flows, how many units are planted,
// and the headline figures the ledgers must reproduce.
type Profile struct {
	// Name is the profile's name, as given to ProfileByName.
	Name string
	// Province is the top of a province's tree (四川省 above its cities);
	// nil for a city profile, whose one city is the top.
	Province *Area
	// Cities are the prefecture-level cities (地级市、自治州) with their
	// districts, in code order; a city profile has one.
	Cities []City
	// StationsPerTownship bounds the number of grassroots stations and
	// service windows under a township.
	StationsPerTownship [2]int
	// PaymentScale multiplies the take-up rates of the benefit programmes
	// (payees per resident); 1 gives about 300 payments per village over
	// the 29 months.
	PaymentScale float64
	// PlantedShare is the share of townships, villages and stations made
	// high-risk; at least MinPlanted are.
	PlantedShare float64
	MinPlanted   int
	// Figures are the headline totals the ledgers reproduce exactly.
	Figures Figures
}

// Area is a unit above the districts that the profile names: a province.
type Area struct {
	Code string // six-digit administrative code, e.g. "510000"
	Name string // e.g. "四川省"
}

// City is a prefecture-level city or autonomous prefecture and its
// districts.
type City struct {
	Code  string // six-digit administrative code, e.g. "510100"
	Name  string // e.g. "成都市"
	Short string // the name companies are registered under, e.g. "成都"
	// Districts are its districts, counties and county-level cities
	// (区(市)县), in code order.
	Districts []District
}

// Districts returns every district of the profile, in code order.
func (p Profile) Districts() []District {
	var out []District
	for _, c := range p.Cities {
		out = append(out, c.Districts...)
	}
	return out
}

// DistrictClass says how urban a district is: its townships are streets
// with communities (core), a mix (suburban), or towns with villages (rural).
type DistrictClass string

const (
	Core     DistrictClass = "core"
	Suburban DistrictClass = "suburban"
	Rural    DistrictClass = "rural"
)

// District is one district, county or county-level city.
type District struct {
	Code      string // six-digit administrative code, e.g. "510104"
	Name      string // e.g. "锦江区"
	Class     DistrictClass
	Townships int  // townships and streets under it
	Mountain  bool // pays the forest compensation programme
	// LeasePrice is the going annual rent of collective farmland in the
	// district, in yuan per mu.
	LeasePrice float64
}

// Figures are the headline totals of the seed (or, for small profiles, a
// scaled version of them). Unless said otherwise each counts rows dated in
// the seed's window, From to To (filed_on, taken_on, received_on, start_on).
type Figures struct {
	// Exact is true when the figures are the seed's own.
	Exact bool   `json:"exact"`
	From  string `json:"from"`
	To    string `json:"to"`
	// CasesFiled counts cases; PeopleSanctioned sums their sanctioned;
	// LeadersAccountable sums leaders_accountable (一案双查);
	// CasesExposed counts cases with exposed = true.
	CasesFiled         int `json:"cases_filed"`
	PeopleSanctioned   int `json:"people_sanctioned"`
	LeadersAccountable int `json:"leaders_accountable"`
	CasesExposed       int `json:"cases_exposed"`
	// LeadersTalkedTo sums persons of actions of kind talk (约谈);
	// PeopleHeldAccountable those of kind accountability (问责).
	LeadersTalkedTo       int `json:"leaders_talked_to"`
	PeopleHeldAccountable int `json:"people_held_accountable"`
	// KeyLeads counts leads with key_lead = true.
	KeyLeads int `json:"key_leads"`
	// Clusters are the seed's three groups of cases by domain; every other
	// case in the window has domain "other".
	Clusters []Cluster `json:"clusters"`
	// AccusationReports2015 and 2016 count reports of category accusation
	// against townships, villages and stations received in each calendar
	// year; the seed's 8.1% fall is 1 − 2016/2015.
	AccusationReports2015 int `json:"accusation_reports_2015"`
	AccusationReports2016 int `json:"accusation_reports_2016"`
	// SatisfactionIndex2016 is the city's surveys row for period 2016;
	// SatisfactionIndex2015 (not in the seed) is lower, 2016 being a record.
	SatisfactionIndex2016 float64 `json:"satisfaction_index_2016"`
	SatisfactionIndex2015 float64 `json:"satisfaction_index_2015"`
	// ReferralLeads counts leads with source referral (职能部门移交).
	ReferralLeads int `json:"referral_leads"`
	// UnannouncedVisitLeadsMay2017 counts leads with source
	// unannounced_visit received in May 2017 (明察暗访, "this May alone").
	UnannouncedVisitLeadsMay2017 int `json:"unannounced_visit_leads_may_2017"`
	// SpecialTours sums problems_found, leads_transferred and
	// persons_handled over special_tour inspections started in the window.
	SpecialTours TourFigures `json:"special_tours"`
	// RoutineTours2017 sums them over routine_tour inspections started
	// from 2017-01-01 to To (district tours "this year").
	RoutineTours2017 TourFigures `json:"routine_tours_2017"`
}

// Cluster is one of the seed's groups of cases by domain.
type Cluster struct {
	Name       string   `json:"name"`
	Domains    []string `json:"domains"`
	Cases      int      `json:"cases"`
	Sanctioned int      `json:"sanctioned"`
}

// TourFigures are the sums of an inspection kind's findings.
type TourFigures struct {
	Problems int `json:"problems_found"`
	Leads    int `json:"leads_transferred"`
	Persons  int `json:"persons_handled"`
}

// The three clusters' domains.
var (
	clusterWindows = []string{"law_enforcement", "regulation", "public_service", "inaction"}
	clusterFunds   = []string{"poverty_relief", "benefits", "special_funds", "three_assets", "land"}
	clusterLivings = []string{"education", "health", "food_safety", "environment"}
)

// ChengduFigures are the seed's figures for Chengdu, 2016-01-01 to
// 2017-05-31.
func ChengduFigures() Figures {
	return Figures{
		Exact: true, From: "2016-01-01", To: "2017-05-31",
		CasesFiled: 1977, PeopleSanctioned: 1809, LeadersAccountable: 101, CasesExposed: 835,
		LeadersTalkedTo: 439, PeopleHeldAccountable: 149, KeyLeads: 673,
		Clusters: []Cluster{
			{Name: "windows_enforcement_inaction", Domains: clusterWindows, Cases: 198, Sanctioned: 227},
			{Name: "funds_assets_land", Domains: clusterFunds, Cases: 35, Sanctioned: 46},
			{Name: "livelihood", Domains: clusterLivings, Cases: 135, Sanctioned: 89},
		},
		AccusationReports2015: 10000, AccusationReports2016: 9190,
		SatisfactionIndex2016: 85.42, SatisfactionIndex2015: 83.96,
		ReferralLeads: 53, UnannouncedVisitLeadsMay2017: 112,
		SpecialTours:     TourFigures{Problems: 148, Leads: 51, Persons: 58},
		RoutineTours2017: TourFigures{Problems: 487, Leads: 42, Persons: 35},
	}
}

// smallFigures are the seed's figures scaled to a world of about 200 scored
// units (about 1/25 of Chengdu, rounded up so that every figure is seen).
func smallFigures() Figures {
	return Figures{
		Exact: false, From: "2016-01-01", To: "2017-05-31",
		CasesFiled: 80, PeopleSanctioned: 73, LeadersAccountable: 5, CasesExposed: 34,
		LeadersTalkedTo: 18, PeopleHeldAccountable: 7, KeyLeads: 28,
		Clusters: []Cluster{
			{Name: "windows_enforcement_inaction", Domains: clusterWindows, Cases: 9, Sanctioned: 10},
			{Name: "funds_assets_land", Domains: clusterFunds, Cases: 4, Sanctioned: 5},
			{Name: "livelihood", Domains: clusterLivings, Cases: 6, Sanctioned: 4},
		},
		AccusationReports2015: 400, AccusationReports2016: 368,
		SatisfactionIndex2016: 85.42, SatisfactionIndex2015: 83.96,
		ReferralLeads: 3, UnannouncedVisitLeadsMay2017: 5,
		SpecialTours:     TourFigures{Problems: 8, Leads: 3, Persons: 3},
		RoutineTours2017: TourFigures{Problems: 18, Leads: 2, Persons: 2},
	}
}

// chengduDistricts are Chengdu's 22 districts, counties and county-level
// cities as of 2016 (高新区 and 天府新区 being functional zones with codes
// of convenience). Township counts are round numbers near the real ones.
var chengduDistricts = []District{
	{"510104", "锦江区", Core, 12, false, 0},
	{"510105", "青羊区", Core, 14, false, 0},
	{"510106", "金牛区", Core, 15, false, 0},
	{"510107", "武侯区", Core, 13, false, 0},
	{"510108", "成华区", Core, 14, false, 0},
	{"510109", "高新区", Suburban, 9, false, 1800},
	{"510112", "龙泉驿区", Suburban, 12, true, 1500},
	{"510113", "青白江区", Suburban, 11, false, 1200},
	{"510114", "新都区", Suburban, 13, false, 1400},
	{"510115", "温江区", Suburban, 10, false, 1600},
	{"510116", "双流区", Suburban, 12, false, 1500},
	{"510117", "郫都区", Suburban, 13, false, 1400},
	{"510121", "金堂县", Rural, 21, true, 850},
	{"510129", "大邑县", Rural, 20, true, 900},
	{"510131", "蒲江县", Rural, 12, true, 950},
	{"510132", "新津县", Rural, 11, false, 1100},
	{"510181", "都江堰市", Rural, 19, true, 1000},
	{"510182", "彭州市", Rural, 20, true, 950},
	{"510183", "邛崃市", Rural, 24, true, 800},
	{"510184", "崇州市", Rural, 25, true, 900},
	{"510185", "简阳市", Rural, 30, true, 700},
	{"510190", "天府新区", Suburban, 10, false, 1700},
}

// district returns the Chengdu district with the given name.
func chengduDistrict(name string) District {
	for _, d := range chengduDistricts {
		if d.Name == name {
			return d
		}
	}
	panic("data: no district " + name)
}

// chengduCity is the city of Chengdu with the given districts.
func chengduCity(ds []District) City {
	return City{Code: "510100", Name: "成都市", Short: "成都", Districts: ds}
}

// ChengduProfile is the whole city: 22 districts, about 340 townships and
// streets, 4,300 villages and communities, 1,500 stations, 16 million people.
func ChengduProfile() Profile {
	return Profile{
		Name: "chengdu", Cities: []City{chengduCity(slices.Clone(chengduDistricts))},
		StationsPerTownship: [2]int{3, 6}, PaymentScale: 1,
		PlantedShare: 0.04, MinPlanted: 12, Figures: ChengduFigures(),
	}
}

// SmallProfile is three districts (one core, one suburban, one rural) with
// four townships each: a few hundred units, for tests.
func SmallProfile() Profile {
	ds := []District{chengduDistrict("武侯区"), chengduDistrict("郫都区"), chengduDistrict("蒲江县")}
	for i := range ds {
		ds[i].Townships = 4
	}
	return Profile{
		Name: "small", Cities: []City{chengduCity(ds)},
		StationsPerTownship: [2]int{2, 5}, PaymentScale: 1,
		PlantedShare: 0.05, MinPlanted: 10, Figures: smallFigures(),
	}
}

// ProfileNames lists the profiles ProfileByName knows, smallest first.
var ProfileNames = []string{"small", "chengdu", "province"}

// ProfileByName returns the profile called name: "small", "chengdu" or
// "province".
func ProfileByName(name string) (Profile, error) {
	switch strings.ToLower(name) {
	case "small":
		return SmallProfile(), nil
	case "chengdu":
		return ChengduProfile(), nil
	case "province":
		return ProvinceProfile(), nil
	}
	return Profile{}, fmt.Errorf("unknown profile %q (want %s)", name, strings.Join(ProfileNames, ", "))
}

// Validate reports the first inconsistent field of p.
func (p Profile) Validate() error {
	f := p.Figures
	var inClusters, sanctionedInClusters int
	for _, c := range f.Clusters {
		inClusters += c.Cases
		sanctionedInClusters += c.Sanctioned
	}
	switch {
	case len(p.Districts()) == 0:
		return fmt.Errorf("profile %s: no districts", p.Name)
	case p.Province == nil && len(p.Cities) != 1:
		return fmt.Errorf("profile %s: a profile without a province has one city, not %d", p.Name, len(p.Cities))
	case p.StationsPerTownship[0] < 1 || p.StationsPerTownship[1] < p.StationsPerTownship[0]:
		return fmt.Errorf("profile %s: StationsPerTownship %v", p.Name, p.StationsPerTownship)
	case inClusters > f.CasesFiled || sanctionedInClusters > f.PeopleSanctioned:
		return fmt.Errorf("profile %s: clusters exceed the cases filed", p.Name)
	case f.CasesExposed > f.CasesFiled:
		return fmt.Errorf("profile %s: more cases exposed than filed", p.Name)
	case p.PaymentScale <= 0 || p.PlantedShare <= 0 || p.PlantedShare > 0.5:
		return fmt.Errorf("profile %s: PaymentScale or PlantedShare out of range", p.Name)
	}
	codes := map[string]bool{}
	for _, c := range p.Cities {
		if len(c.Code) != 6 || c.Short == "" || len(c.Districts) == 0 {
			return fmt.Errorf("profile %s: city %s: bad code, no short name or no districts", p.Name, c.Name)
		}
		for _, d := range c.Districts {
			if len(d.Code) != 6 || d.Townships < 1 || d.Code[:4] != c.Code[:4] || codes[d.Code] {
				return fmt.Errorf("profile %s: district %s: bad or repeated code, or no townships", p.Name, d.Name)
			}
			codes[d.Code] = true
		}
	}
	return nil
}
