package ingest

import (
	"strconv"
	"testing"
)

// TestAnswerCacheCollision checks that two identifiers sharing a slot never
// get each other's answer: the later one evicts the earlier, which is then
// a miss (computed again), not a wrong pseudonym.
func TestAnswerCacheCollision(t *testing.T) {
	c := newAnswerCache()
	bySlot := map[uint64]string{}
	var a, b string
	for i := 0; a == ""; i++ {
		id := "5101" + strconv.Itoa(100000000000000+i)
		if prev, ok := bySlot[c.index(id)]; ok {
			a, b = prev, id
		}
		bySlot[c.index(id)] = id
	}
	c.put(a, "p_a")
	if got, ok := c.get(a); !ok || got != "p_a" {
		t.Fatalf("get(a) = %q, %v", got, ok)
	}
	if got, ok := c.get(b); ok {
		t.Fatalf("get(b) = %q before b was put: another identifier's answer", got)
	}
	c.put(b, "p_b")
	if got, ok := c.get(a); ok {
		t.Errorf("get(a) = %q after b took its slot, want a miss", got)
	}
	if got, ok := c.get(b); !ok || got != "p_b" {
		t.Errorf("get(b) = %q, %v", got, ok)
	}
}
