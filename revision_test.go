package bitacora

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// programmeV1 builds a small programme by hand: two areas, objectives 1, 2,
// 3 and 5 (5 without activities, like objective 28 of eLAC2020).
func programmeV1() *Document {
	act := func(code, text string, line int, resp, co []string, comps ...string) Activity {
		return Activity{Code: code, Text: text, Components: comps, Responsible: resp, CoResponsible: co, Notes: []string{}, Source: Lines(line, line)}
	}
	gt, cepal, isoc := []string{"gt-mercado"}, []string{"cepal"}, []string{"isoc"}
	return &Document{
		Programme: Programme{
			Slug:  "elac2020",
			Title: "Programa de actividades de cooperación regional 2018-2020",
			Preamble: []Paragraph{
				{Text: "La Mesa Directiva elaboró el programa.", Source: Lines(3, 3)},
				{Text: "El programa podrá ser revisado y actualizado.", Source: Lines(5, 5)},
			},
			Source: Lines(1, 6),
		},
		Parties: []Party{
			{ID: "gt-mercado", Name: "Grupo de Trabajo sobre Mercado Digital Regional (Brasil y México)", Kind: KindWorkingGroup, Countries: []string{"Brasil", "México"}, CountryCodes: []string{"BR", "MX"}, Aliases: []string{}, Source: Lines(12, 12)},
			{ID: "cepal", Name: "CEPAL", Kind: KindOrganisation, Aliases: []string{"Comisión Económica para América Latina y el Caribe"}, Source: Lines(13, 13)},
			{ID: "isoc", Name: "Internet Society (ISOC)", Acronym: "ISOC", Kind: KindOrganisation, Source: Lines(12, 12)},
		},
		Areas: []Area{
			{Number: 1, Title: "INFRAESTRUCTURA DIGITAL", Source: Lines(10, 40), Objectives: []Objective{
				{Number: 1, Text: "Promover el acceso a la banda ancha.", Source: Lines(12, 30), Activities: []Activity{
					act("1.1", "Realizar un panel regional sobre banda ancha.", 12, gt, isoc, "Panel regional", "Taller técnico"),
					act("1.2", "Elaborar un estudio de redes comunitarias.", 15, cepal, []string{}),
					act("1.3", "Informe anual del estado de la banda ancha.", 18, gt, isoc),
					act("1.4", "Promover la evaluación de políticas de acceso.", 21, gt, isoc),
					act("1.5", "Organizar un taller sobre espectro.", 24, cepal, []string{}),
				}},
				{Number: 2, Text: "Impulsar la transformación digital.", Source: Lines(31, 40), Activities: []Activity{
					act("2.1", "Mapear iniciativas nacionales.", 32, cepal, []string{}),
				}},
			}},
			{Number: 2, Title: "TRANSFORMACIÓN DIGITAL", Source: Lines(41, 60), Objectives: []Objective{
				{Number: 3, Text: "Fomentar el comercio electrónico.", Source: Lines(43, 50), Activities: []Activity{
					act("3.1", "Armonizar normas de comercio electrónico.", 44, gt, []string{"isoc", "cepal"}),
				}},
				{Number: 5, Text: "Objetivo sin actividades.", Source: Lines(51, 52), Activities: []Activity{}},
			}},
		},
		Notes:    []Note{{Mark: "a", Text: "La presidencia rota.", Area: 1, Source: Lines(39, 39)}},
		Warnings: []Warning{{Line: 20, Message: "merged cell"}},
	}
}

// idsV1 gives each activity of programmeV1 the identity "id-" + its code.
func idsV1() map[string]string {
	ids := map[string]string{}
	for _, c := range []string{"1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "3.1"} {
		ids[c] = "id-" + c
	}
	return ids
}

// testRegister knows the parties of programmeV1 and two more.
var registerParties = map[string]Party{
	"gt-mercado": {ID: "gt-mercado", Name: "Grupo de Trabajo sobre Mercado Digital Regional (Brasil y México)", Kind: KindWorkingGroup},
	"cepal":      {ID: "cepal", Name: "CEPAL", Kind: KindOrganisation},
	"isoc":       {ID: "isoc", Name: "Internet Society (ISOC)", Kind: KindOrganisation},
	"a4ai":       {ID: "a4ai", Name: "Alianza para una Internet Asequible (A4AI)", Acronym: "A4AI", Kind: KindOrganisation, Aliases: []string{"A4AI"}, Source: Lines(14, 14)},
	"lacnic":     {ID: "lacnic", Name: "LACNIC", Kind: KindOrganisation, Aliases: []string{"Registro de Direcciones de Internet para América Latina y el Caribe"}},
}

func testRegister(id string) *Party {
	p, ok := registerParties[id]
	if !ok {
		return nil
	}
	return &p
}

func textPtr(s string) *string { return &s }

