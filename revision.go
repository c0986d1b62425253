package bitacora

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ChangeOp is what one change of a revision does to the programme.
type ChangeOp string

// The changes a revision can make. The comment after each names the fields
// of Change it reads; any other field set is an error (field_not_applicable).
const (
	OpAddActivity     ChangeOp = "add_activity"     // Objective, Text; optional Code (default: next free N.M), Components, Responsible, CoResponsible (nil: nobody)
	OpEditActivity    ChangeOp = "edit_activity"    // Activity; at least one of Code (renumber within its objective), Text, Components
	OpRetireActivity  ChangeOp = "retire_activity"  // Activity
	OpMoveActivity    ChangeOp = "move_activity"    // Activity, Objective (destination); optional Code (default: next free N.M in the destination)
	OpSetParties      ChangeOp = "set_parties"      // Activity; Responsible and/or CoResponsible
	OpAddObjective    ChangeOp = "add_objective"    // Area, Objective (its number), Text
	OpEditObjective   ChangeOp = "edit_objective"   // Objective, Text
	OpRetireObjective ChangeOp = "retire_objective" // Objective, which must have no activities left by then
	OpEditProgramme   ChangeOp = "edit_programme"   // Title and/or Preamble
)

// ChangeOps lists every op, in the order a form offers them.
var ChangeOps = []ChangeOp{
	OpAddActivity, OpEditActivity, OpRetireActivity, OpMoveActivity, OpSetParties,
	OpAddObjective, OpEditObjective, OpRetireObjective, OpEditProgramme,
}

// Valid reports whether op is a known op.
func (op ChangeOp) Valid() bool { return slices.Contains(ChangeOps, op) }

// Limits on a revision.
const (
	MaxChanges = 1000 // changes in one revision
	MaxReason  = 2000 // characters of a change's reason
)

// Change is one change of a revision, with the reason the Bureau gives for
// it. Which fields an op reads is listed with the ops.
//
// Lists tell "unchanged" from "set": for Components, Responsible and
// Preamble a nil slice means unchanged and a non-nil one, even empty, sets
// the list (JSON: the field absent or null, against [] — hence omitzero).
// CoResponsible is a pointer because "nobody" is an ordinary value there
// and a form that collects no party must not silently mean "unchanged":
// nil is unchanged, a pointer to an empty list is nobody (PartyList()).
type Change struct {
	Op ChangeOp `json:"op"`
	// Activity is the code of the target activity at the time the change
	// applies (after the earlier changes of the same revision).
	Activity string `json:"activity,omitempty"`
	// Objective is the target objective, the destination of a move, the
	// objective a new activity goes under, or the number of a new one.
	Objective     int       `json:"objective,omitempty"`
	Area          int       `json:"area,omitempty"`
	Code          string    `json:"code,omitempty"`
	Text          *string   `json:"text,omitempty"`
	Components    []string  `json:"components,omitzero"`
	Responsible   []string  `json:"responsible,omitzero"`
	CoResponsible *[]string `json:"co_responsible,omitempty"`
	Title         *string   `json:"title,omitempty"`
	Preamble      []string  `json:"preamble,omitzero"`
	Reason        string    `json:"reason"`
}

// PartyList returns a pointer to a non-nil list of the given party ids, for
// Change.CoResponsible: PartyList() sets the co-responsible parties to
// nobody.
func PartyList(ids ...string) *[]string {
	l := append([]string{}, ids...)
	return &l
}

// changeFields lists, for each op, the fields of Change it reads, by their
// JSON names.
var changeFields = map[ChangeOp][]string{
	OpAddActivity:     {"objective", "code", "text", "components", "responsible", "co_responsible"},
	OpEditActivity:    {"activity", "code", "text", "components"},
	OpRetireActivity:  {"activity"},
	OpMoveActivity:    {"activity", "objective", "code"},
	OpSetParties:      {"activity", "responsible", "co_responsible"},
	OpAddObjective:    {"area", "objective", "text"},
	OpEditObjective:   {"objective", "text"},
	OpRetireObjective: {"objective"},
	OpEditProgramme:   {"title", "preamble"},
}

