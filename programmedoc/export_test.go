package programmedoc

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

func TestWriteJSONNormalises(t *testing.T) {
	d := &bitacora.Document{
		Programme: bitacora.Programme{Slug: "x", Title: "A & B <c>"},
		Parties:   []bitacora.Party{{ID: "p", Name: "P"}},
		Areas: []bitacora.Area{{Number: 1, Objectives: []bitacora.Objective{
			{Number: 1, Activities: []bitacora.Activity{{Code: "1.1"}}},
			{Number: 2},
		}}},
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, d); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "null") {
		t.Errorf("null in the JSON:\n%s", out)
	}
	for _, want := range []string{`"title": "A & B <c>"`, `"components": []`, `"activities": []`, `"aliases": []`, `"warnings": []`, "\n  \"parties\": [\n    {\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "}\n") || strings.Contains(out, `"preamble"`) {
		t.Errorf("JSON ends %q", out[len(out)-10:])
	}
	if d.Parties[0].Aliases != nil || d.Areas[0].Objectives[1].Activities != nil || d.Warnings != nil {
		t.Error("WriteJSON changed the document it was given")
	}
	back, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Parties[0].Aliases == nil || back.Areas[0].Objectives[1].Activities == nil || back.Warnings == nil {
		t.Error("ReadJSON left nil lists")
	}
	if err := WriteJSON(&buf, nil); err == nil {
		t.Error("WriteJSON(nil) gave no error")
	}
}

func TestReadJSONStrict(t *testing.T) {
	var seed bytes.Buffer
	if err := WriteJSON(&seed, parseSeed(t)); err != nil {
		t.Fatal(err)
	}
	valid := seed.String()
	tests := []struct {
		name string
		in   string
		code string
		msg  []string
	}{
		{"unknown field", strings.Replace(valid, `"slug":`, `"slugs": "x", "slug":`, 1), bitacora.EINVALID, []string{"unknown field", `"slugs"`, "byte"}},
		{"wrong type", strings.Replace(valid, `"start_year": 2018`, `"start_year": "2018"`, 1), bitacora.EINVALID, []string{"byte", "programme.start_year", "int"}},
		{"syntax", strings.Replace(valid, `"symbol":`, `"symbol"`, 1), bitacora.EINVALID, []string{"invalid JSON at byte"}},
		{"truncated", valid[:len(valid)/2], bitacora.EINVALID, []string{"ends early"}},
		{"trailing data", valid + `{"more": 1}`, bitacora.EINVALID, []string{"after the document at byte"}},
		{"not an object", `[1, 2]`, bitacora.EINVALID, []string{"must be an object"}},
		{"null", `null`, bitacora.EINVALID, []string{"must be an object"}},
		{"empty", ``, bitacora.EINVALID, []string{"must be an object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tt.in))
			var e *bitacora.Error
			if !errors.As(err, &e) || e.Code != tt.code || !containsAll(e.Message, tt.msg) {
				t.Errorf("got %v, want %s with %q", err, tt.code, tt.msg)
			}
		})
	}
	big := io.MultiReader(strings.NewReader(`{"x":"`), &repeatReader{b: 'a', n: MaxJSONSize})
	if _, err := ReadJSON(big); bitacora.ErrorCode(err) != bitacora.ETOOLARGE {
		t.Errorf("over MaxJSONSize: %v", err)
	}
	if _, err := ReadJSON(errReader{}); err == nil || bitacora.ErrorCode(err) != bitacora.EINTERNAL {
		t.Errorf("a failing reader: %v", err)
	}
}

// repeatReader reads n copies of b.
type repeatReader struct {
	b byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.n)
	for i := range p[:n] {
		p[i] = r.b
	}
	r.n -= n
	return n, nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWritersReportErrors(t *testing.T) {
	d := parseSeed(t)
	for name, write := range map[string]func(io.Writer, *bitacora.Document) error{
		"json": WriteJSON, "markdown": WriteMarkdown, "csv": WriteCSV,
	} {
		if err := write(errWriter{}, d); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: %v", name, err)
		}
		if err := write(io.Discard, nil); err == nil {
			t.Errorf("%s: no error for a nil document", name)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	d := &bitacora.Document{
		Programme: bitacora.Programme{Language: "es", Title: "Título *con* marcas", Preamble: []bitacora.Paragraph{{Text: "1. No es una lista"}, {Text: "# Ni un título"}}},
		Parties:   []bitacora.Party{{ID: "a", Name: "A | B", Acronym: "AB"}, {ID: "isoc", Name: "Internet Society", Acronym: "ISOC"}},
		Areas: []bitacora.Area{{Number: 1, Title: "UNO", Objectives: []bitacora.Objective{
			{Number: 1, Text: "Objetivo con | barra", Activities: []bitacora.Activity{
				{Code: "1.1", Text: "Usar <etiquetas> y_guiones", Components: []string{"Uno", "Dos"}, Responsible: []string{"a"}, CoResponsible: []string{"a", "isoc"}},
			}},
		}}},
	}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, d); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`# Título \*con\* marcas`, `1\. No es una lista`, `\# Ni un título`,
		`| 1. Objetivo con \| barra | 1.1 Usar &lt;etiquetas> y\_guiones<br>– Uno<br>– Dos | A \| B (AB) | A \| B (AB) e Internet Society (ISOC) |`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestCSV(t *testing.T) {
	d := &bitacora.Document{
		Parties: []bitacora.Party{{ID: "gt", Name: "Grupo", Countries: []string{"Brasil", "México"}}, {ID: "cepal", Name: "CEPAL", Acronym: "CEPAL"}},
		Areas: []bitacora.Area{{Number: 2, Title: "DOS, \"con comillas\"", Objectives: []bitacora.Objective{
			{Number: 3, Activities: []bitacora.Activity{{Code: "3.1", Text: "Texto\ncon línea", Components: []string{"a", "b"},
				Responsible: []string{"gt"}, CoResponsible: []string{"cepal", "nadie"}, Source: bitacora.Lines(9, 9)}}},
		}}},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{csvHeader, {"2", "DOS, \"con comillas\"", "3", "3.1", "Texto\ncon línea", "a | b", "Grupo (Brasil y México)", "CEPAL; nadie", "9"}}
	if !reflect.DeepEqual(records, want) {
		t.Errorf("records:\n got %q\nwant %q", records, want)
	}
}

// A cell a spreadsheet would read as a formula is written as text, with a
// leading apostrophe; numbers stay numbers.
func TestCSVCellsAreNotFormulas(t *testing.T) {
	d := &bitacora.Document{
		Parties: []bitacora.Party{{ID: "x", Name: "@SUM(1+1)"}},
		Areas: []bitacora.Area{{Number: 1, Title: "=cmd|'calc'!A0", Objectives: []bitacora.Objective{
			{Number: 1, Activities: []bitacora.Activity{{Code: "1.1", Text: "+1+cmd|'/c calc'!A0", Components: []string{"-2+3", "b"},
				Responsible: []string{"x"}, CoResponsible: []string{}, Source: bitacora.Lines(9, 9)}}},
		}}},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{csvHeader, {"1", "'=cmd|'calc'!A0", "1", "1.1", "'+1+cmd|'/c calc'!A0", "'-2+3 | b", "'@SUM(1+1)", "", "9"}}
	if !reflect.DeepEqual(records, want) {
		t.Errorf("records:\n got %q\nwant %q", records, want)
	}
}
