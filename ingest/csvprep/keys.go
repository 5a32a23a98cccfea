package csvprep

import (
	"hash/maphash"
	"math/bits"
	"slices"
)

// The pre-pass hashes each clean record's key as it is stored; if every
// record of a file is clean and no hash repeats, no key repeats and the
// load need not look for repeated keys in SQL. A repeated hash (a repeated
// key, or two keys that happen to hash alike) sends the file to the SQL
// search, which decides.

// keyHash hashes a clean record's key, its stored values (s), in key
// order.
func (c *cleaner) keyHash(s *scratch) uint64 {
	var h uint64
	for j, i := range c.Key {
		h ^= bits.RotateLeft64(maphash.Bytes(c.seed, s.stored[i]), 17*j)
	}
	return h
}

// sortKeys sorts key hashes in place: one pass puts them in 256 buckets by
// their top byte (American flag sort), and so on by the next byte within
// each bucket still too large to stay in the processor's cache, which is
// then sorted on its own; several times as fast as sorting the whole
// slice at once.
func sortKeys(ks []uint64) { flagSort(ks, 56) }

// flagSort sorts ks, whose hashes agree above bit shift+8.
func flagSort(ks []uint64, shift uint) {
	if len(ks) < 1<<12 || shift < 8 {
		slices.Sort(ks)
		return
	}
	var count [256]int
	for _, k := range ks {
		count[k>>shift&0xff]++
	}
	var start, next [257]int
	for b := range 256 {
		start[b+1] = start[b] + count[b]
		next[b] = start[b]
	}
	for b := range 256 {
		for next[b] < start[b+1] {
			k := ks[next[b]]
			d := int(k >> shift & 0xff)
			if d == b {
				next[b]++
				continue
			}
			ks[next[b]], ks[next[d]] = ks[next[d]], k
			next[d]++
		}
	}
	for b := range 256 {
		flagSort(ks[start[b]:start[b+1]], shift-8)
	}
}

// keysUnique reports whether no hash repeats in the sorted slices.
func keysUnique(sorted [][]uint64) bool {
	for _, ks := range sorted {
		for i := 1; i < len(ks); i++ {
			if ks[i] == ks[i-1] {
				return false
			}
		}
	}
	// Across slices: merge them, smallest first.
	at := make([]int, len(sorted))
	var last uint64
	first := true
	for {
		m := -1
		for j, ks := range sorted {
			if at[j] < len(ks) && (m < 0 || ks[at[j]] < sorted[m][at[m]]) {
				m = j
			}
		}
		if m < 0 {
			return true
		}
		v := sorted[m][at[m]]
		if !first && v == last {
			return false
		}
		first, last = false, v
		at[m]++
	}
}
