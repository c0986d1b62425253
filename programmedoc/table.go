package programmedoc

import (
	"strings"

	"github.com/elac/bitacora"
)

// The body of a programme document: for each area, a heading, then a table
//
//	Objetivo	Actividades	Responsable	Corresponsable
//	1. Fomentar …	1.1. Identificar …	Grupo de Trabajo … (Paraguay)	Internet Society (ISOC) y …
//		1.2. Proponer …		Asociación … (ASIET), GSM Association (GSMA)
//
// whose header row repeats where the PDF broke a page, and after it the
// footnotes of the table. The PDF merged cells down the table, so a blank
// objective cell continues the objective above, and a blank Responsable or
// Corresponsable cell repeats the value above, within the area.

// areaBuild is an area being read.
type areaBuild struct {
	area       bitacora.Area
	objectives []*objectiveBuild
	notes      []*noteBuild
	// responsible and coResponsible are what a blank cell repeats: the last
	// value written in the column in this area, nil before the first.
	responsible, coResponsible *partyCell
	sawHeader                  bool // a header row has been read
	warnedNoHeader             bool
	// titleOpen: the line after the heading may go on with its title.
	titleOpen bool
}

type objectiveBuild struct {
	objective  bitacora.Objective
	activities []*activityBuild
	marks      []markUse
	lastMinor  int // the minor number of the last activity read
}

type activityBuild struct {
	activity                   bitacora.Activity
	responsible, coResponsible *partyCell
	marks                      []markUse
}

// markUse is a footnote mark where it was used.
type markUse struct {
	mark string
	line int
}

// extend makes a source reach line ln.
func extend(s *bitacora.Source, ln int) {
	if ln > s.EndLine {
		s.EndLine = ln
	}
}

// readBody reads the lines from the first area heading to the end.
func (p *parser) readBody(first int) {
	var lastNote *noteBuild // a footnote whose text may go on on the next line
	for i := first; i < len(p.lines); i++ {
		ln, raw := i+1, p.lines[i]
		trimmed := strings.TrimSpace(raw)
		if trimmed == "" {
			lastNote = nil
			if p.area != nil {
				p.area.titleOpen = false
			}
			continue
		}
		if h, ok := matchAreaHeading(raw); ok {
			p.startArea(ln, h)
			lastNote = nil
			continue
		}
		a := p.area // never nil from here: the body starts with a heading
		titleOpen := a.titleOpen
		a.titleOpen = false
		if _, ok := matchHeaderRow(raw); ok {
			a.sawHeader = true
			extend(&a.area.Source, ln)
			lastNote = nil
			continue
		}
		if n, ok := parseFootnote(ln, trimmed); ok {
			n.note.Area = a.area.Number
			a.notes = append(a.notes, n)
			extend(&a.area.Source, ln)
			lastNote = n
			continue
		}
		if strings.ContainsRune(raw, '\t') {
			p.row(ln, raw)
			lastNote = nil
			continue
		}
		switch {
		case lastNote != nil:
			// A footnote wrapped over several lines.
			lastNote.note.Text = collapseSpace(lastNote.note.Text + " " + plainText(trimmed))
			extend(&lastNote.note.Source, ln)
			extend(&a.area.Source, ln)
		case titleOpen && isUpperText(trimmed):
			// A heading wrapped over two lines.
			a.area.Title = collapseSpace(a.area.Title + " " + stripMarkup(trimmed))
			a.titleOpen = true
			extend(&a.area.Source, ln)
		case p.isObjectiveLine(trimmed):
			// An objective-only row whose empty cells lost their tabs.
			p.row(ln, raw)
		default:
			p.warnf(ln, "unrecognised line outside the tables: %q", truncateWords(collapseSpace(trimmed), 8))
		}
	}
	p.closeArea()
}

// isObjectiveLine reports whether a line without tabs is the next objective.
func (p *parser) isObjectiveLine(t string) bool {
	n, _, ok := parseObjectiveNumber(plainText(t))
	return ok && p.area.sawHeader && n == p.lastObjective+1
}

