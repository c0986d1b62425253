package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
)

// The forms that add a change to a draft: one per kind of change, each
// asking only what that kind needs, in the words people use. Activities
// and objectives are picked from lists; parties are typed by name with the
// register's names, acronyms and aliases offered (a datalist: searchable
// without a script), and never by id; editing something starts from what
// it says today.

// partySlot is one input of a party list: "Responsible party 2".
type partySlot struct {
	ID, Name, Label, Value, Error string
}

// partyChoice is one party the datalist offers.
type partyChoice struct{ Value, Label string }

// changeForm is the form of one kind of change.
type changeForm struct {
	Op, Title, Hint string
	// Step one of the kinds that start from something that exists: pick
	// the activity or the objective (a GET form), then edit it.
	PickActivity, PickObjective bool
	Targets                     []option
	Activity                    string // the chosen activity's code
	Objective                   int    // the chosen objective's number
	TargetText                  string // what the chosen one says today
	// Which fields the kind asks for.
	ObjectiveField, AreaField, NumberField, CodeField, TextField, ComponentsField, TitleField, PreambleField bool
	ObjectiveOptions, AreaOptions                                                                            []option
	Responsible, CoResponsible                                                                               []partySlot
}

// opKinds lists the kinds of change and the link that opens each form.
type opLink struct {
	Label, Href string
	Current     bool
}

// shorten cuts s to n characters for a list, at a space where it can.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndex(string(r), " "); i > n/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

func activityOptions(doc *bitacora.Document, selected string) []option {
	var opts []option
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, t := range o.Activities {
				opts = append(opts, option{Value: t.Code, Label: t.Code + " — " + shorten(t.Text, 90), Selected: t.Code == selected})
			}
		}
	}
	return opts
}

func objectiveOptions(l *locale.Localizer, doc *bitacora.Document, selected int) []option {
	var opts []option
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			opts = append(opts, option{Value: strconv.Itoa(o.Number), Label: l.T("objective_heading", "Number", o.Number) + " — " + shorten(o.Text, 80),
				Selected: o.Number == selected})
		}
	}
	return opts
}

func areaOptions(doc *bitacora.Document, selected int) []option {
	var opts []option
	for _, a := range doc.Areas {
		opts = append(opts, option{Value: strconv.Itoa(a.Number), Label: strconv.Itoa(a.Number) + ". " + shorten(a.Title, 80), Selected: a.Number == selected})
	}
	return opts
}

func findActivity(doc *bitacora.Document, code string) *bitacora.Activity {
	for ai := range doc.Areas {
		for oi := range doc.Areas[ai].Objectives {
			for ti := range doc.Areas[ai].Objectives[oi].Activities {
				if t := &doc.Areas[ai].Objectives[oi].Activities[ti]; t.Code == code {
					return t
				}
			}
		}
	}
	return nil
}

func findObjective(doc *bitacora.Document, n int) *bitacora.Objective {
	for ai := range doc.Areas {
		for oi := range doc.Areas[ai].Objectives {
			if o := &doc.Areas[ai].Objectives[oi]; o.Number == n {
				return o
			}
		}
	}
	return nil
}

// partyNames resolves what a person typed into a party input to the
// register: a party's name, acronym or one of its aliases, whatever the
// case and accents. It answers the party's id, or "".
type partyNames struct {
	byKey  map[string]string // folded name, acronym, alias → id
	byID   map[string]bitacora.Party
	choice []partyChoice
}

func foldName(s string) string {
	return strings.Join(strings.Fields(bitacora.FoldAccents(strings.ToLower(s))), " ")
}

func newPartyNames(register []bitacora.Party) *partyNames {
	pn := &partyNames{byKey: map[string]string{}, byID: map[string]bitacora.Party{}}
	for _, p := range register {
		pn.byID[p.ID] = p
		// A name wins over another party's acronym or alias.
		pn.byKey[foldName(p.Name)] = p.ID
	}
	for _, p := range register {
		others := append([]string{p.Acronym}, p.Aliases...)
		for _, n := range p.Names {
			if !slices.Contains(others, n.Name) && n.Name != p.Name {
				others = append(others, n.Name)
			}
		}
		for _, a := range others {
			if k := foldName(a); k != "" {
				if _, taken := pn.byKey[k]; !taken {
					pn.byKey[k] = p.ID
				}
			}
		}
		label := strings.Join(slices.DeleteFunc(others, func(s string) bool { return s == "" }), " · ")
		pn.choice = append(pn.choice, partyChoice{Value: p.Name, Label: label})
	}
	slices.SortFunc(pn.choice, func(a, b partyChoice) int { return strings.Compare(foldName(a.Value), foldName(b.Value)) })
	return pn
}

// id answers the party a name means, "" for none.
func (pn *partyNames) id(name string) string { return pn.byKey[foldName(name)] }

// name answers how a party is called, its id if the register lost it.
func (pn *partyNames) name(id string) string {
	if p, ok := pn.byID[id]; ok {
		return p.Name
	}
	return id
}

