package stats

import "errors"

// Reasons a method abstains. They are returned in the Abstain field of a
// result type and can be tested with errors.Is.
var (
	// ErrTooFewValues: fewer values than the method needs (for example
	// fewer than two units to estimate a between-unit variance).
	ErrTooFewValues = errors.New("stats: too few values")
	// ErrNoExposure: the exposure (population, staff, expected count,
	// person-time) is zero, so no rate can be formed.
	ErrNoExposure = errors.New("stats: no exposure")
	// ErrNoEvents: there are no events at all, so a test has nothing to
	// condition on.
	ErrNoEvents = errors.New("stats: no events")
	// ErrNoShift: the out-of-control mean of a CUSUM is not above the
	// in-control mean, so there is no upward shift to detect.
	ErrNoShift = errors.New("stats: no shift to detect")
)

const errLength = "stats: slice length mismatch"