// setFields returns the JSON names of the fields c sets, op and reason
// aside.
func (c *Change) setFields() []string {
	var f []string
	add := func(name string, set bool) {
		if set {
			f = append(f, name)
		}
	}
	add("activity", c.Activity != "")
	add("objective", c.Objective != 0)
	add("area", c.Area != 0)
	add("code", c.Code != "")
	add("text", c.Text != nil)
	add("components", c.Components != nil)
	add("responsible", c.Responsible != nil)
	add("co_responsible", c.CoResponsible != nil)
	add("title", c.Title != nil)
	add("preamble", c.Preamble != nil)
	return f
}

// ApplyChanges applies changes in order to a deep copy of doc (doc itself
// is never modified). ids maps each activity code of doc to its identity;
// the result maps each activity code of the new document to its identity,
// with new activities given identities "new:1", "new:2"… in order of
// addition. party(id) returns a party of the register (nil if unknown): a
// change may name a party that this programme did not name before; it is
// then appended to the new document's Parties.
//
// Each change is checked when it applies, against the document as the
// earlier changes left it; a change found wrong is skipped and the next
// ones still checked, so that one answer lists every problem. Then the
// result is checked whole: every activity needs a responsible party. The
// error is an *InvalidFields keyed "changes[i].field" (JSON field names),
// or a plain (internal) error when doc and ids disagree.
//
// Texts are trimmed. Unchanged and edited items keep their Source; new
// items have none. New and moved activities go at the end of their
// objective; a new objective goes among its area's objectives by number.
// Parties no longer named stay in Parties: it lists who the programme has
// named, with where they were first named.
func ApplyChanges(doc *Document, ids map[string]string, changes []Change, party func(id string) *Party) (*Document, map[string]string, error) {
	r, err := newReviser(doc, ids, party)
	if err != nil {
		return nil, nil, err
	}
	if err := r.run(changes); err != nil {
		return nil, nil, err
	}
	return r.doc, r.ids, nil
}

// ChangeTargets returns, for each change, the identity of the activity it
// concerns ("" for changes to objectives or to the programme), resolving
// codes change by change as ApplyChanges does, so that a caller can attach
// each change's reason to the right ActivityDiff even when codes moved.
// New activities have the identities ApplyChanges gives them ("new:1"…).
// The changes must be valid for doc: the error is ApplyChanges's.
func ChangeTargets(doc *Document, ids map[string]string, changes []Change) ([]string, error) {
	// Parties do not decide which activity a change concerns: accept any.
	anyParty := func(id string) *Party { return &Party{ID: id} }
	r, err := newReviser(doc, ids, anyParty)
	if err != nil {
		return nil, err
	}
	if err := r.run(changes); err != nil {
		return nil, err
	}
	return r.targets, nil
}

// reviser applies a revision's changes to its own copy of a document.
type reviser struct {
	doc      *Document
	ids      map[string]string // code → identity, for the document as it stands
	party    func(id string) *Party
	register map[string]*Party // what party() answered, by id
	fe       FieldErrors
	added    int
	// responsibleBy holds, by identity, the change that last set an
	// activity's responsible parties (or added it): the one to blame when
	// it ends up with none.
	responsibleBy map[string]int
	targets       []string
}

func newReviser(doc *Document, ids map[string]string, party func(string) *Party) (*reviser, error) {
	if doc == nil {
		return nil, fmt.Errorf("revision: no document")
	}
	r := &reviser{
		doc:           cloneDocument(doc),
		ids:           make(map[string]string, len(ids)),
		party:         party,
		register:      map[string]*Party{},
		fe:            FieldErrors{},
		responsibleBy: map[string]int{},
	}
	seen := map[string]string{}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				id, ok := ids[act.Code]
				switch {
				case !ok || id == "":
					return nil, fmt.Errorf("revision: activity %s has no identity", act.Code)
				case seen[id] != "":
					return nil, fmt.Errorf("revision: activities %s and %s share identity %q", seen[id], act.Code, id)
				case strings.HasPrefix(id, "new:"):
					return nil, fmt.Errorf("revision: activity %s has identity %q, reserved for new activities", act.Code, id)
				}
				if _, dup := r.ids[act.Code]; dup {
					return nil, fmt.Errorf("revision: two activities are numbered %s", act.Code)
				}
				seen[id] = act.Code
				r.ids[act.Code] = id
			}
		}
	}
	return r, nil
}

