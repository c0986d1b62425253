// Package programmedoc reads a programme of activities — the text extracted
// from its published PDF: a header, a preamble, then numbered action areas,
// each a tab-separated table of objectives, activities, responsible and
// co-responsible parties — into a *bitacora.Document, and writes a Document
// out as JSON, Markdown and CSV.
//
// It is a pure parser: text in, Document out, no I/O but the reader or
// writer it is handed and no state shared between calls. What it cannot
// read, or reads only by a rule worth checking, it reports as a Warning
// with its line number, and reads on; only a file that is not a programme
// at all is an error.
//
// The words it looks for (headings, column labels, "No se aplica", months,
// party-kind prefixes…) are data, one set per language, in labels.go; the
// countries a working group may be chaired by are in countries.go.
package programmedoc

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/elac/bitacora"
)

// MaxSize is the largest document Parse reads, in bytes.
const MaxSize = 20 << 20

// Options tell Parse what the document itself may not.
type Options struct {
	// Slug is the programme's slug; when empty, one is derived from the
	// agenda's code ("(eLAC2020)" gives "elac2020"), else from the symbol.
	Slug string
	// SourceName names the source document, for example its file name; it
	// is stored in Programme.SourceName and starts error messages.
	SourceName string
}

// Parse reads a programme document. Input that is not a programme (empty,
// binary, with no action area or no table) returns a *bitacora.Error with
// code EINVALID whose message says why, with a line number where there is
// one; input over MaxSize returns ETOOLARGE. Anything else is read as far as
// it goes: rows it cannot place become Warnings with their line numbers.
func Parse(src []byte, opts Options) (*bitacora.Document, error) {
	lines, err := splitLines(src, opts.SourceName)
	if err != nil {
		return nil, err
	}
	p := &parser{lines: lines, opts: opts}
	return p.parse()
}

// parser holds the state of one Parse call.
type parser struct {
	lines []string
	opts  Options
	// lang is the language the text is written in, told from its headings;
	// langOrder is every language, that one first.
	lang      *language
	langOrder []*language
	// original is the language code of the "ORIGINAL:" line, and its line.
	original     string
	originalLine int
	prog         bitacora.Programme
	warnings     []bitacora.Warning
	parties      *register

	areas []*areaBuild
	area  *areaBuild // the area being read
	// The last area and objective numbers read, to check the numbering.
	lastArea, lastObjective int
	// codes maps each activity code read to its line, to report repeats.
	codes map[string]int
}

