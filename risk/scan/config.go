package scan

import (
	"errors"
	"fmt"
	"math"
)

// Geometry says how distances between locations are measured.
type Geometry int

const (
	// LonLat reads Point.X as longitude and Point.Y as latitude in
	// degrees; distances are great-circle distances in kilometres on a
	// sphere of radius EarthRadius.
	LonLat Geometry = iota + 1
	// Planar reads Point.X and Point.Y as planar coordinates; distances
	// are Euclidean, in their unit (SaTScan's Cartesian coordinates).
	Planar
)

// EarthRadius is the radius in kilometres of the sphere great-circle
// distances and radii are measured on: SaTScan's. Its printed radii on
// the New York data (7.70, 13.01, 2.35, 5.82, 1.16, 1.01 km) are these
// distances to the digit; the IUGG mean radius, 6,371.0088 km, would give
// 7.71 and 13.02. Only radii depend on it, never which locations a window
// holds.
const EarthRadius = 6367.0

// String returns "lonlat" or "planar".
func (g Geometry) String() string {
	switch g {
	case LonLat:
		return "lonlat"
	case Planar:
		return "planar"
	}
	return fmt.Sprintf("Geometry(%d)", int(g))
}

// MarshalText writes the geometry's name.
func (g Geometry) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// Point is a location's coordinates: longitude and latitude in degrees for
// LonLat, x and y for Planar. NaN in either means the coordinates are
// missing.
type Point struct{ X, Y float64 }

// Config holds the choices of a scan.
type Config struct {
	// MaxShare is the largest window as a share of the total expected
	// count (of the population at risk when expected counts are
	// proportional to population), in (0, 1]. See the package
	// documentation for the default of 0.1.
	MaxShare float64
	// Reps is the number of Monte Carlo replicates (SaTScan's default
	// 999: p-values in steps of 0.001).
	Reps int
	// Seed seeds the replicates' random streams.
	Seed uint64
	// MinCases is the fewest cases a high-rate cluster may hold
	// (SaTScan's default 2).
	MinCases int
	// Geometry says how coordinates are read.
	Geometry Geometry
	// Workers is how many replicates run at once; 0 means GOMAXPROCS.
	Workers int
	// MaxTimeShare is the longest interval of a space–time window as a
	// share of the study period, in (0, 1] (SaTScan's default 0.5); at
	// least one period.
	MaxTimeShare float64
	// Prospective keeps only space–time intervals that end in the last
	// period.
	Prospective bool
	// MaxClusters caps how many clusters a Result lists; 0 lists every
	// non-overlapping one.
	MaxClusters int
	// MaxRadius, when above 0, also bounds a window's radius: kilometres
	// for LonLat, the coordinates' unit for Planar (SaTScan's "maximum
	// circle radius", applied together with MaxShare: a window must meet
	// both). 0 means no bound on the radius.
	MaxRadius float64
	// MinLocations is the fewest locations a window may hold (0 and 1 put
	// no bound). With 2, a cluster is always of neighbours: a location
	// alone, however many cases it has, is not a window, in the data and
	// in the replicates alike.
	MinLocations int
}

// DefaultConfig returns the defaults: windows up to 10% of the expected
// count, 999 replicates with seed 1, at least 2 cases, longitude/latitude,
// space–time intervals up to half the study period, retrospective.
func DefaultConfig() Config {
	return Config{MaxShare: 0.1, Reps: 999, Seed: 1, MinCases: 2, Geometry: LonLat, MaxTimeShare: 0.5}
}

// Validate reports the first bad field.
func (c Config) Validate() error {
	switch {
	case !(c.MaxShare > 0 && c.MaxShare <= 1):
		return fmt.Errorf("scan: MaxShare %v outside (0, 1]", c.MaxShare)
	case c.Reps < 1:
		return fmt.Errorf("scan: Reps %d: at least 1 replicate is needed", c.Reps)
	case c.MinCases < 1:
		return fmt.Errorf("scan: MinCases %d is below 1", c.MinCases)
	case c.Geometry != LonLat && c.Geometry != Planar:
		return fmt.Errorf("scan: unknown Geometry %d", int(c.Geometry))
	case c.Workers < 0:
		return fmt.Errorf("scan: Workers %d is negative", c.Workers)
	case !(c.MaxTimeShare > 0 && c.MaxTimeShare <= 1):
		return fmt.Errorf("scan: MaxTimeShare %v outside (0, 1]", c.MaxTimeShare)
	case c.MaxClusters < 0:
		return fmt.Errorf("scan: MaxClusters %d is negative", c.MaxClusters)
	case c.MinLocations < 0:
		return fmt.Errorf("scan: MinLocations %d is negative", c.MinLocations)
	case !(c.MaxRadius >= 0) || math.IsInf(c.MaxRadius, 0):
		return fmt.Errorf("scan: MaxRadius %v is not a finite distance of 0 or more", c.MaxRadius)
	}
	return nil
}

// maxDist2 is MaxRadius as a squared distance of the space windows are
// built in (the squared chord on the unit sphere for LonLat); +Inf when
// the radius is not bounded.
func (c Config) maxDist2() float64 {
	if c.MaxRadius == 0 {
		return math.Inf(1)
	}
	if c.Geometry == Planar {
		return c.MaxRadius * c.MaxRadius
	}
	half := c.MaxRadius / (2 * EarthRadius)
	if half >= math.Pi/2 {
		return 4 // the whole sphere
	}
	chord := 2 * math.Sin(half)
	return chord * chord
}

// Reasons a scan abstains (Result.Abstain), for errors.Is.
var (
	ErrNoCases         = errors.New("scan: no cases")
	ErrTooFewLocations = errors.New("scan: fewer than two locations with coordinates and exposure")
)

// maxTotalCases bounds the total count: the replicates keep two tables of
// a float64 per possible count (256 MiB at this bound).
const maxTotalCases = 1 << 24

// checkCases validates one count: a finite, non-negative whole number.
func checkCases(i int, c float64) error {
	if math.IsNaN(c) || math.IsInf(c, 0) || c < 0 || c != math.Trunc(c) {
		return fmt.Errorf("scan: location %d: cases %v is not a non-negative whole number", i, c)
	}
	return nil
}

// checkExpected validates one expected count: finite and non-negative.
func checkExpected(i int, e float64) error {
	if math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
		return fmt.Errorf("scan: location %d: expected count %v is not a non-negative number", i, e)
	}
	return nil
}
