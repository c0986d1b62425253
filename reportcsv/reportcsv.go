// Package reportcsv reads progress reports from a spreadsheet saved as CSV,
// for the secretariat's bulk import, and writes the template to fill in.
//
// A file is UTF-8 text (a leading byte-order mark is skipped), without NUL
// bytes or other control characters than tab and line breaks, of at most
// 5 MB and 10 000 reports. Its fields are separated by commas or by
// semicolons, as its first line shows (spreadsheets set to Spanish,
// Portuguese or French write semicolons), and quoted as RFC 4180 says. The
// first line names the columns, in any order and any case, in English or
// in Spanish:
//
//	activity | actividad        required: the activity's code (1.3)
//	period | periodo | período  required: the period's key (2019-H1)
//	status | estado             required: not_started, under_way, completed,
//	                            delayed, suspended or cancelled, or their names
//	                            in Spanish, English, Portuguese or French
//	                            ("en curso", "completada", "em andamento"…)
//	completion | avance         required: not_started, limited, substantial or
//	                            complete, or their names ("no iniciado",
//	                            "limitado", "sustancial", "completo"…)
//	narrative | narrativa       optional: what was done, in Markdown
//	links | enlaces             optional: web addresses, separated by spaces
//	                            or by |
//	state | estado_revision     optional: draft, submitted (the default) or
//	                            accepted, or their names ("borrador"…)
//
// Then come the reports, one row per activity and period. Names of values
// are read in any case, with or without accents. A row that gives nothing
// but its activity and period is skipped, and so is a blank one. A file
// without the narrative or the links column leaves reports' narratives or
// links as they are; a cell left empty in such a column empties it.
//
// Lines are counted as a spreadsheet numbers its rows: the header is line
// 1, and a cell holding line breaks does not shift the lines after it.
//
// Parse checks the whole file and returns every problem at once, each with
// its line and column, in a *LineErrors; it returns reports only when there
// is none, so that an import is all or nothing.
package reportcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/safecsv"
)

// MaxBytes is the largest file Parse reads.
const MaxBytes = 5 << 20

// column is a column the format knows.
type column int

const (
	colActivity column = iota
	colPeriod
	colStatus
	colCompletion
	colNarrative
	colLinks
	colState
	numColumns
)

// columnNames are each column's names: English first, then Spanish.
var columnNames = [numColumns][]string{
	{"activity", "actividad"},
	{"period", "periodo", "período"},
	{"status", "estado"},
	{"completion", "avance"},
	{"narrative", "narrativa"},
	{"links", "enlaces"},
	{"state", "estado_revision"},
}

var required = [numColumns]bool{colActivity: true, colPeriod: true, colStatus: true, colCompletion: true}

// Column describes a column of the format, for help pages.
type Column struct {
	Names    []string // English first, then Spanish
	Required bool
}

// Columns lists the columns, in the template's order.
func Columns() []Column {
	list := make([]Column, numColumns)
	for c := range list {
		list[c] = Column{Names: slices.Clone(columnNames[c]), Required: required[c]}
	}
	return list
}

var columnByName = func() map[string]column {
	m := map[string]column{}
	for c, names := range columnNames {
		for _, n := range names {
			m[fold(n)] = column(c)
		}
	}
	return m
}()

