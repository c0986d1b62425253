// Package indicatorfile reads the files statistical offices and data
// portals publish an indicator in, into observations by country (ISO
// 3166-1 alpha-3) and year: CSV in long form (a country or entity column,
// an ISO code column, a year column, one value column; headers in English
// or Spanish; commas or semicolons) and in wide form (one column per year,
// as the World Bank publishes it, after its four lines of metadata), and
// JSON in both shapes (the World Bank API's [meta, [rows]], and an array
// of objects). Rows for regions, income groups and the world are kept
// apart as aggregates, never taken for countries; real countries that are
// not ECLAC members are skipped with a count. A file is read whole and
// every problem is reported by line and column: the caller stores all or
// nothing. Reading never panics, whatever the bytes (see the fuzz test).
package indicatorfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/countries"
)

// MaxSize is the largest file read.
const MaxSize = 20 << 20

// Options say what the caller knows of the file.
type Options struct {
	// Decimal is the file's decimal mark, '.' or ',', or 0 to infer it
	// from the whole value column.
	Decimal byte
	// JSON says the file is JSON (a content type said so); else it is
	// JSON when it starts with '[' or '{'.
	JSON bool
}

// Problem is something the file says that cannot be stored, where it says
// it: the line (1 for the first), the column (1 for the first; 0 for the
// whole line) or JSON field, the kind of problem and the text found.
type Problem struct {
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"`
	Field  string `json:"field,omitempty"`
	Kind   string `json:"kind"`
	Text   string `json:"text,omitempty"`
}

// The kinds of problem; the interface says each with the catalogue key
// "indicatorfile_" + kind.
const (
	ProblemHeader     = "header"        // no header the reader knows
	ProblemValueCol   = "value_column"  // no single value column, or several
	ProblemUnknown    = "unknown_code"  // a code or name that is no country nor aggregate
	ProblemDuplicate  = "duplicate"     // a country-year given twice
	ProblemNumber     = "not_a_number"  // text in a number column
	ProblemAmbiguous  = "ambiguous"     // a value that reads two ways
	ProblemMixed      = "mixed_decimal" // decimal points and commas in one file
	ProblemYear       = "year"          // a year out of range, or no year
	ProblemFlag       = "flag"          // a flag the reader does not know
	ProblemJSON       = "json"          // JSON that is not one of the shapes
	ProblemEmpty      = "empty"         // no observation at all
	ProblemTooLarge   = "too_large"     // over MaxSize or MaxObservations
	ProblemBadQuoting = "csv"           // CSV the reader cannot split
)

func (p Problem) String() string {
	where := fmt.Sprintf("line %d", p.Line)
	if p.Column > 0 {
		where += fmt.Sprintf(", column %d", p.Column)
	}
	if p.Field != "" {
		where += ", field " + p.Field
	}
	return fmt.Sprintf("%s: %s %q", where, strings.ReplaceAll(p.Kind, "_", " "), p.Text)
}

// Result is what a file holds.
type Result struct {
	// Shape names what the reader found: csv-long, csv-wide,
	// json-worldbank, json-long, json-wide.
	Shape string `json:"shape"`
	// Observations are the member States' and the aggregates' values.
	Observations []bitacora.Observation `json:"observations"`
	// Countries and Aggregates count the distinct areas kept.
	Countries  int `json:"countries"`
	Aggregates int `json:"aggregates"`
	// Missing counts the empty cells ("", "..", "-"): no value, no row.
	Missing int `json:"missing"`
	// Skipped are the real countries that are not ECLAC members (and the
	// economies the World Bank codes outside ISO 3166, such as Kosovo),
	// with the number of values skipped for each.
	Skipped map[string]int `json:"skipped,omitempty"`
	// Decimal is the decimal mark used ("." or ","), Inferred whether it
	// was inferred.
	Decimal  string `json:"decimal"`
	Inferred bool   `json:"decimal_inferred"`
	// Converted says the file was Windows-1252 and read as such.
	Converted bool `json:"converted_from_windows_1252,omitempty"`
	// Problems are what cannot be stored; the file is then refused whole.
	Problems []Problem `json:"problems,omitempty"`
}

// SkippedValues is the number of values skipped.
func (r *Result) SkippedValues() int {
	n := 0
	for _, v := range r.Skipped {
		n += v
	}
	return n
}

// SkippedCodes are the skipped countries' codes, sorted.
func (r *Result) SkippedCodes() []string {
	var list []string
	for c := range r.Skipped {
		list = append(list, c)
	}
	sort.Strings(list)
	return list
}

