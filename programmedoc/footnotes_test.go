package programmedoc

import (
	"reflect"
	"testing"

	"github.com/elac/bitacora"
)

func TestParseFootnote(t *testing.T) {
	tests := []struct {
		line       string
		mark, text string
	}{
		{"^aRotará de acuerdo con la presidencia de la Red GEALC", "a", "Rotará de acuerdo con la presidencia de la Red GEALC"},
		{"^b Otra nota", "b", "Otra nota"},
		{"^1. Numerada", "1", "Numerada"},
		{"^12) Doce", "12", "Doce"},
		{"^* Asterisco", "*", "Asterisco"},
		{"ᵃ Superíndice", "a", "Superíndice"},
		{"<sup>c</sup> En HTML", "c", "En HTML"},
		{"^a\tcon tabulador", "a", "con tabulador"},
		{"^a", "", ""},
		{"^", "", ""},
		{"Texto ^a", "", ""},
		{"<p>8. Promover</p>", "", ""},
	}
	for _, tt := range tests {
		n, ok := parseFootnote(7, tt.line)
		if ok != (tt.mark != "") {
			t.Errorf("parseFootnote(%q) = %v", tt.line, ok)
			continue
		}
		if ok && (n.note.Mark != tt.mark || n.note.Text != tt.text || n.note.Source != bitacora.Lines(7, 7)) {
			t.Errorf("parseFootnote(%q) = %+v", tt.line, n.note)
		}
	}
}

func TestFootnotes(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 1. UNO", // 1
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"1. Uno ^c\t1.1 A\tCEPAL ^a\tISOC^b", // 3: marks on the objective and on both party cells
		"\t1.2 B\t\tNo se aplica",            // 4: carries CEPAL ^a
		"\t1.3 C ^d\tGSMA\t",                 // 5: a mark on the activity; GSMA has no mark
		"",
		"^aNota a del área uno", // 7
		"que sigue en otra línea",
		"^bNota b",
		"^cNota c",
		"^dNota d",
		"^eNunca usada", // 12
		"^aOtra a",      // 13: defined twice
		"",
		"ÁREA DE ACCIÓN 2. DOS", // 15
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"2. Dos\t2.1 A\tCEPAL ^a\tNo se aplica ^z", // 17: a here is area 2's a; z has no definition
		"^aNota a del área dos",                    // 18
	)
	d := mustParse(t, src)
	tests := []struct {
		code  string
		notes []string
	}{
		{"1.1", []string{"Nota c", "Nota a del área uno que sigue en otra línea", "Nota b"}},
		{"1.2", []string{"Nota c", "Nota a del área uno que sigue en otra línea"}},
		{"1.3", []string{"Nota c", "Nota d"}},
		{"2.1", []string{"Nota a del área dos"}},
	}
	for _, tt := range tests {
		if a := activity(t, d, tt.code); !reflect.DeepEqual(a.Notes, tt.notes) {
			t.Errorf("%s notes %q, want %q", tt.code, a.Notes, tt.notes)
		}
	}
	if n := d.Notes[0]; n.Mark != "a" || n.Area != 1 || n.Source != bitacora.Lines(7, 8) {
		t.Errorf("first note %+v", n)
	}
	if len(d.Notes) != 7 || d.Notes[6].Area != 2 {
		t.Errorf("notes %+v", d.Notes)
	}
	if a := d.Areas[0]; a.Source != bitacora.Lines(1, 13) {
		t.Errorf("area 1 source %v: it ends with its last footnote", a.Source)
	}
	warningAt(t, d, 12, `footnote "e" is not used in the table of area 1`)
	warningAt(t, d, 13, `footnote "a" is defined twice in area 1 (first at line 7)`)
	warningAt(t, d, 17, `footnote mark "z" has no definition after the table of area 2`)
	for where, s := range texts(d) {
		for _, r := range s {
			if r == '^' {
				t.Errorf("%s keeps a mark: %q", where, s)
			}
		}
	}
}
