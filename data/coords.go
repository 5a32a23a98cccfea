package data

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Coordinates (units.longitude, units.latitude, WGS 84 degrees): the
// districts sit where Chengdu's do (the five core districts within about
// 5 km of the centre, 104.06°E 30.67°N; the counties and county-level
// cities 30–90 km out); townships are scattered around their district's
// seat, villages and communities around their township, and stations sit
// at their township. A district of another prefecture is placed around
// that prefecture's seat, by its class.

// coord is a point in degrees.
type coord struct{ lon, lat float64 }

// cityCentre is Chengdu's centre (天府广场).
var cityCentre = coord{104.06, 30.67}

// districtSeats are the seats of Chengdu's districts (区(市)县政府驻地),
// rounded to about a kilometre.
var districtSeats = map[string]coord{
	"510104": {104.083, 30.656}, // 锦江区
	"510105": {104.061, 30.674}, // 青羊区
	"510106": {104.052, 30.691}, // 金牛区
	"510107": {104.043, 30.642}, // 武侯区
	"510108": {104.101, 30.660}, // 成华区
	"510109": {104.064, 30.576}, // 高新区
	"510112": {104.269, 30.557}, // 龙泉驿区
	"510113": {104.251, 30.879}, // 青白江区
	"510114": {104.159, 30.824}, // 新都区
	"510115": {103.837, 30.690}, // 温江区
	"510116": {103.924, 30.574}, // 双流区
	"510117": {103.887, 30.809}, // 郫都区
	"510121": {104.412, 30.862}, // 金堂县
	"510129": {103.521, 30.587}, // 大邑县
	"510131": {103.506, 30.197}, // 蒲江县
	"510132": {103.811, 30.410}, // 新津县
	"510181": {103.619, 30.998}, // 都江堰市
	"510182": {103.958, 30.990}, // 彭州市
	"510183": {103.464, 30.410}, // 邛崃市
	"510184": {103.673, 30.630}, // 崇州市
	"510185": {104.547, 30.411}, // 简阳市
	"510190": {104.070, 30.420}, // 天府新区
}

// prefectureSeats are the seats of Sichuan's prefectures, by the first
// four digits of their codes, for districts not in districtSeats.
var prefectureSeats = map[string]coord{
	"5101": {104.06, 30.67}, "5103": {104.78, 29.34}, "5104": {101.72, 26.58}, "5105": {105.44, 28.87},
	"5106": {104.40, 31.13}, "5107": {104.68, 31.47}, "5108": {105.84, 32.44}, "5109": {105.59, 30.53},
	"5110": {105.06, 29.58}, "5111": {103.77, 29.55}, "5113": {106.11, 30.84}, "5114": {103.85, 30.08},
	"5115": {104.64, 28.75}, "5116": {106.63, 30.46}, "5117": {107.47, 31.21}, "5118": {103.01, 29.99},
	"5119": {106.75, 31.87}, "5120": {104.63, 30.13}, "5132": {102.22, 31.90}, "5133": {101.96, 30.05},
	"5134": {102.27, 27.88},
}

// townshipSpread is how far (km) townships lie from their district's seat,
// by class; villageSpread and communitySpread how far villages and
// communities lie from their township.
var townshipSpread = map[DistrictClass]float64{Core: 5, Suburban: 14, Rural: 22}

const (
	villageSpread   = 4.0
	communitySpread = 1.5
)

// placeUnits gives every unit its coordinates, in tree order.
func (g *gen) placeUnits() {
	r := newRand(g.seed, "coords")
	g.coords = make([]coord, len(g.units))
	for _, u := range g.units {
		g.coords[u.idx] = g.place(r, u)
	}
}

// place draws the coordinates of u; its parents are placed already.
func (g *gen) place(r *rand.Rand, u *unit) coord {
	switch {
	case u.level == levelDistrict:
		return districtSeat(r, u.id, u.dist.Class)
	case u.level == levelTownship:
		return scatter(r, g.coords[u.district], townshipSpread[u.dist.Class])
	case u.level == levelVillage && u.kind == "community":
		return scatter(r, g.coords[u.township], communitySpread)
	case u.level == levelVillage:
		return scatter(r, g.coords[u.township], villageSpread)
	case u.level == levelStation:
		return g.coords[u.township]
	}
	if c, ok := prefectureSeats[u.id[:min(4, len(u.id))]]; ok && len(u.id) == 6 && u.id[4:] == "00" {
		return c // a city (prefecture) at its seat
	}
	if u.parent >= 0 {
		return g.coords[u.parent]
	}
	return cityCentre // a province at its capital
}

// districtSeat returns the seat of the district with code code: Chengdu's
// own, or a point around its prefecture's seat (2–8 km for a core
// district, 12–30 km for a suburban one, 30–90 km for a rural one).
func districtSeat(r *rand.Rand, code string, class DistrictClass) coord {
	if c, ok := districtSeats[code]; ok {
		return c
	}
	centre, ok := prefectureSeats[code[:min(4, len(code))]]
	if !ok {
		centre = cityCentre
	}
	lo, hi := 30.0, 90.0
	switch class {
	case Core:
		lo, hi = 2, 8
	case Suburban:
		lo, hi = 12, 30
	}
	return offset(centre, uniform(r, lo, hi), uniform(r, 0, 2*math.Pi))
}

// scatter draws a point uniformly in the disc of radius km around c.
func scatter(r *rand.Rand, c coord, km float64) coord {
	return offset(c, km*math.Sqrt(r.Float64()), uniform(r, 0, 2*math.Pi))
}

// offset moves c by km in direction angle (radians from east).
func offset(c coord, km, angle float64) coord {
	const kmPerDegree = 111.32
	return coord{
		lon: c.lon + km*math.Cos(angle)/(kmPerDegree*math.Cos(c.lat*math.Pi/180)),
		lat: c.lat + km*math.Sin(angle)/kmPerDegree,
	}
}

// distanceKm is the great-circle distance between a and b (haversine).
func distanceKm(a, b coord) float64 {
	const earthKm = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (b.lat-a.lat)*rad, (b.lon-a.lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.lat*rad)*math.Cos(b.lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(h))
}

// degrees formats a coordinate with six decimals (about 0.1 m).
func degrees(x float64) string { return strconv.FormatFloat(x, 'f', 6, 64) }
