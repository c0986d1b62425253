package programmedoc

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

// TestSeedGolden pins WriteJSON(Parse(seed/elac2020.txt)) in
// testdata/elac2020.golden.json.
//
// What was checked by hand, against the document (seed/elac2020.txt, the
// PDF text), before the golden file was accepted:
//
//   - Programme: slug "elac2020" (from "(eLAC2020)"), symbol LC/TS.2018/60,
//     the title joined from lines 16-18 without "**", 2018-2020, adopted
//     2018-07-13 in Santiago, issued 2018-08-24, LIMITADA, 18-00720,
//     language es, the two preamble paragraphs (lines 22 and 24), source
//     lines 1-120.
//   - 7 areas, numbered and titled as written, sources from heading to last
//     row or footnote: 26-37, 39-51, 53-57, 59-78 (footnote a), 80-90,
//     92-101, 103-120.
//   - 30 objectives, 1 to 30, "N. " stripped, <p> gone (8, 9); objective 4
//     spans lines 42-48 across the repeated header of line 46; objective 28
//     (line 116) has no activity.
//   - 53 activities (the brief's list, counted: 1.1-1.5, 2.1, 3.1, 4.1-4.5,
//     5.1, 6.1, 7.1, 8.1, 9.1, 10.1-10.4, 11.1, 12.1-12.3, 13.1-13.3,
//     14.1-14.2, 15.1, 16.1, 17.1-17.2, 18.1-18.2, 19.1-19.2, 20.1,
//     21.1-21.2, 22.1-22.2, 23.1-23.2, 24.1-24.2, 25.1, 26.1-26.2, 27.1,
//     29.1, 30.1 — 53, not the 52 first stated), one by one: code, text,
//     components, responsible, co-responsible and notes, as listed in
//     seedActivities below, which TestSeedActivities asserts. In
//     particular: 1.3's glued "Informe anual …" is its one component; 8.1
//     has 2 components, 9.1 one, 20.1 four (its text keeps "con sus
//     componentes de:"), 29.1 two, 30.1 two (from "–" items without
//     HTML); 17.1/17.2 and 18.1/18.2 are split, and "@prende 2.0" is not a
//     code; 22.1 reads "(fintech)" and "(blockchain)"; 11.1 reads "(Local
//     Area Transport -LAT)".
//   - Merged cells: 1.2-1.5, 2.1 and 3.1 carry the working group of 1.1;
//     4.2-7.1 carry the Transformación Digital group; 9.1 carries the
//     Mercado Digital Regional group (shift-left reading of "No se aplica",
//     warned at line 57); 10.2-14.2 carry Red GEALC and its member
//     countries, with footnote a; 21.1-21.2 carry the chair and the country
//     group; 23.2-30.1 carry the Gobernanza group; objective 28 neither
//     uses nor changes them.
//   - 18 parties, each once, in order of first appearance, every one held
//     by some activity: ISOC (alias "ISOC", from lines 33, 36, 37), ASIET
//     and GSMA (aliases from their bare use), CEPAL (a bare acronym: name
//     and acronym "CEPAL"), Red GEALC (name without suffixes, acronym "Red
//     GEALC", Panamá/PA), one country group (alias "Países que componen la
//     Red GEALC", parent red-gealc), the chair "Presidencia de la Red
//     GEALC" (Panamá, parent red-gealc, not merged with the network), the
//     Transformación Digital group once for areas 2 and 6, working groups
//     with their chair countries and ISO codes.
//   - Exactly two warnings: line 31 (the deliverable glued to 1.3) and line
//     57 (the shift-left reading of objective 9's row).
//   - No "<", ">" or "^" in any text (TestSeedHasNoMarkup).
func TestSeedGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, parseSeed(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "elac2020.golden.json", buf.Bytes())
}

