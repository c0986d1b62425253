package search

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Políticas públicas", []string{"Políticas", "públicas"}},
		{"actividad 1.3.", []string{"actividad", "1.3"}},
		{"17.2 y 1.10", []string{"17.2", "y", "1.10"}},
		{"@prende 2.0,", []string{"prende", "2.0"}},
		{"l'information e-ID", []string{"l", "information", "e", "ID"}},
		{"público-privadas", []string{"público", "privadas"}},
		{"IPv6 5G A4AI", []string{"IPv6", "5G", "A4AI"}},
		{"Poli\u0301tica", []string{"Poli\u0301tica"}}, // a decomposed í
		{"a.b 1.a a1.2", []string{"a", "b", "1", "a", "a1.2"}},
		{"\xff\xfeok\xc3", []string{"ok"}},
		{"“Programa”", []string{"Programa"}},
	}
	for _, tt := range tests {
		var got []string
		words(tt.in, func(s, e int) { got = append(got, tt.in[s:e]) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"politica", "politica"},
		{"PolÍtica", "politica"},
		{"POLÍTICAS", "politicas"},
		{"Poli\u0301tica", "politica"},
		{"Ñandú", "nandu"},
		{"Açúcar", "acucar"},
		{"informações", "informacoes"},
		{"Œuvre", "oeuvre"},
		{"Èlève", "eleve"},
		{"1.3", "1.3"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct {
		lang string
		same []string // words that must have one stem
	}{
		{"es", []string{"politica", "politicas", "politico"}},
		{"es", []string{"informacion", "informaciones"}},
		{"es", []string{"evolucion", "evoluciones"}},
		{"es", []string{"infraestructura", "infraestructuras"}},
		{"es", []string{"pais", "paises"}},
		{"es", []string{"digital", "digitales"}},
		{"es-419", []string{"region", "regiones"}},
		{"pt", []string{"politica", "politicas"}},
		{"en", []string{"policy", "policies"}},
		{"en", []string{"government", "governments"}},
		{"fr", []string{"societe", "societes"}},
		{"fr", []string{"numerique", "numeriques"}},
		{"", []string{"nina", "ninas"}},
	}
	for _, tt := range tests {
		st := stemmerFor(tt.lang)
		want := st.stem(tt.same[0])
		for _, w := range tt.same[1:] {
			if got := st.stem(w); got != want {
				t.Errorf("%s: stem(%q) = %q, stem(%q) = %q, want equal", tt.lang, tt.same[0], want, w, got)
			}
		}
	}
	for _, w := range []string{"1.3", "5g", "ipv6", "de", ""} {
		if got := stemSpanish.stem(w); got != w {
			t.Errorf("stem(%q) = %q, want it unchanged", w, got)
		}
	}
	if st := stemmerFor("de"); st != stemNone {
		t.Errorf("stemmerFor(de) = %v, want none", st)
	}
}

func TestCompareKeys(t *testing.T) {
	ordered := []string{"", "1", "1.1", "1.2", "1.10", "2", "2.1", "10", "10.1", "a", "a.1", "b"}
	for i, a := range ordered {
		for j, b := range ordered {
			got := compareKeys(a, b)
			if (got < 0) != (i < j) || (got == 0) != (i == j) {
				t.Errorf("compareKeys(%q, %q) = %d", a, b, got)
			}
		}
	}
}
