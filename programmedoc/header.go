package programmedoc

import (
	"regexp"
	"strings"

	"github.com/elac/bitacora"
)

// The header of a programme document, before its first area:
//
//	Distr.
//	LIMITADA
//	LC/TS.2018/60
//	24 de agosto de 2018
//	ORIGINAL: ESPAÑOL
//	18-00720
//	Agenda Digital para América Latina y el Caribe (eLAC2020)
//	Santiago, 13 de julio de 2018
//	**PROGRAMA DE ACTIVIDADES … Y EL CARIBE, 2018-2020**
//	…preamble paragraphs…
//
// Each metadata line is recognised by its form, not its position, so that a
// header with a piece missing or moved still reads; a missing piece is a
// warning, never an error.

var (
	// A document symbol: an upper-case series, then slash-separated parts
	// ("LC/TS.2018/60", "LC/L.4450/Rev.1", "E/CN.5/2020/1").
	symbolPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:\.[A-Za-z0-9]+)*(?:/[A-Za-z0-9.()\-]+)+$`)
	// A job number ("18-00720"), maybe with a language letter ("[S]").
	jobPattern = regexp.MustCompile(`^\d{2}-\d{4,6}(?:\s*\[[A-Z]\])?$`)
)

// The states of the header reader.
const (
	inMeta      = iota // the metadata lines before the title
	inTitle            // inside a **bold** title
	inCapsTitle        // inside a title set in capitals without ** markers
	inPreamble         // after the title
)

type headerReader struct {
	p     *parser
	state int
	// expectDistribution is set after a bare "Distr." line: the next line
	// is the distribution ("LIMITADA").
	expectDistribution bool
	title              []string
	titleLine          int
	para               []string
	paraLines          bitacora.Source
	sawTable           bool
}

// readHeader reads the lines before the first area heading.
func (p *parser) readHeader(lines []string) {
	h := &headerReader{p: p}
	for i, raw := range lines {
		ln := i + 1
		if _, ok := matchHeaderRow(raw); ok {
			h.sawTable = true
			p.warnf(ln, "table header row before any action area heading: skipped")
			continue
		}
		if strings.ContainsRune(raw, '\t') {
			// Some extractions put two header lines on one, tab-separated;
			// after a table header, or in the shape of a row, it is a row.
			if h.sawTable || looksLikeRow(raw) {
				p.warnf(ln, "table row before any action area heading: skipped")
				continue
			}
			for _, piece := range strings.Split(raw, "\t") {
				if strings.TrimSpace(piece) != "" {
					h.line(ln, piece)
				}
			}
			continue
		}
		h.line(ln, raw)
	}
	h.finish()
}

// looksLikeRow reports whether a tab-separated line has the shape of a
// table row: a first cell that is blank or numbered, or three cells or more.
func looksLikeRow(raw string) bool {
	cells := strings.Split(raw, "\t")
	if len(cells) >= 3 || strings.TrimSpace(cells[0]) == "" {
		return true
	}
	_, _, ok := parseObjectiveNumber(plainText(cells[0]))
	return ok
}

func (h *headerReader) line(ln int, raw string) {
	t := collapseSpace(raw)
	switch h.state {
	case inTitle:
		if t == "" {
			h.p.warnf(h.titleLine, "the title opened with ** is not closed before the blank line %d", ln)
			h.closeTitle()
			return
		}
		h.addTitle(t)
		return
	case inCapsTitle:
		if t != "" && isUpperText(t) {
			h.addTitle(t)
			return
		}
		h.closeTitle()
		if t == "" {
			return
		}
	case inPreamble:
		if t == "" {
			h.flushParagraph()
			return
		}
		h.addParagraph(ln, t)
		return
	}
	if t == "" {
		return
	}
	if strings.HasPrefix(t, "**") && h.p.prog.Title == "" {
		h.state = inTitle
		h.titleLine = ln
		h.addTitle(t)
		return
	}
	if h.meta(ln, t) {
		return
	}
	if h.p.prog.Title == "" && isUpperText(t) && len(strings.Fields(t)) >= 3 {
		h.p.warnf(ln, "title read from lines in capitals without ** markers")
		h.state = inCapsTitle
		h.titleLine = ln
		h.addTitle(t)
		return
	}
	if looksLikeParagraph(t) {
		h.state = inPreamble
		h.addParagraph(ln, t)
		return
	}
	h.p.warnf(ln, "unrecognised line in the header: %q", truncateWords(t, 8))
}

// meta reads one metadata line of the header, and reports whether it was one.
func (h *headerReader) meta(ln int, t string) bool {
	prog := &h.p.prog
	expectDistribution := h.expectDistribution
	h.expectDistribution = false
	f := fold(t)
	switch {
	case f == "distr" || strings.HasPrefix(f, "distr.") || strings.HasPrefix(f, "distr:"):
		rest := strings.TrimSpace(strings.TrimLeft(t[len("distr"):], ".: "))
		if rest == "" {
			h.expectDistribution = true
		} else {
			prog.Distribution = rest
		}
		return true
	case expectDistribution && isUpperText(t) && len(strings.Fields(t)) <= 3 && !strings.ContainsAny(t, "/0123456789"):
		prog.Distribution = t
		return true
	case symbolPattern.MatchString(t):
		if prog.Symbol != "" {
			h.p.warnf(ln, "a second document symbol %q: the first, %q, is kept", t, prog.Symbol)
		} else {
			prog.Symbol = t
		}
		return true
	case strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(f, "original")), ":") && strings.HasPrefix(f, "original"):
		code, ok := readOriginal(t)
		if !ok {
			h.p.warnf(ln, "the ORIGINAL: line names a language this reader does not know: %q", t)
			return true
		}
		h.p.original, h.p.originalLine = code, ln
		return true
	case jobPattern.MatchString(t):
		prog.JobNumber = t
		return true
	}
	if iso, ok := parseDate(t); ok {
		switch {
		case prog.Issued == "":
			prog.Issued = iso
		case prog.Adopted == "":
			prog.Adopted = iso
		default:
			h.p.warnf(ln, "a third date in the header, %q: ignored", t)
		}
		return true
	}
	if place, iso, ok := parsePlaceDate(t); ok {
		if prog.Adopted != "" {
			h.p.warnf(ln, "a second place and date in the header, %q: ignored", t)
			return true
		}
		prog.Place, prog.Adopted = place, iso
		return true
	}
	if prog.Agenda == "" && prog.Title == "" && h.isAgenda(t) {
		prog.Agenda = t
		return true
	}
	return false
}

// readOriginal reads an "ORIGINAL: ESPAÑOL" line, in any language.
func readOriginal(t string) (string, bool) {
	f := fold(t)
	if !strings.HasPrefix(f, "original") {
		return "", false
	}
	rest := strings.TrimSpace(f[len("original"):])
	if !strings.HasPrefix(rest, ":") {
		return "", false
	}
	code, ok := originalNames[strings.TrimSpace(rest[1:])]
	return code, ok
}

// parsePlaceDate reads "Santiago, 13 de julio de 2018": a place without
// digits, a comma, a date. The first comma after which a date follows ends
// the place, so "Santiago, Chile, 13 de julio" keeps "Santiago, Chile".
func parsePlaceDate(t string) (place, iso string, ok bool) {
	for i := 0; i < len(t); i++ {
		if t[i] != ',' {
			continue
		}
		place = strings.TrimSpace(t[:i])
		if place == "" || strings.ContainsAny(place, "0123456789") {
			return "", "", false
		}
		if iso, ok := parseDate(t[i+1:]); ok {
			return place, iso, true
		}
	}
	return "", "", false
}

// isAgenda reports whether a header line names the agenda: it has one of
// the language's agenda words ("Agenda Digital …"), or it ends with a code
// in parentheses ("… (eLAC2020)"), and it is not a sentence.
func (h *headerReader) isAgenda(t string) bool {
	if len(t) > 200 || strings.HasSuffix(t, ".") {
		return false
	}
	if agendaCode(t) != "" {
		return true
	}
	for _, w := range foldedWords(t) {
		for _, l := range languages {
			if l.agendaWords[w] {
				return true
			}
		}
	}
	return false
}

// looksLikeParagraph reports whether a line is running text: long, or a
// sentence of some length.
func looksLikeParagraph(t string) bool {
	return len(t) >= 120 || (strings.HasSuffix(t, ".") && len(strings.Fields(t)) >= 8)
}

func (h *headerReader) addTitle(t string) {
	body := t
	if len(h.title) == 0 {
		body = strings.TrimPrefix(t, "**")
	}
	closing := h.state == inTitle && strings.HasSuffix(body, "**")
	h.title = append(h.title, strings.TrimSpace(strings.ReplaceAll(t, "**", "")))
	if closing {
		h.closeTitle()
	}
}

func (h *headerReader) closeTitle() {
	title := collapseSpace(strings.Join(h.title, " "))
	h.title = nil
	h.state = inPreamble
	if title == "" {
		return
	}
	h.p.prog.Title = title
	if start, end, ok := parsePeriod(title); ok {
		h.p.prog.StartYear, h.p.prog.EndYear = start, end
	} else {
		h.p.warnf(h.titleLine, "the title does not end with the programme's period (like 2018-2020)")
	}
}

func (h *headerReader) addParagraph(ln int, t string) {
	if len(h.para) == 0 {
		h.paraLines.Line = ln
	}
	h.para = append(h.para, t)
	h.paraLines.EndLine = ln
}

func (h *headerReader) flushParagraph() {
	if len(h.para) == 0 {
		return
	}
	h.p.prog.Preamble = append(h.p.prog.Preamble, bitacora.Paragraph{
		Text:   strings.Join(h.para, " "),
		Source: h.paraLines,
	})
	h.para = nil
}

// finish closes what is open and reports the pieces of the header that
// were not found. They are reported at line 1: they have no line.
func (h *headerReader) finish() {
	switch h.state {
	case inTitle:
		h.p.warnf(h.titleLine, "the title opened with ** is never closed")
		h.closeTitle()
	case inCapsTitle:
		h.closeTitle()
	}
	h.flushParagraph()
	p, prog := h.p, &h.p.prog
	if prog.Symbol == "" {
		p.warnf(1, "header: no document symbol (like LC/TS.2018/60)")
	}
	if prog.Title == "" {
		p.warnf(1, "header: no title (expected a bold title between ** and **)")
	}
	if prog.Adopted == "" {
		p.warnf(1, "header: no place and date of adoption (like \"Santiago, 13 de julio de 2018\")")
	}
	switch {
	case p.original == "":
		p.warnf(1, "header: no ORIGINAL: line; the language is told from the headings (%s)", p.lang.Code)
	case p.original != p.lang.Code:
		p.warnf(p.originalLine, "the headings are in %q but the ORIGINAL: line names %q: read as a translation, language %q",
			p.lang.Code, p.original, p.lang.Code)
	}
}
