package programmedoc

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

// An activity cell holds one activity or more ("17.1 Alentar … 17.2
// Contribuir …"), each a code, a text, and maybe a list of components:
// <li> items or items introduced by "– " ("– Panel …", "– Taller …"), and a
// deliverable the extraction glued to the end of the text.

// activityCode is a code read at the start of an activity: "1.1.", "4.4".
type activityCode struct {
	major, minor int
	end          int // the index after the code and its punctuation
}

func (c activityCode) String() string {
	return strconv.Itoa(c.major) + "." + strconv.Itoa(c.minor)
}

// parseCode reads an activity code at the start of s: digits, a dot,
// digits, maybe a closing dot, ")" or ":", then a space, the end, or a
// letter after the closing punctuation. "1.1.1" and "2.0" are not codes.
func parseCode(s string) (activityCode, bool) {
	d1 := leadingDigits(s)
	major, ok := atoiSmall(d1)
	if !ok || major == 0 || len(s) <= len(d1) || s[len(d1)] != '.' {
		return activityCode{}, false
	}
	i := len(d1) + 1
	d2 := leadingDigits(s[i:])
	minor, ok := atoiSmall(d2)
	if !ok || len(d2) > 3 || minor == 0 {
		return activityCode{}, false
	}
	i += len(d2)
	punct := false
	if i < len(s) && (s[i] == '.' || s[i] == ')' || s[i] == ':') {
		i++
		punct = true
	}
	if i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r), r == itemMark, r == listEndMark:
		case punct && unicode.IsLetter(r):
		default:
			return activityCode{}, false
		}
	}
	return activityCode{major: major, minor: minor, end: i}, true
}

// activitySegment is the part of a cell that belongs to one activity.
type activitySegment struct {
	code    activityCode
	hasCode bool
	body    string // the text after the code, with its list marks
}

// splitActivities splits a cell at its activity codes. It splits only at a
// code that continues the numbering of the first one — same objective
// number, next minor number — standing after a space, outside parentheses
// and quotes, and followed by a capital (an activity starts with a verb),
// so that "@prende 2.0" or "(véase 4.2)" never split an activity.
func splitActivities(cell string) []activitySegment {
	s := strings.TrimLeftFunc(cell, func(r rune) bool { return unicode.IsSpace(r) || r == listEndMark })
	first, ok := parseCode(s)
	if !ok {
		return []activitySegment{{body: s}}
	}
	var segs []activitySegment
	cur := activitySegment{code: first, hasCode: true}
	start := first.end
	next := first.minor + 1
	depth, quoted := 0, false
	prev := ' '
	for i, r := range s {
		if i < first.end {
			continue
		}
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		case '"':
			quoted = !quoted
		case '“', '«':
			depth++
		case '”', '»':
			if depth > 0 {
				depth--
			}
		}
		if r >= '1' && r <= '9' && depth == 0 && !quoted && (unicode.IsSpace(prev) || prev == itemMark || prev == listEndMark) {
			if c, ok := parseCode(s[i:]); ok && c.major == first.major && c.minor == next &&
				unicode.IsUpper(firstRune(strings.TrimLeftFunc(s[i+c.end:], unicode.IsSpace))) {
				cur.body = s[start:i]
				segs = append(segs, cur)
				c.end += i
				cur = activitySegment{code: c, hasCode: true}
				start = c.end
				next++
			}
		}
		prev = r
	}
	cur.body = s[start:]
	return append(segs, cur)
}

// splitComponents splits an activity's part of a cell into its text and its
// components. Text after the end of a list (after </ul>) that starts no new
// item goes back to the activity's text; trailing reports whether there
// was any.
func splitComponents(body string) (text string, components []string, trailing bool) {
	parts := strings.Split(body, string(itemMark))
	text = dropMarks(parts[0])
	for _, part := range parts[1:] {
		item, after, found := strings.Cut(part, string(listEndMark))
		if c := collapseSpace(item); c != "" {
			components = append(components, c)
		}
		if found {
			if t := collapseSpace(dropMarks(after)); t != "" {
				text += " " + t
				trailing = true
			}
		}
	}
	return collapseSpace(text), components, trailing
}

// gluedDeliverable finds a deliverable that the extraction glued to the end
// of an activity's text, as in 1.3 "… de banda ancha Informe anual del
// estado de la banda ancha …", and returns the byte offset where it starts,
// or -1. It is a deliverable noun of the language (Informe, Estudio, Taller
// …), capitalised, directly after a lower-case word that is not an article
// or a preposition, outside parentheses and quotes: where a sentence would
// never capitalise it.
func (l *language) gluedDeliverable(text string) int {
	depth, quoted := 0, false
	prevWord := ""
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		wordDepth, wordQuoted := depth, quoted
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				break
			}
			switch r {
			case '(', '[', '“', '«':
				depth++
			case ')', ']', '”', '»':
				if depth > 0 {
					depth--
				}
			case '"':
				quoted = !quoted
			}
			i += size
		}
		word := text[start:i]
		if prevWord != "" && wordDepth == 0 && !wordQuoted && unicode.IsUpper(firstRune(word)) &&
			isLowerWord(prevWord) && !l.particles[fold(prevWord)] && l.isDeliverableAt(text[start:]) {
			return start
		}
		prevWord = word
	}
	return -1
}