func (r *reviser) run(changes []Change) error {
	if len(changes) > MaxChanges {
		return &InvalidFields{Fields: FieldErrors{"changes": "field_too_many"}}
	}
	r.targets = make([]string, len(changes))
	for i := range changes {
		r.apply(i, &changes[i])
	}
	// The document as a whole: every activity needs someone to lead it.
	for _, a := range r.doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				if len(act.Responsible) > 0 {
					continue
				}
				key := "changes"
				if i, ok := r.responsibleBy[r.ids[act.Code]]; ok {
					key = fmt.Sprintf("changes[%d].responsible", i)
				}
				r.set(key, "field_responsible_required")
			}
		}
	}
	return r.fe.Check()
}

// set records the first problem found with a field.
func (r *reviser) set(key, msg string) {
	if _, ok := r.fe[key]; !ok {
		r.fe[key] = msg
	}
}

// changeCheck collects what is wrong with one change; ok says whether it may be
// applied (a bad reason does not stop it: it changes nothing in the
// document, and applying it spares the later changes false alarms).
type changeCheck struct {
	r      *reviser
	i      int // the change's index
	prefix string
	ok     bool
}

func (c *changeCheck) fail(field, msg string) {
	key := c.prefix
	if field != "" {
		key += "." + field
	}
	c.r.set(key, msg)
	c.ok = false
}

func (r *reviser) apply(i int, ch *Change) {
	c := &changeCheck{r: r, i: i, prefix: fmt.Sprintf("changes[%d]", i), ok: true}
	switch reason := strings.TrimSpace(ch.Reason); {
	case reason == "":
		r.set(c.prefix+".reason", "field_required")
	case utf8.RuneCountInString(reason) > MaxReason:
		r.set(c.prefix+".reason", "field_reason_long")
	}
	allowed, known := changeFields[ch.Op]
	if !known {
		c.fail("op", "field_op_unknown")
		return
	}
	for _, f := range ch.setFields() {
		if !slices.Contains(allowed, f) {
			c.fail(f, "field_not_applicable")
		}
	}
	if !c.ok {
		return
	}
	switch ch.Op {
	case OpAddActivity:
		r.addActivity(c, ch)
	case OpEditActivity:
		r.editActivity(c, ch)
	case OpRetireActivity:
		r.retireActivity(c, ch)
	case OpMoveActivity:
		r.moveActivity(c, ch)
	case OpSetParties:
		r.setParties(c, ch)
	case OpAddObjective:
		r.addObjective(c, ch)
	case OpEditObjective:
		r.editObjective(c, ch)
	case OpRetireObjective:
		r.retireObjective(c, ch)
	case OpEditProgramme:
		r.editProgramme(c, ch)
	}
}

func (r *reviser) addActivity(c *changeCheck, ch *Change) {
	o := r.targetObjective(c, ch.Objective)
	text := c.text("text", ch.Text, true)
	comps := c.texts("components", ch.Components)
	r.checkParties(c, "responsible", ch.Responsible)
	var co []string
	if ch.CoResponsible != nil {
		co = *ch.CoResponsible
		r.checkParties(c, "co_responsible", co)
	}
	if o == nil {
		return
	}
	code := ch.Code
	if code == "" {
		code = r.nextCode(o.Number)
	} else {
		r.checkCode(c, code, o.Number)
	}
	if !c.ok {
		return
	}
	r.added++
	id := fmt.Sprintf("new:%d", r.added)
	o.Activities = append(o.Activities, Activity{
		Code:          code,
		Text:          text,
		Components:    orEmpty(comps),
		Responsible:   r.useParties(ch.Responsible),
		CoResponsible: r.useParties(co),
		Notes:         []string{},
	})
	r.ids[code] = id
	r.responsibleBy[id] = c.i
	r.targets[c.i] = id
}

func (r *reviser) editActivity(c *changeCheck, ch *Change) {
	act, o := r.targetActivity(c, ch.Activity)
	if ch.Code == "" && ch.Text == nil && ch.Components == nil {
		c.fail("", "field_change_empty")
	}
	text := c.text("text", ch.Text, false)
	comps := c.texts("components", ch.Components)
	if act == nil {
		return
	}
	renumber := ch.Code != "" && ch.Code != act.Code
	if renumber {
		r.checkCode(c, ch.Code, o.Number)
	}
	if !c.ok {
		return
	}
	r.targets[c.i] = r.ids[act.Code]
	if renumber {
		r.ids[ch.Code] = r.ids[act.Code]
		delete(r.ids, act.Code)
		act.Code = ch.Code
	}
	if ch.Text != nil {
		act.Text = text
	}
	if ch.Components != nil {
		act.Components = comps
	}
}