// The names of values, in the four interface languages, folded; each code
// is a name of itself.
var (
	statusNames = names(map[bitacora.Status][]string{
		bitacora.StatusNotStarted: {"not started", "no iniciada", "no iniciado", "sin iniciar", "não iniciada", "não iniciado",
			"non commencée", "non commencé", "pas commencée"},
		bitacora.StatusUnderWay: {"under way", "underway", "in progress", "en curso", "en ejecución", "em andamento",
			"em curso", "en cours"},
		bitacora.StatusCompleted: {"completed", "completada", "completado", "terminada", "concluida", "concluída",
			"concluído", "achevée", "terminée"},
		bitacora.StatusDelayed:   {"delayed", "retrasada", "retrasado", "atrasada", "atrasado", "en retard"},
		bitacora.StatusSuspended: {"suspended", "suspendida", "suspendido", "suspensa", "suspenso", "suspendue"},
		bitacora.StatusCancelled: {"cancelled", "canceled", "cancelada", "cancelado", "annulée"},
	})
	completionNames = names(map[bitacora.Completion][]string{
		bitacora.CompletionNotStarted: {"not started", "no iniciado", "no iniciada", "não iniciado", "não iniciada",
			"non commencé", "non commencée"},
		bitacora.CompletionLimited:     {"limited", "limitado", "limitada", "limité", "limitée"},
		bitacora.CompletionSubstantial: {"substantial", "sustancial", "substancial", "substantiel", "substantielle"},
		bitacora.CompletionComplete:    {"complete", "completo", "completa", "complet", "complète"},
	})
	stateNames = names(map[bitacora.ReviewState][]string{
		bitacora.StateDraft:     {"draft", "borrador", "rascunho", "brouillon"},
		bitacora.StateSubmitted: {"submitted", "enviado", "enviada", "presentado", "presentada", "submetido", "soumis"},
		bitacora.StateAccepted:  {"accepted", "aceptado", "aceptada", "aceito", "aceita", "accepté"},
	})
)

func names[K ~string](m map[K][]string) map[string]K {
	out := map[string]K{}
	for k, list := range m {
		out[fold(string(k))] = k
		for _, n := range list {
			out[fold(n)] = k
		}
	}
	return out
}

// fold makes a name comparable: lower case, without accents, with
// underscores, dashes and runs of spaces made one space.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range bitacora.FoldAccents(strings.ToLower(s)) {
		switch {
		case r == '_' || r == '-' || unicode.IsSpace(r):
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Parse reads a file of reports on the programme doc, whose periods are
// given. It returns a *LineErrors listing every problem, or the reports.
func Parse(r io.Reader, doc *bitacora.Document, periods []bitacora.Period) ([]bitacora.ReportImport, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reportcsv: read: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, &LineErrors{List: []LineError{{Code: "too_large"}}}
	}
	p := newParser(doc, periods)
	rows := p.parse(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if len(p.errs) > 0 {
		return nil, &LineErrors{List: p.errs}
	}
	return rows, nil
}

type parser struct {
	activities map[string]*bitacora.Activity
	periods    map[string]string // lower-case key → key
	periodKeys string            // for messages
	errs       []LineError

	names []string        // the header's names, by position ("" for none)
	index [numColumns]int // each column's position, or -1
	seen  map[string]int  // activity and period → line
	rows  []bitacora.ReportImport
}

func newParser(doc *bitacora.Document, periods []bitacora.Period) *parser {
	p := &parser{activities: map[string]*bitacora.Activity{}, periods: map[string]string{}, seen: map[string]int{}}
	if doc != nil {
		for i := range doc.Areas {
			for j := range doc.Areas[i].Objectives {
				o := &doc.Areas[i].Objectives[j]
				for k := range o.Activities {
					p.activities[o.Activities[k].Code] = &o.Activities[k]
				}
			}
		}
	}
	var keys []string
	for _, pd := range periods {
		p.periods[strings.ToLower(pd.Key)] = pd.Key
		keys = append(keys, pd.Key)
	}
	p.periodKeys = strings.Join(keys, ", ")
	return p
}

func (p *parser) add(e LineError) {
	e.Value = shorten(e.Value)
	p.errs = append(p.errs, e)
}

func (p *parser) parse(data []byte) []bitacora.ReportImport {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniff(data)
	cr.FieldsPerRecord = -1
	// shift counts the line breaks inside cells so far: lines of the file
	// that are no rows of the spreadsheet.
	shift, header, reports := 0, true, 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			e := LineError{Code: "quote"}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				e.Line = pe.StartLine - shift
			}
			p.add(e)
			return nil
		}
		start, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		line := start - shift
		shift += last + strings.Count(rec[len(rec)-1], "\n") - start
		junk := false
		for i, v := range rec {
			if !utf8.ValidString(v) {
				// Every accent after this one would be wrong too: one
				// problem says it all.
				p.add(LineError{Line: line, Column: p.columnAt(i), Code: "not_utf8"})
				return nil
			}
			if bitacora.TextProblem(v) != "" {
				p.add(LineError{Line: line, Column: p.columnAt(i), Code: "control"})
				junk = true
			}
		}
		if junk {
			if header {
				return nil
			}
			continue
		}
		if header {
			header = false
			if !p.header(line, rec) {
				return nil
			}
			continue
		}
		if blank(rec) {
			continue
		}
		if reports++; reports > bitacora.MaxReportImport {
			p.add(LineError{Line: line, Code: "too_many_rows"})
			return nil
		}
		p.row(line, rec)
	}
	switch {
	case header:
		p.add(LineError{Code: "empty"})
	case len(p.rows) == 0 && len(p.errs) == 0:
		p.add(LineError{Code: "no_rows"})
	}
	return p.rows
}

