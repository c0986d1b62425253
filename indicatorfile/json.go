package indicatorfile

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/elac/bitacora"
)

// readJSON reads the World Bank API's [meta, [rows]] or an array of
// objects, each a row in long form ({iso3, year, value}) or in wide form
// ({iso3, "2015": …, "2016": …}). Problems name the element's line and
// the field.
func readJSON(text string, rd *rows) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	lineAt := func(off int64) int {
		o := int(off)
		for o < len(text) && strings.IndexByte(" \t\r\n,", text[o]) >= 0 {
			o++
		}
		return strings.Count(text[:min(o, len(text))], "\n") + 1
	}
	bad := func(off int64, text string) {
		rd.res.problem(Problem{Line: lineAt(off), Kind: ProblemJSON, Text: text})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		bad(0, "not an array")
		return
	}
	rd.res.Shape = "json-long"
	first := true
	for dec.More() {
		off := dec.InputOffset()
		var raw json.RawMessage
		if first && peek(text, off) == '{' {
			if err := dec.Decode(&raw); err != nil {
				bad(dec.InputOffset(), err.Error())
				return
			}
			if isWorldBankMeta(raw) {
				// [meta, [rows]]: the rows are the next element.
				rd.res.Shape = "json-worldbank"
				if !dec.More() {
					return // an API answer with no data
				}
				if t, err := dec.Token(); err != nil || t != json.Delim('[') {
					if t == nil && err == nil {
						return // [meta, null]: no rows
					}
					bad(dec.InputOffset(), "the World Bank's rows are not an array")
					return
				}
				for dec.More() {
					off := dec.InputOffset()
					var row json.RawMessage
					if err := dec.Decode(&row); err != nil {
						bad(dec.InputOffset(), err.Error())
						return
					}
					readObject(row, lineAt(off), rd)
				}
				return
			}
			first = false
			readObject(raw, lineAt(off), rd)
			continue
		}
		first = false
		if err := dec.Decode(&raw); err != nil {
			bad(dec.InputOffset(), err.Error())
			return
		}
		readObject(raw, lineAt(off), rd)
	}
}

func peek(text string, off int64) byte {
	for o := int(off); o < len(text); o++ {
		if strings.IndexByte(" \t\r\n,", text[o]) < 0 {
			return text[o]
		}
	}
	return 0
}

// isWorldBankMeta reports whether an object is the World Bank API's page
// header ({"page":1,"pages":1,"per_page":…,"total":…}).
func isWorldBankMeta(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	_, page := m["page"]
	_, total := m["total"]
	return page && total
}

// readObject reads one row object.
func readObject(raw json.RawMessage, line int, rd *rows) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		rd.res.problem(Problem{Line: line, Kind: ProblemJSON, Text: "not an object"})
		return
	}
	var code, name, codeField, nameField, yearField, valueField, note string
	var years []string
	var flags bitacora.Flags
	for k, v := range m {
		key := nameKey(k)
		switch {
		case codeHeaders[key]:
			if s, ok := str(v); ok && s != "" {
				code, codeField = s, k
			}
		case nameHeaders[key]:
			// The World Bank writes "country": {"id": "CL", "value": "Chile"}.
			var o struct {
				Value string `json:"value"`
			}
			if s, ok := str(v); ok {
				name, nameField = s, k
			} else if json.Unmarshal(v, &o) == nil {
				name, nameField = o.Value, k
			}
		case yearHeaders[key]:
			yearField = k
		case valueHeaders[key]:
			valueField = k
		case flagHeaders[key] || key == "flags":
			f, ok := jsonFlags(v)
			if !ok {
				rd.res.problem(Problem{Line: line, Field: k, Kind: ProblemFlag, Text: string(v)})
				return
			}
			flags = f
		case noteHeaders[key]:
			note, _ = str(v)
		default:
			if _, ok := parseYear(k); ok {
				years = append(years, k)
			}
		}
	}
	a, ok := resolve(code, name, codeField == "")
	if !ok {
		f, t := codeField, code
		if f == "" || code == "" {
			f, t = nameField, name
		}
		rd.res.problem(Problem{Line: line, Field: f, Kind: ProblemUnknown, Text: t})
		return
	}
	add := func(y int, v json.RawMessage, field string) {
		c := cell{area: a, year: y, flags: flags, note: note, line: line, field: field}
		var num json.Number
		var s string
		switch {
		case string(v) == "null" || len(v) == 0:
		case json.Unmarshal(v, &s) == nil:
			c.text = s
		case dec2(v, &num):
			n, kind := parseNumber(string(num), '.', false)
			if kind != "" {
				rd.res.problem(Problem{Line: line, Field: field, Kind: kind, Text: string(num)})
				return
			}
			c.number = n
		default:
			rd.res.problem(Problem{Line: line, Field: field, Kind: ProblemNumber, Text: string(v)})
			return
		}
		rd.add(c)
	}
	if yearField != "" {
		if rd.res.Shape != "json-worldbank" {
			rd.res.Shape = "json-long"
		}
		ys, ok := str(m[yearField])
		y, okY := parseYear(ys)
		if !ok || !okY || y < bitacora.MinYear || y > bitacora.MaxYear {
			rd.res.problem(Problem{Line: line, Field: yearField, Kind: ProblemYear, Text: strings.Trim(string(m[yearField]), `"`)})
			return
		}
		if valueField == "" {
			rd.res.problem(Problem{Line: line, Kind: ProblemValueCol})
			return
		}
		add(y, m[valueField], valueField)
		return
	}
	if len(years) == 0 {
		rd.res.problem(Problem{Line: line, Kind: ProblemValueCol})
		return
	}
	rd.res.Shape = "json-wide"
	slices.Sort(years)
	for _, k := range years {
		y, _ := parseYear(k)
		if y < bitacora.MinYear || y > bitacora.MaxYear {
			rd.res.problem(Problem{Line: line, Field: k, Kind: ProblemYear, Text: k})
			continue
		}
		add(y, m[k], k)
	}
}

// str reads a JSON string, or a number as its text.
func str(v json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return strings.TrimSpace(s), true
	}
	var n json.Number
	if dec2(v, &n) {
		return string(n), true
	}
	return "", false
}

func dec2(v json.RawMessage, n *json.Number) bool {
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	var x any
	if d.Decode(&x) != nil {
		return false
	}
	num, ok := x.(json.Number)
	*n = num
	return ok
}

// jsonFlags reads flags written as a string ("E", "estimate p"), an
// array of strings, or an object of booleans.
func jsonFlags(v json.RawMessage) (bitacora.Flags, bool) {
	if string(v) == "null" {
		return bitacora.Flags{}, true
	}
	if s, ok := str(v); ok {
		return parseFlags(s)
	}
	var list []string
	if json.Unmarshal(v, &list) == nil {
		return parseFlags(strings.Join(list, " "))
	}
	var f bitacora.Flags
	if json.Unmarshal(v, &f) == nil {
		return f, true
	}
	return f, false
}
