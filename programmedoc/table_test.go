package programmedoc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

func TestMatchAreaHeading(t *testing.T) {
	tests := []struct {
		line   string
		number int
		title  string
		lang   string
	}{
		{"ÁREA DE ACCIÓN 1. INFRAESTRUCTURA DIGITAL", 1, "INFRAESTRUCTURA DIGITAL", "es"},
		{"  Área  de   acción 12:  Gobierno digital ", 12, "Gobierno digital", "es"},
		{"AREA DE ACCION 3 – MERCADO", 3, "MERCADO", "es"},
		{"**ÁREA DE ACCIÓN 4.GOBIERNO DIGITAL**", 4, "GOBIERNO DIGITAL", "es"},
		{"## ÁREA DE ACCIÓN 5. CULTURA", 5, "CULTURA", "es"},
		{"<p>ÁREA DE ACCIÓN 6. TECNOLOGÍAS</p>", 6, "TECNOLOGÍAS", "es"},
		{"ÁREA DE ACCIÓN 7.", 7, "", "es"},
		{"ACTION AREA 1. DIGITAL INFRASTRUCTURE", 1, "DIGITAL INFRASTRUCTURE", "en"},
		{"ÁREA DE AÇÃO 2. TRANSFORMAÇÃO DIGITAL", 2, "TRANSFORMAÇÃO DIGITAL", "pt"},
		{"DOMAINE D’ACTION 3. MARCHÉ NUMÉRIQUE", 3, "MARCHÉ NUMÉRIQUE", "fr"},
		// Not headings.
		{"ÁREA DE ACCIÓN", 0, "", ""},
		{"ÁREA DE ACCIÓN uno", 0, "", ""},
		{"ÁREA DE ACCIÓN 1.2 algo", 0, "", ""},
		{"Las áreas de acción 1 a 7 del programa", 0, "", ""},
		{"ÁREA DE ACCIÓN 1. X\tcon una celda", 0, "", ""},
	}
	for _, tt := range tests {
		h, ok := matchAreaHeading(tt.line)
		if ok != (tt.number != 0) {
			t.Errorf("matchAreaHeading(%q) = %v, want %v", tt.line, ok, tt.number != 0)
			continue
		}
		if ok && (h.number != tt.number || h.title != tt.title || languages[h.lang].Code != tt.lang) {
			t.Errorf("matchAreaHeading(%q) = %d %q %s", tt.line, h.number, h.title, languages[h.lang].Code)
		}
	}
}

func TestMatchHeaderRow(t *testing.T) {
	tests := []struct {
		line string
		lang string
	}{
		{"Objetivo\tActividades\tResponsable\tCorresponsable", "es"},
		{"objetivo  actividades responsable   corresponsable", "es"},
		{"<p>Objetivo</p>\t**Actividades**\tResponsable\tCo-responsable", "es"},
		{"Objetivo\tActividades", "es"},
		{"Objective\tActivities\tResponsible\tCo-responsible", "en"},
		{"Objetivo\tAtividades\tResponsável\tCorresponsável", "pt"},
		{"Objectif\tActivités\tResponsable\tCoresponsable", "fr"},
		{"Objetivo", ""},
		{"Objetivo\tActividades\tResponsable\tCorresponsable\tOtra", ""},
		{"1. Objetivo\tActividades", ""},
	}
	for _, tt := range tests {
		li, ok := matchHeaderRow(tt.line)
		if ok != (tt.lang != "") || ok && languages[li].Code != tt.lang {
			t.Errorf("matchHeaderRow(%q) = %d %v, want %q", tt.line, li, ok, tt.lang)
		}
	}
}

