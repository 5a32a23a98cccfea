package column

import (
	"errors"
	"fmt"

	"github.com/microrisk/microrisk/ingest/normalize"
)

// Wan is 万, ten thousand: the multiplier of a 万元 suffix or header.
const Wan = 10000

// ErrEmpty is returned by ParseNumber for a cell with nothing but white space.
var ErrEmpty = errors.New("empty cell")

// ErrNotNumber is wrapped by ParseNumber's error for a cell that is not a
// number.
var ErrNotNumber = errors.New("not a number")

// ParseNumber reads an amount as ledgers write it and returns its value,
// unrounded: normalize.ParseNumber, the one definition of how amounts are
// written (separators, full-width forms, currency signs, 万/万元,
// parentheses, exponents), with this package's errors. wan says the
// column's header declares 万元. An empty cell gives ErrEmpty; anything else
// that is not a number, an error wrapping ErrNotNumber.
func ParseNumber(s string, wan bool) (float64, error) {
	v, err := normalize.ParseNumber(s, wan)
	switch {
	case errors.Is(err, normalize.ErrEmpty):
		return 0, ErrEmpty
	case err != nil:
		return 0, fmt.Errorf("%w: %v", ErrNotNumber, err)
	}
	return v, nil
}
