package bitacora

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// The ops of a word diff.
const (
	WordEqual  = "=" // in both texts
	WordInsert = "+" // only in the new text
	WordDelete = "-" // only in the old text
)

// WordOp is a piece of a word diff. Joining the texts of the "=" and "-"
// ops gives the old text; joining those of the "=" and "+" ops gives the
// new one.
type WordOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// maxWordDiffCells bounds the table of the longest common subsequence
// (words of one text times words of the other, once the common start and
// end are set aside): past it the middle is shown replaced whole, so that
// a pasted book cannot exhaust memory.
const maxWordDiffCells = 1 << 20

// WordDiff compares two texts word by word. Words are split on white space
// and keep their punctuation ("datos," is a word); white space rides along
// so that the texts can be rebuilt exactly. Within each changed stretch the
// deleted text comes before the inserted one, and no two neighbouring ops
// are of the same kind. Equal texts give one "=" op, or none when empty.
func WordDiff(a, b string) []WordOp {
	var d wordDiffer
	if a == b {
		d.emit(WordEqual, a)
		return d.ops
	}
	ta, tb := splitWords(a), splitWords(b)
	// The common start and end need no table.
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		d.emit(WordEqual, ta[pre].text())
		pre++
	}
	ta, tb = ta[pre:], tb[pre:]
	suf := 0
	for suf < len(ta) && suf < len(tb) && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	end := ta[len(ta)-suf:]
	ta, tb = ta[:len(ta)-suf], tb[:len(tb)-suf]
	if len(ta)*len(tb) > maxWordDiffCells {
		for _, t := range ta {
			d.emit(WordDelete, t.text())
		}
		for _, t := range tb {
			d.emit(WordInsert, t.text())
		}
	} else {
		d.middle(ta, tb)
	}
	for _, t := range end {
		d.emit(WordEqual, t.text())
	}
	return d.flush()
}

// diffWord is a word and the white space after it. Only a text's first word
// can be empty: it holds the space the text starts with.
type diffWord struct{ word, space string }

func (w diffWord) text() string { return w.word + w.space }

func splitWords(s string) []diffWord {
	var words []diffWord
	start, inSpace := 0, false // start of the current word
	spaceAt := 0
	for i, r := range s {
		isSpace := unicode.IsSpace(r)
		switch {
		case isSpace && !inSpace:
			spaceAt, inSpace = i, true
		case !isSpace && inSpace:
			words = append(words, diffWord{s[start:spaceAt], s[spaceAt:i]})
			start, inSpace = i, false
		}
	}
	if !inSpace {
		spaceAt = len(s)
	}
	if start < len(s) {
		words = append(words, diffWord{s[start:spaceAt], s[spaceAt:]})
	}
	return words
}

// wordDiffer gathers ops: the changes since the last equal stretch wait
// in del and ins, so that a changed stretch reads "-" then "+".
type wordDiffer struct {
	ops      []WordOp
	del, ins strings.Builder
}

func (d *wordDiffer) emit(op, text string) {
	switch {
	case text == "":
	case op == WordDelete:
		d.del.WriteString(text)
	case op == WordInsert:
		d.ins.WriteString(text)
	default:
		d.flushChanges()
		if n := len(d.ops); n > 0 && d.ops[n-1].Op == WordEqual {
			d.ops[n-1].Text += text
		} else {
			d.ops = append(d.ops, WordOp{WordEqual, text})
		}
	}
}

func (d *wordDiffer) flushChanges() {
	if d.del.Len() > 0 {
		d.ops = append(d.ops, WordOp{WordDelete, d.del.String()})
		d.del.Reset()
	}
	if d.ins.Len() > 0 {
		d.ops = append(d.ops, WordOp{WordInsert, d.ins.String()})
		d.ins.Reset()
	}
}

func (d *wordDiffer) flush() []WordOp {
	d.flushChanges()
	return d.ops
}