func (r *reviser) retireActivity(c *changeCheck, ch *Change) {
	act, o := r.targetActivity(c, ch.Activity)
	if act == nil || !c.ok {
		return
	}
	r.targets[c.i] = r.ids[act.Code]
	delete(r.ids, act.Code)
	o.Activities = slices.DeleteFunc(o.Activities, func(a Activity) bool { return a.Code == ch.Activity })
}

func (r *reviser) moveActivity(c *changeCheck, ch *Change) {
	act, from := r.targetActivity(c, ch.Activity)
	to := r.targetObjective(c, ch.Objective)
	if act == nil || to == nil {
		return
	}
	if to.Number == from.Number {
		c.fail("objective", "field_objective_same")
		return
	}
	code := ch.Code
	if code == "" {
		code = r.nextCode(to.Number)
	} else {
		r.checkCode(c, code, to.Number)
	}
	if !c.ok {
		return
	}
	moved := *act
	id := r.ids[moved.Code]
	r.targets[c.i] = id
	from.Activities = slices.DeleteFunc(from.Activities, func(a Activity) bool { return a.Code == moved.Code })
	delete(r.ids, moved.Code)
	moved.Code = code
	// Deleting from one objective's slice leaves the others in place, so
	// to still points at the destination.
	to.Activities = append(to.Activities, moved)
	r.ids[code] = id
}

func (r *reviser) setParties(c *changeCheck, ch *Change) {
	act, _ := r.targetActivity(c, ch.Activity)
	if ch.Responsible == nil && ch.CoResponsible == nil {
		c.fail("", "field_change_empty")
	}
	r.checkParties(c, "responsible", ch.Responsible)
	if ch.CoResponsible != nil {
		r.checkParties(c, "co_responsible", *ch.CoResponsible)
	}
	if act == nil || !c.ok {
		return
	}
	id := r.ids[act.Code]
	r.targets[c.i] = id
	if ch.Responsible != nil {
		act.Responsible = r.useParties(ch.Responsible)
		r.responsibleBy[id] = c.i
	}
	if ch.CoResponsible != nil {
		act.CoResponsible = r.useParties(*ch.CoResponsible)
	}
}

func (r *reviser) addObjective(c *changeCheck, ch *Change) {
	var area *Area
	switch ai := slices.IndexFunc(r.doc.Areas, func(a Area) bool { return a.Number == ch.Area }); {
	case ch.Area == 0:
		c.fail("area", "field_required")
	case ai < 0:
		c.fail("area", "field_area_unknown")
	default:
		area = &r.doc.Areas[ai]
	}
	switch {
	case ch.Objective == 0:
		c.fail("objective", "field_required")
	case ch.Objective < 0:
		c.fail("objective", "field_number_invalid")
	case r.objective(ch.Objective) != nil:
		c.fail("objective", "field_objective_taken")
	}
	text := c.text("text", ch.Text, true)
	if !c.ok {
		return
	}
	at := slices.IndexFunc(area.Objectives, func(o Objective) bool { return o.Number > ch.Objective })
	if at < 0 {
		at = len(area.Objectives)
	}
	area.Objectives = slices.Insert(area.Objectives, at, Objective{
		Number:     ch.Objective,
		Text:       text,
		Activities: []Activity{},
	})
}

func (r *reviser) editObjective(c *changeCheck, ch *Change) {
	o := r.targetObjective(c, ch.Objective)
	text := c.text("text", ch.Text, true)
	if o == nil || !c.ok {
		return
	}
	o.Text = text
}

func (r *reviser) retireObjective(c *changeCheck, ch *Change) {
	o := r.targetObjective(c, ch.Objective)
	if o == nil {
		return
	}
	if len(o.Activities) > 0 {
		c.fail("objective", "field_objective_not_empty")
	}
	if !c.ok {
		return
	}
	for ai := range r.doc.Areas {
		a := &r.doc.Areas[ai]
		a.Objectives = slices.DeleteFunc(a.Objectives, func(o Objective) bool { return o.Number == ch.Objective })
	}
}

