// Package iatiread reads the IATI activity files partners publish about
// their operations (versions 2.01–2.03 and the older 1.01–1.05), so that
// the secretariat can link them to a programme's activities as evidence.
// It is the reading side; package iati writes our own export.
//
// It tolerates what the standard allows and what real publishers do with
// it: extension elements in other namespaces (skipped), a bare
// <iati-activity> without <iati-activities>, several activities, empty
// narratives, a title in several languages, CRLF line ends, a BOM, a
// Latin-1 declaration, surrounding blanks in numbers and a time after a
// date. What the standard does not allow — no iati-identifier, a value
// that is not a number, a date that is not a date, a code outside its
// codelist — is a Problem with its element and line; a file with any
// problem is refused whole (Read returns every problem), as Bitácora's
// other imports are all or nothing.
package iatiread

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// MaxSize bounds a file: the largest a publisher's activity file for a few
// operations needs is far below, and a whole-portfolio dump is not what
// the secretariat links.
const MaxSize = 20 << 20

// Narrative is a text in one language ("" when neither the element nor
// the activity says which).
type Narrative struct {
	Lang string `json:"lang,omitempty"`
	Text string `json:"text"`
}

// Org is the reporting organisation: its identifier, its type code and
// its names.
type Org struct {
	Ref   string      `json:"ref,omitempty"`
	Type  string      `json:"type,omitempty"`
	Names []Narrative `json:"names,omitempty"`
}

// Country is a recipient country: an ISO 3166-1 alpha-2 code and the
// share of the activity ("" when the file gives none).
type Country struct {
	Code       string `json:"code"`
	Percentage string `json:"percentage,omitempty"`
}

// Dates are the activity's dates as YYYY-MM-DD, "" when not given.
type Dates struct {
	PlannedStart string `json:"planned_start,omitempty"`
	ActualStart  string `json:"actual_start,omitempty"`
	PlannedEnd   string `json:"planned_end,omitempty"`
	ActualEnd    string `json:"actual_end,omitempty"`
}

// Amount is a sum in one currency, as a decimal with two places. Amounts
// in different currencies are never added together.
type Amount struct {
	Currency string `json:"currency"`
	Value    string `json:"value"`
}

// Result is a result the activity reports on, with its indicators' titles.
type Result struct {
	Titles     []Narrative   `json:"titles,omitempty"`
	Indicators [][]Narrative `json:"indicators,omitempty"`
}

// Activity is what Bitácora keeps of an IATI activity.
type Activity struct {
	Identifier   string      `json:"identifier"`
	Version      string      `json:"version,omitempty"` // the file's IATI version, "" when it says none
	Titles       []Narrative `json:"titles,omitempty"`
	ReportingOrg Org         `json:"reporting_org"`
	Countries    []Country   `json:"countries,omitempty"`
	Dates        Dates       `json:"dates"`
	Status       string      `json:"status,omitempty"` // ActivityStatus code 1–6
	Budget       []Amount    `json:"budget,omitempty"`
	Committed    []Amount    `json:"committed,omitempty"`
	Disbursed    []Amount    `json:"disbursed,omitempty"`
	Expended     []Amount    `json:"expended,omitempty"`
	Results      []Result    `json:"results,omitempty"`
	Line         int         `json:"-"` // where the activity starts in its file
}

// Title is the activity's title in lang, else in the file's first
// language: a reader always gets a title when the file has one.
func (a *Activity) Title(lang string) (text, inLang string) { return pick(a.Titles, lang) }

// OrgName is the reporting organisation's name in lang (or another).
func (a *Activity) OrgName(lang string) (text, inLang string) {
	return pick(a.ReportingOrg.Names, lang)
}

func pick(ns []Narrative, lang string) (string, string) {
	for _, n := range ns {
		if n.Lang == lang {
			return n.Text, n.Lang
		}
	}
	if len(ns) > 0 {
		return ns[0].Text, ns[0].Lang
	}
	return "", ""
}

