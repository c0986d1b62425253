package programmedoc

import (
	"reflect"
	"strings"
	"testing"
)

// show makes the list marks of reduceHTML visible: "•" for an item, "¶"
// for the end of a list.
func show(s string) string {
	return strings.NewReplacer(string(itemMark), "•", string(listEndMark), "¶").Replace(s)
}

func TestReduceHTML(t *testing.T) {
	tests := []struct {
		in, want string
		cut      bool
	}{
		{"<p>8. Promover</p>", " 8. Promover ", false},
		{"(<i>fintech</i>)", "(fintech)", false},
		{"<ul style=\"list-style-type: none\"> <li>Uno</li><li>Dos</li></ul> tras", "   • Uno  • Dos  ¶  tras", false},
		{"a<br>b<br/>c", "a b c", false},
		{"Investigación &amp; desarrollo&nbsp;regional", "Investigación & desarrollo\u00a0regional", false},
		{"&lt;p&gt;doble&lt;/p&gt;", " doble ", false},
		{"velocidades < 10 Mbps y > 2", "velocidades < 10 Mbps y > 2", false},
		{"x <!-- nota --> y", "x  y", false},
		{"Red GEALC <sup>a</sup>", "Red GEALC ^a ", false},
		{"<SPAN CLASS=x>Texto</SPAN>", "Texto", false},
		{"texto cortado <ul style=\"list-sty", "texto cortado ", true},
		{"<", "<", false},
		{"a <3 b", "a <3 b", false},
	}
	for _, tt := range tests {
		got, cut := reduceHTML(tt.in)
		if show(got) != tt.want || cut != tt.cut {
			t.Errorf("reduceHTML(%q) = %q, %v; want %q, %v", tt.in, show(got), cut, tt.want, tt.cut)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>No se aplica</p>", "No se aplica"},
		{"  a \u00a0 b\u200b c\u00ad ", "a b c"},
		{"<ul><li>Uno</li></ul>", "Uno"},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkDashItems(t *testing.T) {
	tests := []struct{ in, want string }{
		{"30.1 Alentar – Programa A – Escuela B", "30.1 Alentar • Programa A • Escuela B"},
		{"– Al principio", "• Al principio"},
		{"• Viñeta y — Raya", "• Viñeta y • Raya"},
		{"la red – que une – crece", "la red – que une – crece"},
		{"enseñanza-aprendizaje y -LAT", "enseñanza-aprendizaje y -LAT"},
		{"2018–2020", "2018–2020"},
		{"texto –“Cita”", "texto –“Cita”"},
		{"texto – “Cita”", "texto • “Cita”"},
	}
	for _, tt := range tests {
		if got := show(markDashItems(tt.in)); got != tt.want {
			t.Errorf("markDashItems(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExtractMarks(t *testing.T) {
	tests := []struct {
		in           string
		superscripts bool
		text         string
		marks        []string
	}{
		{"Red GEALC (Panamá) ^a", true, "Red GEALC (Panamá)", []string{"a"}},
		{"Red GEALC (Panamá)^b", true, "Red GEALC (Panamá)", []string{"b"}},
		{"ISOC ^1 y CEPAL^12", true, "ISOC y CEPAL", []string{"1", "12"}},
		{"ISOC ᵃ y CEPAL¹²", true, "ISOC y CEPAL", []string{"a", "12"}},
		{"ISOC ᵃ", false, "ISOC ᵃ", nil},
		{"x^abc y ^ z", true, "x^abc y ^ z", nil},
		{"nota^*", true, "nota", []string{"*"}},
		{"^a", true, "", []string{"a"}},
	}
	for _, tt := range tests {
		text, marks := extractMarks(tt.in, tt.superscripts)
		if text != tt.text || !reflect.DeepEqual(marks, tt.marks) {
			t.Errorf("extractMarks(%q) = %q, %q; want %q, %q", tt.in, text, marks, tt.text, tt.marks)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ÁREA DE ACCIÓN", "area de accion"},
		{"  Área\tde  acción ", "area de accion"},
		{"DOMAINE D’ACTION", "domaine d'action"},
		{"Corresponsável", "corresponsavel"},
		{"Acción", "accion"}, // decomposed accent
		{"Cœur", "coeur"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
