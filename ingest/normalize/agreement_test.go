package normalize

import (
	"encoding/json"
	"errors"
	"os"
	"sort"
	"testing"
	"time"
)

// A valueCase is one row of testdata/values.json.
type valueCase struct {
	In   string          `json:"in"`
	Want json.RawMessage `json:"want"`
	Err  string          `json:"err"`
}

// caseErrors maps the err words of values.json to sentinels.
var caseErrors = map[string]error{
	"empty":       ErrEmpty,
	"invalid":     ErrInvalid,
	"length":      ErrIDLength,
	"characters":  ErrIDCharacters,
	"birth date":  ErrIDBirthDate,
	"check digit": ErrIDCheckDigit,
}

func loadValues(tb testing.TB) map[string][]valueCase {
	tb.Helper()
	b, err := os.ReadFile("testdata/values.json")
	if err != nil {
		tb.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		tb.Fatal(err)
	}
	delete(raw, "_comment")
	out := make(map[string][]valueCase)
	for name, r := range raw {
		var cs []valueCase
		if err := json.Unmarshal(r, &cs); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		out[name] = cs
	}
	return out
}

// decodeWant reads the expected value of a case as the Go face returns it.
func decodeWant(tb testing.TB, kind string, raw json.RawMessage) any {
	tb.Helper()
	var err error
	var v any
	switch kind {
	case "time":
		var s string
		if err = json.Unmarshal(raw, &s); err == nil {
			v, err = time.Parse("2006-01-02T15:04:05.999999999", s)
		}
	case "float":
		var f float64
		err = json.Unmarshal(raw, &f)
		v = f
	case "int":
		var n int64
		err = json.Unmarshal(raw, &n)
		v = n
	case "bool":
		var b bool
		err = json.Unmarshal(raw, &b)
		v = b
	case "string":
		var s string
		err = json.Unmarshal(raw, &s)
		v = s
	}
	if err != nil {
		tb.Fatalf("want %s: %v", raw, err)
	}
	return v
}

// TestAgreement runs every case of testdata/values.json through the Go face
// and checks it against the table, then runs all cases of each type (and a
// NULL) through the SQL faces in DuckDB, one query per type, and checks that
// they agree with the Go face.
func TestAgreement(t *testing.T) {
	db := openDB(t)
	values := loadValues(t)
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		cases := values[name]
		f, ok := faces[name]
		if !ok {
			t.Errorf("values.json: unknown type %q", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			inputs := []*string{nil}
			for _, c := range cases {
				checkGo(t, f, c)
				inputs = append(inputs, &c.In)
			}
			for i, row := range runSQL(t, db, f, inputs) {
				checkAgreement(t, f, inputs[i], row)
			}
		})
	}
	for name := range faces {
		if _, ok := values[name]; !ok {
			t.Errorf("values.json has no cases for %q", name)
		}
	}
}

func checkGo(t *testing.T, f face, c valueCase) {
	t.Helper()
	got, err := f.parse(c.In)
	if c.Err != "" {
		want, ok := caseErrors[c.Err]
		switch {
		case !ok:
			t.Errorf("%q: unknown err %q in values.json", c.In, c.Err)
		case !errors.Is(err, want):
			t.Errorf("%q: got %s, error %v; want error %q", c.In, canon(got), err, c.Err)
		}
		return
	}
	if err != nil {
		t.Errorf("%q: error %v", c.In, err)
		return
	}
	if want := decodeWant(t, f.kind, c.Want); canon(got) != canon(want) {
		t.Errorf("%q: got %s, want %s", c.In, canon(got), canon(want))
	}
}