// TestSeedMarkdownGolden pins the Markdown export, reviewed by hand: the
// header as in the document, the title as a heading, the preamble, then
// per area its heading, a table with the document's column labels, one row
// per activity (objective in its first row), components as "<br>– " lines,
// footnote mark a after the activities of area 4 and its text after the
// table, "No se aplica" for nobody, "(APC) e Internet Society (ISOC)".
func TestSeedMarkdownGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, parseSeed(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "elac2020.golden.md", buf.Bytes())
}

// TestSeedCSVGolden pins the CSV export, reviewed by hand: 53 activities
// and the header row, components joined by " | ", parties by "; ".
func TestSeedCSVGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, parseSeed(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "elac2020.golden.csv", buf.Bytes())

	records, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(records) != 54 {
		t.Fatalf("got %d CSV rows, want 54 (header and 53 activities)", len(records))
	}
	if !reflect.DeepEqual(records[0], csvHeader) {
		t.Errorf("header row %v", records[0])
	}
	row := records[3] // 1.3
	if row[3] != "1.3" || row[5] != "Informe anual del estado de la banda ancha en América Latina y el Caribe" ||
		row[7] != "CEPAL; Asociación Interamericana de Empresas de Telecomunicaciones (ASIET)" || row[8] != "31" {
		t.Errorf("row of 1.3: %q", row)
	}
}

func TestSeedRoundTrip(t *testing.T) {
	d := parseSeed(t)
	var first, second bytes.Buffer
	if err := WriteJSON(&first, d); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatalf("ReadJSON: %v", err)
	}
	if err := WriteJSON(&second, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("JSON round trip changed the bytes:\n%s", firstDifference(first.Bytes(), second.Bytes()))
	}
	if !reflect.DeepEqual(d, back) {
		t.Errorf("ReadJSON(WriteJSON(d)) differs from d")
	}
}

func TestSeedProgramme(t *testing.T) {
	p := parseSeed(t).Programme
	want := bitacora.Programme{
		Slug:         "elac2020",
		Symbol:       "LC/TS.2018/60",
		Title:        "PROGRAMA DE ACTIVIDADES DE COOPERACIÓN REGIONAL DE LA AGENDA DIGITAL PARA AMÉRICA LATINA Y EL CARIBE, 2018-2020",
		Agenda:       "Agenda Digital para América Latina y el Caribe (eLAC2020)",
		Language:     "es",
		StartYear:    2018,
		EndYear:      2020,
		Adopted:      "2018-07-13",
		Place:        "Santiago",
		Issued:       "2018-08-24",
		Distribution: "LIMITADA",
		JobNumber:    "18-00720",
		SourceName:   "elac2020.txt",
		Source:       bitacora.Lines(1, 120),
	}
	if len(p.Preamble) != 2 || p.Preamble[0].Source != bitacora.Lines(22, 22) || p.Preamble[1].Source != bitacora.Lines(24, 24) ||
		!strings.HasPrefix(p.Preamble[0].Text, "De acuerdo con lo dispuesto") ||
		!strings.HasSuffix(p.Preamble[1].Text, "seguimiento de las actividades.") {
		t.Errorf("preamble: %+v", p.Preamble)
	}
	p.Preamble = nil
	if !reflect.DeepEqual(p, want) {
		t.Errorf("programme:\n got %+v\nwant %+v", p, want)
	}
}