// A table whose header repeats where the PDF broke a page, a merged
// objective and merged party cells.
const mergedTable = "ÁREA DE ACCIÓN 1. UNO\n" + // 1
	"\n" +
	"Objetivo\tActividades\tResponsable\tCorresponsable\n" + // 3
	"1. Primero\t1.1. Hacer algo\tGrupo de Trabajo sobre Algo (Chile)\tCEPAL\n" + // 4
	"\t1.2. Hacer más\t\t\n" + // 5
	"\n" +
	"Objetivo\tActividades\tResponsable\tCorresponsable\n" + // 7
	"\t1.3 Seguir tras el salto\t\tNo se aplica\n" + // 8
	"2. Segundo\t2.1 Otra cosa\t\t\n" + // 9
	"3. Tercero sin actividades\t\t\t\n" + // 10
	"4. Cuarto\t4.1 Última\t\t\n" + // 11
	"ÁREA DE ACCIÓN 2. DOS\n" + // 12
	"Objetivo\tActividades\tResponsable\tCorresponsable\n" + // 13
	"5. Quinto\t5.1 Sin nadie arriba\t\t\n" // 14

func TestMergedCells(t *testing.T) {
	d := mustParse(t, mergedTable)
	if n := len(d.Areas[0].Objectives); n != 4 {
		t.Fatalf("area 1 has %d objectives, want 4", n)
	}
	o1 := d.Areas[0].Objectives[0]
	if len(o1.Activities) != 3 || o1.Source != bitacora.Lines(4, 8) {
		t.Errorf("objective 1 goes on across the repeated header: %d activities, source %v", len(o1.Activities), o1.Source)
	}
	gt := "grupo-de-trabajo-sobre-algo"
	tests := []struct {
		code     string
		resp, co []string
	}{
		{"1.1", []string{gt}, []string{"cepal"}},
		{"1.2", []string{gt}, []string{"cepal"}},
		{"1.3", []string{gt}, []string{}}, // across the repeated header; "No se aplica" is nobody
		{"2.1", []string{gt}, []string{}}, // nobody carries down too
		{"4.1", []string{gt}, []string{}}, // objective 3's row neither used nor changed them
		{"5.1", []string{}, []string{}},   // a new area starts afresh
	}
	for _, tt := range tests {
		act := activity(t, d, tt.code)
		if !reflect.DeepEqual(act.Responsible, tt.resp) || !reflect.DeepEqual(act.CoResponsible, tt.co) {
			t.Errorf("%s: responsible %v co %v, want %v %v", tt.code, act.Responsible, act.CoResponsible, tt.resp, tt.co)
		}
	}
	if o3 := d.Areas[0].Objectives[2]; o3.Number != 3 || len(o3.Activities) != 0 {
		t.Errorf("objective 3: %+v", o3)
	}
	warningAt(t, d, 14, "activity 5.1", "blank Responsable cell in the first activity row of area 2", "no responsible")
	warningAt(t, d, 14, "activity 5.1", "blank Corresponsable cell in the first activity row of area 2")
	if len(d.Warnings) != 2+4 { // and the four missing header pieces
		t.Errorf("warnings:\n%s", formatWarnings(d.Warnings))
	}
	for _, p := range d.Parties {
		if p.ID == "no-se-aplica" {
			t.Error("No se aplica read as a party")
		}
	}
}

func TestShiftLeft(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 3. MERCADO",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"<p>8. Ocho</p>\t<p>8.1 Una</p>\t<p>Grupo de Trabajo sobre Mercado (Brasil y México)</p>\t<p>CEPAL</p>",
		"<p>9. Nueve</p>\t<p>9.1 Otra</p>\t<p>No se aplica</p>\t", // 4: the merged Responsable was lost
		"10. Diez\t10.1 Tercera\tNo se aplica\tISOC",              // 5: nobody is never a Responsable
	)
	d := mustParse(t, src)
	a := activity(t, d, "9.1")
	if !reflect.DeepEqual(a.Responsible, []string{"grupo-de-trabajo-sobre-mercado"}) || len(a.CoResponsible) != 0 {
		t.Errorf("9.1: responsible %v co %v", a.Responsible, a.CoResponsible)
	}
	warningAt(t, d, 4, "shifted left")
	a = activity(t, d, "10.1")
	if !reflect.DeepEqual(a.Responsible, []string{"grupo-de-trabajo-sobre-mercado"}) || !reflect.DeepEqual(a.CoResponsible, []string{"isoc"}) {
		t.Errorf("10.1: responsible %v co %v", a.Responsible, a.CoResponsible)
	}
	warningAt(t, d, 5, "the Responsable is never nobody")
	if p := party(t, d, "grupo-de-trabajo-sobre-mercado"); !reflect.DeepEqual(p.CountryCodes, []string{"BR", "MX"}) {
		t.Errorf("countries %v", p.CountryCodes)
	}
}

