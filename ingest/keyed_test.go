package ingest

import (
	"strconv"
	"strings"
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

// TestAnswerCacheRoom: an answer too long for the room is not remembered
// (it is computed again), and one that fits comes back whole.
func TestAnswerCacheRoom(t *testing.T) {
	c := newAnswerCache()
	id := "510104198001010014"
	long := "!not a valid resident ID: " + strings.Repeat("x", answerRoom)
	c.put(id, long)
	if got, ok := c.get(id); ok {
		t.Errorf("get = %q: an answer too long was remembered", got)
	}
	fits := "p_" + strings.Repeat("0123456789abcdef", 2)
	c.put(id, fits)
	if got, ok := c.get(id); !ok || got != fits {
		t.Errorf("get = %q, %v, want %q", got, ok, fits)
	}
	if got, ok := c.getBytes([]byte(id)); !ok || got != fits {
		t.Errorf("getBytes = %q, %v, want %q", got, ok, fits)
	}
}