func (p *parser) startArea(ln int, h heading) {
	p.closeArea()
	switch {
	case p.lastArea == 0:
	case h.number <= p.lastArea:
		p.warnf(ln, "area %d follows area %d: area numbers should go up", h.number, p.lastArea)
	case h.number > p.lastArea+1:
		p.warnf(ln, "area %d follows area %d: is an area missing?", h.number, p.lastArea)
	}
	if h.title == "" {
		p.warnf(ln, "area %d has no title", h.number)
	}
	if h.number > p.lastArea {
		p.lastArea = h.number
	}
	p.area = &areaBuild{
		area:      bitacora.Area{Number: h.number, Title: h.title, Source: bitacora.Lines(ln, ln)},
		titleOpen: true,
	}
	p.areas = append(p.areas, p.area)
}

// row reads one table row.
func (p *parser) row(ln int, raw string) {
	a := p.area
	cells := strings.Split(raw, "\t")
	if len(cells) > 4 {
		var extra []string
		for _, c := range cells[4:] {
			if t := plainText(c); t != "" {
				extra = append(extra, t)
			}
		}
		if len(extra) > 0 {
			p.warnf(ln, "row has %d cells, expected 4: ignored %q", len(cells), truncateWords(strings.Join(extra, " | "), 8))
		}
		cells = cells[:4]
	}
	if strings.TrimSpace(strings.Join(cells, "")) == "" {
		return
	}
	if len(cells) > 1 && len(cells) < 4 {
		p.warnf(ln, "row has %d of 4 cells (is the line cut short?): the missing cells are read as blank", len(cells))
	}
	for len(cells) < 4 {
		cells = append(cells, "")
	}
	if !a.sawHeader && !a.warnedNoHeader {
		l := p.lang
		p.warnf(ln, "table row before the header row of area %d (expected %q): read as a row",
			a.area.Number, l.Objective[0]+"\t"+l.Activities[0]+"\t"+l.Responsible[0]+"\t"+l.CoResponsible[0])
		a.warnedNoHeader = true
	}
	extend(&a.area.Source, ln)
	if strings.TrimSpace(cells[0]) != "" {
		p.objectiveCell(ln, cells[0])
	}
	var acts []*activityBuild
	if strings.TrimSpace(cells[1]) != "" {
		acts = p.activityCell(ln, cells[1])
	}
	if o := a.currentObjective(); o != nil {
		extend(&o.objective.Source, ln)
	}
	p.partyCells(ln, cells[2], cells[3], acts)
}

// currentObjective is the objective a row with a blank first cell goes on
// with: the area's last, even across a repeated header row.
func (a *areaBuild) currentObjective() *objectiveBuild {
	if len(a.objectives) == 0 {
		return nil
	}
	return a.objectives[len(a.objectives)-1]
}

// objectiveCell reads the first cell of a row: "8. Promover …".
func (p *parser) objectiveCell(ln int, cell string) {
	a := p.area
	text, marks := extractMarks(plainText(cell), false)
	if text == "" && len(marks) == 0 {
		return
	}
	n, rest, ok := parseObjectiveNumber(text)
	if !ok {
		if o := a.currentObjective(); o != nil {
			// A page break split the objective's merged cell.
			p.warnf(ln, "objective cell without a number: read as the continuation of objective %d", o.objective.Number)
			o.objective.Text = collapseSpace(o.objective.Text + " " + text)
			o.marks = append(o.marks, uses(marks, ln)...)
			return
		}
		n, rest = p.lastObjective+1, text
		p.warnf(ln, "objective without a number: read as objective %d", n)
	} else {
		p.checkObjectiveNumber(ln, n)
	}
	if rest == "" {
		p.warnf(ln, "objective %d has no text", n)
	}
	p.addObjective(ln, n, rest, marks)
}

func (p *parser) checkObjectiveNumber(ln, n int) {
	last := p.lastObjective
	switch {
	case last == 0:
	case n == last:
		p.warnf(ln, "objective %d repeats", n)
	case n < last:
		p.warnf(ln, "objective %d follows objective %d: objective numbers should go up", n, last)
	case n > last+1:
		p.warnf(ln, "objective %d follows objective %d: is an objective missing?", n, last)
	}
}

func (p *parser) addObjective(ln, n int, text string, marks []string) *objectiveBuild {
	o := &objectiveBuild{
		objective: bitacora.Objective{Number: n, Text: text, Source: bitacora.Lines(ln, ln)},
		marks:     uses(marks, ln),
	}
	p.area.objectives = append(p.area.objectives, o)
	if n > p.lastObjective {
		p.lastObjective = n
	}
	return o
}

