package main

import (
	"debug/elf"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Requirements are what an ELF executable asks of the machine it runs on.
type Requirements struct {
	Machine elf.Machine
	// Interpreter is the dynamic loader (PT_INTERP); empty for a static
	// binary.
	Interpreter string
	// Libraries are the shared libraries it needs (DT_NEEDED).
	Libraries []string
	// Versions are the symbol versions it needs, per library
	// ("libc.so.6" → "GLIBC_2.34", …), from its version-needs section.
	Versions map[string][]string
}

// Static reports whether the binary needs no loader and no shared library.
func (r Requirements) Static() bool { return r.Interpreter == "" && len(r.Libraries) == 0 }

// Newest returns the newest version named prefix+"x.y…" that the binary
// needs from any library, and "" if none.
func (r Requirements) Newest(prefix string) string {
	newest := ""
	for _, vs := range r.Versions {
		for _, v := range vs {
			if strings.HasPrefix(v, prefix) && (newest == "" || compareVersions(v[len(prefix):], newest[len(prefix):]) > 0) {
				newest = v
			}
		}
	}
	return newest
}

func (r Requirements) String() string {
	if r.Static() {
		return fmt.Sprintf("%s, statically linked: needs no loader, no shared library, no glibc", r.Machine)
	}
	var need []string
	for _, p := range []string{"GLIBC_", "GLIBCXX_", "CXXABI_"} {
		if v := r.Newest(p); v != "" {
			need = append(need, v)
		}
	}
	return fmt.Sprintf("%s, dynamically linked (%s) with %s; newest versions needed: %s",
		r.Machine, r.Interpreter, strings.Join(r.Libraries, ", "), strings.Join(need, ", "))
}

// The libstdc++ of CentOS 7 (gcc 4.8.5), the oldest of the users' systems.
const (
	oldestGLIBCXX = "3.4.19"
	oldestCXXABI  = "1.3.7"
)

// Check returns an error unless the binary starts on a system with glibc
// maxGlibc (e.g. "2.17") and CentOS 7's libstdc++.
func (r Requirements) Check(maxGlibc string) error {
	if r.Static() {
		return nil
	}
	var errs []error
	for _, c := range []struct{ prefix, max string }{
		{"GLIBC_", maxGlibc}, {"GLIBCXX_", oldestGLIBCXX}, {"CXXABI_", oldestCXXABI},
	} {
		if v := r.Newest(c.prefix); v != "" && compareVersions(v[len(c.prefix):], c.max) > 0 {
			errs = append(errs, fmt.Errorf("needs %s, newer than %s%s", v, c.prefix, c.max))
		}
	}
	return errors.Join(errs...)
}

// ReadRequirements reads an ELF executable's loader, libraries and symbol
// versions.
func ReadRequirements(path string) (Requirements, error) {
	f, err := elf.Open(path)
	if err != nil {
		return Requirements{}, err
	}
	defer f.Close()
	r := Requirements{Machine: f.Machine, Versions: map[string][]string{}}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b := make([]byte, p.Filesz)
			if _, err := p.ReadAt(b, 0); err != nil {
				return r, fmt.Errorf("read %s: interpreter: %w", path, err)
			}
			r.Interpreter = strings.TrimRight(string(b), "\x00")
		}
	}
	if f.Section(".dynamic") == nil {
		return r, nil
	}
	if r.Libraries, err = f.ImportedLibraries(); err != nil {
		return r, fmt.Errorf("read %s: %w", path, err)
	}
	needs, err := f.DynamicVersionNeeds()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return r, fmt.Errorf("read %s: version needs: %w", path, err)
	}
	for _, n := range needs {
		for _, d := range n.Needs {
			r.Versions[n.Name] = append(r.Versions[n.Name], d.Dep)
		}
		slices.Sort(r.Versions[n.Name])
	}
	return r, nil
}

// compareVersions compares dotted decimal versions ("2.17" < "2.3.4" is
// false: 17 > 3); a missing part counts as 0.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		x, y := part(as, i), part(bs, i)
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func part(s []string, i int) int {
	if i >= len(s) {
		return 0
	}
	n, _ := strconv.Atoi(s[i]) // a non-number (none in glibc's names) counts as 0
	return n
}
