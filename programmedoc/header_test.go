package programmedoc

import (
	"strings"
	"testing"
)

// lines joins the lines of a test document.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// A small Spanish table, to follow a header under test.
var esTable = lines(
	"ÁREA DE ACCIÓN 1. INFRAESTRUCTURA DIGITAL",
	"",
	"Objetivo\tActividades\tResponsable\tCorresponsable",
	"1. Fomentar planes de banda ancha\t1.1. Identificar políticas\tCEPAL\tNo se aplica",
)

func TestHeader(t *testing.T) {
	tests := []struct {
		name string
		head string
		// want is checked field by field; "" means "not checked".
		symbol, issued, adopted, place, distribution, job, agenda, title, language, slug string
		start, end                                                                       int
	}{
		{
			name: "es, as in the seed",
			head: lines("Distr.", "LIMITADA", "LC/TS.2018/60", "24 de agosto de 2018", "ORIGINAL: ESPAÑOL", "18-00720", "",
				"Agenda Digital para América Latina y el Caribe (eLAC2020)", "", "Santiago, 13 de julio de 2018", "",
				"**PROGRAMA DE ACTIVIDADES", "DE LA AGENDA, 2018-2020**", ""),
			symbol: "LC/TS.2018/60", issued: "2018-08-24", adopted: "2018-07-13", place: "Santiago", distribution: "LIMITADA",
			job: "18-00720", agenda: "Agenda Digital para América Latina y el Caribe (eLAC2020)",
			title: "PROGRAMA DE ACTIVIDADES DE LA AGENDA, 2018-2020", language: "es", slug: "elac2020", start: 2018, end: 2020,
		},
		{
			name: "pieces on one line, tab-separated, and Distr. with its distribution",
			head: lines("Distr. GENERAL\tLC/L.4450/Rev.1", "1o de marzo de 2022\tORIGINAL: ESPAÑOL", "Plan de Acción (eLAC2022)",
				"Santiago de Chile, Chile, 31 de enero de 2022", "**PROGRAMA 2022-2024**"),
			symbol: "LC/L.4450/Rev.1", issued: "2022-03-01", adopted: "2022-01-31", place: "Santiago de Chile, Chile",
			distribution: "GENERAL", agenda: "Plan de Acción (eLAC2022)", title: "PROGRAMA 2022-2024", slug: "elac2022", start: 2022, end: 2024,
		},
		{
			name: "no agenda code: the slug comes from the symbol",
			head: lines("LC/TS.2018/60", "**PROGRAMA, 2018-2020**"),
			slug: "lc-ts-2018-60", title: "PROGRAMA, 2018-2020",
		},
		{
			name:  "title in capitals without ** markers",
			head:  lines("LC/TS.2018/60", "PROGRAMA DE ACTIVIDADES DE COOPERACIÓN", "REGIONAL, 2018-2020", "", "Un preámbulo que dice algo de cierta longitud, como se ve aquí."),
			title: "PROGRAMA DE ACTIVIDADES DE COOPERACIÓN REGIONAL, 2018-2020", start: 2018, end: 2020,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.head+"\n"+esTable)
			p := d.Programme
			check := func(field, got, want string) {
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("symbol", p.Symbol, tt.symbol)
			check("issued", p.Issued, tt.issued)
			check("adopted", p.Adopted, tt.adopted)
			check("place", p.Place, tt.place)
			check("distribution", p.Distribution, tt.distribution)
			check("job", p.JobNumber, tt.job)
			check("agenda", p.Agenda, tt.agenda)
			check("title", p.Title, tt.title)
			check("language", p.Language, tt.language)
			check("slug", p.Slug, tt.slug)
			if tt.start != 0 && (p.StartYear != tt.start || p.EndYear != tt.end) {
				t.Errorf("years %d-%d, want %d-%d", p.StartYear, p.EndYear, tt.start, tt.end)
			}
			noWarning(t, d, "unrecognised")
		})
	}
}

func TestHeaderPreamble(t *testing.T) {
	src := lines("**PROGRAMA, 2018-2020**", "", "", "Primer párrafo,", "que sigue en otra línea.", "", "Segundo párrafo.", "") + esTable
	d := mustParse(t, src)
	pre := d.Programme.Preamble
	if len(pre) != 2 || pre[0].Text != "Primer párrafo, que sigue en otra línea." || pre[0].Source.Line != 4 || pre[0].Source.EndLine != 5 ||
		pre[1].Text != "Segundo párrafo." || pre[1].Source.Line != 7 {
		t.Errorf("preamble %+v", pre)
	}
}