func TestSeedAreasAndObjectives(t *testing.T) {
	d := parseSeed(t)
	wantAreas := []struct {
		title  string
		source bitacora.Source
	}{
		{"INFRAESTRUCTURA DIGITAL", bitacora.Lines(26, 37)},
		{"TRANSFORMACIÓN DIGITAL Y ECONOMÍA DIGITAL", bitacora.Lines(39, 51)},
		{"MERCADO DIGITAL REGIONAL", bitacora.Lines(53, 57)},
		{"GOBIERNO DIGITAL", bitacora.Lines(59, 78)},
		{"CULTURA, INCLUSIÓN Y HABILIDADES DIGITALES", bitacora.Lines(80, 90)},
		{"TECNOLOGÍAS EMERGENTES PARA EL DESARROLLO SOSTENIBLE", bitacora.Lines(92, 101)},
		{"GOBERNANZA PARA LA SOCIEDAD DE LA INFORMACIÓN", bitacora.Lines(103, 120)},
	}
	if len(d.Areas) != len(wantAreas) {
		t.Fatalf("got %d areas, want 7", len(d.Areas))
	}
	next := 1
	for i, a := range d.Areas {
		if a.Number != i+1 || a.Title != wantAreas[i].title || a.Source != wantAreas[i].source {
			t.Errorf("area %d: got %d %q %v", i+1, a.Number, a.Title, a.Source)
		}
		for _, o := range a.Objectives {
			if o.Number != next {
				t.Errorf("objective %d where %d was expected", o.Number, next)
			}
			next++
			if o.Text == "" || strings.HasPrefix(o.Text, "<") || o.Text[0] >= '0' && o.Text[0] <= '9' {
				t.Errorf("objective %d text %q", o.Number, o.Text)
			}
		}
	}
	if next != 31 {
		t.Errorf("read %d objectives, want 30", next-1)
	}
	o4 := d.Areas[1].Objectives[0]
	if o4.Source != bitacora.Lines(42, 48) || len(o4.Activities) != 5 {
		t.Errorf("objective 4: source %v, %d activities", o4.Source, len(o4.Activities))
	}
	o28 := d.Areas[6].Objectives[5]
	if o28.Number != 28 || len(o28.Activities) != 0 || o28.Activities == nil || o28.Source != bitacora.Lines(116, 116) ||
		!strings.HasPrefix(o28.Text, "Coordinar acciones orientadas a garantizar la privacidad") {
		t.Errorf("objective 28: %+v", o28)
	}
	if o8 := d.Areas[2].Objectives[0]; !strings.HasPrefix(o8.Text, "Promover una estrategia") || !strings.HasSuffix(o8.Text, "flujo transfronterizo de datos") {
		t.Errorf("objective 8: %q", o8.Text)
	}
}

// Party ids of the seed, for seedActivities.
const (
	gtAcceso     = "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital"
	gtTransform  = "grupo-de-trabajo-sobre-transformacion-digital-y-economia-digital"
	gtMercado    = "grupo-de-trabajo-sobre-mercado-digital-regional"
	gtCultura    = "grupo-de-trabajo-sobre-cultura-inclusion-y-habilidades-digitales"
	gtGobernanza = "grupo-de-trabajo-sobre-gobernanza-de-internet-y-de-la-sociedad-de-la-informacion"
	paisesGEALC  = "paises-integrantes-de-la-red-gealc"
	chairGEALC   = "presidencia-de-la-red-gealc"
	noteGEALC    = "Rotará de acuerdo con la presidencia de la Red GEALC"
)

