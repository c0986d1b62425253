package bitacora

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// checkWordDiff checks what every word diff must be: the old text rebuilt
// from "=" and "-", the new one from "=" and "+", no empty op, no two
// neighbours of one kind, and deletions before insertions.
func checkWordDiff(t *testing.T, a, b string, ops []WordOp) {
	t.Helper()
	var ra, rb strings.Builder
	for i, op := range ops {
		switch op.Op {
		case WordEqual:
			ra.WriteString(op.Text)
			rb.WriteString(op.Text)
		case WordDelete:
			ra.WriteString(op.Text)
		case WordInsert:
			rb.WriteString(op.Text)
		default:
			t.Fatalf("op %d is %q", i, op.Op)
		}
		if op.Text == "" {
			t.Errorf("op %d is empty: %q", i, ops)
		}
		if i > 0 && ops[i-1].Op == op.Op {
			t.Errorf("ops %d and %d are both %q: %q", i-1, i, op.Op, ops)
		}
		if i > 0 && ops[i-1].Op == WordInsert && op.Op == WordDelete {
			t.Errorf("an insertion before a deletion at %d: %q", i, ops)
		}
	}
	if ra.String() != a {
		t.Errorf("old text rebuilt as %q; want %q", ra.String(), a)
	}
	if rb.String() != b {
		t.Errorf("new text rebuilt as %q; want %q", rb.String(), b)
	}
	if a == b && len(ops) > 1 {
		t.Errorf("equal texts give %q", ops)
	}
}

func TestWordDiff(t *testing.T) {
	eq := func(s string) WordOp { return WordOp{WordEqual, s} }
	del := func(s string) WordOp { return WordOp{WordDelete, s} }
	ins := func(s string) WordOp { return WordOp{WordInsert, s} }
	for _, tc := range []struct {
		name string
		a, b string
		want []WordOp
	}{
		{"both empty", "", "", nil},
		{"equal", "Promover el acceso.", "Promover el acceso.", []WordOp{eq("Promover el acceso.")}},
		{"from nothing", "", "Nuevo texto", []WordOp{ins("Nuevo texto")}},
		{"to nothing", "Texto retirado", "", []WordOp{del("Texto retirado")}},
		{"one word replaced", "el gato duerme", "el perro duerme",
			[]WordOp{eq("el "), del("gato "), ins("perro "), eq("duerme")}},
		{"words inserted, with accents", "Promover la evaluación de políticas", "Promover la evaluación de las políticas públicas",
			[]WordOp{eq("Promover la evaluación de "), ins("las "), eq("políticas"), ins(" públicas")}},
		{"accents are differences", "Área de acción", "Area de acción",
			[]WordOp{del("Área "), ins("Area "), eq("de acción")}},
		{"ñ and ç", "diseño de políticas", "diseño de la política",
			[]WordOp{eq("diseño de "), del("políticas"), ins("la política")}},
		{"punctuation stays with its word", "datos abiertos.", "datos abiertos,",
			[]WordOp{eq("datos "), del("abiertos."), ins("abiertos,")}},
		{"a word appended after the last", "banda ancha", "banda ancha móvil",
			[]WordOp{eq("banda ancha"), ins(" móvil")}},
		{"white space changed", "a  b", "a b",
			[]WordOp{eq("a"), del("  "), ins(" "), eq("b")}},
		{"leading space removed", " a", "a", []WordOp{del(" "), eq("a")}},
		{"line break kept", "uno\n\ndos", "uno\n\ntres", []WordOp{eq("uno\n\n"), del("dos"), ins("tres")}},
		{"everything replaced is one stretch", "a b c", "x y z", []WordOp{del("a b c"), ins("x y z")}},
		{"two stretches", "uno dos tres cuatro", "uno 2 tres 4",
			[]WordOp{eq("uno "), del("dos "), ins("2 "), eq("tres "), del("cuatro"), ins("4")}},
		{"deletion in the middle", "Realizar un panel regional sobre banda ancha.", "Realizar un panel sobre banda ancha.",
			[]WordOp{eq("Realizar un panel "), del("regional "), eq("sobre banda ancha.")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := WordDiff(tc.a, tc.b)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("WordDiff(%q, %q)\n got %q\nwant %q", tc.a, tc.b, got, tc.want)
			}
			checkWordDiff(t, tc.a, tc.b, got)
		})
	}
}

