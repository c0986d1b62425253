package programmedoc

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

// FuzzParse checks that Parse never panics and that what it returns is
// either a domain error or a Document that keeps its invariants and makes
// the JSON round trip. Run it with
//
//	go test ./programmedoc -run XXX -fuzz FuzzParse -fuzztime 60s
//
// Crashers it finds go to testdata/fuzz/FuzzParse and run with every test.
func FuzzParse(f *testing.F) {
	seed := readSeed(f)
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add(seed[len(seed)/3:])
	ls := bytes.Split(seed, []byte("\n"))
	for i := 0; i < len(ls); i += 9 {
		f.Add(bytes.Join(ls[i:min(i+14, len(ls))], []byte("\n")))
	}
	for _, s := range []string{esTable, mergedTable, englishProgramme, portugueseProgramme, frenchProgramme, "", "\ufeff", "ÁREA DE ACCIÓN 1."} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Parse(src, Options{})
		if err != nil {
			var e *bitacora.Error
			if !errors.As(err, &e) || e.Code != bitacora.EINVALID && e.Code != bitacora.ETOOLARGE || e.Message == "" {
				t.Fatalf("error %T %v", err, err)
			}
			if d != nil {
				t.Fatal("a document with an error")
			}
			return
		}
		checkInvariants(t, d)
		var first, second bytes.Buffer
		if err := WriteJSON(&first, d); err != nil {
			t.Fatal(err)
		}
		back, err := ReadJSON(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("ReadJSON(WriteJSON(d)): %v", err)
		}
		if err := WriteJSON(&second, back); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("JSON round trip changed the bytes:\n%s", firstDifference(first.Bytes(), second.Bytes()))
		}
		var out bytes.Buffer
		if err := WriteMarkdown(&out, d); err != nil {
			t.Fatal(err)
		}
		if err := WriteCSV(&out, d); err != nil {
			t.Fatal(err)
		}
	})
}

// checkInvariants checks what every parsed Document must hold.
func checkInvariants(t *testing.T, d *bitacora.Document) {
	t.Helper()
	last := d.Programme.Source.EndLine
	inFile := func(what string, s bitacora.Source) {
		if s.Line < 1 || s.EndLine < s.Line || s.EndLine > last {
			t.Fatalf("%s: source %v outside lines 1-%d", what, s, last)
		}
	}
	ids := map[string]bool{}
	for _, p := range d.Parties {
		if p.ID == "" || ids[p.ID] {
			t.Fatalf("party id %q empty or repeated", p.ID)
		}
		ids[p.ID] = true
		inFile("party "+p.ID, p.Source)
		if len(p.Countries) != len(p.CountryCodes) {
			t.Fatalf("party %s: countries %q codes %q", p.ID, p.Countries, p.CountryCodes)
		}
	}
	for _, p := range d.Parties {
		if p.Parent != "" && !ids[p.Parent] {
			t.Fatalf("party %s: parent %q not in the register", p.ID, p.Parent)
		}
	}
	held := map[string]bool{}
	for _, a := range d.Areas {
		inFile("area", a.Source)
		for _, o := range a.Objectives {
			inFile("objective", o.Source)
			for _, act := range o.Activities {
				inFile("activity "+act.Code, act.Source)
				for _, id := range append(append([]string{}, act.Responsible...), act.CoResponsible...) {
					if !ids[id] {
						t.Fatalf("activity %s holds %q, not in the register", act.Code, id)
					}
					held[id] = true
				}
			}
		}
	}
	for _, p := range d.Parties {
		if !held[p.ID] && !isParent(d, p.ID) {
			t.Fatalf("party %s is held by no activity", p.ID)
		}
	}
	for _, w := range d.Warnings {
		if w.Line < 1 || w.Line > last || w.Message == "" {
			t.Fatalf("warning %+v", w)
		}
	}
	for where, s := range texts(d) {
		if strings.ContainsAny(s, "\x1e\x1f\n\t") {
			t.Fatalf("%s holds a control character: %q", where, s)
		}
	}
}

func isParent(d *bitacora.Document, id string) bool {
	for _, p := range d.Parties {
		if p.Parent == id {
			return true
		}
	}
	return false
}