// seedActivities is every activity of the seed, checked against the
// document by hand: code, line, number of components, responsible,
// co-responsible (empty: "No se aplica") and notes.
var seedActivities = []struct {
	code       string
	line       int
	components int
	resp, co   []string
	notes      []string
}{
	{"1.1", 29, 0, []string{gtAcceso}, []string{"isoc", "a4ai"}, nil},
	{"1.2", 30, 0, []string{gtAcceso}, []string{"asiet", "gsma"}, nil},
	{"1.3", 31, 1, []string{gtAcceso}, []string{"cepal", "asiet"}, nil},
	{"1.4", 32, 0, []string{gtAcceso}, []string{"asiet"}, nil},
	{"1.5", 33, 0, []string{gtAcceso}, []string{"apc", "isoc"}, nil},
	{"2.1", 36, 0, []string{gtAcceso}, []string{"isoc", "lacnic"}, nil},
	{"3.1", 37, 0, []string{gtAcceso}, []string{"isoc"}, nil},
	{"4.1", 42, 0, []string{gtTransform}, nil, nil},
	{"4.2", 43, 0, []string{gtTransform}, nil, nil},
	{"4.3", 44, 0, []string{gtTransform}, nil, nil},
	{"4.4", 47, 0, []string{gtTransform}, nil, nil},
	{"4.5", 48, 0, []string{gtTransform}, nil, nil},
	{"5.1", 49, 0, []string{gtTransform}, nil, nil},
	{"6.1", 50, 0, []string{gtTransform}, nil, nil},
	{"7.1", 51, 0, []string{gtTransform}, []string{"subgrupo-de-teletrabajo"}, nil},
	{"8.1", 56, 2, []string{gtMercado}, nil, nil},
	{"9.1", 57, 1, []string{gtMercado}, nil, nil},
	{"10.1", 62, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"10.2", 63, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"10.3", 64, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"10.4", 65, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"11.1", 66, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"12.1", 69, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"12.2", 70, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"12.3", 71, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"13.1", 72, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"13.2", 73, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"13.3", 74, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"14.1", 75, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"14.2", 76, 0, []string{"red-gealc"}, []string{paisesGEALC}, []string{noteGEALC}},
	{"15.1", 83, 0, []string{gtCultura}, nil, nil},
	{"16.1", 84, 0, []string{gtCultura}, nil, nil},
	{"17.1", 85, 0, []string{gtCultura}, nil, nil},
	{"17.2", 85, 0, []string{gtCultura}, nil, nil},
	{"18.1", 86, 0, []string{gtCultura}, nil, nil},
	{"18.2", 86, 0, []string{gtCultura}, nil, nil},
	{"19.1", 89, 0, []string{gtCultura}, nil, nil},
	{"19.2", 90, 0, []string{gtCultura}, nil, nil},
	{"20.1", 95, 4, []string{chairGEALC}, []string{paisesGEALC}, nil},
	{"21.1", 98, 0, []string{chairGEALC}, []string{paisesGEALC}, nil},
	{"21.2", 99, 0, []string{chairGEALC}, []string{paisesGEALC}, nil},
	{"22.1", 100, 0, []string{"cepal"}, nil, nil},
	{"22.2", 101, 0, []string{gtTransform}, nil, nil},
	{"23.1", 106, 0, []string{gtGobernanza}, nil, nil},
	{"23.2", 107, 0, []string{gtGobernanza}, nil, nil},
	{"24.1", 108, 0, []string{gtGobernanza}, nil, nil},
	{"24.2", 109, 0, []string{gtGobernanza}, nil, nil},
	{"25.1", 110, 0, []string{gtGobernanza}, nil, nil},
	{"26.1", 111, 0, []string{gtGobernanza}, nil, nil},
	{"26.2", 112, 0, []string{gtGobernanza}, nil, nil},
	{"27.1", 115, 0, []string{gtGobernanza}, []string{"subgrupo-de-marco-normativo"}, nil},
	{"29.1", 117, 2, []string{gtGobernanza}, []string{"cepal"}, nil},
	{"30.1", 120, 2, []string{gtGobernanza}, []string{"caf", "cepal", "gsma"}, nil},
}

