package indicatorfile

import (
	"encoding/csv"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/elac/bitacora"
)

// columns is what a header says: where the code, the name, the year, the
// value, the flags and the note are (-1: nowhere), and, in a wide file,
// the year each year column holds.
type columns struct {
	code, name, year, value, flags, note int
	years                                map[int]int
	unknown                              []int
	headers                              []string
}

// The headers the reader knows, folded by nameKey, in English and
// Spanish, and as the World Bank, ITU and Our World in Data write them.
var (
	codeHeaders = words("country code", "code", "iso", "iso3", "iso 3", "iso code", "iso3 code", "iso alpha-3", "iso_code", "iso3166",
		"countryiso3code", "country iso3", "entityiso", "entity iso", "ref_area", "codigo", "codigo iso", "codigo pais", "codigo del pais",
		"cod. pais", "iso3 pais")
	nameHeaders = words("country name", "country", "entity", "economy", "country or area", "country/area", "entityname", "entity name",
		"pais", "nombre del pais", "nombre pais", "paises", "territorio")
	yearHeaders  = words("year", "date", "time", "period", "time_period", "datayear", "data year", "ano", "anos", "anio", "periodo", "fecha")
	valueHeaders = words("value", "valor", "datavalue", "data value", "obs_value", "observation", "dato", "valores")
	flagHeaders  = words("flag", "flags", "obs_status", "status", "estado", "bandera", "marca")
	noteHeaders  = words("note", "notes", "datanote", "data note", "footnote", "nota", "notas", "comment", "comentario")
	// Metadata columns a long or wide file carries on every row.
	otherHeaders = words("indicator name", "indicator code", "indicator", "indicador", "nombre del indicador", "codigo del indicador",
		"unit", "units", "unidad", "unidades", "source", "fuente", "series name", "series code", "seriesname", "seriescode", "seriesid",
		"seriesunits", "entityid", "datasource", "region", "income group", "decimal", "unit_measure", "freq", "dataflow", "last updated")
)

func words(ws ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[nameKey(w)] = true
	}
	return m
}

// classify reads a header row; ok is false when it is not a header.
func classify(fields []string) (columns, bool) {
	c := columns{code: -1, name: -1, year: -1, value: -1, flags: -1, note: -1, years: map[int]int{}, headers: fields}
	set := func(p *int, i int) {
		if *p < 0 {
			*p = i
		}
	}
	for i, f := range fields {
		k := nameKey(strings.Trim(f, "\"' "))
		switch {
		case k == "":
		case codeHeaders[k]:
			set(&c.code, i)
		case nameHeaders[k]:
			set(&c.name, i)
		case yearHeaders[k]:
			set(&c.year, i)
		case valueHeaders[k]:
			set(&c.value, i)
		case flagHeaders[k]:
			set(&c.flags, i)
		case noteHeaders[k]:
			set(&c.note, i)
		case otherHeaders[k]:
		default:
			if y, ok := parseYear(f); ok {
				c.years[i] = y
				continue
			}
			c.unknown = append(c.unknown, i)
		}
	}
	return c, (c.code >= 0 || c.name >= 0) && (c.year >= 0 || len(c.years) > 0)
}

// readCSV finds the header (after any lines of metadata, as the World
// Bank writes four) and its separator, then reads every row after it.
func readCSV(text string, rd *rows) {
	lines := strings.SplitAfter(text, "\n")
	start, sep := -1, rune(0)
	var cols columns
	for i := 0; i < len(lines) && i < 30 && start < 0; i++ {
		for _, s := range []rune{',', ';', '\t'} {
			fields, err := splitLine(lines[i], s)
			if err != nil || len(fields) < 2 {
				continue
			}
			if c, ok := classify(fields); ok {
				start, sep, cols = i, s, c
				break
			}
		}
	}
	if start < 0 {
		rd.res.problem(Problem{Line: 1, Kind: ProblemHeader, Text: strings.TrimSpace(firstLine(text))})
		return
	}
	long := cols.year >= 0
	if long {
		rd.res.Shape = "csv-long"
		if cols.value < 0 {
			if len(cols.unknown) != 1 {
				rd.res.problem(Problem{Line: start + 1, Kind: ProblemValueCol, Text: strings.Join(cols.headers, string(sep))})
				return
			}
			cols.value = cols.unknown[0]
		}
	} else {
		rd.res.Shape = "csv-wide"
	}
	r := csv.NewReader(strings.NewReader(strings.Join(lines[start+1:], "")))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = sep, -1, true, true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		line, _ := r.FieldPos(0)
		line += start + 1
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line + start + 1
			}
			rd.res.problem(Problem{Line: line, Kind: ProblemBadQuoting, Text: err.Error()})
			return
		}
		if blank(rec) {
			continue
		}
		get := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		code, name := get(cols.code), get(cols.name)
		a, ok := resolve(code, name, cols.code < 0)
		if !ok {
			col, text := cols.code, code
			if cols.code < 0 || code == "" {
				col, text = cols.name, name
			}
			rd.res.problem(Problem{Line: line, Column: col + 1, Kind: ProblemUnknown, Text: text})
			continue
		}
		var flags bitacora.Flags
		if f := get(cols.flags); f != "" {
			if flags, ok = parseFlags(f); !ok {
				rd.res.problem(Problem{Line: line, Column: cols.flags + 1, Kind: ProblemFlag, Text: f})
				continue
			}
		}
		note := get(cols.note)
		if long {
			ys := get(cols.year)
			y, ok := parseYear(ys)
			if !ok || y < bitacora.MinYear || y > bitacora.MaxYear {
				if !(isMissing(get(cols.value)) && a.skipped != "") {
					rd.res.problem(Problem{Line: line, Column: cols.year + 1, Kind: ProblemYear, Text: ys})
				}
				continue
			}
			rd.add(cell{area: a, year: y, text: get(cols.value), flags: flags, note: note, line: line, col: cols.value + 1})
			continue
		}
		for _, i := range sortedKeys(cols.years) {
			y := cols.years[i]
			v := get(i)
			if y < bitacora.MinYear || y > bitacora.MaxYear {
				if !isMissing(v) {
					rd.res.problem(Problem{Line: start + 1, Column: i + 1, Kind: ProblemYear, Text: cols.headers[i]})
				}
				continue
			}
			rd.add(cell{area: a, year: y, text: v, flags: flags, note: note, line: line, col: i + 1})
		}
	}
}

// splitLine splits one line as CSV.
func splitLine(line string, sep rune) ([]string, error) {
	r := csv.NewReader(strings.NewReader(line))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
	return r.Read()
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}

func sortedKeys(m map[int]int) []int { return slices.Sorted(maps.Keys(m)) }
