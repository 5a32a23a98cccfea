package risk

import (
	"bufio"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// WriteTOML writes c as a TOML file with a comment above every section and
// key: the file `microrisk config` prints, which DecodeConfig reads back to
// the same configuration.
func WriteTOML(w io.Writer, c Config) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# microrisk risk-model configuration. Keys left out keep their defaults.")
	v := reflect.ValueOf(c)
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("toml")
		fmt.Fprintln(bw)
		writeComment(bw, f.Tag.Get("comment"))
		fmt.Fprintf(bw, "[%s]\n", name)
		if f.Type.Kind() == reflect.Map { // the weights
			writeWeights(bw, c.Weights)
			continue
		}
		sv := v.Field(i)
		for j := range f.Type.NumField() {
			sf := f.Type.Field(j)
			writeComment(bw, sf.Tag.Get("comment"))
			fmt.Fprintf(bw, "%s = %s\n", sf.Tag.Get("toml"), tomlValue(sv.Field(j)))
		}
	}
	return bw.Flush()
}

// writeWeights writes the weights in catalogue order, each under the
// reason for its default.
func writeWeights(w io.Writer, weights map[string]float64) {
	seen := map[string]bool{}
	for _, ind := range Catalogue {
		wt, ok := weights[ind.ID]
		if !ok {
			continue
		}
		seen[ind.ID] = true
		writeComment(w, fmt.Sprintf("%s (default %s): %s", ind.ID, formatFloat(ind.DefaultWeight), ind.WeightWhy))
		fmt.Fprintf(w, "%s = %s\n", ind.ID, formatFloat(wt))
	}
	var rest []string
	for id := range weights {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range rest {
		fmt.Fprintf(w, "%s = %s\n", strconv.Quote(id), formatFloat(weights[id]))
	}
}

func writeComment(w io.Writer, text string) {
	for _, line := range wrap(text, 76) {
		fmt.Fprintf(w, "# %s\n", line)
	}
}

// wrap breaks text into lines of at most width bytes at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

func tomlValue(v reflect.Value) string {
	if t, ok := v.Interface().(time.Time); ok {
		return t.Format(time.DateOnly) // a TOML local date
	}
	switch v.Kind() {
	case reflect.Slice:
		if v.Len() == 0 {
			return "[]"
		}
		if k := v.Type().Elem().Kind(); k != reflect.Struct && k != reflect.Map {
			// An array of strings or numbers, on one line.
			parts := make([]string, v.Len())
			for i := range parts {
				parts[i] = tomlValue(v.Index(i))
			}
			return "[" + strings.Join(parts, ", ") + "]"
		}
		// An array of inline tables, one a line.
		var b strings.Builder
		b.WriteString("[\n")
		for i := range v.Len() {
			fmt.Fprintf(&b, "  %s,\n", tomlValue(v.Index(i)))
		}
		b.WriteString("]")
		return b.String()
	case reflect.Struct:
		var parts []string
		for j := range v.NumField() {
			parts = append(parts, v.Type().Field(j).Tag.Get("toml")+" = "+tomlValue(v.Field(j)))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case reflect.Map:
		if v.Len() == 0 {
			return "{}"
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + " = " + tomlValue(v.MapIndex(reflect.ValueOf(k)))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		return formatFloat(v.Float())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.String:
		return strconv.Quote(v.String())
	}
	panic(fmt.Sprintf("risk: no TOML form for %s", v.Kind()))
}

// formatFloat writes a float so that TOML reads it back as the same float.
func formatFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}