func (p *parser) warnf(line int, format string, args ...any) {
	p.warnings = append(p.warnings, bitacora.Warning{Line: line, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) parse() (*bitacora.Document, error) {
	p.lang = detectLanguage(p.lines)
	first := -1
	for i, s := range p.lines {
		if _, ok := matchAreaHeading(s); ok {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, bitacora.Errorf(bitacora.EINVALID, "%sno action area found (expected a heading like %q)",
			namePrefix(p.opts.SourceName), p.exampleLanguage().AreaHeadings[0]+" 1. …")
	}
	if p.lang == nil { // cannot happen: a heading was found, in some language
		p.lang = languages[0]
	}
	p.orderLanguages()
	p.parties = newRegister(p)
	p.codes = map[string]int{}
	p.readHeader(p.lines[:first])
	p.readBody(first)
	if !p.readAnyRow() {
		l := p.exampleLanguage()
		return nil, bitacora.Errorf(bitacora.EINVALID, "%sline %d: no table found under the action areas (expected a header row like %q)",
			namePrefix(p.opts.SourceName), first+1,
			strings.Join([]string{l.Objective[0], l.Activities[0], l.Responsible[0], l.CoResponsible[0]}, " | "))
	}
	return p.document(), nil
}

// exampleLanguage is the language error messages quote labels in: the one
// the headings are in, else the one the ORIGINAL: line names, else Spanish.
func (p *parser) exampleLanguage() *language {
	if p.lang != nil {
		return p.lang
	}
	for _, s := range p.lines {
		if code, ok := readOriginal(strings.TrimSpace(s)); ok {
			if l := languageByCode(code); l != nil {
				return l
			}
		}
	}
	return languages[0]
}

func (p *parser) readAnyRow() bool {
	for _, a := range p.areas {
		if len(a.objectives) > 0 {
			return true
		}
	}
	return false
}

// orderLanguages puts the document's language first, then the others:
// party names are matched against the document's labels before anyone
// else's.
func (p *parser) orderLanguages() {
	p.langOrder = append(p.langOrder[:0], p.lang)
	for _, l := range languages {
		if l != p.lang {
			p.langOrder = append(p.langOrder, l)
		}
	}
}

// document assembles the Document once every line has been read.
func (p *parser) document() *bitacora.Document {
	ids := p.parties.finish()
	d := &bitacora.Document{
		Programme: p.prog,
		Parties:   p.parties.list(),
		Areas:     make([]bitacora.Area, 0, len(p.areas)),
		Notes:     []bitacora.Note{},
	}
	d.Programme.Slug = p.slug()
	d.Programme.Language = p.lang.Code
	d.Programme.SourceName = p.opts.SourceName
	d.Programme.Source = bitacora.Lines(1, len(p.lines))
	for _, a := range p.areas {
		d.Areas = append(d.Areas, a.build(ids))
		for _, n := range a.notes {
			d.Notes = append(d.Notes, n.note)
		}
	}
	sort.SliceStable(p.warnings, func(i, j int) bool { return p.warnings[i].Line < p.warnings[j].Line })
	d.Warnings = append([]bitacora.Warning{}, p.warnings...)
	return d
}

// slug is the programme's slug: the one given, else the agenda's code, else
// the symbol, else the title, else the source name.
func (p *parser) slug() string {
	if s := bitacora.Slugify(p.opts.Slug); s != "" {
		return s
	}
	if code := agendaCode(p.prog.Agenda); code != "" {
		return bitacora.Slugify(code)
	}
	base := path.Base(strings.ReplaceAll(p.opts.SourceName, `\`, "/"))
	for _, s := range []string{p.prog.Symbol, p.prog.Title, strings.TrimSuffix(base, path.Ext(base))} {
		if s := bitacora.Slugify(s); s != "" {
			return s
		}
	}
	return "programme"
}

// agendaCode returns the code an agenda line ends with in parentheses, when
// it looks like one ("eLAC2020": letters and digits, no spaces).
func agendaCode(agenda string) string {
	if !strings.HasSuffix(agenda, ")") {
		return ""
	}
	open := strings.LastIndexByte(agenda, '(')
	if open < 0 {
		return ""
	}
	code := agenda[open+1 : len(agenda)-1]
	hasLetter, hasDigit := false, false
	for _, r := range code {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case r == ' ' || r == '(':
			return ""
		default:
			hasLetter = true
		}
	}
	if !hasLetter || !hasDigit || len(code) > 20 {
		return ""
	}
	return code
}

// Read reads a programme from either of the forms it comes in: the text
// extracted from its document (Parse), or a JSON export (ReadJSON), told
// apart by the first character that is not a space. opts.Slug, when set,
// names the programme in both.
func Read(src []byte, opts Options) (*bitacora.Document, error) {
	if len(src) > MaxSize {
		return nil, bitacora.Errorf(bitacora.ETOOLARGE, "%s: over the limit of %d MB", opts.SourceName, MaxSize>>20)
	}
	if trimmed := bytes.TrimLeft(src, " \t\r\n\ufeff"); len(trimmed) > 0 && trimmed[0] == '{' {
		doc, err := ReadJSON(bytes.NewReader(src))
		if err != nil {
			return nil, err
		}
		if opts.Slug != "" {
			doc.Programme.Slug = opts.Slug
		}
		return doc, nil
	}
	return Parse(src, opts)
}
