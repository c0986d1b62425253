package bitacora

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Matching a new edition of a programme document to the current programme
// turns the edition into a draft revision: each of its activities is
// matched to a current one by code and by text similarity, and the
// differences become changes whose reasons say how the match was made, for
// the Bureau to confirm or correct before approval.

// SimilarityThreshold is how alike two texts must be (0 to 1) to be taken
// for the same activity when their codes differ.
const SimilarityThreshold = 0.6

// Similarity is the Dice coefficient of two texts' words (case, accents and
// short words aside): 1 for the same words, 0 for none in common.
func Similarity(a, b string) float64 {
	wa, wb := words(a), words(b)
	if len(wa) == 0 && len(wb) == 0 {
		return 1
	}
	count := map[string]int{}
	for _, w := range wa {
		count[w]++
	}
	common := 0
	for _, w := range wb {
		if count[w] > 0 {
			count[w]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(wa)+len(wb))
}

func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(FoldAccents(strings.ToLower(s)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) > 2 {
			out = append(out, w)
		}
	}
	return out
}

// MatchEdition returns the changes that make current into edition, each
// with a reason that names the edition and how its activity was matched.
// Parties are compared by id: the edition's parties must be resolved to the
// register's ids first.
func MatchEdition(current, edition *Document, source string) []Change {
	type place struct {
		act *Activity
		obj int
	}
	var cur, ed []place
	for _, a := range current.Areas {
		for _, o := range a.Objectives {
			for i := range o.Activities {
				cur = append(cur, place{&o.Activities[i], o.Number})
			}
		}
	}
	curObjectives := map[int]*Objective{}
	for ai := range current.Areas {
		for oi := range current.Areas[ai].Objectives {
			o := &current.Areas[ai].Objectives[oi]
			curObjectives[o.Number] = o
		}
	}
	var changes []Change
	// Objectives the edition adds or rewords come first: activities may go
	// under them.
	for _, a := range edition.Areas {
		for _, o := range a.Objectives {
			text := o.Text
			switch co, ok := curObjectives[o.Number]; {
			case !ok:
				changes = append(changes, Change{Op: OpAddObjective, Area: a.Number, Objective: o.Number, Text: &text,
					Reason: fmt.Sprintf("%s: objective %d is new in this edition", source, o.Number)})
			case co.Text != o.Text:
				changes = append(changes, Change{Op: OpEditObjective, Objective: o.Number, Text: &text,
					Reason: fmt.Sprintf("%s: objective %d is worded differently", source, o.Number)})
			}
			for i := range o.Activities {
				ed = append(ed, place{&o.Activities[i], o.Number})
			}
		}
	}
	// Match: the same code with a similar text first, then the most
	// similar text among what is left.
	matched := map[*Activity]*Activity{} // edition → current
	taken := map[*Activity]bool{}
	how := map[*Activity]string{}
	for _, e := range ed {
		// The same code is the same activity unless another is clearly
		// more alike (two activities swapped numbers).
		best := 0.0
		for _, c := range cur {
			best = max(best, Similarity(c.act.Text, e.act.Text))
		}
		for _, c := range cur {
			if sim := Similarity(c.act.Text, e.act.Text); !taken[c.act] && c.act.Code == e.act.Code && sim >= SimilarityThreshold/2 && sim >= best-0.1 {
				matched[e.act], taken[c.act] = c.act, true
				how[e.act] = fmt.Sprintf("matched by code %s (text similarity %.2f)", e.act.Code, Similarity(c.act.Text, e.act.Text))
				break
			}
		}
	}
	for _, e := range ed {
		if matched[e.act] != nil {
			continue
		}
		best, score := (*Activity)(nil), SimilarityThreshold
		for _, c := range cur {
			if s := Similarity(c.act.Text, e.act.Text); !taken[c.act] && s >= score {
				best, score = c.act, s
			}
		}
		if best != nil {
			matched[e.act], taken[best] = best, true
			how[e.act] = fmt.Sprintf("matched by text to %s (similarity %.2f)", best.Code, score)
		}
	}
	curObj := map[*Activity]int{}
	for _, c := range cur {
		curObj[c.act] = c.obj
	}
	// Retire first, so that the codes they free can be taken.
	for _, c := range cur {
		if !taken[c.act] {
			changes = append(changes, Change{Op: OpRetireActivity, Activity: c.act.Code,
				Reason: fmt.Sprintf("%s: no activity of this edition matches %s", source, c.act.Code)})
		}
	}
	// Renumbering goes through temporary codes (N.901, N.902…), so that two
	// activities can swap numbers without ever sharing one.
	code := map[*Activity]string{} // edition activity → its matched one's code so far
	temp := 900
	for _, e := range ed {
		c := matched[e.act]
		if c == nil {
			continue
		}
		code[e.act] = c.Code
		if c.Code == e.act.Code && curObj[c] == e.obj {
			continue
		}
		temp++
		t := fmt.Sprintf("%d.%d", e.obj, temp)
		ch := Change{Op: OpEditActivity, Activity: c.Code, Code: t, Reason: fmt.Sprintf("%s: %s; renumbered %s", source, how[e.act], e.act.Code)}
		if curObj[c] != e.obj {
			ch = Change{Op: OpMoveActivity, Activity: c.Code, Objective: e.obj, Code: t,
				Reason: fmt.Sprintf("%s: %s; moves to objective %d", source, how[e.act], e.obj)}
		}
		changes = append(changes, ch)
		code[e.act] = t
	}
	for _, e := range ed {
		c := matched[e.act]
		if c == nil {
			continue
		}
		edit := Change{Op: OpEditActivity, Activity: code[e.act], Reason: fmt.Sprintf("%s: %s", source, how[e.act])}
		if code[e.act] != e.act.Code {
			edit.Code = e.act.Code
		}
		if c.Text != e.act.Text {
			text := e.act.Text
			edit.Text = &text
		}
		if !slices.Equal(c.Components, e.act.Components) {
			edit.Components = append([]string{}, e.act.Components...)
		}
		if edit.Code != "" || edit.Text != nil || edit.Components != nil {
			changes = append(changes, edit)
		}
		if !slices.Equal(c.Responsible, e.act.Responsible) || !slices.Equal(c.CoResponsible, e.act.CoResponsible) {
			sp := Change{Op: OpSetParties, Activity: e.act.Code, Reason: fmt.Sprintf("%s: %s; the parties differ", source, how[e.act])}
			if !slices.Equal(c.Responsible, e.act.Responsible) {
				sp.Responsible = append([]string{}, e.act.Responsible...)
			}
			if !slices.Equal(c.CoResponsible, e.act.CoResponsible) {
				sp.CoResponsible = PartyList(e.act.CoResponsible...)
			}
			changes = append(changes, sp)
		}
	}
	for _, e := range ed {
		if matched[e.act] != nil {
			continue
		}
		text := e.act.Text
		changes = append(changes, Change{Op: OpAddActivity, Objective: e.obj, Code: e.act.Code, Text: &text,
			Components: append([]string{}, e.act.Components...), Responsible: append([]string{}, e.act.Responsible...),
			CoResponsible: PartyList(e.act.CoResponsible...),
			Reason:        fmt.Sprintf("%s: activity %s is new in this edition", source, e.act.Code)})
	}
	return changes
}