// middle diffs two runs of words by their longest common subsequence of
// words; a word found in both whose trailing space differs keeps the word
// equal and shows the space changed.
func (d *wordDiffer) middle(a, b []diffWord) {
	n, m := len(a), len(b)
	// lcs[i*(m+1)+j] is the length of the LCS of a[i:] and b[j:].
	lcs := make([]int32, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].word == b[j].word {
				lcs[i*(m+1)+j] = lcs[(i+1)*(m+1)+j+1] + 1
			} else {
				lcs[i*(m+1)+j] = max(lcs[(i+1)*(m+1)+j], lcs[i*(m+1)+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i].word == b[j].word:
			d.emit(WordEqual, a[i].word)
			if a[i].space != b[j].space {
				d.emit(WordDelete, a[i].space)
				d.emit(WordInsert, b[j].space)
			} else {
				d.emit(WordEqual, a[i].space)
			}
			i++
			j++
		case lcs[(i+1)*(m+1)+j] >= lcs[i*(m+1)+j+1]:
			d.emit(WordDelete, a[i].text())
			i++
		default:
			d.emit(WordInsert, b[j].text())
			j++
		}
	}
	for ; i < n; i++ {
		d.emit(WordDelete, a[i].text())
	}
	for ; j < m; j++ {
		d.emit(WordInsert, b[j].text())
	}
}

// What can happen to an activity between two versions, in the order
// ActivityDiff.Kinds lists them. An objective is added, retired or
// reworded.
const (
	DiffAdded      = "added"
	DiffRetired    = "retired"
	DiffMoved      = "moved"      // its objective or its number changed
	DiffReworded   = "reworded"   // its text or its components changed
	DiffReassigned = "reassigned" // its responsible or co-responsible parties changed
)

// ActivityDiff is what happened to one activity between two versions.
// Code and Objective are where it is in the new version (empty when
// retired), OldCode and OldObjective where it was in the old one (empty
// when added).
//
// Text is the word diff of its text when reworded; when added or retired
// it is the whole text, inserted or deleted, and so are the components and
// the parties of the side it exists on, so that an entry can be shown by
// itself. The party lists are set (non-nil, empty meaning nobody) when
// reassigned, added or retired.
type ActivityDiff struct {
	Identity     string   `json:"identity"`
	Code         string   `json:"code,omitempty"`
	OldCode      string   `json:"old_code,omitempty"`
	Objective    int      `json:"objective,omitempty"`
	OldObjective int      `json:"old_objective,omitempty"`
	Kinds        []string `json:"kinds"`
	Text         []WordOp `json:"text,omitempty"`
	// ComponentsAdded and ComponentsRemoved are the component texts found
	// only in the new version and only in the old one (a reworded
	// component is one of each).
	ComponentsAdded     []string `json:"components_added,omitempty"`
	ComponentsRemoved   []string `json:"components_removed,omitempty"`
	ResponsibleBefore   []string `json:"responsible_before,omitzero"`
	ResponsibleAfter    []string `json:"responsible_after,omitzero"`
	CoResponsibleBefore []string `json:"co_responsible_before,omitzero"`
	CoResponsibleAfter  []string `json:"co_responsible_after,omitzero"`
	// Reasons are the reasons of the changes that made this difference,
	// filled by the caller (see ChangeTargets), not by DiffDocuments.
	Reasons []string `json:"reasons,omitempty"`
}

// Has reports whether the activity's difference includes kind.
func (d *ActivityDiff) Has(kind string) bool { return slices.Contains(d.Kinds, kind) }

// ObjectiveDiff is what happened to one objective: added, retired or
// reworded. Text is the word diff of its text (whole when added or
// retired).
type ObjectiveDiff struct {
	Number int      `json:"number"`
	Kind   string   `json:"kind"`
	Text   []WordOp `json:"text,omitempty"`
	// Reasons are filled by the caller, as for activities.
	Reasons []string `json:"reasons,omitempty"`
}

// Diff is what changed between two versions of a programme.
type Diff struct {
	// From and To are the versions' numbers, set by the caller.
	From int `json:"from"`
	To   int `json:"to"`
	// Title is the word diff of the title, nil when unchanged.
	Title []WordOp `json:"title,omitempty"`
	// Preamble is the word diff of the preamble, its paragraphs joined by
	// "\n\n" (so a "\n\n" in an op's text is a paragraph break); nil when
	// unchanged.
	Preamble []WordOp `json:"preamble,omitempty"`
	// Objectives are in order of number, activities in the natural order
	// of their codes in the new version (retired ones of their old codes).
	Objectives []ObjectiveDiff `json:"objectives"`
	Activities []ActivityDiff  `json:"activities"`
}