// findActivity returns the activity with the code and its objective's
// number, failing the test when there is none.
func findActivity(t *testing.T, d *Document, code string) (Activity, int) {
	t.Helper()
	for _, a := range d.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				if act.Code == code {
					return act, o.Number
				}
			}
		}
	}
	t.Fatalf("no activity %s", code)
	return Activity{}, 0
}

func objectiveNumbers(d *Document) [][]int {
	var out [][]int
	for _, a := range d.Areas {
		var ns []int
		for _, o := range a.Objectives {
			ns = append(ns, o.Number)
		}
		out = append(out, ns)
	}
	return out
}

func codesOf(d *Document, objective int) []string {
	var out []string
	for _, a := range d.Areas {
		for _, o := range a.Objectives {
			if o.Number == objective {
				for _, act := range o.Activities {
					out = append(out, act.Code)
				}
			}
		}
	}
	return out
}

// applyCases are valid revisions of programmeV1, with what each must give.
var applyCases = []struct {
	name        string
	changes     []Change
	changeCheck func(t *testing.T, d *Document, ids map[string]string)
}{
	{
		name: "add activity with a new party",
		changes: []Change{{
			Op: OpAddActivity, Objective: 1, Code: "1.6", Text: textPtr("  Nuevo estudio sobre asequibilidad. "),
			Components: []string{" Estudio "}, Responsible: []string{"cepal"}, CoResponsible: PartyList("a4ai"),
			Reason: "Pedido de la Mesa",
		}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			want := Activity{Code: "1.6", Text: "Nuevo estudio sobre asequibilidad.", Components: []string{"Estudio"},
				Responsible: []string{"cepal"}, CoResponsible: []string{"a4ai"}, Notes: []string{}}
			if got := d.Areas[0].Objectives[0].Activities[5]; !reflect.DeepEqual(got, want) {
				t.Errorf("new activity = %+v; want %+v", got, want)
			}
			if ids["1.6"] != "new:1" || len(ids) != 8 {
				t.Errorf("ids = %v", ids)
			}
			if len(d.Parties) != 4 || !reflect.DeepEqual(d.Parties[3], registerParties["a4ai"]) {
				t.Errorf("parties = %+v", d.Parties)
			}
		},
	},
	{
		name: "add activities numbered by default, nobody co-responsible",
		changes: []Change{
			{Op: OpAddActivity, Objective: 1, Text: textPtr("Primera."), Responsible: []string{"cepal"}, Reason: "r"},
			{Op: OpAddActivity, Objective: 5, Text: textPtr("Segunda."), Responsible: []string{"isoc"}, Reason: "r"},
			{Op: OpAddActivity, Objective: 1, Text: textPtr("Tercera."), Responsible: []string{"cepal"}, Reason: "r"},
		},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			if ids["1.6"] != "new:1" || ids["5.1"] != "new:2" || ids["1.7"] != "new:3" {
				t.Errorf("ids = %v", ids)
			}
			act, _ := findActivity(t, d, "5.1")
			if act.CoResponsible == nil || len(act.CoResponsible) != 0 || act.Components == nil {
				t.Errorf("5.1 = %+v; want empty, non-nil lists", act)
			}
			if len(d.Parties) != 3 {
				t.Errorf("parties = %v", d.Parties)
			}
		},
	},
	{
		name: "renumber and reword",
		changes: []Change{{
			Op: OpEditActivity, Activity: "1.5", Code: "1.9", Text: textPtr("Organizar dos talleres sobre espectro."), Reason: "r",
		}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			act, _ := findActivity(t, d, "1.9")
			if act.Text != "Organizar dos talleres sobre espectro." || act.Source != Lines(24, 24) || !slices.Equal(act.Responsible, []string{"cepal"}) {
				t.Errorf("1.9 = %+v", act)
			}
			if _, ok := ids["1.5"]; ok || ids["1.9"] != "id-1.5" {
				t.Errorf("ids = %v", ids)
			}
			if got := codesOf(d, 1); !slices.Equal(got, []string{"1.1", "1.2", "1.3", "1.4", "1.9"}) {
				t.Errorf("objective 1 = %v", got)
			}
		},
	},
	{
		name: "edit components only, then remove them all",
		changes: []Change{
			{Op: OpEditActivity, Activity: "1.1", Components: []string{"Panel regional", "Taller virtual", "Informe"}, Reason: "r"},
			{Op: OpEditActivity, Activity: "1.3", Components: []string{}, Reason: "r"},
		},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			act, _ := findActivity(t, d, "1.1")
			if act.Text != "Realizar un panel regional sobre banda ancha." || !slices.Equal(act.Components, []string{"Panel regional", "Taller virtual", "Informe"}) {
				t.Errorf("1.1 = %+v", act)
			}
			if act, _ := findActivity(t, d, "1.3"); act.Components == nil || len(act.Components) != 0 {
				t.Errorf("1.3 components = %#v", act.Components)
			}
		},
	},
	{
		name:    "retire activity",
		changes: []Change{{Op: OpRetireActivity, Activity: "1.2", Reason: "Ya no es pertinente."}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			if got := codesOf(d, 1); !slices.Equal(got, []string{"1.1", "1.3", "1.4", "1.5"}) {
				t.Errorf("objective 1 = %v", got)
			}
			if _, ok := ids["1.2"]; ok || len(ids) != 6 {
				t.Errorf("ids = %v", ids)
			}
		},
	},
	{
		name:    "move activity to the next free number",
		changes: []Change{{Op: OpMoveActivity, Activity: "1.3", Objective: 2, Reason: "r"}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			if got := codesOf(d, 2); !slices.Equal(got, []string{"2.1", "2.2"}) {
				t.Errorf("objective 2 = %v", got)
			}
			if got := codesOf(d, 1); !slices.Equal(got, []string{"1.1", "1.2", "1.4", "1.5"}) {
				t.Errorf("objective 1 = %v", got)
			}
			act, n := findActivity(t, d, "2.2")
			if n != 2 || act.Text != "Informe anual del estado de la banda ancha." || act.Source != Lines(18, 18) {
				t.Errorf("2.2 = %+v under %d", act, n)
			}
			if ids["2.2"] != "id-1.3" {
				t.Errorf("ids = %v", ids)
			}
		},
	},
	{
		name:    "move activity with a number, to another area",
		changes: []Change{{Op: OpMoveActivity, Activity: "1.1", Objective: 3, Code: "3.7", Reason: "r"}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			if got := codesOf(d, 3); !slices.Equal(got, []string{"3.1", "3.7"}) {
				t.Errorf("objective 3 = %v", got)
			}
			if ids["3.7"] != "id-1.1" {
				t.Errorf("ids = %v", ids)
			}
		},
	},
	{
		name:    "set responsible to a party new to the programme",
		changes: []Change{{Op: OpSetParties, Activity: "1.4", Responsible: []string{"lacnic", "cepal"}, Reason: "r"}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			act, _ := findActivity(t, d, "1.4")
			if !slices.Equal(act.Responsible, []string{"lacnic", "cepal"}) || !slices.Equal(act.CoResponsible, []string{"isoc"}) {
				t.Errorf("1.4 = %+v", act)
			}
			if len(d.Parties) != 4 || d.Parties[3].ID != "lacnic" {
				t.Errorf("parties = %+v", d.Parties)
			}
		},
	},
	{
		name:    "set co-responsible to nobody",
		changes: []Change{{Op: OpSetParties, Activity: "1.1", CoResponsible: PartyList(), Reason: "r"}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			act, _ := findActivity(t, d, "1.1")
			if !slices.Equal(act.Responsible, []string{"gt-mercado"}) || act.CoResponsible == nil || len(act.CoResponsible) != 0 {
				t.Errorf("1.1 = %+v", act)
			}
		},
	},
	{
		name: "add objectives in order of number",
		changes: []Change{
			{Op: OpAddObjective, Area: 2, Objective: 4, Text: textPtr("Objetivo nuevo."), Reason: "r"},
			{Op: OpAddObjective, Area: 1, Objective: 31, Text: textPtr("Otro objetivo."), Reason: "r"},
			{Op: OpAddActivity, Objective: 4, Text: textPtr("Primera actividad."), Responsible: []string{"cepal"}, Reason: "r"},
		},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			if got := objectiveNumbers(d); !reflect.DeepEqual(got, [][]int{{1, 2, 31}, {3, 4, 5}}) {
				t.Errorf("objectives = %v", got)
			}
			o := d.Areas[1].Objectives[1]
			if o.Text != "Objetivo nuevo." || o.Source != (Source{}) || len(o.Activities) != 1 || o.Activities[0].Code != "4.1" {
				t.Errorf("objective 4 = %+v", o)
			}
		},
	},
	{
		name:    "edit objective",
		changes: []Change{{Op: OpEditObjective, Objective: 2, Text: textPtr("Impulsar la transformación digital inclusiva."), Reason: "r"}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			o := d.Areas[0].Objectives[1]
			if o.Text != "Impulsar la transformación digital inclusiva." || o.Source != Lines(31, 40) || len(o.Activities) != 1 {
				t.Errorf("objective 2 = %+v", o)
			}
		},
	},
	{
		name: "retire objectives once empty",
		changes: []Change{
			{Op: OpRetireObjective, Objective: 5, Reason: "r"},
			{Op: OpRetireActivity, Activity: "2.1", Reason: "r"},
			{Op: OpRetireObjective, Objective: 2, Reason: "r"},
		},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			if got := objectiveNumbers(d); !reflect.DeepEqual(got, [][]int{{1}, {3}}) {
				t.Errorf("objectives = %v", got)
			}
		},
	},
	{
		name: "edit programme",
		changes: []Change{{
			Op: OpEditProgramme, Title: textPtr("Programa revisado"),
			Preamble: []string{"La Mesa Directiva elaboró el programa.", "El programa fue revisado.", "Tercer párrafo."},
			Reason:   "r",
		}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			want := []Paragraph{
				{Text: "La Mesa Directiva elaboró el programa.", Source: Lines(3, 3)},
				{Text: "El programa fue revisado.", Source: Lines(5, 5)},
				{Text: "Tercer párrafo."},
			}
			if d.Programme.Title != "Programa revisado" || !reflect.DeepEqual(d.Programme.Preamble, want) {
				t.Errorf("programme = %+v", d.Programme)
			}
		},
	},
	{
		name: "later changes see earlier ones",
		changes: []Change{
			{Op: OpAddActivity, Objective: 1, Code: "1.6", Text: textPtr("Nueva."), Reason: "r"},
			{Op: OpEditActivity, Activity: "1.6", Code: "1.8", Reason: "r"},
			{Op: OpSetParties, Activity: "1.8", Responsible: []string{"a4ai"}, Reason: "r"},
		},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			act, _ := findActivity(t, d, "1.8")
			if !slices.Equal(act.Responsible, []string{"a4ai"}) || ids["1.8"] != "new:1" {
				t.Errorf("1.8 = %+v, ids = %v", act, ids)
			}
		},
	},
	{
		name: "swap two numbers through a third",
		changes: []Change{
			{Op: OpEditActivity, Activity: "1.4", Code: "1.99", Reason: "r"},
			{Op: OpEditActivity, Activity: "1.5", Code: "1.4", Reason: "r"},
			{Op: OpEditActivity, Activity: "1.99", Code: "1.5", Reason: "r"},
		},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			if ids["1.4"] != "id-1.5" || ids["1.5"] != "id-1.4" || len(ids) != 7 {
				t.Errorf("ids = %v", ids)
			}
			if got := codesOf(d, 1); !slices.Equal(got, []string{"1.1", "1.2", "1.3", "1.5", "1.4"}) {
				t.Errorf("objective 1 = %v", got)
			}
		},
	},
	{
		name:        "a reason of exactly the limit",
		changes:     []Change{{Op: OpRetireActivity, Activity: "1.2", Reason: strings.Repeat("á", MaxReason)}},
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {},
	},
	{
		name:    "no changes",
		changes: nil,
		changeCheck: func(t *testing.T, d *Document, ids map[string]string) {
			if !reflect.DeepEqual(d, programmeV1()) || !reflect.DeepEqual(ids, idsV1()) {
				t.Error("no changes changed something")
			}
		},
	},
}

