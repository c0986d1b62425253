package programmedoc

import (
	"strings"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

// Footnotes: a cell value carries a mark ("Red GEALC (Panamá) ^a") and the
// table is followed by its definition ("^aRotará de acuerdo con la
// presidencia de la Red GEALC"). A mark means the footnote of the area whose
// table it is in: marks are scoped to their area, since every table may
// start its marks again at "a".

// noteBuild is a footnote definition being read.
type noteBuild struct {
	note bitacora.Note
	used bool
}

// parseFootnote reads a footnote definition: a line starting with a mark —
// "^a", "^1", "^*", a superscript "ᵃ", or "<sup>a</sup>" — then its text.
// Unlike a mark in a cell, the definition's mark may be glued to a word
// ("^aRotará"): a letter mark is one letter.
func parseFootnote(ln int, line string) (*noteBuild, bool) {
	if !strings.HasPrefix(line, "^") && !strings.HasPrefix(line, "<") {
		r := firstRune(line)
		if _, ok := superscriptMarks[r]; !ok {
			return nil, false
		}
	}
	s := strings.ReplaceAll(line, "\t", " ")
	if strings.HasPrefix(s, "<") {
		s = collapseSpace(plainText(s))
	}
	var mark string
	switch r, size := utf8.DecodeRuneInString(s); {
	case r == '^':
		s = s[size:]
		if d := leadingDigits(s); d != "" && len(d) <= 2 {
			mark, s = d, s[len(d):]
		} else if s != "" && (isASCIILetter(s[0]) || s[0] == '*') {
			mark, s = strings.ToLower(s[:1]), s[1:]
		}
	default:
		if m, ok := superscriptMarks[r]; ok {
			mark, s = m, s[size:]
		}
	}
	text := collapseSpace(plainText(strings.TrimLeft(s, " .)")))
	if mark == "" || text == "" {
		return nil, false
	}
	return &noteBuild{note: bitacora.Note{Mark: mark, Text: text, Source: bitacora.Lines(ln, ln)}}, true
}

// resolveNotes gives each activity of the area the texts of the footnotes
// marked in its row — on the activity, on its objective, or on the party
// cells it holds, written or carried down — and reports marks without a
// definition and definitions without a mark.
func (p *parser) resolveNotes(a *areaBuild) {
	defs := map[string]*noteBuild{}
	for _, n := range a.notes {
		if first, ok := defs[n.note.Mark]; ok {
			p.warnf(n.note.Source.Line, "footnote %q is defined twice in area %d (first at line %d): the first is kept",
				n.note.Mark, a.area.Number, first.note.Source.Line)
			continue
		}
		defs[n.note.Mark] = n
	}
	undefined := map[string]bool{}
	resolve := func(u markUse) *noteBuild {
		def, ok := defs[u.mark]
		if !ok {
			if !undefined[u.mark] {
				p.warnf(u.line, "footnote mark %q has no definition after the table of area %d", u.mark, a.area.Number)
				undefined[u.mark] = true
			}
			return nil
		}
		def.used = true
		return def
	}
	for _, o := range a.objectives {
		if len(o.activities) == 0 {
			for _, u := range o.marks {
				resolve(u)
			}
		}
		for _, act := range o.activities {
			var uses []markUse
			uses = append(uses, o.marks...)
			uses = append(uses, act.marks...)
			uses = append(uses, act.responsible.markUses()...)
			uses = append(uses, act.coResponsible.markUses()...)
			for _, u := range uses {
				if def := resolve(u); def != nil {
					act.activity.Notes = appendUnique(act.activity.Notes, def.note.Text)
				}
			}
		}
	}
	// Marks on a cell value that no activity ended up holding still count
	// as used: their definition is not stray.
	for _, c := range []*partyCell{a.responsible, a.coResponsible} {
		for _, u := range c.markUses() {
			resolve(u)
		}
	}
	for _, n := range a.notes {
		if !n.used && defs[n.note.Mark] == n {
			p.warnf(n.note.Source.Line, "footnote %q is not used in the table of area %d", n.note.Mark, a.area.Number)
		}
	}
}