// Texts too long for the table are shown replaced whole, still exactly.
func TestWordDiffLong(t *testing.T) {
	var a, b strings.Builder
	for i := range 1500 {
		fmt.Fprintf(&a, "palabra%d ", i)
		fmt.Fprintf(&b, "término%d ", i)
	}
	ops := WordDiff("Inicio "+a.String()+"fin.", "Inicio "+b.String()+"fin.")
	checkWordDiff(t, "Inicio "+a.String()+"fin.", "Inicio "+b.String()+"fin.", ops)
	if len(ops) != 4 {
		t.Errorf("%d ops; want = - + =", len(ops))
	}
}

// Random texts from a small vocabulary, so that words repeat and the
// common subsequence matters.
func TestWordDiffRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"el", "la", "acción", "datos,", "año.", "—", "ñandú", " ", "  ", "\n", "\t"}
	text := func() string {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(vocab[r.IntN(len(vocab))])
			if r.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	for range 2000 {
		a, b := text(), text()
		checkWordDiff(t, a, b, WordDiff(a, b))
	}
}

func FuzzWordDiff(f *testing.F) {
	f.Add("", "")
	f.Add("el gato duerme", "el perro duerme")
	f.Add("Promover la evaluación de políticas", "Promover la evaluación de las políticas públicas")
	f.Add(" a  b\t\nc ", "a b c")
	f.Add("Área ÁREA área", "área Área")
	f.Add("\xff\xfe a", "a \xff")
	f.Add("a\u00a0b", "a b")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkWordDiff(t, a, b, WordDiff(a, b))
	})
}

// reviseV1 applies changes to programmeV1, failing the test on error.
func reviseV1(t *testing.T, changes ...Change) (*Document, map[string]string) {
	t.Helper()
	d, ids, err := ApplyChanges(programmeV1(), idsV1(), changes, testRegister)
	if err != nil {
		t.Fatal(err)
	}
	return d, ids
}