func TestSeedActivities(t *testing.T) {
	d := parseSeed(t)
	var codes []string
	for _, a := range d.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				codes = append(codes, act.Code)
				if !strings.HasPrefix(act.Code, strconv.Itoa(o.Number)+".") {
					t.Errorf("activity %s under objective %d", act.Code, o.Number)
				}
			}
		}
	}
	if len(codes) != len(seedActivities) || d.CountActivities() != 53 {
		t.Fatalf("got %d activities %v, want 53", len(codes), codes)
	}
	for i, want := range seedActivities {
		if codes[i] != want.code {
			t.Fatalf("activity %d is %s, want %s", i, codes[i], want.code)
		}
		act := activity(t, d, want.code)
		if act.Source != bitacora.Lines(want.line, want.line) {
			t.Errorf("%s: source %v, want line %d", want.code, act.Source, want.line)
		}
		if len(act.Components) != want.components {
			t.Errorf("%s: %d components %q, want %d", want.code, len(act.Components), act.Components, want.components)
		}
		if !reflect.DeepEqual(act.Responsible, nonNil(want.resp)) {
			t.Errorf("%s: responsible %v, want %v", want.code, act.Responsible, want.resp)
		}
		if !reflect.DeepEqual(act.CoResponsible, nonNil(want.co)) {
			t.Errorf("%s: co-responsible %v, want %v", want.code, act.CoResponsible, want.co)
		}
		if !reflect.DeepEqual(act.Notes, nonNil(want.notes)) {
			t.Errorf("%s: notes %q, want %q", want.code, act.Notes, want.notes)
		}
		if act.Text == "" || strings.HasPrefix(act.Text, want.code) {
			t.Errorf("%s: text %q", want.code, act.Text)
		}
	}
}

func TestSeedTexts(t *testing.T) {
	d := parseSeed(t)
	tests := []struct {
		code       string
		text       string
		components []string
	}{
		{"1.3", "Favorecer el diálogo y la cooperación regional para promover políticas de desarrollo de infraestructura de banda ancha",
			[]string{"Informe anual del estado de la banda ancha en América Latina y el Caribe"}},
		{"8.1", "Fortalecer el diálogo, la investigación y las alianzas público-privadas sobre la promoción de un mercado digital regional",
			[]string{
				"Panel político con participación de representantes de la Alianza del Pacífico y el MERCOSUR sobre el tema de la promoción del comercio regional a través de un mayor impulso al comercio electrónico",
				"Taller para el intercambio de experiencias y mejores prácticas sobre marcos legales de privacidad y protección de datos al margen de la reunión preparatoria de la Séptima Conferencia Ministerial sobre la Sociedad de la Información de América Latina y el Caribe",
			}},
		{"9.1", "Generar un marco analítico para entender las necesidades de los países de la región para fomentar el comercio digital",
			[]string{"Estudio que identifique los principales retos para la participación de las mipymes en el comercio electrónico a través del uso de las plataformas digitales"}},
		{"11.1", "Adaptar dos soluciones de software público y su evolución a la tecnología local de transporte (Local Area Transport -LAT)", nil},
		{"17.1", "Alentar la donación de contenidos y recursos educativos digitales de aliados estratégicos (sector académico, industria, sociedad civil, organismos internacionales)", nil},
		{"17.2", "Contribuir a que todo el contenido sobre recursos educativos pueda ofrecerse a todos los países, previa clasificación y análisis, en un único repositorio para todos los países que esté alineado con sus necesidades", nil},
		{"18.1", "Invitar a docentes a compartir buenas prácticas en el uso de TIC en el aula para que sean compartidas como recursos educativos abiertos", nil},
		{"18.2", "Identificar y agregar en un único espacio todo el contenido digital que los países quieran compartir para ofrecer recursos gratuitos (haciendo uso de la plataforma @prende 2.0), además de difundir el material con que cuenta @prende 2.0, a través de los distintos canales de comunicación", nil},
		{"20.1", "Desarrollar el proyecto “Uso de datos masivos para la eficiencia del Estado y la integración regional”, con sus componentes de:",
			[]string{
				"Generación de herramientas transversales para el aprendizaje en el uso de datos masivos en la gestión pública",
				"Implementación de modelos predictivos basados en datos masivos para la eficiencia del Estado",
				"Protocolo regional para el monitoreo y la comunicación segmentada de riesgos",
				"Desarrollo y difusión de un banco de conocimiento sobre datos masivos para el Estado",
			}},
		{"22.1", "Fomentar la cooperación y la investigación en materia de tecnologías financieras (fintech) y el despliegue de iniciativas sobre protocolos de registro de transacciones encriptados y bases de datos distribuidas (blockchain)", nil},
		{"29.1", "Realizar estudios y fomentar la cooperación sobre nuevas metodologías para la medición de la transformación digital y que consideren el uso de la analítica de grandes datos, además de identificar indicadores para el seguimiento de la Agenda Digital para América Latina y el Caribe (eLAC2020)",
			[]string{
				"Estudio sobre la aplicación de nuevas metodologías y uso de la analítica de grandes datos para la medición de la economía digital",
				"Lista de indicadores para el monitoreo de la Agenda Digital eLAC2020",
			}},
		{"30.1", "Alentar programas de capacitación a funcionarios públicos sobre el ecosistema digital",
			[]string{"Programa de Capacitación en Ecosistema Digital (CE-Digital)", "Escuela de Verano anual sobre nuevas tecnologías"}},
	}
	for _, tt := range tests {
		act := activity(t, d, tt.code)
		if act.Text != tt.text {
			t.Errorf("%s text:\n got %q\nwant %q", tt.code, act.Text, tt.text)
		}
		if !reflect.DeepEqual(act.Components, nonNil(tt.components)) {
			t.Errorf("%s components:\n got %q\nwant %q", tt.code, act.Components, tt.components)
		}
	}
}