// Empty reports whether the two versions are the same.
func (d *Diff) Empty() bool {
	return d.Title == nil && d.Preamble == nil && len(d.Objectives) == 0 && len(d.Activities) == 0
}

// DiffDocuments compares two versions of a programme, matching activities
// by identity (idsA and idsB map code → identity), never by code alone: an
// activity renumbered is "moved", not retired and added. An activity
// missing from its map is matched with nothing. Objectives, which have no
// other identity, are matched by number. A nil document is an empty one
// (so the first version compares with nil as all added).
func DiffDocuments(a, b *Document, idsA, idsB map[string]string) Diff {
	if a == nil {
		a = &Document{}
	}
	if b == nil {
		b = &Document{}
	}
	d := Diff{Objectives: []ObjectiveDiff{}, Activities: []ActivityDiff{}}
	if a.Programme.Title != b.Programme.Title {
		d.Title = WordDiff(a.Programme.Title, b.Programme.Title)
	}
	if pa, pb := preambleText(a), preambleText(b); pa != pb {
		d.Preamble = WordDiff(pa, pb)
	}
	d.Objectives = diffObjectives(a, b)
	d.Activities = diffActivities(a, b, idsA, idsB)
	return d
}

func preambleText(d *Document) string {
	ps := make([]string, len(d.Programme.Preamble))
	for i, p := range d.Programme.Preamble {
		ps[i] = p.Text
	}
	return strings.Join(ps, "\n\n")
}

func diffObjectives(a, b *Document) []ObjectiveDiff {
	old, cur := objectivesByNumber(a), objectivesByNumber(b)
	out := []ObjectiveDiff{}
	for n, oa := range old {
		if _, ok := cur[n]; !ok {
			out = append(out, ObjectiveDiff{Number: n, Kind: DiffRetired, Text: WordDiff(oa.Text, "")})
		}
	}
	for n, ob := range cur {
		oa, ok := old[n]
		switch {
		case !ok:
			out = append(out, ObjectiveDiff{Number: n, Kind: DiffAdded, Text: WordDiff("", ob.Text)})
		case oa.Text != ob.Text:
			out = append(out, ObjectiveDiff{Number: n, Kind: DiffReworded, Text: WordDiff(oa.Text, ob.Text)})
		}
	}
	slices.SortFunc(out, func(x, y ObjectiveDiff) int { return cmp.Compare(x.Number, y.Number) })
	return out
}

func objectivesByNumber(d *Document) map[int]*Objective {
	m := map[int]*Objective{}
	for ai := range d.Areas {
		for oi := range d.Areas[ai].Objectives {
			o := &d.Areas[ai].Objectives[oi]
			m[o.Number] = o
		}
	}
	return m
}

// placed is an activity and the objective it is under.
type placedActivity struct {
	act       *Activity
	objective int
}

// activitiesByIdentity indexes a document's activities by identity; one
// missing from ids gets an identity of its own (side + code), matched with
// nothing.
func activitiesByIdentity(d *Document, ids map[string]string, side string) map[string]placedActivity {
	m := map[string]placedActivity{}
	for ai := range d.Areas {
		for oi := range d.Areas[ai].Objectives {
			o := &d.Areas[ai].Objectives[oi]
			for k := range o.Activities {
				act := &o.Activities[k]
				id, ok := ids[act.Code]
				if !ok || id == "" {
					id = side + ":" + act.Code
				}
				m[id] = placedActivity{act, o.Number}
			}
		}
	}
	return m
}