func (r *reviser) editProgramme(c *changeCheck, ch *Change) {
	if ch.Title == nil && ch.Preamble == nil {
		c.fail("", "field_change_empty")
	}
	title := c.text("title", ch.Title, false)
	paras := c.texts("preamble", ch.Preamble)
	if !c.ok {
		return
	}
	p := &r.doc.Programme
	if ch.Title != nil {
		p.Title = title
	}
	if ch.Preamble != nil {
		// A paragraph keeps the source of the one it replaces, by
		// position: an edited item keeps its Source.
		pre := make([]Paragraph, len(paras))
		for k, t := range paras {
			pre[k].Text = t
			if k < len(p.Preamble) {
				pre[k].Source = p.Preamble[k].Source
			}
		}
		p.Preamble = pre
	}
}

// targetActivity finds the activity a change names, and its objective.
func (r *reviser) targetActivity(c *changeCheck, code string) (*Activity, *Objective) {
	if code == "" {
		c.fail("activity", "field_required")
		return nil, nil
	}
	for ai := range r.doc.Areas {
		for oi := range r.doc.Areas[ai].Objectives {
			o := &r.doc.Areas[ai].Objectives[oi]
			for k := range o.Activities {
				if o.Activities[k].Code == code {
					return &o.Activities[k], o
				}
			}
		}
	}
	c.fail("activity", "field_activity_unknown")
	return nil, nil
}

// targetObjective finds the objective a change names.
func (r *reviser) targetObjective(c *changeCheck, n int) *Objective {
	if n == 0 {
		c.fail("objective", "field_required")
		return nil
	}
	o := r.objective(n)
	if o == nil {
		c.fail("objective", "field_objective_unknown")
	}
	return o
}

func (r *reviser) objective(n int) *Objective {
	for ai := range r.doc.Areas {
		for oi := range r.doc.Areas[ai].Objectives {
			if o := &r.doc.Areas[ai].Objectives[oi]; o.Number == n {
				return o
			}
		}
	}
	return nil
}

// checkCode checks a new code for an activity under objective n.
func (r *reviser) checkCode(c *changeCheck, code string, n int) {
	if on, _, ok := parseCode(code); !ok || on != n {
		c.fail("code", "field_code_invalid")
	} else if _, taken := r.ids[code]; taken {
		c.fail("code", "field_code_taken")
	}
}

// nextCode returns the code after the highest under objective n.
func (r *reviser) nextCode(n int) string {
	next := 1
	for code := range r.ids {
		if on, m, ok := parseCode(code); ok && on == n && m >= next {
			next = m + 1
		}
	}
	return fmt.Sprintf("%d.%d", n, next)
}

// parseCode splits a code "N.M" into its numbers: positive decimals
// without leading zeros.
func parseCode(code string) (n, m int, ok bool) {
	ns, ms, found := strings.Cut(code, ".")
	if !found {
		return 0, 0, false
	}
	if n, ok = parsePositive(ns); !ok {
		return 0, 0, false
	}
	if m, ok = parsePositive(ms); !ok {
		return 0, 0, false
	}
	return n, m, true
}