// Err is nil for a file that can be stored, else an EINVALID error that
// lists the first problems.
func (r *Result) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	var b strings.Builder
	for i, p := range r.Problems {
		if i == 10 {
			fmt.Fprintf(&b, "; and %d more", len(r.Problems)-10)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return bitacora.Errorf(bitacora.EINVALID, "the file cannot be imported: %s", b.String()).
		WithKey("indicatorfile_refused", "Count", len(r.Problems))
}

// maxProblems bounds the problems kept: a file wrong everywhere says so
// in its first ones.
const maxProblems = 200

// Read reads a file. The error is the Result's Err (problems found), or
// nil; the Result is never nil.
func Read(data []byte, opts Options) (*Result, error) {
	r := &Result{}
	if len(data) > MaxSize {
		r.problem(Problem{Line: 1, Kind: ProblemTooLarge})
		return r, r.Err()
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data, r.Converted = fromWindows1252(data), true
	}
	text := string(data)
	trimmed := strings.TrimLeft(text, " \t\r\n")
	rd := &rows{res: r, decimal: opts.Decimal, keys: map[string]int{}}
	if opts.JSON || strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "{") {
		readJSON(text, rd)
	} else {
		readCSV(text, rd)
	}
	rd.finish()
	if len(r.Problems) == 0 && len(r.Observations) == 0 {
		r.problem(Problem{Line: 1, Kind: ProblemEmpty})
	}
	if len(r.Observations) > bitacora.MaxObservations {
		r.problem(Problem{Line: 1, Kind: ProblemTooLarge})
	}
	if len(r.Problems) > 0 {
		r.Observations = nil
	}
	return r, r.Err()
}

func (r *Result) problem(p Problem) {
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, p)
	}
}

// cell is a value as the file wrote it, where it wrote it, before the
// decimal mark is known.
type cell struct {
	area      area
	year      int
	text      string // "" when number is set
	number    string // a JSON number, already a decimal with a point
	flags     bitacora.Flags
	note      string
	line, col int
	field     string
}

// area is what a row is about: a member State, an aggregate, or a
// country skipped.
type area struct {
	country, aggregate, name, skipped string
}

func (a area) key() string { return a.country + "|" + a.aggregate }

// rows gathers the cells of a file and turns them into observations once
// the whole value column is known.
type rows struct {
	res     *Result
	decimal byte
	cells   []cell
	keys    map[string]int // area|year → line, for duplicates
}

func (rd *rows) add(c cell) {
	if c.area.skipped != "" {
		if rd.res.Skipped == nil {
			rd.res.Skipped = map[string]int{}
		}
		if c.text != "" || c.number != "" {
			rd.res.Skipped[c.area.skipped]++
		}
		return
	}
	if c.number == "" && isMissing(c.text) {
		rd.res.Missing++
		return
	}
	k := fmt.Sprintf("%s|%d", c.area.key(), c.year)
	if first, ok := rd.keys[k]; ok {
		rd.res.problem(Problem{Line: c.line, Column: c.col, Field: c.field, Kind: ProblemDuplicate,
			Text: fmt.Sprintf("%s%s %d (line %d)", c.area.country, c.area.aggregate, c.year, first)})
		return
	}
	rd.keys[k] = c.line
	rd.cells = append(rd.cells, c)
}

// isMissing reports whether a cell says "no value": empty, "..", "-",
// "…", ":" (Eurostat), "NA". A "0" is a value.
func isMissing(s string) bool {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "..", "...", "…", "-", "--", "—", ":", "NA", "N/A", "NAN", "NULL":
		return true
	}
	return false
}

// finish settles the decimal mark over every text value, then makes the
// observations.
func (rd *rows) finish() {
	r := rd.res
	mark := rd.decimal
	if mark == 0 {
		mark = rd.inferDecimal()
		r.Inferred = true
	}
	r.Decimal = string(mark)
	countries, aggs := map[string]bool{}, map[string]bool{}
	for _, c := range rd.cells {
		v := c.number
		if v == "" {
			var kind string
			v, kind = parseNumber(c.text, mark, rd.decimal == 0)
			if kind != "" {
				r.problem(Problem{Line: c.line, Column: c.col, Field: c.field, Kind: kind, Text: c.text})
				continue
			}
		}
		o := bitacora.Observation{Country: c.area.country, Aggregate: c.area.aggregate, Year: c.year, Value: jsonNumber(v), Flags: c.flags, Note: c.note}
		if o.Aggregate != "" {
			o.AggregateName = c.area.name
			aggs[o.Aggregate] = true
		} else {
			countries[o.Country] = true
		}
		r.Observations = append(r.Observations, o)
	}
	r.Countries, r.Aggregates = len(countries), len(aggs)
}

// inferDecimal reads the whole value column: a point where only points
// appear, a comma where only commas do, a point where neither does. A
// file with both is refused (ProblemMixed) at its first value with the
// less used one.
func (rd *rows) inferDecimal() byte {
	var points, commas int
	var firstPoint, firstComma *cell
	for i := range rd.cells {
		c := &rd.cells[i]
		if c.number != "" {
			continue
		}
		if strings.Contains(c.text, ".") {
			points++
			if firstPoint == nil {
				firstPoint = c
			}
		}
		if strings.Contains(c.text, ",") {
			commas++
			if firstComma == nil {
				firstComma = c
			}
		}
	}
	switch {
	case points > 0 && commas > 0:
		bad := firstComma
		if commas > points {
			bad = firstPoint
		}
		if strings.Contains(bad.text, ".") && strings.Contains(bad.text, ",") {
			// "1,234.5" or "1.234,5": group separators, which this
			// reader never guesses.
			bad = firstComma
		}
		rd.res.problem(Problem{Line: bad.line, Column: bad.col, Field: bad.field, Kind: ProblemMixed, Text: bad.text})
		if commas > points {
			return ','
		}
		return '.'
	case commas > 0:
		return ','
	}
	return '.'
}