func TestNumbering(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 1. UNO",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"1. Uno\t1.1 A\tCEPAL\tISOC",
		"\t1.3 C\t\t",                               // 4: 1.2 missing
		"\t1.3 D\t\t",                               // 5: repeat
		"\t2.4 E\t\t",                               // 6: under objective 1
		"1. Otra vez uno\t\t\t",                     // 7: objective repeats
		"5. Cinco\t5.2 F\t\t",                       // 8: objectives 2-4 missing, 5.1 missing
		"3. Tres\t3.1 G\t\t",                        // 9: backwards
		"continúa el texto del objetivo tres\t\t\t", // 10: a page break split the objective's cell
		"\tSin código\t\t",                          // 11
		"\t– Un componente más\t\t",                 // 12
		"\tde la actividad anterior\t\t",            // 13
		"ÁREA DE ACCIÓN 1. REPETIDA",                // 14
		"ÁREA DE ACCIÓN 3. SALTO",                   // 15
	)
	d := mustParse(t, src)
	warningAt(t, d, 4, "activity 1.3 follows activity 1.1", "missing")
	warningAt(t, d, 5, "activity 1.3 repeats (first at line 4)")
	warningAt(t, d, 6, "activity 2.4 is under objective 1")
	warningAt(t, d, 7, "objective 1 repeats")
	warningAt(t, d, 8, "objective 5 follows objective 1", "missing")
	warningAt(t, d, 8, "activity 5.2 is the first of objective 5")
	warningAt(t, d, 9, "objective 3 follows objective 5", "go up")
	warningAt(t, d, 10, "read as the continuation of objective 3")
	warningAt(t, d, 11, "activity without a code: numbered 3.2")
	warningAt(t, d, 12, "more components of activity 3.2")
	warningAt(t, d, 13, "continuation of activity 3.2")
	warningAt(t, d, 14, "area 1 follows area 1")
	warningAt(t, d, 15, "area 3 follows area 1", "missing")
	warningAt(t, d, 15, "area 3 has no table")
	o3 := d.Areas[0].Objectives[3]
	if o3.Number != 3 || o3.Text != "Tres continúa el texto del objetivo tres" {
		t.Errorf("objective 3: %q", o3.Text)
	}
	a := activity(t, d, "3.2")
	if a.Text != "Sin código" || !reflect.DeepEqual(a.Components, []string{"Un componente más de la actividad anterior"}) ||
		a.Source != bitacora.Lines(11, 13) {
		t.Errorf("3.2: %+v", a)
	}
}

func TestRowShapes(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 1. UNO",
		"\t1.1 Sin objetivo\tCEPAL\tISOC", // 2: before the header, and no objective
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"1. Uno\t1.2 Dos\tCEPAL\tISOC\tsobra", // 4: a fifth cell
		"\t1.3 Tres\tCEPAL",                   // 5: three cells
		"2. Dos sin tabuladores",              // 6: an objective-only row that lost its tabs
		"una línea suelta",                    // 7
		"\t\t\t",                              // 8: an empty row
		"3. Tres\t3.1 Fin\t\t\t\t",            // 9: empty extra cells are fine
	)
	d := mustParse(t, src)
	warningAt(t, d, 2, "table row before the header row of area 1")
	warningAt(t, d, 2, "activity 1.1 has no objective before it in area 1", "kept under an objective 1 with no text")
	warningAt(t, d, 4, "row has 5 cells, expected 4", "sobra")
	warningAt(t, d, 5, "row has 3 of 4 cells")
	warningAt(t, d, 7, "unrecognised line outside the tables", "una línea suelta")
	noWarning(t, d, "row has 6 cells")
	os := d.Areas[0].Objectives
	if len(os) != 4 || os[0].Number != 1 || os[0].Text != "" || os[1].Number != 1 || os[2].Number != 2 || len(os[2].Activities) != 0 {
		t.Errorf("objectives: %+v", os)
	}
	if a := activity(t, d, "1.3"); !reflect.DeepEqual(a.CoResponsible, []string{"isoc"}) {
		t.Errorf("1.3 co %v: a missing cell is blank, and carries", a.CoResponsible)
	}
}

