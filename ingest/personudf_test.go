package ingest

import (
	"strconv"
	"testing"
)

// TestAnswerCacheCollision checks that identifiers sharing a set of slots
// never get each other's answer: once the set is full, a new one evicts
// another, which is then a miss (computed again), not a wrong pseudonym.
func TestAnswerCacheCollision(t *testing.T) {
	c := newAnswerCache()
	bySet := map[uint64][]string{}
	var ids []string
	for i := 0; ids == nil; i++ {
		id := "5101" + strconv.Itoa(100000000000000+i)
		set := append(bySet[c.index(id)], id)
		bySet[c.index(id)] = set
		if len(set) == answerWays+1 {
			ids = set
		}
	}
	for i, id := range ids[:answerWays] {
		c.put(id, "p_"+strconv.Itoa(i))
	}
	for i, id := range ids[:answerWays] {
		if got, ok := c.get(id); !ok || got != "p_"+strconv.Itoa(i) {
			t.Fatalf("get(%s) = %q, %v: a full set lost an answer", id, got, ok)
		}
	}
	last := ids[answerWays]
	if got, ok := c.get(last); ok {
		t.Fatalf("get(%s) = %q before it was put: another identifier's answer", last, got)
	}
	c.put(last, "p_last")
	if got, ok := c.get(last); !ok || got != "p_last" {
		t.Errorf("get(%s) = %q, %v", last, got, ok)
	}
	kept := 0
	for i, id := range ids[:answerWays] {
		got, ok := c.get(id)
		if ok && got != "p_"+strconv.Itoa(i) {
			t.Errorf("get(%s) = %q: another identifier's answer", id, got)
		}
		if ok {
			kept++
		}
	}
	if kept != answerWays-1 {
		t.Errorf("%d of the set's first %d answers kept, want %d (one evicted)", kept, answerWays, answerWays-1)
	}
	if got, ok := c.getBytes([]byte(last)); !ok || got != "p_last" {
		t.Errorf("getBytes(%s) = %q, %v", last, got, ok)
	}
}
