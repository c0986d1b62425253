package programmedoc

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// seedPath is the eLAC2020 programme, relative to this package.
const seedPath = "../seed/elac2020.txt"

func readSeed(tb testing.TB) []byte {
	tb.Helper()
	src, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Fatalf("read the seed: %v", err)
	}
	return src
}

func parseSeed(tb testing.TB) *bitacora.Document {
	tb.Helper()
	d, err := Parse(readSeed(tb), Options{SourceName: "elac2020.txt"})
	if err != nil {
		tb.Fatalf("Parse(seed): %v", err)
	}
	return d
}

// mustParse parses a snippet that must be a programme.
func mustParse(tb testing.TB, src string) *bitacora.Document {
	tb.Helper()
	d, err := Parse([]byte(src), Options{})
	if err != nil {
		tb.Fatalf("Parse: %v\n%s", err, src)
	}
	return d
}

// warningAt returns the first warning at line whose message contains all
// of the given parts, or fails.
func warningAt(tb testing.TB, d *bitacora.Document, line int, parts ...string) bitacora.Warning {
	tb.Helper()
	for _, w := range d.Warnings {
		if w.Line == line && containsAll(w.Message, parts) {
			return w
		}
	}
	tb.Fatalf("no warning at line %d containing %q; warnings:\n%s", line, parts, formatWarnings(d.Warnings))
	return bitacora.Warning{}
}

// noWarning fails if a warning contains all the given parts.
func noWarning(tb testing.TB, d *bitacora.Document, parts ...string) {
	tb.Helper()
	for _, w := range d.Warnings {
		if containsAll(w.Message, parts) {
			tb.Errorf("unexpected warning at line %d: %s", w.Line, w.Message)
		}
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func formatWarnings(ws []bitacora.Warning) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "  line %d: %s\n", w.Line, w.Message)
	}
	return b.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./programmedoc -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./programmedoc -update and review the diff):\n%s",
			name, firstDifference(want, got))
	}
}

// firstDifference shows the first line where two texts differ.
func firstDifference(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return "(same lines, different bytes)"
}

// activity returns the activity with the given code, or fails.
func activity(tb testing.TB, d *bitacora.Document, code string) *bitacora.Activity {
	tb.Helper()
	a := d.Activity(code)
	if a == nil {
		tb.Fatalf("no activity %s", code)
	}
	return a
}

// party returns the party with the given id, or fails.
func party(tb testing.TB, d *bitacora.Document, id string) *bitacora.Party {
	tb.Helper()
	p := d.Party(id)
	if p == nil {
		var ids []string
		for _, p := range d.Parties {
			ids = append(ids, p.ID)
		}
		tb.Fatalf("no party %q; parties: %v", id, ids)
	}
	return p
}

// texts returns every text a Document holds, with where it is.
func texts(d *bitacora.Document) map[string]string {
	m := map[string]string{}
	add := func(where, s string) { m[where] = s }
	p := d.Programme
	for k, v := range map[string]string{"slug": p.Slug, "symbol": p.Symbol, "title": p.Title, "agenda": p.Agenda, "place": p.Place, "distribution": p.Distribution, "job": p.JobNumber} {
		add("programme."+k, v)
	}
	for i, para := range p.Preamble {
		add(fmt.Sprintf("preamble[%d]", i), para.Text)
	}
	for _, a := range d.Areas {
		add(fmt.Sprintf("area %d title", a.Number), a.Title)
		for _, o := range a.Objectives {
			add(fmt.Sprintf("objective %d", o.Number), o.Text)
			for _, act := range o.Activities {
				add("activity "+act.Code, act.Text)
				for i, c := range act.Components {
					add(fmt.Sprintf("activity %s component %d", act.Code, i), c)
				}
				for i, n := range act.Notes {
					add(fmt.Sprintf("activity %s note %d", act.Code, i), n)
				}
			}
		}
	}
	for _, pt := range d.Parties {
		add("party "+pt.ID, pt.Name)
		add("party "+pt.ID+" acronym", pt.Acronym)
		for i, a := range pt.Aliases {
			add(fmt.Sprintf("party %s alias %d", pt.ID, i), a)
		}
		for i, c := range pt.Countries {
			add(fmt.Sprintf("party %s country %d", pt.ID, i), c)
		}
	}
	for i, n := range d.Notes {
		add(fmt.Sprintf("note %d", i), n.Text)
	}
	return m
}
