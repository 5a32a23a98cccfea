package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/microrisk/microrisk/ingest/column"
)

// corporatePaymentCSV finds benford.analysis' corporate.payment data in
// <repo>/../shared/refdata, or skips.
func corporatePaymentCSV(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "..", "shared", "refdata", "benford", "corporate_payment.csv")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(dir) == dir {
			t.Skip("reference data not found: no ../shared/refdata/benford/corporate_payment.csv above " + dir)
		}
		dir = filepath.Dir(dir)
	}
}

func runArgs(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// TestBenfordCorporatePayment: the command prints benford.analysis' figures
// for corporate.payment$Amount (its README: MAD 0.002336614, Nonconformity,
// KS D 0.033195, largest deviation at 50 with 5938.25).
func TestBenfordCorporatePayment(t *testing.T) {
	path := corporatePaymentCSV(t)
	out, _, err := runArgs("benford", path, "--column", "Amount")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"185083 values analysed", "MAD          0.002337", "不符合 / nonconformity", "df 89", "KS D         0.033195",
		"critical value 0.0031612", "      50      7530     1591.75   +5938.25", "50  ×6022", "1,153.35  ×2264", "Unreadable cells: 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// --method truncate reproduces the peer's chi-square exactly (README:
	// X-squared = 32094; peer run 32094.3504258); flags may come first.
	out, _, err = runArgs("benford", "--method", "truncate", "--top", "3", path, "--column", "Amount")
	if err != nil || !strings.Contains(out, "chi-square   32094.35  df 89") {
		t.Errorf("truncate: %v\n%s", err, out)
	}
}

func TestBenfordJSON(t *testing.T) {
	path := corporatePaymentCSV(t)
	out, _, err := runArgs("benford", path, "--column", "Amount", "--digits", "1", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Rows   int
		Result struct {
			Test    string
			N       int64
			MAD     float64
			Verdict string
			Groups  []struct{ Digits int }
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%.500s", err, out)
	}
	r := got.Result
	// benford.analysis peer run, first digit: MAD 0.0132114050031, marginally acceptable.
	if got.Rows != 189470 || r.N != 185083 || r.Test != "first digit" || len(r.Groups) != 9 ||
		r.Verdict != "marginally acceptable conformity" || r.MAD < 0.01321140 || r.MAD > 0.01321141 {
		t.Errorf("JSON: %+v", got)
	}
}

func TestBenfordErrors(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "pay.csv")
	if err := os.WriteFile(csv, []byte("id,amount\n1,12.5\n2,abc\n3,(7)\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var ue usageError
	for _, c := range []struct {
		name  string
		args  []string
		usage bool   // exit 2
		is    error  // errors.Is target
		says  string // in the message
	}{
		{"missing column", []string{"benford", csv, "--column", "amount_yuan"}, false, column.ErrColumnNotFound, `columns present: "id", "amount"`},
		{"missing file", []string{"benford", filepath.Join(dir, "nope.csv"), "--column", "amount"}, false, os.ErrNotExist, "nope.csv"},
		{"no file", []string{"benford", "--column", "amount"}, true, nil, "no FILE"},
		{"two files", []string{"benford", csv, csv, "--column", "amount"}, true, nil, "one FILE"},
		{"no column", []string{"benford", csv}, true, nil, "--column is required"},
		{"bad digits", []string{"benford", csv, "--column", "amount", "--digits", "4"}, true, nil, "unknown test"},
		{"bad method", []string{"benford", csv, "--column", "amount", "--method", "x"}, true, nil, "unknown digit method"},
		{"bad flag", []string{"benford", csv, "--column", "amount", "--nope"}, true, nil, "nope"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runArgs(c.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.As(err, &ue) != c.usage || (c.is != nil && !errors.Is(err, c.is)) || !strings.Contains(err.Error(), c.says) {
				t.Errorf("err = %v (usage %v), want usage %v, is %v, saying %q", err, errors.As(err, &ue), c.usage, c.is, c.says)
			}
		})
	}
	// Too few values: the command still reports, abstaining, and lists the
	// unreadable cell.
	out, _, err := runArgs("benford", csv, "--column", "amount", "--sign", "both")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 values analysed", "ABSTAIN: only 2 values", "Unreadable cells: 1", `row 3: "abc"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