func parsePositive(s string) (int, bool) {
	if s == "" || len(s) > 6 || s[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// checkParties checks a list of party ids: each known, none twice.
func (r *reviser) checkParties(c *changeCheck, field string, ids []string) {
	for k, id := range ids {
		switch {
		case !r.knownParty(id):
			c.fail(field, "field_party_unknown")
		case slices.Contains(ids[:k], id):
			c.fail(field, "field_party_duplicate")
		}
	}
}

func (r *reviser) knownParty(id string) bool {
	if id == "" {
		return false
	}
	if r.doc.Party(id) != nil {
		return true
	}
	p, asked := r.register[id]
	if !asked {
		if r.party != nil {
			p = r.party(id)
		}
		r.register[id] = p
	}
	return p != nil
}

// useParties returns a copy of a checked list of party ids, first adding
// to the document's parties those it did not name yet.
func (r *reviser) useParties(ids []string) []string {
	for _, id := range ids {
		if r.doc.Party(id) == nil {
			p := cloneParty(*r.register[id])
			p.ID = id
			r.doc.Parties = append(r.doc.Parties, p)
		}
	}
	return append([]string{}, ids...)
}

// text checks and trims a text a change sets.
func (c *changeCheck) text(field string, s *string, required bool) string {
	if s == nil {
		if required {
			c.fail(field, "field_required")
		}
		return ""
	}
	t := strings.TrimSpace(*s)
	if t == "" {
		c.fail(field, "field_required")
	}
	return t
}

// texts checks and trims a list of texts, none of which may be empty.
func (c *changeCheck) texts(field string, list []string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for k, s := range list {
		out[k] = strings.TrimSpace(s)
		if out[k] == "" {
			c.fail(fmt.Sprintf("%s[%d]", field, k), "field_required")
		}
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// cloneDocument returns a deep copy of d: nothing in it shares memory with
// d, and nil and empty lists stay as they were.
func cloneDocument(d *Document) *Document {
	c := *d
	c.Programme.Preamble = slices.Clone(d.Programme.Preamble)
	c.Parties = slices.Clone(d.Parties)
	for i := range c.Parties {
		c.Parties[i] = cloneParty(c.Parties[i])
	}
	c.Areas = slices.Clone(d.Areas)
	for i := range c.Areas {
		a := &c.Areas[i]
		a.Objectives = slices.Clone(a.Objectives)
		for j := range a.Objectives {
			o := &a.Objectives[j]
			o.Activities = slices.Clone(o.Activities)
			for k := range o.Activities {
				act := &o.Activities[k]
				act.Components = slices.Clone(act.Components)
				act.Responsible = slices.Clone(act.Responsible)
				act.CoResponsible = slices.Clone(act.CoResponsible)
				act.Notes = slices.Clone(act.Notes)
			}
		}
	}
	c.Notes = slices.Clone(d.Notes)
	c.Warnings = slices.Clone(d.Warnings)
	return &c
}

func cloneParty(p Party) Party {
	p.Countries = slices.Clone(p.Countries)
	p.CountryCodes = slices.Clone(p.CountryCodes)
	p.Aliases = slices.Clone(p.Aliases)
	return p
}

// Version is one version of a programme: the document as it stood, and
// which activity is which across versions.
type Version struct {
	Number     int               `json:"number"`
	ApprovedOn string            `json:"approved_on"`
	RevisionID int64             `json:"revision_id,omitempty"`
	Reasons    []string          `json:"reasons"`
	Document   *Document         `json:"-"`
	Identities map[string]string `json:"-"` // activity code → identity
	Changes    []Change          `json:"changes,omitempty"`
	Title      string            `json:"title,omitempty"`
}

// Revision is a change set: a draft until the Bureau approves it, then a
// new version.
type Revision struct {
	ID              int64    `json:"id"`
	Programme       string   `json:"programme"`
	BaseVersion     int      `json:"base_version"`
	State           string   `json:"state"` // draft, proposed (sent to the Bureau) or approved
	Title           string   `json:"title"`
	Changes         []Change `json:"changes"`
	Version         int      `json:"version"` // bumped by every edit of the draft
	CreatedBy       string   `json:"created_by"`
	EditedBy        []string `json:"edited_by"` // who edited the draft after its drafter, as actors
	CreatedAt       string   `json:"created_at"`
	UpdatedAt       string   `json:"updated_at"`
	ApprovedAt      string   `json:"approved_at,omitempty"`
	ApprovedVersion int      `json:"approved_version,omitempty"`
	// ProposedAt and ProposedBy say when and by whom the draft was sent
	// to the Bureau (state proposed); ReturnedAt, ReturnedBy and
	// ReturnComment, when the Bureau last sent it back, and why.
	ProposedAt    string `json:"proposed_at,omitempty"`
	ProposedBy    string `json:"proposed_by,omitempty"`
	ReturnedAt    string `json:"returned_at,omitempty"`
	ReturnedBy    string `json:"returned_by,omitempty"`
	ReturnComment string `json:"return_comment,omitempty"`
}

// The states of a revision: drafted and edited by the Bureau or the
// secretariat, sent to the Bureau, approved as a version. The Bureau may
// send a proposed revision back to draft, with a comment.
const (
	RevisionDraft    = "draft"
	RevisionProposed = "proposed"
	RevisionApproved = "approved"
)

// MaxReturnComment is the longest comment the Bureau may send a revision
// back with, in characters.
const MaxReturnComment = 2000

// Authors returns who drafted and edited the revision, as actors.
func (r *Revision) Authors() []string { return append([]string{r.CreatedBy}, r.EditedBy...) }
