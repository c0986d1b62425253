package programmedoc

import (
	"reflect"
	"strings"
	"testing"
)

// optionalLabels may be empty in a language: English has no contractions,
// and only Spanish changes its conjunction before an "i" sound.
var optionalLabels = map[string]bool{"Contractions": true, "ConjunctionBeforeI": true}

// TestLabelSetsComplete checks that every language fills every field of
// labelSet, so that adding a language cannot silently leave a rule without
// its words.
func TestLabelSetsComplete(t *testing.T) {
	codes := map[string]bool{}
	for _, l := range labelSets {
		if codes[l.Code] {
			t.Errorf("language %q twice", l.Code)
		}
		codes[l.Code] = true
		v := reflect.ValueOf(l)
		for i := 0; i < v.NumField(); i++ {
			name := v.Type().Field(i).Name
			if optionalLabels[name] {
				continue
			}
			f := v.Field(i)
			switch f.Kind() {
			case reflect.String, reflect.Slice, reflect.Map:
				if f.Len() == 0 {
					t.Errorf("%s: %s is empty", l.Code, name)
				}
			case reflect.Array:
				for j := 0; j < f.Len(); j++ {
					if f.Index(j).Len() == 0 {
						t.Errorf("%s: %s[%d] is empty", l.Code, name, j)
					}
				}
			}
		}
	}
	// Every language names every language on its ORIGINAL: line.
	for _, l := range labelSets {
		for code := range codes {
			if len(l.LanguageNames[code]) == 0 {
				t.Errorf("%s: no name for %s", l.Code, code)
			}
		}
	}
	for _, want := range []string{"es", "en", "pt", "fr"} {
		if !codes[want] {
			t.Errorf("no labels for %s", want)
		}
	}
}

func TestCountries(t *testing.T) {
	if len(countries) != 33 {
		t.Errorf("%d countries, want the 33 Latin American and Caribbean members of ECLAC", len(countries))
	}
	seen := map[string]bool{}
	for _, c := range countries {
		if len(c.Code) != 2 || seen[c.Code] {
			t.Errorf("code %q", c.Code)
		}
		seen[c.Code] = true
		for _, l := range labelSets {
			if len(c.Names[l.Code]) == 0 {
				t.Errorf("%s has no name in %s", c.Code, l.Code)
			}
		}
	}
	// No two countries share a name.
	names := map[string]string{}
	for _, c := range countries {
		for _, ns := range c.Names {
			for _, n := range ns {
				if other, ok := names[fold(n)]; ok && other != c.Code {
					t.Errorf("%q names both %s and %s", n, other, c.Code)
				}
				names[fold(n)] = c.Code
			}
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		lines []string
		want  string
	}{
		{[]string{"ÁREA DE ACCIÓN 1. X", "Objetivo\tActividades\tResponsable\tCorresponsable"}, "es"},
		{[]string{"ACTION AREA 1. X", "Objective\tActivities\tResponsible\tCo-responsible"}, "en"},
		{[]string{"ORIGINAL: ESPAÑOL", "ÁREA DE AÇÃO 1. X", "Objetivo\tAtividades\tResponsável\tCorresponsável"}, "pt"},
		{[]string{"DOMAINE D'ACTION 1. X"}, "fr"},
		{[]string{"nada"}, ""},
	}
	for _, tt := range tests {
		l := detectLanguage(tt.lines)
		got := ""
		if l != nil {
			got = l.Code
		}
		if got != tt.want {
			t.Errorf("detectLanguage(%q) = %q, want %q", tt.lines, got, tt.want)
		}
	}
}

func TestIsNobody(t *testing.T) {
	for _, s := range []string{"No se aplica", "no se aplica.", "NO  SE APLICA", "Not applicable", "N/A", "Não se aplica", "Não aplicável", "Sans objet", "Non applicable"} {
		if !isNobody(s) {
			t.Errorf("isNobody(%q) = false", s)
		}
	}
	for _, s := range []string{"", "CEPAL", "No se aplica a todos"} {
		if isNobody(s) {
			t.Errorf("isNobody(%q) = true", s)
		}
	}
}

// TestLabelsFoldApart checks that within a language the four column labels
// never fold to the same words: a header row must tell its columns apart.
func TestLabelsFoldApart(t *testing.T) {
	for _, l := range languages {
		seen := map[string]int{}
		for c, column := range l.columns {
			for _, label := range column {
				key := strings.Join(label, " ")
				if prev, ok := seen[key]; ok && prev != c {
					t.Errorf("%s: %q is in columns %d and %d", l.Code, key, prev, c)
				}
				seen[key] = c
			}
		}
	}
}