func diffActivities(a, b *Document, idsA, idsB map[string]string) []ActivityDiff {
	old := activitiesByIdentity(a, idsA, "unidentified-a")
	cur := activitiesByIdentity(b, idsB, "unidentified-b")
	out := []ActivityDiff{}
	for id, pa := range old {
		if _, ok := cur[id]; ok {
			continue
		}
		out = append(out, ActivityDiff{
			Identity:            id,
			OldCode:             pa.act.Code,
			OldObjective:        pa.objective,
			Kinds:               []string{DiffRetired},
			Text:                WordDiff(pa.act.Text, ""),
			ComponentsRemoved:   nilIfEmpty(pa.act.Components),
			ResponsibleBefore:   partyIDs(pa.act.Responsible),
			CoResponsibleBefore: partyIDs(pa.act.CoResponsible),
		})
	}
	for id, pb := range cur {
		pa, ok := old[id]
		if !ok {
			out = append(out, ActivityDiff{
				Identity:           id,
				Code:               pb.act.Code,
				Objective:          pb.objective,
				Kinds:              []string{DiffAdded},
				Text:               WordDiff("", pb.act.Text),
				ComponentsAdded:    nilIfEmpty(pb.act.Components),
				ResponsibleAfter:   partyIDs(pb.act.Responsible),
				CoResponsibleAfter: partyIDs(pb.act.CoResponsible),
			})
			continue
		}
		ad := ActivityDiff{
			Identity:     id,
			Code:         pb.act.Code,
			OldCode:      pa.act.Code,
			Objective:    pb.objective,
			OldObjective: pa.objective,
		}
		if pa.objective != pb.objective || pa.act.Code != pb.act.Code {
			ad.Kinds = append(ad.Kinds, DiffMoved)
		}
		if pa.act.Text != pb.act.Text || !slices.Equal(pa.act.Components, pb.act.Components) {
			ad.Kinds = append(ad.Kinds, DiffReworded)
			if pa.act.Text != pb.act.Text {
				ad.Text = WordDiff(pa.act.Text, pb.act.Text)
			}
			ad.ComponentsRemoved, ad.ComponentsAdded = multisetDiff(pa.act.Components, pb.act.Components)
		}
		if !slices.Equal(pa.act.Responsible, pb.act.Responsible) || !slices.Equal(pa.act.CoResponsible, pb.act.CoResponsible) {
			ad.Kinds = append(ad.Kinds, DiffReassigned)
			ad.ResponsibleBefore = partyIDs(pa.act.Responsible)
			ad.ResponsibleAfter = partyIDs(pb.act.Responsible)
			ad.CoResponsibleBefore = partyIDs(pa.act.CoResponsible)
			ad.CoResponsibleAfter = partyIDs(pb.act.CoResponsible)
		}
		if len(ad.Kinds) > 0 {
			out = append(out, ad)
		}
	}
	slices.SortFunc(out, func(x, y ActivityDiff) int {
		return cmp.Or(
			CompareCodes(cmp.Or(x.Code, x.OldCode), cmp.Or(y.Code, y.OldCode)),
			// At the same code, the retired one first: it left the
			// number the other took.
			cmp.Compare(intOfBool(x.Code != ""), intOfBool(y.Code != "")),
			strings.Compare(x.Identity, y.Identity),
		)
	})
	return out
}

// nilIfEmpty copies a list, nil when empty.
func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// partyIDs copies a list of party ids, never nil: an empty list is nobody.
func partyIDs(ids []string) []string { return append([]string{}, ids...) }

// multisetDiff returns the texts only in a and only in b, counting
// repeats, each in its list's order.
func multisetDiff(a, b []string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, s := range b {
		count[s]++
	}
	for _, s := range a {
		if count[s] > 0 {
			count[s]--
		} else {
			onlyA = append(onlyA, s)
		}
	}
	count = map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		if count[s] > 0 {
			count[s]--
		} else {
			onlyB = append(onlyB, s)
		}
	}
	return onlyA, onlyB
}

// CompareCodes orders activity codes naturally, number by number: 1.9
// before 1.10 before 2.1. Parts that are not numbers compare as text, after
// numbers; a code comes before the codes it begins (1 before 1.1).
func CompareCodes(a, b string) int {
	for a != "" && b != "" {
		var pa, pb string
		pa, a, _ = strings.Cut(a, ".")
		pb, b, _ = strings.Cut(b, ".")
		if c := compareCodePart(pa, pb); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareCodePart(a, b string) int {
	na, nb := allDigits(a), allDigits(b)
	switch {
	case na && nb:
		// Compare numbers of any length without parsing: strip leading
		// zeros, then the longer is larger.
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
	case na != nb:
		if na {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func intOfBool(b bool) int {
	if b {
		return 1
	}
	return 0
}