func TestApplyChanges(t *testing.T) {
	for _, tc := range applyCases {
		t.Run(tc.name, func(t *testing.T) {
			d, ids, err := ApplyChanges(programmeV1(), idsV1(), tc.changes, testRegister)
			if err != nil {
				t.Fatal(err)
			}
			tc.changeCheck(t, d, ids)
			// Whatever survives keeps its identity's source.
			before := map[string]Source{}
			v1 := programmeV1()
			for code, id := range idsV1() {
				act, _ := findActivity(t, v1, code)
				before[id] = act.Source
			}
			for code, id := range ids {
				act, _ := findActivity(t, d, code)
				if src, old := before[id]; old && act.Source != src {
					t.Errorf("%s (%s) source %v; want %v", code, id, act.Source, src)
				} else if !old && act.Source != (Source{}) {
					t.Errorf("new %s has source %v", code, act.Source)
				}
			}
			if len(ids) != d.CountActivities() {
				t.Errorf("%d ids for %d activities", len(ids), d.CountActivities())
			}
		})
	}
}

// TestApplyChangesKeepsInput applies every valid case, then scribbles over
// the result: neither may touch the input or the register.
func TestApplyChangesKeepsInput(t *testing.T) {
	for _, tc := range applyCases {
		t.Run(tc.name, func(t *testing.T) {
			doc, ids := programmeV1(), idsV1()
			changes := cloneChanges(tc.changes)
			d, newIDs, err := ApplyChanges(doc, ids, changes, testRegister)
			if err != nil {
				t.Fatal(err)
			}
			scribble(d)
			for k := range newIDs {
				newIDs[k] = "x"
			}
			if !reflect.DeepEqual(doc, programmeV1()) {
				t.Error("ApplyChanges modified its document")
			}
			if !reflect.DeepEqual(ids, idsV1()) {
				t.Error("ApplyChanges modified its ids")
			}
			if !reflect.DeepEqual(changes, tc.changes) {
				t.Error("ApplyChanges modified its changes")
			}
			if p := testRegister("a4ai"); !slices.Equal(p.Aliases, []string{"A4AI"}) {
				t.Error("the result shares memory with the register")
			}
		})
	}
}