// sniff returns the separator of the header line: the semicolon if it has
// more of them than commas, else the comma.
func sniff(data []byte) rune {
	commas, semicolons, quoted := 0, 0, false
scan:
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			break scan
		case b == ',':
			commas++
		case b == ';':
			semicolons++
		}
	}
	if semicolons > commas {
		return ';'
	}
	return ','
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// header reads the header line; it says whether the rows can be read.
func (p *parser) header(line int, rec []string) bool {
	ok := true
	for c := range p.index {
		p.index[c] = -1
	}
	p.names = make([]string, len(rec))
	for i, h := range rec {
		h = strings.TrimSpace(h)
		p.names[i] = h
		if h == "" {
			continue // a value under it is a problem; an empty column is not
		}
		c, known := columnByName[fold(h)]
		switch {
		case !known:
			p.add(LineError{Line: line, Column: h, Code: "column_unknown"})
		case p.index[c] >= 0:
			p.add(LineError{Line: line, Column: h, Code: "column_duplicate", Value: p.names[p.index[c]]})
			ok = false
		default:
			p.index[c] = i
		}
	}
	for c, names := range columnNames {
		if required[c] && p.index[c] < 0 {
			p.add(LineError{Line: line, Column: names[0], Code: "column_missing", Detail: strings.Join(names, ", ")})
			ok = false
		}
	}
	return ok
}

// columnAt names the column at a position: as the header names it, or as
// a spreadsheet does (A, B, … AA) when the header does not.
func (p *parser) columnAt(i int) string {
	if i < len(p.names) && p.names[i] != "" {
		return p.names[i]
	}
	s := ""
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		s = string(rune('A'+(n-1)%26)) + s
	}
	return s
}