func uses(marks []string, ln int) []markUse {
	out := make([]markUse, len(marks))
	for i, m := range marks {
		out[i] = markUse{mark: m, line: ln}
	}
	return out
}

// parseObjectiveNumber reads the number an objective's text starts with:
// "8. Promover" gives 8 and "Promover". "1.1 …" is an activity code, not an
// objective number.
func parseObjectiveNumber(text string) (int, string, bool) {
	digits := leadingDigits(text)
	n, ok := atoiSmall(digits)
	if !ok || n == 0 {
		return 0, "", false
	}
	rest := text[len(digits):]
	switch {
	case strings.HasPrefix(rest, "."), strings.HasPrefix(rest, ")"), strings.HasPrefix(rest, ":"):
		rest = rest[1:]
		if d := leadingDigits(rest); d != "" {
			return 0, "", false
		}
	case strings.HasPrefix(rest, " -"), strings.HasPrefix(rest, " –"):
		rest = strings.TrimLeft(rest, " -–")
	default:
		return 0, "", false
	}
	return n, strings.TrimSpace(rest), true
}

// partyCells reads a row's Responsable and Corresponsable cells and gives
// the row's activities their parties, carrying merged cells down the area.
func (p *parser) partyCells(ln int, respCell, coCell string, acts []*activityBuild) {
	a := p.area
	// Messages name the columns as the document does.
	respLabel, coLabel := p.lang.Responsible[0], p.lang.CoResponsible[0]
	resp := p.readPartyCell(ln, respCell)
	co := p.readPartyCell(ln, coCell)
	if resp != nil && resp.nobody {
		// A Responsable is never nobody. When the extraction lost a merged
		// Responsable cell, the cells after it shifted left: the nobody
		// words belong to the Corresponsable column.
		if co == nil {
			p.warnf(ln, "%s cell says %q and %s is blank: read as shifted left from a lost merged cell (responsible carried from above, co-responsible nobody)",
				respLabel, resp.written, coLabel)
			resp, co = nil, resp
		} else {
			p.warnf(ln, "%s cell says %q, but the %s is never nobody: responsible carried from above", respLabel, resp.written, respLabel)
			resp = nil
		}
	}
	if len(acts) == 0 {
		// An objective-only row (objective 28) neither uses nor changes the
		// carried values; a row with parties but no activity sets them.
		if resp != nil || co != nil {
			p.warnf(ln, "row has parties but no activity: they carry down to the rows below")
			if resp != nil {
				a.responsible = resp
			}
			if co != nil {
				a.coResponsible = co
			}
		}
		return
	}
	first := acts[0].activity.Code
	switch {
	case resp != nil:
		a.responsible = resp
	case a.responsible == nil:
		p.warnf(ln, "activity %s: blank %s cell in the first activity row of area %d, with nothing above to carry: no responsible",
			first, respLabel, a.area.Number)
	}
	switch {
	case co != nil:
		a.coResponsible = co
	case a.coResponsible == nil:
		p.warnf(ln, "activity %s: blank %s cell in the first activity row of area %d, with nothing above to carry: no co-responsible",
			first, coLabel, a.area.Number)
	}
	for _, act := range acts {
		act.responsible, act.coResponsible = a.responsible, a.coResponsible
	}
}

// closeArea ends the area being read: its footnote marks meet their
// definitions.
func (p *parser) closeArea() {
	if a := p.area; a != nil {
		if len(a.objectives) == 0 {
			p.warnf(a.area.Source.Line, "area %d has no table: no objective was read under its heading", a.area.Number)
		}
		p.resolveNotes(a)
		p.area = nil
	}
}

// build turns the area into its domain value, party indexes into ids.
func (a *areaBuild) build(ids func(int) string) bitacora.Area {
	out := a.area
	out.Objectives = make([]bitacora.Objective, 0, len(a.objectives))
	for _, o := range a.objectives {
		obj := o.objective
		obj.Activities = make([]bitacora.Activity, 0, len(o.activities))
		for _, act := range o.activities {
			v := act.activity
			v.Responsible = act.responsible.ids(ids)
			v.CoResponsible = act.coResponsible.ids(ids)
			if v.Components == nil {
				v.Components = []string{}
			}
			if v.Notes == nil {
				v.Notes = []string{}
			}
			obj.Activities = append(obj.Activities, v)
		}
		out.Objectives = append(out.Objectives, obj)
	}
	return out
}