func TestSeedParties(t *testing.T) {
	d := parseSeed(t)
	wantOrder := []string{
		gtAcceso, "isoc", "a4ai", "asiet", "gsma", "cepal", "apc", "lacnic", gtTransform,
		"subgrupo-de-teletrabajo", gtMercado, "red-gealc", paisesGEALC, gtCultura, chairGEALC,
		gtGobernanza, "subgrupo-de-marco-normativo", "caf",
	}
	var ids []string
	for _, p := range d.Parties {
		ids = append(ids, p.ID)
	}
	if !reflect.DeepEqual(ids, wantOrder) {
		t.Errorf("parties in order:\n got %v\nwant %v", ids, wantOrder)
	}
	// Every party an activity holds is in the register, exactly once.
	held := map[string]bool{}
	for _, a := range d.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				for _, id := range append(append([]string{}, act.Responsible...), act.CoResponsible...) {
					held[id] = true
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range d.Parties {
		if seen[p.ID] {
			t.Errorf("party %s twice", p.ID)
		}
		seen[p.ID] = true
		if !held[p.ID] {
			t.Errorf("party %s is held by no activity", p.ID)
		}
	}
	for id := range held {
		if !seen[id] {
			t.Errorf("activity holds %s, which is not in the register", id)
		}
	}

	tests := []bitacora.Party{
		{ID: gtAcceso, Name: "Grupo de Trabajo sobre Acceso e Infraestructura Digital", Kind: bitacora.KindWorkingGroup,
			Countries: []string{"Paraguay"}, CountryCodes: []string{"PY"}, Aliases: []string{}, Source: bitacora.Lines(29, 29)},
		{ID: "isoc", Name: "Internet Society", Acronym: "ISOC", Kind: bitacora.KindOrganisation,
			Countries: []string{}, CountryCodes: []string{}, Aliases: []string{"ISOC"}, Source: bitacora.Lines(29, 29)},
		{ID: "lacnic", Name: "Registro de Direcciones de Internet para América Latina y el Caribe", Acronym: "LACNIC",
			Kind: bitacora.KindOrganisation, Countries: []string{}, CountryCodes: []string{}, Aliases: []string{}, Source: bitacora.Lines(36, 36)},
		{ID: "cepal", Name: "CEPAL", Acronym: "CEPAL", Kind: bitacora.KindOrganisation,
			Countries: []string{}, CountryCodes: []string{}, Aliases: []string{}, Source: bitacora.Lines(31, 31)},
		{ID: gtMercado, Name: "Grupo de Trabajo sobre Mercado Digital Regional", Kind: bitacora.KindWorkingGroup,
			Countries: []string{"Brasil", "México"}, CountryCodes: []string{"BR", "MX"}, Aliases: []string{}, Source: bitacora.Lines(56, 56)},
		{ID: "red-gealc", Name: "Red de Gobierno Electrónico de América Latina y el Caribe", Acronym: "Red GEALC",
			Kind: bitacora.KindNetwork, Countries: []string{"Panamá"}, CountryCodes: []string{"PA"}, Aliases: []string{}, Source: bitacora.Lines(62, 62)},
		{ID: paisesGEALC, Name: "Países integrantes de la Red GEALC", Kind: bitacora.KindCountryGroup, Parent: "red-gealc",
			Countries: []string{}, CountryCodes: []string{}, Aliases: []string{"Países que componen la Red GEALC"}, Source: bitacora.Lines(62, 62)},
		{ID: chairGEALC, Name: "Presidencia de la Red GEALC", Kind: bitacora.KindChair, Parent: "red-gealc",
			Countries: []string{"Panamá"}, CountryCodes: []string{"PA"}, Aliases: []string{}, Source: bitacora.Lines(95, 95)},
		{ID: gtTransform, Name: "Grupo de Trabajo sobre Transformación Digital y Economía Digital", Kind: bitacora.KindWorkingGroup,
			Countries: []string{"Colombia"}, CountryCodes: []string{"CO"}, Aliases: []string{}, Source: bitacora.Lines(42, 42)},
		{ID: gtGobernanza, Name: "Grupo de Trabajo sobre Gobernanza de Internet y de la Sociedad de la Información", Kind: bitacora.KindWorkingGroup,
			Countries: []string{"Argentina", "Brasil"}, CountryCodes: []string{"AR", "BR"}, Aliases: []string{}, Source: bitacora.Lines(106, 106)},
		{ID: "subgrupo-de-teletrabajo", Name: "Subgrupo de Teletrabajo", Kind: bitacora.KindSubGroup,
			Countries: []string{}, CountryCodes: []string{}, Aliases: []string{}, Source: bitacora.Lines(51, 51)},
		{ID: "caf", Name: "Banco de Desarrollo de América Latina", Acronym: "CAF", Kind: bitacora.KindOrganisation,
			Countries: []string{}, CountryCodes: []string{}, Aliases: []string{}, Source: bitacora.Lines(120, 120)},
	}
	for _, want := range tests {
		if got := party(t, d, want.ID); !reflect.DeepEqual(*got, want) {
			t.Errorf("party %s:\n got %+v\nwant %+v", want.ID, *got, want)
		}
	}
	for _, id := range []string{"asiet", "gsma"} {
		if p := party(t, d, id); !reflect.DeepEqual(p.Aliases, []string{strings.ToUpper(id)}) {
			t.Errorf("%s aliases %q", id, p.Aliases)
		}
	}
}

func TestSeedNotesAndWarnings(t *testing.T) {
	d := parseSeed(t)
	want := []bitacora.Note{{Mark: "a", Text: noteGEALC, Area: 4, Source: bitacora.Lines(78, 78)}}
	if !reflect.DeepEqual(d.Notes, want) {
		t.Errorf("notes %+v", d.Notes)
	}
	if len(d.Warnings) != 2 {
		t.Fatalf("got %d warnings, want 2:\n%s", len(d.Warnings), formatWarnings(d.Warnings))
	}
	warningAt(t, d, 31, "activity 1.3", `"Informe anual del estado de la…" read as a deliverable glued to the end of the text`)
	warningAt(t, d, 57, "No se aplica", "shifted left", "responsible carried from above", "co-responsible nobody")
}

// TestSeedHasNoMarkup checks that no HTML, footnote mark or list mark is
// left in any text of the seed.
func TestSeedHasNoMarkup(t *testing.T) {
	for where, s := range texts(parseSeed(t)) {
		if strings.ContainsAny(s, "<>^\x1e\x1f\t\n") || strings.Contains(s, "&nbsp;") || strings.Contains(s, "  ") ||
			s != strings.TrimSpace(s) {
			t.Errorf("%s: %q", where, s)
		}
	}
}