func (p *parser) row(line int, rec []string) {
	get := func(c column) string {
		if i := p.index[c]; i >= 0 && i < len(rec) {
			v := strings.TrimSpace(rec[i])
			if c != colNarrative && c != colLinks {
				// A code the template wrote with safecsv's apostrophe
				// (a period key starting with =) reads as itself.
				v = safecsv.Uncell(v)
			}
			return v
		}
		return ""
	}
	fail := func(c column, code, value, detail string) {
		p.add(LineError{Line: line, Column: p.columnAt(p.index[c]), Code: code, Value: value, Detail: detail})
	}
	for i, v := range rec {
		if (i >= len(p.names) || p.names[i] == "") && strings.TrimSpace(v) != "" {
			p.add(LineError{Line: line, Column: p.columnAt(i), Code: "column_unnamed", Value: strings.TrimSpace(v)})
		}
	}
	nothing := true
	for c := colStatus; c < numColumns; c++ {
		nothing = nothing && get(c) == ""
	}
	if nothing {
		return
	}
	ri := bitacora.ReportImport{Line: line, State: bitacora.StateSubmitted,
		HasNarrative: p.index[colNarrative] >= 0, HasLinks: p.index[colLinks] >= 0}
	ok := true
	var activity *bitacora.Activity
	if v := get(colActivity); v == "" {
		fail(colActivity, "required", "", "")
	} else if activity = p.activity(v); activity == nil {
		fail(colActivity, "activity_unknown", v, "")
	} else {
		ri.Activity = activity.Code
	}
	if v := get(colPeriod); v == "" {
		fail(colPeriod, "required", "", "")
	} else if key, found := p.periods[strings.ToLower(v)]; !found {
		fail(colPeriod, "period_unknown", v, p.periodKeys)
	} else {
		ri.Period = key
	}
	if v := get(colStatus); v == "" {
		fail(colStatus, "required", "", "")
		ok = false
	} else if ri.Content.Status, ok = statusNames[fold(v)]; !ok {
		fail(colStatus, "status_invalid", v, "")
	}
	if v := get(colCompletion); v == "" {
		fail(colCompletion, "required", "", "")
		ok = false
	} else if c, found := completionNames[fold(v)]; !found {
		fail(colCompletion, "completion_invalid", v, "")
		ok = false
	} else {
		ri.Content.Completion = c
	}
	if v := get(colState); v != "" {
		if s, found := stateNames[fold(v)]; found {
			ri.State = s
		} else {
			fail(colState, "state_invalid", v, "")
		}
	}
	ri.Content.Narrative = get(colNarrative)
	ri.Content.Links = []bitacora.Link{}
	for _, u := range strings.FieldsFunc(get(colLinks), func(r rune) bool { return r == '|' || unicode.IsSpace(r) }) {
		ri.Content.Links = append(ri.Content.Links, bitacora.Link{URL: u})
	}
	if ri.Activity != "" && ri.Period != "" {
		k := ri.Activity + "\x00" + ri.Period
		if first, dup := p.seen[k]; dup {
			p.add(LineError{Line: line, Code: "duplicate", Value: ri.Activity + " / " + ri.Period, Detail: strconv.Itoa(first)})
		} else {
			p.seen[k] = line
		}
	}
	if ok && activity != nil {
		p.validate(line, &ri, activity, fail)
	}
	p.rows = append(p.rows, ri)
}

// activity finds an activity by its code, forgiving a trailing dot and a
// decimal comma (a spreadsheet that took 1.3 for a number may write 1,3).
func (p *parser) activity(code string) *bitacora.Activity {
	code = strings.TrimSuffix(code, ".")
	if a := p.activities[code]; a != nil {
		return a
	}
	return p.activities[strings.ReplaceAll(code, ",", ".")]
}

// validate checks the content as a report's form would, and puts what is
// wrong in its column.
func (p *parser) validate(line int, ri *bitacora.ReportImport, a *bitacora.Activity, fail func(column, string, string, string)) {
	fe := ri.Content.Validate(a)
	if _, ok := fe["narrative"]; ok {
		fail(colNarrative, "narrative_long", "", "")
		delete(fe, "narrative")
	}
	if _, ok := fe["links"]; ok {
		fail(colLinks, "links_too_many", "", "")
		delete(fe, "links")
	}
	for i, l := range ri.Content.Links {
		k := fmt.Sprintf("links[%d]", i)
		if _, ok := fe[k]; ok {
			fail(colLinks, "link_invalid", l.URL, "")
			delete(fe, k)
		}
	}
	rest := make([]string, 0, len(fe))
	for k := range fe {
		rest = append(rest, k)
	}
	slices.Sort(rest)
	for _, k := range rest {
		p.add(LineError{Line: line, Code: "invalid", Value: k})
	}
}

// shorten keeps a value short enough for a message.
func shorten(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