// parseNumber reads a value with the decimal mark: an optional sign,
// digits, at most one mark, an optional exponent. With an inferred mark,
// a value with exactly three digits after it and no more than three
// before ("1,234", "12.500") could be a thousands group: it is refused as
// ambiguous. It returns the number as JSON writes it, or a problem kind.
func parseNumber(s string, mark byte, inferred bool) (string, string) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "%")
	t = strings.TrimSpace(t)
	other := byte(',')
	if mark == ',' {
		other = '.'
	}
	if strings.IndexByte(t, other) >= 0 {
		return "", ProblemNumber
	}
	neg := false
	switch {
	case strings.HasPrefix(t, "-"):
		neg, t = true, t[1:]
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	mant, exp := t, ""
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		mant, exp = t[:i], t[i+1:]
		e := strings.TrimPrefix(strings.TrimPrefix(exp, "+"), "-")
		if e == "" || !digits(e) || len(e) > 4 {
			return "", ProblemNumber
		}
	}
	whole, frac, hasMark := mant, "", false
	if i := strings.IndexByte(mant, mark); i >= 0 {
		whole, frac, hasMark = mant[:i], mant[i+1:], true
	}
	if (whole == "" && frac == "") || (whole != "" && !digits(whole)) || (frac != "" && !digits(frac)) {
		return "", ProblemNumber
	}
	if inferred && hasMark && len(frac) == 3 && len(whole) >= 1 && len(whole) <= 3 && exp == "" && whole != "0" {
		return "", ProblemAmbiguous
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if exp != "" {
		out += "e" + exp
	}
	if neg && strings.Trim(out, "0.e+-") != "" {
		out = "-" + out
	}
	if _, err := strconv.ParseFloat(out, 64); err != nil {
		return "", ProblemNumber // out of float range
	}
	return out, ""
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseYear reads a year: "2019", "2019.0", and the World Bank DataBank's
// "2019 [YR2019]".
func parseYear(s string) (int, bool) {
	t := strings.TrimSpace(s)
	if i := strings.Index(t, " [YR"); i > 0 {
		t = t[:i]
	}
	t = strings.TrimSuffix(t, ".0")
	if len(t) != 4 || !digits(t) {
		return 0, false
	}
	y, _ := strconv.Atoi(t)
	return y, true
}

// parseFlags reads a flags cell: letters (e, p, b) or words in English
// or Spanish, separated by spaces, commas or semicolons.
func parseFlags(s string) (bitacora.Flags, bool) {
	var f bitacora.Flags
	for _, w := range strings.FieldsFunc(strings.ToLower(bitacora.FoldAccents(s)), func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '/' }) {
		switch w {
		case "e", "est", "estimate", "estimated", "estimacion", "estimado", "estimada":
			f.Estimate = true
		case "p", "prov", "provisional", "preliminary", "preliminar":
			f.Provisional = true
		case "b", "break", "ruptura", "quiebre":
			f.Break = true
		default:
			return f, false
		}
	}
	return f, true
}

// fromWindows1252 converts bytes that are not UTF-8: a spreadsheet saved
// as "CSV" on Windows writes Windows-1252, where every byte is a
// character (Latin-1 but for 0x80–0x9F).
func fromWindows1252(b []byte) []byte {
	var out strings.Builder
	out.Grow(len(b) + len(b)/8)
	for _, c := range b {
		if c >= 0x80 && c < 0xA0 {
			out.WriteRune(cp1252[c-0x80])
			continue
		}
		out.WriteRune(rune(c))
	}
	return []byte(out.String())
}

var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// jsonNumber is the number as JSON carries it.
func jsonNumber(s string) json.Number { return json.Number(s) }

// resolve finds what a row is about from its code and name. byName says
// the file has no code column: names are then looked up. It returns false
// with an unknown code or name.
func resolve(code, name string, byName bool) (area, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	name = strings.TrimSpace(name)
	if code != "" {
		if c, ok := countries.ByAlpha3(code); ok {
			if c.Member {
				return area{country: c.Alpha3}, true
			}
			return area{skipped: c.Alpha3}, true
		}
		if nonISO[code] {
			return area{skipped: code}, true
		}
		if aggregateCodes[code] || strings.HasPrefix(code, "OWID_") {
			return area{aggregate: code, name: name}, true
		}
		return area{}, false
	}
	if name == "" {
		return area{}, false
	}
	key := nameKey(name)
	if c, ok := countryNames[key]; ok {
		if c.Member {
			return area{country: c.Alpha3}, true
		}
		return area{skipped: c.Alpha3}, true
	}
	if a, ok := aggregateNames[key]; ok {
		return area{aggregate: a, name: name}, true
	}
	if byName {
		return area{}, false
	}
	// A row with a name and no code, in a file that has codes, is an
	// aggregate (Our World in Data's regions): kept under its name.
	return area{aggregate: "NAME:" + bitacora.Slugify(name), name: name}, true
}