func TestAreaTitleOnTwoLines(t *testing.T) {
	src := lines("ÁREA DE ACCIÓN 6. TECNOLOGÍAS EMERGENTES PARA EL", "DESARROLLO SOSTENIBLE", "",
		"Objetivo\tActividades\tResponsable\tCorresponsable", "20. Veinte\t20.1 Una\tCEPAL\tNo se aplica")
	d := mustParse(t, src)
	a := d.Areas[0]
	if a.Title != "TECNOLOGÍAS EMERGENTES PARA EL DESARROLLO SOSTENIBLE" || a.Source != bitacora.Lines(1, 5) {
		t.Errorf("area: %q %v", a.Title, a.Source)
	}
	noWarning(t, d, "unrecognised")
}

func TestParseObjectiveNumber(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		text string
	}{
		{"1. Fomentar", 1, "Fomentar"},
		{"28. Coordinar", 28, "Coordinar"},
		{"3) Tres", 3, "Tres"},
		{"4 – Cuatro", 4, "Cuatro"},
		{"5.", 5, ""},
		{"1.1 Actividad", 0, ""},
		{"2018 fue un año", 0, ""},
		{"Sin número", 0, ""},
		{"0. Cero", 0, ""},
	}
	for _, tt := range tests {
		n, text, ok := parseObjectiveNumber(tt.in)
		if n != tt.n || text != tt.text || ok != (tt.n != 0) {
			t.Errorf("parseObjectiveNumber(%q) = %d %q %v", tt.in, n, text, ok)
		}
	}
}

// TestLineEndings reads the seed with CRLF and CR line ends, a BOM, and
// its trailing tabs stripped (as an editor would): same document.
func TestLineEndings(t *testing.T) {
	seed := readSeed(t)
	want := parseSeed(t)
	variants := map[string]string{
		"CRLF":          strings.ReplaceAll(string(seed), "\n", "\r\n"),
		"CR":            strings.ReplaceAll(string(seed), "\n", "\r"),
		"BOM":           "\ufeff" + string(seed),
		"final newline": string(seed) + "\n",
	}
	for name, src := range variants {
		d, err := Parse([]byte(src), Options{SourceName: "elac2020.txt"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(d, want) {
			t.Errorf("%s: the document differs", name)
		}
	}
	var stripped []string
	for _, l := range strings.Split(string(seed), "\n") {
		stripped = append(stripped, strings.TrimRight(l, " \t"))
	}
	d, err := Parse([]byte(strings.Join(stripped, "\n")), Options{SourceName: "elac2020.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if d.CountActivities() != 53 || len(d.Areas[6].Objectives) != 8 {
		t.Errorf("trailing tabs stripped: %d activities", d.CountActivities())
	}
	if a := activity(t, d, "9.1"); !reflect.DeepEqual(a.Responsible, []string{gtMercado}) || len(a.CoResponsible) != 0 {
		t.Errorf("9.1 %v %v", a.Responsible, a.CoResponsible)
	}
	warningAt(t, d, 57, "row has 3 of 4 cells")
	warningAt(t, d, 57, "shifted left")
}

func TestObjectiveWithoutNumber(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 1. UNO",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"Un objetivo sin número\t1.1 A\tCEPAL\tISOC", // 3
		"2.\t2.1 B\t\t", // 4
	)
	d := mustParse(t, src)
	warningAt(t, d, 3, "objective without a number: read as objective 1")
	warningAt(t, d, 4, "objective 2 has no text")
	if o := d.Areas[0].Objectives[0]; o.Number != 1 || o.Text != "Un objetivo sin número" || len(o.Activities) != 1 {
		t.Errorf("objective %+v", o)
	}
}