func (pn *partyNames) names(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = pn.name(id)
	}
	return strings.Join(out, ", ")
}

// slots makes the inputs of a party list: the parties given, then empty
// ones to add more (at least min inputs, and one spare).
func (pn *partyNames) slots(l *locale.Localizer, field, labelKey string, ids []string, minimum int) []partySlot {
	n := max(len(ids)+1, minimum)
	out := make([]partySlot, n)
	for i := range out {
		out[i] = partySlot{ID: "f-" + field + "-" + strconv.Itoa(i+1), Name: field, Label: l.T(labelKey, "Number", i+1)}
		if i < len(ids) {
			out[i].Value = pn.name(ids[i])
		}
	}
	return out
}

// refill puts back what was typed into a party list, with the error of
// each input that named no party.
func (pn *partyNames) refill(l *locale.Localizer, field, labelKey string, typed []string, minimum int) []partySlot {
	out := pn.slots(l, field, labelKey, nil, max(minimum, len(typed)+1))
	for i, v := range typed {
		out[i].Value = v
		if strings.TrimSpace(v) != "" && pn.id(v) == "" {
			out[i].Error = l.T("revision_party_unknown", "Name", strings.TrimSpace(v))
		}
	}
	return out
}

// partyIDs reads a party list from the form: each non-empty input must
// name a party. ok is false if one does not.
func (pn *partyNames) partyIDs(typed []string) (ids []string, ok bool) {
	ok = true
	ids = []string{}
	for _, v := range typed {
		if strings.TrimSpace(v) == "" {
			continue
		}
		id := pn.id(v)
		if id == "" {
			ok = false
			continue
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, ok
}

// newChangeForm makes the form of op for the programme as it stands,
// starting from the target the query names (activity=…, objective=…).
func newChangeForm(l *locale.Localizer, doc *bitacora.Document, pn *partyNames, op bitacora.ChangeOp, q url.Values) *changeForm {
	f := &changeForm{Op: string(op), Title: l.T("op_" + string(op)), Hint: l.T("op_hint_" + string(op))}
	needActivity := op == bitacora.OpEditActivity || op == bitacora.OpRetireActivity || op == bitacora.OpMoveActivity || op == bitacora.OpSetParties
	needObjective := op == bitacora.OpEditObjective || op == bitacora.OpRetireObjective
	if needActivity {
		code := q.Get("activity")
		a := findActivity(doc, code)
		if a == nil {
			f.PickActivity, f.Targets = true, activityOptions(doc, code)
			return f
		}
		f.Activity, f.TargetText = a.Code, a.Text
		switch op {
		case bitacora.OpEditActivity:
			f.CodeField, f.TextField, f.ComponentsField = true, true, true
		case bitacora.OpMoveActivity:
			f.ObjectiveField, f.CodeField = true, true
			f.ObjectiveOptions = objectiveOptions(l, doc, 0)
		case bitacora.OpSetParties:
			f.Responsible = pn.slots(l, "responsible", "revision_responsible_n", a.Responsible, 2)
			f.CoResponsible = pn.slots(l, "co_responsible", "revision_co_responsible_n", a.CoResponsible, 3)
		}
		return f
	}
	if needObjective {
		n, _ := strconv.Atoi(q.Get("objective"))
		o := findObjective(doc, n)
		if o == nil {
			f.PickObjective, f.Targets = true, objectiveOptions(l, doc, n)
			return f
		}
		f.Objective, f.TargetText = o.Number, o.Text
		f.TextField = op == bitacora.OpEditObjective
		return f
	}
	switch op {
	case bitacora.OpAddActivity:
		f.ObjectiveField, f.CodeField, f.TextField, f.ComponentsField = true, true, true, true
		f.ObjectiveOptions = objectiveOptions(l, doc, 0)
		f.Responsible = pn.slots(l, "responsible", "revision_responsible_n", nil, 2)
		f.CoResponsible = pn.slots(l, "co_responsible", "revision_co_responsible_n", nil, 3)
	case bitacora.OpAddObjective:
		f.AreaField, f.NumberField, f.TextField = true, true, true
		f.AreaOptions = areaOptions(doc, 0)
	case bitacora.OpEditProgramme:
		f.TitleField, f.PreambleField = true, true
	}
	return f
}

// startValues are what the fields of a form say before anyone types: what
// the thing edited says today.
func (f *changeForm) startValues(doc *bitacora.Document, values map[string]string) {
	switch bitacora.ChangeOp(f.Op) {
	case bitacora.OpEditActivity:
		if a := findActivity(doc, f.Activity); a != nil {
			values["code"], values["text"], values["components"] = a.Code, a.Text, strings.Join(a.Components, "\n")
		}
	case bitacora.OpEditObjective:
		if o := findObjective(doc, f.Objective); o != nil {
			values["text"] = o.Text
		}
	case bitacora.OpEditProgramme:
		var paras []string
		for _, p := range doc.Programme.Preamble {
			paras = append(paras, p.Text)
		}
		values["title"], values["preamble"] = doc.Programme.Title, strings.Join(paras, "\n\n")
	}
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	out := []string{}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// paragraphs splits a textarea into paragraphs separated by blank lines.
func paragraphs(s string) []string {
	out := []string{}
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// changeFromForm reads the change a kind's form posted, against the
// programme as it stands: only what differs from today is set, so that a
// form that starts from the current text changes only what was edited.
// Field errors are keyed by the form's field names.
func changeFromForm(form url.Values, doc *bitacora.Document, pn *partyNames) (bitacora.Change, bitacora.FieldErrors) {
	fe := bitacora.FieldErrors{}
	op := bitacora.ChangeOp(form.Get("op"))
	c := bitacora.Change{Op: op, Reason: strings.TrimSpace(form.Get("reason"))}
	if !op.Valid() {
		fe["op"] = "field_op_unknown"
		return c, fe
	}
	text := strings.TrimSpace(form.Get("text"))
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(form.Get(name)))
		if err != nil || n <= 0 {
			fe[name] = "field_number_invalid"
		}
		return n
	}
	parties := func(field string) []string {
		ids, ok := pn.partyIDs(form[field])
		if !ok {
			fe[field] = "field_party_unknown"
		}
		return ids
	}
	var current *bitacora.Activity
	if c.Activity = strings.TrimSpace(form.Get("activity")); c.Activity != "" {
		current = findActivity(doc, c.Activity)
	}
	switch op {
	case bitacora.OpAddActivity:
		c.Objective = num("objective")
		c.Code = strings.TrimSpace(form.Get("code"))
		c.Text = &text
		if comps := lines(form.Get("components")); len(comps) > 0 {
			c.Components = comps
		}
		c.Responsible = parties("responsible")
		c.CoResponsible = bitacora.PartyList(parties("co_responsible")...)
	case bitacora.OpEditActivity:
		if current == nil {
			fe["activity"] = "field_activity_unknown"
			break
		}
		if code := strings.TrimSpace(form.Get("code")); code != current.Code {
			c.Code = code
		}
		if text != current.Text {
			c.Text = &text
		}
		if comps := lines(form.Get("components")); !slices.Equal(comps, current.Components) && !(len(comps) == 0 && len(current.Components) == 0) {
			c.Components = comps
		}
		if c.Code == "" && c.Text == nil && c.Components == nil {
			fe["text"] = "field_nothing_changes"
		}
	case bitacora.OpRetireActivity:
		if current == nil {
			fe["activity"] = "field_activity_unknown"
		}
	case bitacora.OpMoveActivity:
		if current == nil {
			fe["activity"] = "field_activity_unknown"
		}
		c.Objective = num("objective")
		c.Code = strings.TrimSpace(form.Get("code"))
	case bitacora.OpSetParties:
		if current == nil {
			fe["activity"] = "field_activity_unknown"
			break
		}
		if resp := parties("responsible"); !slices.Equal(resp, current.Responsible) {
			c.Responsible = resp
		}
		if co := parties("co_responsible"); !slices.Equal(co, current.CoResponsible) && !(len(co) == 0 && len(current.CoResponsible) == 0) {
			c.CoResponsible = bitacora.PartyList(co...)
		}
		if c.Responsible == nil && c.CoResponsible == nil && len(fe) == 0 {
			fe["responsible"] = "field_nothing_changes"
		}
	case bitacora.OpAddObjective:
		c.Area = num("area")
		c.Objective = num("number")
		c.Text = &text
	case bitacora.OpEditObjective, bitacora.OpRetireObjective:
		c.Objective = num("objective")
		if op == bitacora.OpEditObjective {
			if o := findObjective(doc, c.Objective); o != nil && o.Text == text {
				fe["text"] = "field_nothing_changes"
			}
			c.Text = &text
		}
	case bitacora.OpEditProgramme:
		if title := strings.TrimSpace(form.Get("title")); title != doc.Programme.Title {
			c.Title = &title
		}
		var now []string
		for _, p := range doc.Programme.Preamble {
			now = append(now, strings.Join(strings.Fields(p.Text), " "))
		}
		if pre := paragraphs(form.Get("preamble")); !slices.Equal(pre, now) && !(len(pre) == 0 && len(now) == 0) {
			c.Preamble = pre
		}
		if c.Title == nil && c.Preamble == nil {
			fe["title"] = "field_nothing_changes"
		}
	}
	if c.Reason == "" {
		fe["reason"] = "field_required"
	}
	return c, fe
}

// changeFieldName maps a field of a change (its JSON name, as the domain's
// errors key it) to the form's input.
func changeFieldName(op bitacora.ChangeOp, field string) string {
	if op == bitacora.OpAddObjective && field == "objective" {
		return "number"
	}
	return field
}