// Problem is something the standard does not allow, where it is.
type Problem struct {
	Line    int    `json:"line"`
	Element string `json:"element"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Element == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d: <%s>: %s", p.Line, p.Element, p.Message)
}

// Error is a file refused: every problem found in it.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "iati: %d problem(s) in the file", len(e.Problems))
	for i, p := range e.Problems {
		if i == 20 {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-i)
			break
		}
		b.WriteString("; ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Status names of the ActivityStatus codelist, in English (pages name them
// in the reader's language through the catalogue).
var Statuses = []string{"1", "2", "3", "4", "5", "6"}

// Read reads an IATI activity file. It returns every activity, or an
// *Error listing every problem when there is any: nothing of a file with
// a problem is kept.
func Read(r io.Reader) ([]Activity, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("iati: reading: %w", err)
	}
	if len(data) > MaxSize {
		return nil, &Error{Problems: []Problem{{Line: 1, Message: fmt.Sprintf("the file is over %d MB", MaxSize>>20)}}}
	}
	return Parse(data)
}

// Parse reads an IATI activity file held in memory (see Read).
func Parse(data []byte) ([]Activity, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = toUTF8(data)
	p := &parser{lines: lineStarts(data)}
	d := xml.NewDecoder(bytes.NewReader(data))
	// toUTF8 converted a Latin-1 file already: its declaration is read as
	// a name only.
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if latin1(label) || strings.EqualFold(label, "utf-8") {
			return in, nil
		}
		return nil, fmt.Errorf("the file is in %s: save it as UTF-8", label)
	}
	p.run(d)
	if len(p.problems) == 0 && len(p.acts) == 0 {
		p.problem(1, "", "the file holds no iati-activity")
	}
	if len(p.problems) > 0 {
		return nil, &Error{Problems: p.problems}
	}
	return p.acts, nil
}

// Latin-1 files (declared so) are rare but real: older exports from
// spreadsheet tools.
func latin1(label string) bool {
	switch strings.ToLower(label) {
	case "iso-8859-1", "latin1", "latin-1", "iso_8859-1", "windows-1252", "cp1252":
		return true
	}
	return false
}

func toUTF8(data []byte) []byte {
	head := data[:min(len(data), 200)]
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return data
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return data
	}
	decl := strings.ToLower(string(head[:end]))
	i := strings.Index(decl, "encoding=")
	if i < 0 || len(decl) < i+10 {
		return data
	}
	value := strings.Fields(decl[i+len("encoding="):])
	if len(value) == 0 { // `encoding=` and nothing after it but spaces
		return data
	}
	label := strings.Trim(value[0], `"'`)
	if !latin1(label) {
		return data
	}
	enc := charmap.Windows1252
	if strings.HasPrefix(label, "iso") || strings.HasPrefix(label, "latin") {
		enc = charmap.ISO8859_1
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}

// lineStarts holds the offset of each line's first byte: a token's line is
// found from the decoder's offset (CRLF counts once, by its LF).
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func (p *parser) line(offset int64) int {
	return sort.Search(len(p.lines), func(i int) bool { return int64(p.lines[i]) > offset })
}

// frame is an open element: its name, attributes, direct text and line.
type frame struct {
	name  string
	attrs []xml.Attr
	text  strings.Builder
	line  int
	lang  string // its xml:lang, or the one it inherits
}

func (f *frame) attr(name string) string {
	for _, a := range f.attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

type parser struct {
	lines    []int
	problems []Problem
	acts     []Activity
	version  string

	stack []*frame
	act   *builder // the activity being read, nil outside one
}

func (p *parser) problem(line int, element, format string, args ...any) {
	// A broken file could yield a problem per byte: a hundred are enough
	// to tell a publisher what to fix.
	if len(p.problems) < 100 {
		p.problems = append(p.problems, Problem{Line: line, Element: element, Message: fmt.Sprintf(format, args...)})
	}
}

const xmlNS = "http://www.w3.org/XML/1998/namespace"

// langOf is an element's xml:lang when it is a language tag; anything
// else ("English", "") is no language, so that a page never writes a lang
// attribute a browser or a checker cannot read.
func langOf(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Local == "lang" && (a.Name.Space == xmlNS || a.Name.Space == "xml") {
			if v := strings.ToLower(strings.TrimSpace(a.Value)); langTag.MatchString(v) {
				return v
			}
		}
	}
	return ""
}

var langTag = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{1,8})*$`)

func (p *parser) run(d *xml.Decoder) {
	sawRoot := false
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			if len(p.stack) > 0 {
				p.problem(p.line(off), p.stack[len(p.stack)-1].name, "the file ends before the element is closed")
			}
			return
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				p.problem(se.Line, "", "not well-formed XML: %s", se.Msg)
			} else {
				p.problem(p.line(off), "", "%v", err)
			}
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line := p.line(off)
			// IATI elements have no namespace; anything in another one is
			// a publisher's extension, which the standard allows anywhere.
			if t.Name.Space != "" {
				if err := d.Skip(); err != nil {
					p.problem(line, t.Name.Local, "not well-formed XML: %v", err)
					return
				}
				continue
			}
			f := &frame{name: t.Name.Local, attrs: t.Attr, line: line, lang: langOf(t.Attr)}
			if f.lang == "" && len(p.stack) > 0 {
				f.lang = p.stack[len(p.stack)-1].lang
			}
			if len(p.stack) == 0 {
				if sawRoot {
					p.problem(line, f.name, "a second root element")
					return
				}
				sawRoot = true
				switch f.name {
				case "iati-activities":
					p.version = f.attr("version")
				case "iati-activity":
				case "iati-organisations":
					p.problem(line, f.name, "this is an IATI organisation file: link an activity file")
					return
				default:
					p.problem(line, f.name, "not an IATI activity file")
					return
				}
			}
			if f.name == "iati-activity" && p.act == nil {
				p.act = newBuilder(p, f)
				p.stack = append(p.stack, f)
				continue
			}
			p.stack = append(p.stack, f)
		case xml.CharData:
			if len(p.stack) > 0 && p.act != nil {
				p.stack[len(p.stack)-1].text.Write(t)
			}
		case xml.EndElement:
			if len(p.stack) == 0 {
				continue
			}
			f := p.stack[len(p.stack)-1]
			p.stack = p.stack[:len(p.stack)-1]
			if p.act == nil {
				continue
			}
			if f.name == "iati-activity" && p.act.frame == f {
				p.act.finish()
				p.act = nil
				continue
			}
			p.act.end(p.path(f), f)
		}
	}
}

// path is where f, the element just closed, sits within its activity:
// "title", "transaction/value", "result/indicator/title".
func (p *parser) path(f *frame) string {
	var names []string
	in := false
	for _, open := range p.stack {
		if in {
			names = append(names, open.name)
		}
		if open == p.act.frame {
			in = true
		}
	}
	return strings.Join(append(names, f.name), "/")
}

// builder gathers one activity while its elements close.
type builder struct {
	p        *parser
	frame    *frame
	a        Activity
	currency string
	idSeen   bool

	budgets      map[string]budget // by period: a revised budget replaces the original
	budgetAt     []string
	budgetPeriod string
	tx           txn
	sums         map[string]map[string]*big.Rat // "disbursed" → currency → sum
	result       *Result
	indic        []Narrative
}

type budget struct {
	revised  bool
	currency string
	value    *big.Rat
}

type txn struct {
	kind     string
	currency string
	value    *big.Rat
}

func newBuilder(p *parser, f *frame) *builder {
	b := &builder{p: p, frame: f, budgets: map[string]budget{}, sums: map[string]map[string]*big.Rat{}}
	b.a.Version = p.version
	if v := f.attr("version"); v != "" && p.version == "" {
		b.a.Version = v
	}
	b.a.Line = f.line
	b.currency = strings.ToUpper(f.attr("default-currency"))
	return b
}

func (b *builder) problem(f *frame, format string, args ...any) {
	b.p.problem(f.line, f.name, format, args...)
}

// narrative appends f's text to ns in f's language; empty narratives are
// allowed and mean nothing.
func narrative(ns []Narrative, f *frame) []Narrative {
	text := strings.Join(strings.Fields(f.text.String()), " ")
	if text == "" {
		return ns
	}
	for i, n := range ns {
		if n.Lang == f.lang {
			// A second text in the same language (1.0x files repeat the
			// element) adds to the first rather than replacing it.
			if n.Text != text {
				ns[i].Text += " " + text
			}
			return ns
		}
	}
	return append(ns, Narrative{Lang: f.lang, Text: text})
}

func (b *builder) end(path string, f *frame) {
	a := &b.a
	switch path {
	case "iati-identifier":
		b.idSeen = true
		a.Identifier = strings.TrimSpace(f.text.String())
		if a.Identifier == "" {
			b.problem(f, "the iati-identifier is empty")
		}
	case "title", "title/narrative":
		a.Titles = narrative(a.Titles, f)
	case "reporting-org", "reporting-org/narrative":
		a.ReportingOrg.Names = narrative(a.ReportingOrg.Names, f)
		if path == "reporting-org" {
			a.ReportingOrg.Ref = f.attr("ref")
			a.ReportingOrg.Type = f.attr("type")
		}
	case "recipient-country":
		code := strings.ToUpper(f.attr("code"))
		if len(code) != 2 || !isLetters(code) {
			b.problem(f, "%q is not an ISO 3166-1 alpha-2 country code", f.attr("code"))
			return
		}
		pct := f.attr("percentage")
		if pct != "" {
			r, ok := decimal(pct)
			if !ok || r.Sign() < 0 || r.Cmp(big.NewRat(100, 1)) > 0 {
				b.problem(f, "the percentage %q is not a number from 0 to 100", pct)
				return
			}
			pct = trimZeros(r.FloatString(2))
		}
		a.Countries = append(a.Countries, Country{Code: code, Percentage: pct})
	case "activity-status":
		code := f.attr("code")
		if !slices.Contains(Statuses, code) {
			b.problem(f, "the status code %q is not in the ActivityStatus codelist (1–6)", code)
			return
		}
		a.Status = code
	case "activity-date":
		b.date(f)
	case "budget/value":
		v, cur, ok := b.value(f)
		if !ok {
			return
		}
		parent := b.p.stack[len(b.p.stack)-1]
		key := b.budgetPeriod
		if key == "" { // no period: a budget of its own
			key = fmt.Sprint("#", len(b.budgetAt))
		}
		bud := budget{revised: parent.attr("type") == "2", currency: cur, value: v}
		if old, seen := b.budgets[key]; !seen || (bud.revised && !old.revised) {
			if !seen {
				b.budgetAt = append(b.budgetAt, key)
			}
			b.budgets[key] = bud
		}
	case "budget/period-start", "budget/period-end":
		// Remembered until the budget's value: a budget is keyed by its
		// period, so that a revised one replaces the original.
		b.budgetPeriod += "|" + f.attr("iso-date")
	case "budget":
		b.budgetPeriod = ""
	case "transaction/transaction-type":
		b.tx.kind = strings.ToUpper(f.attr("code"))
	case "transaction/value":
		v, cur, ok := b.value(f)
		if ok {
			b.tx.value, b.tx.currency = v, cur
		}
	case "transaction":
		kind := ""
		switch b.tx.kind {
		case "2", "C":
			kind = "committed"
		case "3", "D":
			kind = "disbursed"
		case "4", "E":
			kind = "expended"
		}
		if kind != "" && b.tx.value != nil {
			b.add(kind, b.tx.currency, b.tx.value)
		}
		b.tx = txn{}
	case "result/title", "result/title/narrative":
		b.res().Titles = narrative(b.res().Titles, f)
	case "result/indicator/title", "result/indicator/title/narrative":
		b.indic = narrative(b.indic, f)
	case "result/indicator":
		if len(b.indic) > 0 {
			b.res().Indicators = append(b.res().Indicators, b.indic)
		}
		b.indic = nil
	case "result":
		if b.result != nil && (len(b.result.Titles) > 0 || len(b.result.Indicators) > 0) {
			a.Results = append(a.Results, *b.result)
		}
		b.result = nil
	}
}

func (b *builder) res() *Result {
	if b.result == nil {
		b.result = &Result{}
	}
	return b.result
}

func isLetters(s string) bool {
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// The ActivityDateType codelist in 2.0x, and the names 1.0x files use.
var dateTypes = map[string]int{
	"1": 0, "start-planned": 0,
	"2": 1, "start-actual": 1,
	"3": 2, "end-planned": 2,
	"4": 3, "end-actual": 3,
}

func (b *builder) date(f *frame) {
	typ := f.attr("type")
	i, ok := dateTypes[typ]
	if !ok {
		b.problem(f, "the date type %q is not in the ActivityDateType codelist (1–4, or start-planned, start-actual, end-planned, end-actual)", typ)
		return
	}
	raw := f.attr("iso-date")
	if raw == "" {
		// 1.0x files sometimes carry the date as the element's text only.
		raw = strings.TrimSpace(f.text.String())
	}
	day, ok := isoDate(raw)
	if !ok {
		b.problem(f, "%q is not a date (YYYY-MM-DD)", raw)
		return
	}
	switch i {
	case 0:
		b.a.Dates.PlannedStart = day
	case 1:
		b.a.Dates.ActualStart = day
	case 2:
		b.a.Dates.PlannedEnd = day
	case 3:
		b.a.Dates.ActualEnd = day
	}
}

// isoDate reads an xsd:date, tolerating what publishers write beside it:
// a time ("2019-03-01T00:00:00") or a zone ("2019-03-01Z").
func isoDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
		switch s[10] {
		case 'T', ' ', 'Z', '+', '-':
			s = s[:10]
		default:
			return "", false
		}
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", false
	}
	return s, true
}

// value reads a <value>: a decimal, in its own currency or the activity's.
func (b *builder) value(f *frame) (*big.Rat, string, bool) {
	raw := strings.TrimSpace(f.text.String())
	v, ok := decimal(raw)
	if !ok {
		b.problem(f, "%q is not a number", raw)
		return nil, "", false
	}
	cur := strings.ToUpper(f.attr("currency"))
	if cur == "" {
		cur = b.currency
	}
	if len(cur) != 3 || !isLetters(cur) {
		if cur == "" {
			b.problem(f, "the value has no currency and the activity no default-currency")
		} else {
			b.problem(f, "%q is not an ISO 4217 currency code", cur)
		}
		return nil, "", false
	}
	return v, cur, true
}

// decimal reads an xsd:decimal: digits with an optional sign and point,
// blanks around (never inside, and never a thousands separator).
func decimal(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	digits := strings.TrimLeft(s, "+-")
	if len(s)-len(digits) > 1 || digits == "" || digits == "." || len(digits) > 40 {
		return nil, false
	}
	point := false
	for _, c := range digits {
		switch {
		case c == '.' && !point:
			point = true
		case c >= '0' && c <= '9':
		default:
			return nil, false
		}
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func (b *builder) add(kind, cur string, v *big.Rat) {
	m := b.sums[kind]
	if m == nil {
		m = map[string]*big.Rat{}
		b.sums[kind] = m
	}
	if m[cur] == nil {
		m[cur] = new(big.Rat)
	}
	m[cur].Add(m[cur], v)
}

func amounts(m map[string]*big.Rat) []Amount {
	var out []Amount
	for cur, v := range m {
		out = append(out, Amount{Currency: cur, Value: v.FloatString(2)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Currency < out[j].Currency })
	return out
}

func (b *builder) finish() {
	a := &b.a
	if !b.idSeen {
		b.problem(b.frame, "the activity has no iati-identifier")
	}
	for _, key := range b.budgetAt {
		bud := b.budgets[key]
		b.add("budget", bud.currency, bud.value)
	}
	a.Budget = amounts(b.sums["budget"])
	a.Committed = amounts(b.sums["committed"])
	a.Disbursed = amounts(b.sums["disbursed"])
	a.Expended = amounts(b.sums["expended"])
	for _, prev := range b.p.acts {
		if prev.Identifier == a.Identifier && a.Identifier != "" {
			b.problem(b.frame, "the identifier %s is in the file twice", a.Identifier)
		}
	}
	b.p.acts = append(b.p.acts, *a)
}