func cloneChanges(cs []Change) []Change {
	if cs == nil {
		return nil
	}
	b, err := json.Marshal(cs)
	if err != nil {
		panic(err)
	}
	var out []Change
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

// scribble overwrites every string a document's lists hold.
func scribble(d *Document) {
	over := func(ss []string) {
		for i := range ss {
			ss[i] = "scribbled"
		}
	}
	for i := range d.Programme.Preamble {
		d.Programme.Preamble[i].Text = "scribbled"
	}
	for i := range d.Parties {
		p := &d.Parties[i]
		p.Name = "scribbled"
		over(p.Countries)
		over(p.CountryCodes)
		over(p.Aliases)
	}
	for i := range d.Areas {
		for j := range d.Areas[i].Objectives {
			o := &d.Areas[i].Objectives[j]
			o.Text = "scribbled"
			for k := range o.Activities {
				a := &o.Activities[k]
				a.Text = "scribbled"
				over(a.Components)
				over(a.Responsible)
				over(a.CoResponsible)
				over(a.Notes)
			}
		}
	}
	for i := range d.Notes {
		d.Notes[i].Text = "scribbled"
	}
	for i := range d.Warnings {
		d.Warnings[i].Message = "scribbled"
	}
}

func TestApplyChangesInvalid(t *testing.T) {
	// A programme with an activity nobody leads, as an import may leave it.
	orphan := func() (*Document, map[string]string) {
		d, ids := programmeV1(), idsV1()
		d.Areas[0].Objectives[1].Activities[0].Responsible = []string{}
		return d, ids
	}
	tooMany := make([]Change, MaxChanges+1)
	for i := range tooMany {
		tooMany[i] = Change{Op: OpEditObjective, Objective: 1, Text: textPtr("x"), Reason: "r"}
	}
	for _, tc := range []struct {
		name    string
		doc     func() (*Document, map[string]string)
		changes []Change
		want    FieldErrors
	}{
		{"reason missing", nil,
			[]Change{{Op: OpRetireActivity, Activity: "1.2"}},
			FieldErrors{"changes[0].reason": "field_required"}},
		{"reason blank, on the second change", nil,
			[]Change{{Op: OpRetireActivity, Activity: "1.2", Reason: "r"}, {Op: OpRetireActivity, Activity: "1.3", Reason: " \n "}},
			FieldErrors{"changes[1].reason": "field_required"}},
		{"reason too long", nil,
			[]Change{{Op: OpRetireActivity, Activity: "1.2", Reason: strings.Repeat("á", MaxReason+1)}},
			FieldErrors{"changes[0].reason": "field_reason_long"}},
		{"unknown op", nil,
			[]Change{{Op: "delete_everything", Reason: "r"}},
			FieldErrors{"changes[0].op": "field_op_unknown"}},
		{"empty op and no reason", nil,
			[]Change{{}},
			FieldErrors{"changes[0].op": "field_op_unknown", "changes[0].reason": "field_required"}},
		{"unknown activity", nil,
			[]Change{{Op: OpEditActivity, Activity: "9.9", Text: textPtr("x"), Reason: "r"}},
			FieldErrors{"changes[0].activity": "field_activity_unknown"}},
		{"activity missing", nil,
			[]Change{{Op: OpRetireActivity, Reason: "r"}},
			FieldErrors{"changes[0].activity": "field_required"}},
		{"activity retired by an earlier change", nil,
			[]Change{{Op: OpRetireActivity, Activity: "1.2", Reason: "r"}, {Op: OpEditActivity, Activity: "1.2", Text: textPtr("x"), Reason: "r"}},
			FieldErrors{"changes[1].activity": "field_activity_unknown"}},
		{"activity renumbered by an earlier change", nil,
			[]Change{{Op: OpEditActivity, Activity: "1.5", Code: "1.9", Reason: "r"}, {Op: OpSetParties, Activity: "1.5", Responsible: []string{"cepal"}, Reason: "r"}},
			FieldErrors{"changes[1].activity": "field_activity_unknown"}},
		{"unknown objective", nil,
			[]Change{{Op: OpAddActivity, Objective: 77, Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"}},
			FieldErrors{"changes[0].objective": "field_objective_unknown"}},
		{"objective missing", nil,
			[]Change{{Op: OpMoveActivity, Activity: "1.1", Reason: "r"}},
			FieldErrors{"changes[0].objective": "field_required"}},
		{"objective retired by an earlier change", nil,
			[]Change{{Op: OpRetireObjective, Objective: 5, Reason: "r"}, {Op: OpEditObjective, Objective: 5, Text: textPtr("x"), Reason: "r"}},
			FieldErrors{"changes[1].objective": "field_objective_unknown"}},
		{"unknown area", nil,
			[]Change{{Op: OpAddObjective, Area: 9, Objective: 31, Text: textPtr("x"), Reason: "r"}},
			FieldErrors{"changes[0].area": "field_area_unknown"}},
		{"new objective without area, number or text", nil,
			[]Change{{Op: OpAddObjective, Reason: "r"}},
			FieldErrors{"changes[0].area": "field_required", "changes[0].objective": "field_required", "changes[0].text": "field_required"}},
		{"objective number taken", nil,
			[]Change{{Op: OpAddObjective, Area: 2, Objective: 2, Text: textPtr("x"), Reason: "r"}},
			FieldErrors{"changes[0].objective": "field_objective_taken"}},
		{"objective number negative", nil,
			[]Change{{Op: OpAddObjective, Area: 2, Objective: -4, Text: textPtr("x"), Reason: "r"}},
			FieldErrors{"changes[0].objective": "field_number_invalid"}},
		{"code of another objective", nil,
			[]Change{{Op: OpAddActivity, Objective: 1, Code: "2.6", Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"}},
			FieldErrors{"changes[0].code": "field_code_invalid"}},
		{"malformed codes", nil,
			[]Change{
				{Op: OpAddActivity, Objective: 1, Code: "1.06", Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"},
				{Op: OpAddActivity, Objective: 1, Code: "1.", Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"},
				{Op: OpAddActivity, Objective: 1, Code: "1.6.1", Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"},
				{Op: OpAddActivity, Objective: 1, Code: "1.0", Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"},
				{Op: OpEditActivity, Activity: "1.1", Code: " 1.7", Reason: "r"},
				{Op: OpMoveActivity, Activity: "1.1", Objective: 2, Code: "1.7", Reason: "r"},
			},
			FieldErrors{"changes[0].code": "field_code_invalid", "changes[1].code": "field_code_invalid", "changes[2].code": "field_code_invalid",
				"changes[3].code": "field_code_invalid", "changes[4].code": "field_code_invalid", "changes[5].code": "field_code_invalid"}},
		{"renumbering out of the objective", nil,
			[]Change{{Op: OpEditActivity, Activity: "1.1", Code: "2.9", Reason: "r"}},
			FieldErrors{"changes[0].code": "field_code_invalid"}},
		{"duplicate codes", nil,
			[]Change{
				{Op: OpAddActivity, Objective: 1, Code: "1.3", Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"},
				{Op: OpEditActivity, Activity: "1.4", Code: "1.5", Reason: "r"},
				{Op: OpMoveActivity, Activity: "1.4", Objective: 2, Code: "2.1", Reason: "r"},
				{Op: OpAddActivity, Objective: 3, Code: "3.2", Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"},
				{Op: OpAddActivity, Objective: 3, Code: "3.2", Text: textPtr("y"), Responsible: []string{"cepal"}, Reason: "r"},
			},
			FieldErrors{"changes[0].code": "field_code_taken", "changes[1].code": "field_code_taken", "changes[2].code": "field_code_taken", "changes[4].code": "field_code_taken"}},
		{"move within its objective", nil,
			[]Change{{Op: OpMoveActivity, Activity: "1.1", Objective: 1, Reason: "r"}},
			FieldErrors{"changes[0].objective": "field_objective_same"}},
		{"party unknown to the register", nil,
			[]Change{
				{Op: OpSetParties, Activity: "1.4", Responsible: []string{"cepal", "nadie"}, Reason: "r"},
				{Op: OpSetParties, Activity: "1.4", CoResponsible: PartyList(""), Reason: "r"},
				{Op: OpAddActivity, Objective: 1, Text: textPtr("x"), Responsible: []string{"cepal"}, CoResponsible: PartyList("otro"), Reason: "r"},
			},
			FieldErrors{"changes[0].responsible": "field_party_unknown", "changes[1].co_responsible": "field_party_unknown", "changes[2].co_responsible": "field_party_unknown"}},
		{"party twice", nil,
			[]Change{{Op: OpSetParties, Activity: "1.4", Responsible: []string{"cepal", "a4ai", "cepal"}, Reason: "r"}},
			FieldErrors{"changes[0].responsible": "field_party_duplicate"}},
		{"responsible set to nobody", nil,
			[]Change{{Op: OpSetParties, Activity: "1.4", Responsible: []string{}, Reason: "r"}},
			FieldErrors{"changes[0].responsible": "field_responsible_required"}},
		{"activity added without responsible", nil,
			[]Change{{Op: OpAddActivity, Objective: 1, Text: textPtr("x"), Reason: "r"}},
			FieldErrors{"changes[0].responsible": "field_responsible_required"}},
		{"the last change to set the responsible is blamed", nil,
			[]Change{
				{Op: OpAddActivity, Objective: 1, Text: textPtr("x"), Responsible: []string{"cepal"}, Reason: "r"},
				{Op: OpEditActivity, Activity: "1.6", Code: "1.7", Reason: "r"},
				{Op: OpSetParties, Activity: "1.7", Responsible: []string{}, Reason: "r"},
				{Op: OpSetParties, Activity: "1.7", CoResponsible: PartyList("isoc"), Reason: "r"},
			},
			FieldErrors{"changes[2].responsible": "field_responsible_required"}},
		{"an activity nobody leads, untouched", orphan,
			[]Change{{Op: OpEditActivity, Activity: "2.1", Text: textPtr("Mapear iniciativas."), Reason: "r"}},
			FieldErrors{"changes": "field_responsible_required"}},
		{"objective retired with activities left", nil,
			[]Change{{Op: OpRetireActivity, Activity: "2.1", Reason: "r"}, {Op: OpRetireObjective, Objective: 1, Reason: "r"}},
			FieldErrors{"changes[1].objective": "field_objective_not_empty"}},
		{"empty texts", nil,
			[]Change{
				{Op: OpEditActivity, Activity: "1.1", Text: textPtr(" \t"), Reason: "r"},
				{Op: OpEditActivity, Activity: "1.1", Components: []string{"Panel", ""}, Reason: "r"},
				{Op: OpAddActivity, Objective: 1, Responsible: []string{"cepal"}, Reason: "r"},
				{Op: OpEditObjective, Objective: 1, Text: textPtr(""), Reason: "r"},
				{Op: OpEditObjective, Objective: 1, Reason: "r"},
				{Op: OpEditProgramme, Title: textPtr(" "), Preamble: []string{"Uno.", " "}, Reason: "r"},
			},
			FieldErrors{"changes[0].text": "field_required", "changes[1].components[1]": "field_required", "changes[2].text": "field_required",
				"changes[3].text": "field_required", "changes[4].text": "field_required", "changes[5].title": "field_required", "changes[5].preamble[1]": "field_required"}},
		{"fields an op does not read", nil,
			[]Change{
				{Op: OpRetireActivity, Activity: "1.2", Text: textPtr("x"), Reason: "r"},
				{Op: OpEditActivity, Activity: "1.3", Objective: 2, Text: textPtr("x"), Reason: "r"},
				{Op: OpEditProgramme, Title: textPtr("x"), Area: 1, Responsible: []string{"cepal"}, Reason: "r"},
			},
			FieldErrors{"changes[0].text": "field_not_applicable", "changes[1].objective": "field_not_applicable",
				"changes[2].area": "field_not_applicable", "changes[2].responsible": "field_not_applicable"}},
		{"changes that change nothing", nil,
			[]Change{
				{Op: OpEditActivity, Activity: "1.1", Reason: "r"},
				{Op: OpSetParties, Activity: "1.1", Reason: "r"},
				{Op: OpEditProgramme, Reason: "r"},
			},
			FieldErrors{"changes[0]": "field_change_empty", "changes[1]": "field_change_empty", "changes[2]": "field_change_empty"}},
		{"several problems, each at its change", nil,
			[]Change{
				{Op: OpRetireActivity, Activity: "1.2", Reason: "r"},
				{Op: OpEditObjective, Objective: 2, Text: textPtr("x")},
				{Op: OpMoveActivity, Activity: "1.3", Objective: 9, Reason: "r"},
				{Op: OpSetParties, Activity: "1.4", Responsible: []string{"nadie"}, Reason: "r"},
			},
			FieldErrors{"changes[1].reason": "field_required", "changes[2].objective": "field_objective_unknown", "changes[3].responsible": "field_party_unknown"}},
		{"too many changes", nil, tooMany, FieldErrors{"changes": "field_too_many"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, ids := programmeV1(), idsV1()
			if tc.doc != nil {
				doc, ids = tc.doc()
			}
			d, newIDs, err := ApplyChanges(doc, ids, tc.changes, testRegister)
			var fe *InvalidFields
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v; want *InvalidFields", err)
			}
			if !reflect.DeepEqual(fe.Fields, tc.want) {
				t.Errorf("fields = %v\n          want %v", fe.Fields, tc.want)
			}
			if d != nil || newIDs != nil || ErrorCode(err) != EINVALID {
				t.Errorf("got a document, ids or code %q with the error", ErrorCode(err))
			}
		})
	}
}

// A document and ids that disagree are the caller's fault, not the user's.
func TestApplyChangesInternalErrors(t *testing.T) {
	missing := idsV1()
	delete(missing, "1.3")
	shared := idsV1()
	shared["1.3"] = "id-1.2"
	reserved := idsV1()
	reserved["1.3"] = "new:1"
	for name, tc := range map[string]struct {
		doc *Document
		ids map[string]string
	}{
		"no document":       {nil, idsV1()},
		"identity missing":  {programmeV1(), missing},
		"identity shared":   {programmeV1(), shared},
		"identity reserved": {programmeV1(), reserved},
	} {
		_, _, err := ApplyChanges(tc.doc, tc.ids, nil, testRegister)
		if err == nil || ErrorCode(err) != EINTERNAL {
			t.Errorf("%s: err = %v (%s); want an internal error", name, err, ErrorCode(err))
		}
	}
}

// Without a register, only the programme's own parties are known.
func TestApplyChangesNoRegister(t *testing.T) {
	changes := []Change{{Op: OpSetParties, Activity: "1.4", Responsible: []string{"cepal"}, CoResponsible: PartyList("a4ai"), Reason: "r"}}
	_, _, err := ApplyChanges(programmeV1(), idsV1(), changes, nil)
	var fe *InvalidFields
	if !errors.As(err, &fe) || !reflect.DeepEqual(fe.Fields, FieldErrors{"changes[0].co_responsible": "field_party_unknown"}) {
		t.Errorf("err = %v", err)
	}
}

func TestChangeJSON(t *testing.T) {
	for _, tc := range []struct {
		change Change
		json   string
	}{
		{Change{Op: OpSetParties, Activity: "1.4", CoResponsible: PartyList(), Reason: "r"},
			`{"op":"set_parties","activity":"1.4","co_responsible":[],"reason":"r"}`},
		{Change{Op: OpSetParties, Activity: "1.4", Responsible: []string{"cepal"}, Reason: "r"},
			`{"op":"set_parties","activity":"1.4","responsible":["cepal"],"reason":"r"}`},
		{Change{Op: OpEditActivity, Activity: "1.1", Components: []string{}, Reason: "r"},
			`{"op":"edit_activity","activity":"1.1","components":[],"reason":"r"}`},
		{Change{Op: OpAddActivity, Objective: 1, Code: "1.6", Text: textPtr("t"), Components: []string{"c"}, Responsible: []string{"cepal"}, CoResponsible: PartyList("isoc"), Reason: "r"},
			`{"op":"add_activity","objective":1,"code":"1.6","text":"t","components":["c"],"responsible":["cepal"],"co_responsible":["isoc"],"reason":"r"}`},
		{Change{Op: OpAddObjective, Area: 2, Objective: 4, Text: textPtr("t"), Reason: "r"},
			`{"op":"add_objective","objective":4,"area":2,"text":"t","reason":"r"}`},
		{Change{Op: OpEditProgramme, Title: textPtr("t"), Preamble: []string{}, Reason: "r"},
			`{"op":"edit_programme","title":"t","preamble":[],"reason":"r"}`},
	} {
		b, err := json.Marshal(tc.change)
		if err != nil || string(b) != tc.json {
			t.Errorf("json.Marshal = %s, %v; want %s", b, err, tc.json)
		}
		var back Change
		if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, tc.change) {
			t.Errorf("round trip of %s = %+v, %v", b, back, err)
		}
	}
	// Absent and null both mean unchanged.
	var c Change
	if err := json.Unmarshal([]byte(`{"op":"set_parties","activity":"1.4","responsible":null,"co_responsible":null,"reason":"r"}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.Responsible != nil || c.CoResponsible != nil || c.Components != nil {
		t.Errorf("null = %+v; want unchanged", c)
	}
}

func TestChangeTargets(t *testing.T) {
	changes := []Change{
		{Op: OpEditActivity, Activity: "1.5", Code: "1.9", Reason: "r"},
		{Op: OpAddActivity, Objective: 1, Text: textPtr("Nueva."), Responsible: []string{"otra"}, Reason: "r"},
		{Op: OpEditActivity, Activity: "1.9", Text: textPtr("Otra."), Reason: "r"},
		// Numbered after the highest of its objective, which is now 1.9.
		{Op: OpMoveActivity, Activity: "1.10", Objective: 2, Reason: "r"},
		{Op: OpEditObjective, Objective: 1, Text: textPtr("x"), Reason: "r"},
		{Op: OpRetireActivity, Activity: "1.2", Reason: "r"},
	}
	got, err := ChangeTargets(programmeV1(), idsV1(), changes)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"id-1.5", "new:1", "id-1.5", "new:1", "", "id-1.2"}; !slices.Equal(got, want) {
		t.Errorf("targets = %q; want %q", got, want)
	}
	if _, err := ChangeTargets(programmeV1(), idsV1(), changes[2:]); ErrorCode(err) != EINVALID {
		t.Errorf("invalid changes: err = %v", err)
	}
}

func TestParseCode(t *testing.T) {
	for code, want := range map[string]bool{
		"1.1": true, "12.10": true, "30.4": true,
		"": false, "1": false, "1.": false, ".1": false, "01.1": false, "1.01": false, "0.1": false, "1.0": false,
		"1.1.1": false, "1,1": false, "a.1": false, "1.1 ": false, "+1.1": false, "1234567.1": false,
	} {
		if _, _, ok := parseCode(code); ok != want {
			t.Errorf("parseCode(%q) ok = %v; want %v", code, ok, want)
		}
	}
}