func TestHeaderMissingPieces(t *testing.T) {
	d := mustParse(t, esTable)
	for _, want := range []string{"no document symbol", "no title", "no place and date of adoption", "no ORIGINAL: line"} {
		warningAt(t, d, 1, "header: "+want)
	}
	if d.Programme.Slug != "programme" || d.Programme.Language != "es" {
		t.Errorf("slug %q language %q", d.Programme.Slug, d.Programme.Language)
	}
	if d, err := Parse([]byte(esTable), Options{SourceName: "dir/eLAC 2030.txt"}); err != nil || d.Programme.Slug != "elac-2030" {
		t.Errorf("slug from the source name: %v %q", err, d.Programme.Slug)
	}
	if d, err := Parse([]byte(esTable), Options{Slug: "Mi Programa"}); err != nil || d.Programme.Slug != "mi-programa" {
		t.Errorf("slug from the options: %v %q", err, d.Programme.Slug)
	}
}

func TestHeaderWarnings(t *testing.T) {
	src := lines(
		"LC/TS.2018/60",
		"Una línea suelta",    // 2
		"**PROGRAMA SIN AÑOS", // 3: never closed before the blank line
		"",
		"ORIGINAL: KLINGON", // 5
	) + esTable
	d := mustParse(t, src)
	warningAt(t, d, 2, "unrecognised line in the header", "Una línea suelta")
	warningAt(t, d, 3, "not closed before the blank line 4")
	warningAt(t, d, 3, "does not end with the programme's period")
	if d.Programme.Title != "PROGRAMA SIN AÑOS" {
		t.Errorf("title %q", d.Programme.Title)
	}
	// After the title, lines are the preamble, whatever they say.
	if len(d.Programme.Preamble) != 1 || d.Programme.Preamble[0].Text != "ORIGINAL: KLINGON" {
		t.Errorf("preamble %+v", d.Programme.Preamble)
	}
}

func TestHeaderTranslation(t *testing.T) {
	src := lines("ORIGINAL: ESPAÑOL", "", "ACTION AREA 1. DIGITAL INFRASTRUCTURE", "Objective\tActivities\tResponsible\tCo-responsible",
		"1. Promote broadband\t1.1 Identify policies\tECLAC\tNot applicable")
	d := mustParse(t, src)
	if d.Programme.Language != "en" {
		t.Errorf("language %q, want the text's, en", d.Programme.Language)
	}
	warningAt(t, d, 1, `the headings are in "en" but the ORIGINAL: line names "es"`)
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"24 de agosto de 2018", "2018-08-24"},
		{"13 de julio de 2018", "2018-07-13"},
		{"24 August 2018", "2018-08-24"},
		{"August 24, 2018", "2018-08-24"},
		{"13 de julho de 2018", "2018-07-13"},
		{"1er juillet 2018", "2018-07-01"},
		{"1º de setiembre de 2019", "2019-09-01"},
		{"  24 DE AGOSTO DE 2018 ", "2018-08-24"},
		{"31 de febrero de 2018", ""},
		{"agosto de 2018", ""},
		{"24 de agosto", ""},
		{"Santiago, 13 de julio de 2018", ""},
		{"18-00720", ""},
		{"24 de agosto de 99999", ""},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("parseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in         string
		start, end int
	}{
		{"PROGRAMA …, 2018-2020", 2018, 2020},
		{"PROGRAMME 2018–2020.", 2018, 2020},
		{"Plan 2022-24", 2022, 2024},
		{"Agenda 2030 y plan 2018-2020", 2018, 2020},
		{"PROGRAMA", 0, 0},
		{"PROGRAMA 2020-2018", 0, 0},
	}
	for _, tt := range tests {
		start, end, ok := parsePeriod(tt.in)
		if start != tt.start || end != tt.end || ok != (tt.start != 0) {
			t.Errorf("parsePeriod(%q) = %d, %d, %v", tt.in, start, end, ok)
		}
	}
}

func TestFormatDate(t *testing.T) {
	for code, want := range map[string]string{"es": "24 de agosto de 2018", "en": "24 August 2018", "pt": "24 de agosto de 2018", "fr": "24 août 2018"} {
		if got := formatDate("2018-08-24", languageByCode(code)); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}