// isLowerWord reports whether w is a plain lower-case word: letters (and
// inner hyphens) only, starting with a lower-case letter, no punctuation
// after it — a word that ends a sentence or a clause is not "glued".
func isLowerWord(w string) bool {
	if !unicode.IsLower(firstRune(w)) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' {
			return false
		}
	}
	return !strings.HasSuffix(w, "-")
}

// isDeliverableAt reports whether s starts with one of the language's
// deliverable nouns, as whole words.
func (l *language) isDeliverableAt(s string) bool {
	if len(s) > 80 { // four words are enough, and the rest may be long
		s = s[:80]
	}
	words := strings.Fields(s)
	if len(words) > 4 {
		words = words[:4]
	}
	for i, w := range words {
		words[i] = strings.TrimRightFunc(fold(w), func(r rune) bool { return unicode.IsPunct(r) })
	}
	for _, d := range l.deliverables {
		if hasPrefixWords(words, d) {
			return true
		}
	}
	return false
}

// activityCell reads a row's activity cell and returns its activities.
func (p *parser) activityCell(ln int, cell string) []*activityBuild {
	text, cut := reduceHTML(cell)
	if cut {
		p.warnf(ln, "an HTML tag is not closed: the rest of the activity cell is lost")
	}
	var out []*activityBuild
	for _, seg := range splitActivities(markDashItems(text)) {
		body, marks := extractMarks(seg.body, false)
		actText, comps, trailing := splitComponents(body)
		o := p.area.currentObjective()
		code := seg.code
		if !seg.hasCode {
			if p.continueActivity(ln, o, actText, comps, marks) {
				continue
			}
			if o == nil {
				p.warnf(ln, "activity without a code and without an objective before it in area %d: skipped", p.area.area.Number)
				continue
			}
			code = activityCode{major: o.objective.Number, minor: o.lastMinor + 1}
			p.warnf(ln, "activity without a code: numbered %s", code)
		}
		if o == nil {
			p.warnf(ln, "activity %s has no objective before it in area %d: kept under an objective %d with no text",
				code, p.area.area.Number, code.major)
			o = p.addObjective(ln, code.major, "", nil)
		}
		p.checkActivityCode(ln, o, code)
		if trailing {
			p.warnf(ln, "activity %s: text after its list of components read as part of its text", code)
		}
		if actText == "" {
			p.warnf(ln, "activity %s has no text", code)
		}
		if at := p.lang.gluedDeliverable(actText); at >= 0 {
			glued := strings.TrimSpace(actText[at:])
			p.warnf(ln, "activity %s: %q read as a deliverable glued to the end of the text", code, truncateWords(glued, 6))
			actText = strings.TrimSpace(actText[:at])
			comps = append([]string{glued}, comps...)
		}
		act := &activityBuild{
			activity: bitacora.Activity{
				Code:       code.String(),
				Text:       actText,
				Components: comps,
				Source:     bitacora.Lines(ln, ln),
			},
			marks: uses(marks, ln),
		}
		o.activities = append(o.activities, act)
		out = append(out, act)
	}
	return out
}

// continueActivity reads a part of a cell without a code as the rest of
// the activity above, when it can only be that: list items with no text
// before them (a list broken by a page), or text that starts in lower case
// (a sentence broken by a page). It reports whether it did.
func (p *parser) continueActivity(ln int, o *objectiveBuild, text string, comps []string, marks []string) bool {
	if o == nil || len(o.activities) == 0 {
		return false
	}
	last := o.activities[len(o.activities)-1]
	act := &last.activity
	switch {
	case text == "" && len(comps) > 0:
		p.warnf(ln, "list items without an activity code: read as more components of activity %s above", act.Code)
	case text != "" && unicode.IsLower(firstRune(text)):
		p.warnf(ln, "activity text without a code, starting in lower case: read as the continuation of activity %s above", act.Code)
		if n := len(act.Components); n > 0 {
			act.Components[n-1] += " " + text
		} else {
			act.Text = collapseSpace(act.Text + " " + text)
		}
	default:
		return false
	}
	act.Components = append(act.Components, comps...)
	last.marks = append(last.marks, uses(marks, ln)...)
	extend(&act.Source, ln)
	return true
}

// checkActivityCode checks an activity's code against its objective and
// the codes read so far.
func (p *parser) checkActivityCode(ln int, o *objectiveBuild, code activityCode) {
	n := o.objective.Number
	if code.major != n {
		p.warnf(ln, "activity %s is under objective %d", code, n)
	}
	if first, ok := p.codes[code.String()]; ok {
		p.warnf(ln, "activity %s repeats (first at line %d)", code, first)
	} else {
		p.codes[code.String()] = ln
		switch {
		case o.lastMinor == 0 && code.minor > 1:
			p.warnf(ln, "activity %s is the first of objective %d: is an activity missing?", code, n)
		case code.minor < o.lastMinor:
			p.warnf(ln, "activity %s follows activity %d.%d: activity numbers should go up", code, n, o.lastMinor)
		case code.minor > o.lastMinor+1:
			p.warnf(ln, "activity %s follows activity %d.%d: is an activity missing?", code, n, o.lastMinor)
		}
	}
	if code.minor > o.lastMinor {
		o.lastMinor = code.minor
	}
}
