package programmedoc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

// WriteMarkdown writes a Document so that it reads like the original: the
// header, the title, the preamble, then for each area its heading, its
// table with the document's own column labels, and its footnotes. Each
// activity is a row; the objective is written in the first row of its
// activities, the parties in every row (a merged cell is resolved, so what
// the reader shows is what was understood). Components are "– " lines in
// the activity's cell; footnote marks follow the activity they concern.
func WriteMarkdown(w io.Writer, d *bitacora.Document) error {
	if d == nil {
		return errors.New("programmedoc: write Markdown: nil document")
	}
	l := languageByCode(d.Programme.Language)
	if l == nil {
		l = languages[0]
	}
	mw := &markdownWriter{w: bufio.NewWriter(w), d: d, l: l, parties: map[string]*bitacora.Party{}}
	for i := range d.Parties {
		mw.parties[d.Parties[i].ID] = &d.Parties[i]
	}
	mw.document()
	if err := mw.w.Flush(); err != nil {
		return fmt.Errorf("programmedoc: write Markdown: %w", err)
	}
	return nil
}

type markdownWriter struct {
	w       *bufio.Writer
	d       *bitacora.Document
	l       *language
	parties map[string]*bitacora.Party
}

func (m *markdownWriter) document() {
	prog, l := m.d.Programme, m.l
	var head []string
	if prog.Distribution != "" {
		head = append(head, "Distr.", prog.Distribution)
	}
	if prog.Symbol != "" {
		head = append(head, prog.Symbol)
	}
	if prog.Issued != "" {
		head = append(head, formatDate(prog.Issued, l))
	}
	if names := l.LanguageNames[prog.Language]; len(names) > 0 {
		head = append(head, "ORIGINAL: "+names[0])
	}
	if prog.JobNumber != "" {
		head = append(head, prog.JobNumber)
	}
	for i := range head {
		head[i] = escapeParagraph(head[i])
	}
	m.paragraph(strings.Join(head, "\\\n"))
	if prog.Agenda != "" {
		m.paragraph(escapeParagraph(prog.Agenda))
	}
	switch {
	case prog.Place != "" && prog.Adopted != "":
		m.paragraph(escapeParagraph(prog.Place + ", " + formatDate(prog.Adopted, l)))
	case prog.Adopted != "":
		m.paragraph(escapeParagraph(formatDate(prog.Adopted, l)))
	}
	if prog.Title != "" {
		m.paragraph("# " + escapeInline(prog.Title))
	}
	for _, p := range prog.Preamble {
		m.paragraph(escapeParagraph(p.Text))
	}
	for _, a := range m.d.Areas {
		m.area(a)
	}
}

func (m *markdownWriter) paragraph(s string) {
	if s == "" {
		return
	}
	m.w.WriteString(s)
	m.w.WriteString("\n\n")
}

func (m *markdownWriter) area(a bitacora.Area) {
	l := m.l
	m.paragraph("## " + escapeInline(l.AreaHeadings[0]+" "+strconv.Itoa(a.Number)+". "+a.Title))
	m.row(l.Objective[0], l.Activities[0], l.Responsible[0], l.CoResponsible[0])
	m.w.WriteString("| --- | --- | --- | --- |\n")
	marks := map[string]string{} // note text → mark, for this area
	var notes []bitacora.Note
	for _, n := range m.d.Notes {
		if n.Area == a.Number {
			notes = append(notes, n)
			if _, ok := marks[n.Text]; !ok {
				marks[n.Text] = n.Mark
			}
		}
	}
	for _, o := range a.Objectives {
		objective := escapeInline(strconv.Itoa(o.Number) + ". " + o.Text)
		if len(o.Activities) == 0 {
			m.row(objective, "", "", "")
		}
		for i, act := range o.Activities {
			if i > 0 {
				objective = ""
			}
			cell := escapeInline(act.Code + " " + act.Text)
			for _, c := range act.Components {
				cell += "<br>– " + escapeInline(c)
			}
			for _, n := range act.Notes {
				if mark, ok := marks[n]; ok {
					cell += " <sup>" + escapeInline(mark) + "</sup>"
				}
			}
			co := m.partyList(act.CoResponsible)
			if co == "" {
				co = escapeInline(l.Nobody[0])
			}
			m.row(objective, cell, m.partyList(act.Responsible), co)
		}
	}
	m.w.WriteString("\n")
	for _, n := range notes {
		m.paragraph("<sup>" + escapeInline(n.Mark) + "</sup> " + escapeInline(n.Text))
	}
}

func (m *markdownWriter) row(cells ...string) {
	m.w.WriteString("|")
	for _, c := range cells {
		m.w.WriteString(" ")
		m.w.WriteString(c)
		m.w.WriteString(" |")
	}
	m.w.WriteString("\n")
}

// partyList writes parties the way the document does: full names with
// their acronyms and countries, joined by commas and the conjunction.
func (m *markdownWriter) partyList(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = displayName(m.parties[id], id, m.l)
	}
	return escapeInline(joinList(names, m.l))
}

// displayName writes a party as a document would: "Red de Gobierno
// Electrónico … (Red GEALC) (Panamá)". A party missing from the register
// is written as its id.
func displayName(p *bitacora.Party, id string, l *language) string {
	if p == nil {
		return id
	}
	name := p.Name
	if p.Acronym != "" && p.Acronym != p.Name {
		name += " (" + p.Acronym + ")"
	}
	if len(p.Countries) > 0 {
		name += " (" + joinList(p.Countries, l) + ")"
	}
	return name
}

// joinList joins "A", "B", "C" as "A, B y C" in the language.
func joinList(items []string, l *language) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	last := items[len(items)-1]
	conj := l.Conjunctions[0]
	if l.ConjunctionBeforeI != "" && startsWithISound(last) {
		conj = l.ConjunctionBeforeI
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + last
}

// startsWithISound reports whether a word starts with the sound "i": "i",
// "hi", but not "hie" or "hia" ("hierro", "hiato"), where the "i" is a "y".
func startsWithISound(s string) bool {
	f := fold(s)
	switch {
	case strings.HasPrefix(f, "i"):
		return !strings.HasPrefix(f, "ia") && !strings.HasPrefix(f, "ie") && !strings.HasPrefix(f, "io") && !strings.HasPrefix(f, "iu")
	case strings.HasPrefix(f, "hi"):
		return !strings.HasPrefix(f, "hia") && !strings.HasPrefix(f, "hie") && !strings.HasPrefix(f, "hio") && !strings.HasPrefix(f, "hiu")
	}
	return false
}

// markdownEscaper escapes what Markdown would read as markup inside a line
// or a table cell.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`, "]", `\]`,
)

func escapeInline(s string) string { return markdownEscaper.Replace(s) }

// escapeParagraph escapes a line that starts a paragraph, where "# ", "> ",
// "- " or "1. " would start a heading, a quote or a list.
func escapeParagraph(s string) string {
	s = escapeInline(s)
	switch {
	case strings.HasPrefix(s, "#"), strings.HasPrefix(s, ">"), strings.HasPrefix(s, "-"),
		strings.HasPrefix(s, "+"), strings.HasPrefix(s, "="):
		return `\` + s
	}
	if d := leadingDigits(s); d != "" && len(s) > len(d) && (s[len(d)] == '.' || s[len(d)] == ')') {
		return d + `\` + s[len(d):]
	}
	return s
}