// The scenario of issue #7: activity 1.4 goes to another party and a new
// activity 1.6 joins objective 1; the comparison shows exactly that.
func TestDiffIssueScenario(t *testing.T) {
	v1, ids1 := programmeV1(), idsV1()
	v2, ids2 := reviseV1(t,
		Change{Op: OpSetParties, Activity: "1.4", Responsible: []string{"cepal"}, Reason: "El grupo de trabajo pidió que CEPAL lo lidere."},
		Change{Op: OpAddActivity, Objective: 1, Code: "1.6", Text: textPtr("Medir la asequibilidad de la banda ancha."),
			Responsible: []string{"gt-mercado"}, CoResponsible: PartyList("a4ai"), Reason: "Mandato de la Conferencia."},
	)
	d := DiffDocuments(v1, v2, ids1, ids2)
	want := Diff{
		Objectives: []ObjectiveDiff{},
		Activities: []ActivityDiff{
			{
				Identity: "id-1.4", Code: "1.4", OldCode: "1.4", Objective: 1, OldObjective: 1,
				Kinds:             []string{DiffReassigned},
				ResponsibleBefore: []string{"gt-mercado"}, ResponsibleAfter: []string{"cepal"},
				CoResponsibleBefore: []string{"isoc"}, CoResponsibleAfter: []string{"isoc"},
			},
			{
				Identity: "new:1", Code: "1.6", Objective: 1,
				Kinds:              []string{DiffAdded},
				Text:               []WordOp{{WordInsert, "Medir la asequibilidad de la banda ancha."}},
				ResponsibleAfter:   []string{"gt-mercado"},
				CoResponsibleAfter: []string{"a4ai"},
			},
		},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("diff =\n%s\nwant\n%s", jsonOf(t, d), jsonOf(t, want))
	}
	// And nothing from the other way round but the same, reversed.
	back := DiffDocuments(v2, v1, ids2, ids1)
	if len(back.Activities) != 2 || !back.Activities[0].Has(DiffReassigned) || !back.Activities[1].Has(DiffRetired) {
		t.Errorf("v2 → v1 = %s", jsonOf(t, back))
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDiffDocuments(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes []Change
		want    []ActivityDiff
	}{
		{"renumbering keeps identity: moved, not added and retired",
			[]Change{{Op: OpEditActivity, Activity: "1.5", Code: "1.9", Reason: "r"}},
			[]ActivityDiff{{Identity: "id-1.5", Code: "1.9", OldCode: "1.5", Objective: 1, OldObjective: 1, Kinds: []string{DiffMoved}}}},
		{"moved to another objective and reworded",
			[]Change{
				{Op: OpMoveActivity, Activity: "1.3", Objective: 2, Reason: "r"},
				{Op: OpEditActivity, Activity: "2.2", Text: textPtr("Informe bienal del estado de la banda ancha."), Reason: "r"},
			},
			[]ActivityDiff{{Identity: "id-1.3", Code: "2.2", OldCode: "1.3", Objective: 2, OldObjective: 1, Kinds: []string{DiffMoved, DiffReworded},
				Text: []WordOp{{WordEqual, "Informe "}, {WordDelete, "anual "}, {WordInsert, "bienal "}, {WordEqual, "del estado de la banda ancha."}}}}},
		{"retired",
			[]Change{{Op: OpRetireActivity, Activity: "1.2", Reason: "r"}},
			[]ActivityDiff{{Identity: "id-1.2", OldCode: "1.2", OldObjective: 1, Kinds: []string{DiffRetired},
				Text:              []WordOp{{WordDelete, "Elaborar un estudio de redes comunitarias."}},
				ResponsibleBefore: []string{"cepal"}, CoResponsibleBefore: []string{}}}},
		{"components changed",
			[]Change{{Op: OpEditActivity, Activity: "1.1", Components: []string{"Panel regional", "Taller virtual"}, Reason: "r"}},
			[]ActivityDiff{{Identity: "id-1.1", Code: "1.1", OldCode: "1.1", Objective: 1, OldObjective: 1, Kinds: []string{DiffReworded},
				ComponentsAdded: []string{"Taller virtual"}, ComponentsRemoved: []string{"Taller técnico"}}}},
		{"co-responsible set to nobody",
			[]Change{{Op: OpSetParties, Activity: "3.1", CoResponsible: PartyList(), Reason: "r"}},
			[]ActivityDiff{{Identity: "id-3.1", Code: "3.1", OldCode: "3.1", Objective: 3, OldObjective: 3, Kinds: []string{DiffReassigned},
				ResponsibleBefore: []string{"gt-mercado"}, ResponsibleAfter: []string{"gt-mercado"},
				CoResponsibleBefore: []string{"isoc", "cepal"}, CoResponsibleAfter: []string{}}}},
		{"a new activity takes a retired one's number: never matched by code",
			[]Change{
				{Op: OpRetireActivity, Activity: "1.5", Reason: "r"},
				{Op: OpAddActivity, Objective: 1, Code: "1.5", Text: textPtr("Organizar un taller sobre espectro."), Responsible: []string{"cepal"}, CoResponsible: PartyList(), Reason: "r"},
			},
			[]ActivityDiff{
				{Identity: "id-1.5", OldCode: "1.5", OldObjective: 1, Kinds: []string{DiffRetired},
					Text:              []WordOp{{WordDelete, "Organizar un taller sobre espectro."}},
					ResponsibleBefore: []string{"cepal"}, CoResponsibleBefore: []string{}},
				{Identity: "new:1", Code: "1.5", Objective: 1, Kinds: []string{DiffAdded},
					Text:             []WordOp{{WordInsert, "Organizar un taller sobre espectro."}},
					ResponsibleAfter: []string{"cepal"}, CoResponsibleAfter: []string{}},
			}},
		{"swapped numbers are two moves",
			[]Change{
				{Op: OpEditActivity, Activity: "1.4", Code: "1.99", Reason: "r"},
				{Op: OpEditActivity, Activity: "1.5", Code: "1.4", Reason: "r"},
				{Op: OpEditActivity, Activity: "1.99", Code: "1.5", Reason: "r"},
			},
			[]ActivityDiff{
				{Identity: "id-1.5", Code: "1.4", OldCode: "1.5", Objective: 1, OldObjective: 1, Kinds: []string{DiffMoved}},
				{Identity: "id-1.4", Code: "1.5", OldCode: "1.4", Objective: 1, OldObjective: 1, Kinds: []string{DiffMoved}},
			}},
		{"changes to objectives and the programme only",
			[]Change{{Op: OpEditObjective, Objective: 1, Text: textPtr("x"), Reason: "r"}},
			[]ActivityDiff{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v2, ids2 := reviseV1(t, tc.changes...)
			d := DiffDocuments(programmeV1(), v2, idsV1(), ids2)
			if !reflect.DeepEqual(d.Activities, tc.want) {
				t.Errorf("activities =\n%s\nwant\n%s", jsonOf(t, d.Activities), jsonOf(t, tc.want))
			}
		})
	}
}

func TestDiffObjectivesAndProgramme(t *testing.T) {
	v2, ids2 := reviseV1(t,
		Change{Op: OpRetireObjective, Objective: 5, Reason: "r"},
		Change{Op: OpAddObjective, Area: 2, Objective: 4, Text: textPtr("Objetivo nuevo."), Reason: "r"},
		Change{Op: OpEditObjective, Objective: 1, Text: textPtr("Promover el acceso universal a la banda ancha."), Reason: "r"},
		Change{Op: OpEditProgramme, Title: textPtr("Programa de actividades de cooperación regional 2018-2021"),
			Preamble: []string{"La Mesa Directiva elaboró el programa.", "El programa fue revisado en 2019."}, Reason: "r"},
	)
	d := DiffDocuments(programmeV1(), v2, idsV1(), ids2)
	wantObjectives := []ObjectiveDiff{
		{Number: 1, Kind: DiffReworded, Text: []WordOp{{WordEqual, "Promover el acceso "}, {WordInsert, "universal "}, {WordEqual, "a la banda ancha."}}},
		{Number: 4, Kind: DiffAdded, Text: []WordOp{{WordInsert, "Objetivo nuevo."}}},
		{Number: 5, Kind: DiffRetired, Text: []WordOp{{WordDelete, "Objetivo sin actividades."}}},
	}
	if !reflect.DeepEqual(d.Objectives, wantObjectives) {
		t.Errorf("objectives =\n%s", jsonOf(t, d.Objectives))
	}
	if want := []WordOp{{WordEqual, "Programa de actividades de cooperación regional "}, {WordDelete, "2018-2020"}, {WordInsert, "2018-2021"}}; !reflect.DeepEqual(d.Title, want) {
		t.Errorf("title = %q", d.Title)
	}
	wantPreamble := []WordOp{
		{WordEqual, "La Mesa Directiva elaboró el programa.\n\nEl programa "},
		{WordDelete, "podrá ser "},
		{WordInsert, "fue "},
		{WordEqual, "revisado "},
		{WordDelete, "y actualizado."},
		{WordInsert, "en 2019."},
	}
	if !reflect.DeepEqual(d.Preamble, wantPreamble) {
		t.Errorf("preamble = %q", d.Preamble)
	}
	if len(d.Activities) != 0 || d.Empty() {
		t.Errorf("activities = %v", d.Activities)
	}
	if same := DiffDocuments(programmeV1(), programmeV1(), idsV1(), idsV1()); !same.Empty() || same.Title != nil || same.Preamble != nil {
		t.Errorf("a version compared with itself: %s", jsonOf(t, same))
	}
}

// Activities come in the natural order of their codes, the retired ones
// among them at their old codes.
func TestDiffOrder(t *testing.T) {
	objective := func(n, count int, text string) Objective {
		o := Objective{Number: n, Text: "Objetivo"}
		for m := 1; m <= count; m++ {
			o.Activities = append(o.Activities, Activity{Code: fmt.Sprintf("%d.%d", n, m), Text: text, Responsible: []string{"cepal"}})
		}
		return o
	}
	a := &Document{Areas: []Area{{Number: 1, Objectives: []Objective{objective(1, 11, "antes"), objective(2, 2, "antes"), objective(10, 1, "antes")}}}}
	b := &Document{Areas: []Area{{Number: 1, Objectives: []Objective{objective(1, 11, "después"), objective(2, 2, "después"), objective(10, 1, "después")}}}}
	idsA, idsB := map[string]string{}, map[string]string{}
	for _, d := range []struct {
		doc *Document
		ids map[string]string
	}{{a, idsA}, {b, idsB}} {
		for _, o := range d.doc.Areas[0].Objectives {
			for _, act := range o.Activities {
				d.ids[act.Code] = "id-" + act.Code
			}
		}
	}
	// 1.3 retired; 2.2 renumbered 2.5; 1.11 moved to objective 10.
	b.Areas[0].Objectives[0].Activities = slices.Delete(b.Areas[0].Objectives[0].Activities, 2, 3)
	delete(idsB, "1.3")
	b.Areas[0].Objectives[1].Activities[1].Code = "2.5"
	delete(idsB, "2.2")
	idsB["2.5"] = "id-2.2"
	moved := b.Areas[0].Objectives[0].Activities[9]
	b.Areas[0].Objectives[0].Activities = b.Areas[0].Objectives[0].Activities[:9]
	moved.Code = "10.2"
	b.Areas[0].Objectives[2].Activities = append(b.Areas[0].Objectives[2].Activities, moved)
	delete(idsB, "1.11")
	idsB["10.2"] = "id-1.11"

	d := DiffDocuments(a, b, idsA, idsB)
	var got []string
	for _, ad := range d.Activities {
		got = append(got, firstNonEmpty(ad.Code, ad.OldCode)+":"+strings.Join(ad.Kinds, "+"))
	}
	want := []string{
		"1.1:reworded", "1.2:reworded", "1.3:retired", "1.4:reworded", "1.5:reworded", "1.6:reworded",
		"1.7:reworded", "1.8:reworded", "1.9:reworded", "1.10:reworded",
		"2.1:reworded", "2.5:moved+reworded", "10.1:reworded", "10.2:moved+reworded",
	}
	if !slices.Equal(got, want) {
		t.Errorf("order = %q\n   want %q", got, want)
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Without identities nothing is matched by code: a first version compared
// with nothing is all added, and activities missing from the maps are
// retired and added, never taken for each other.
func TestDiffWithoutIdentities(t *testing.T) {
	d := DiffDocuments(nil, programmeV1(), nil, idsV1())
	if len(d.Activities) != 7 || len(d.Objectives) != 4 || d.Title == nil {
		t.Fatalf("from nothing: %s", jsonOf(t, d))
	}
	for _, ad := range d.Activities {
		if !slices.Equal(ad.Kinds, []string{DiffAdded}) {
			t.Errorf("%s: %v", ad.Code, ad.Kinds)
		}
	}
	d = DiffDocuments(programmeV1(), programmeV1(), nil, nil)
	if len(d.Activities) != 14 {
		t.Errorf("without identities: %d activity entries; want 7 retired and 7 added", len(d.Activities))
	}
}

func TestDiffJSON(t *testing.T) {
	v2, ids2 := reviseV1(t, Change{Op: OpSetParties, Activity: "1.1", CoResponsible: PartyList(), Reason: "r"})
	d := DiffDocuments(programmeV1(), v2, idsV1(), ids2)
	d.From, d.To = 1, 2
	d.Activities[0].Reasons = []string{"r"}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"from":1,"to":2,"objectives":[],"activities":[{"identity":"id-1.1","code":"1.1","old_code":"1.1","objective":1,"old_objective":1,` +
		`"kinds":["reassigned"],"responsible_before":["gt-mercado"],"responsible_after":["gt-mercado"],` +
		`"co_responsible_before":["isoc"],"co_responsible_after":[],"reasons":["r"]}]}`
	if string(b) != want {
		t.Errorf("json =\n%s\nwant\n%s", b, want)
	}
}

func TestCompareCodes(t *testing.T) {
	want := []string{"1", "1.1", "1.2", "1.9", "1.10", "1.10.1", "1.11", "2", "2.1", "9.1", "10.1", "10.1a", "30.4", "x"}
	got := slices.Clone(want)
	r := rand.New(rand.NewPCG(3, 4))
	r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
	slices.SortFunc(got, CompareCodes)
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %q", got)
	}
	if CompareCodes("1.01", "1.1") != 0 || CompareCodes("1.1", "1.1") != 0 {
		t.Error("equal numbers compare unequal")
	}
}
