package translationfile

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

// A small programme: one area, one objective, one activity with a
// component.
func testDoc() *bitacora.Document {
	return &bitacora.Document{
		Programme: bitacora.Programme{Slug: "p", Title: "Programa", Language: "es"},
		Areas: []bitacora.Area{{Number: 1, Title: "Infraestructura", Objectives: []bitacora.Objective{{Number: 1, Text: "Objetivo uno",
			Activities: []bitacora.Activity{{Code: "1.1", Text: "=Actividad, con \"comillas\"\ny dos líneas", Components: []string{"Un taller"}}}}}}},
	}
}

func fieldsOf(doc *bitacora.Document, translations map[string]string) ([]Field, []int) {
	var fs []Field
	var areas []int
	for _, f := range bitacora.TranslatableFields(doc) {
		fs = append(fs, Field{ID: f.ID(), Original: f.Original, Translation: translations[f.ID()]})
		areas = append(areas, f.Area)
	}
	return fs, areas
}

// What is written reads back as it was, in both formats: ids, originals
// (quotes, commas, line breaks, a formula-like start) and translations.
func TestRoundTrip(t *testing.T) {
	doc := testDoc()
	tr := map[string]string{"activity:1.1.text": "-Activity, with \"quotes\"\nand two lines", "programme.title": "Programme"}
	fields, areas := fieldsOf(doc, tr)
	for _, format := range []string{"xliff", "csv"} {
		var b bytes.Buffer
		var err error
		if format == "csv" {
			err = WriteCSV(&b, fields)
		} else {
			err = WriteXLIFF(&b, "p", "es", "en", fields, areas)
		}
		if err != nil {
			t.Fatal(err)
		}
		var units []Unit
		if format == "csv" {
			units, err = ReadCSV(&b)
		} else {
			units, err = ReadXLIFF(&b, "es", "en")
		}
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(units) != len(fields) {
			t.Fatalf("%s: %d units for %d fields", format, len(units), len(fields))
		}
		for i, u := range units {
			if u.ID != fields[i].ID || u.Source != fields[i].Original || u.Target != fields[i].Translation {
				t.Errorf("%s: unit %d = %+v; want %+v", format, i, u, fields[i])
			}
		}
		edits, stale, err := Edits(doc, units)
		if err != nil || len(stale) != 0 || len(edits) != 2 {
			t.Fatalf("%s: edits %v, stale %v, %v", format, edits, stale, err)
		}
		for _, e := range edits {
			if original, _ := bitacora.TranslatableText(doc, e.Subject, e.Field); e.SourceHash != bitacora.TextHash(original) {
				t.Errorf("%s: %s translates today's original, but its hash is %s", format, e.Subject, e.SourceHash)
			}
		}
	}
}

// A file exported before a revision changed an original: its translation
// is imported as one of the earlier wording (its hash), and named.
func TestEditsOfARevisedOriginal(t *testing.T) {
	before := testDoc()
	fields, areas := fieldsOf(before, map[string]string{"objective:1.text": "Objective one"})
	var x, c bytes.Buffer
	WriteXLIFF(&x, "p", "es", "en", fields, areas)
	WriteCSV(&c, fields)
	after := testDoc()
	after.Areas[0].Objectives[0].Text = "Objetivo primero"
	for name, read := range map[string]func() ([]Unit, error){
		"xliff": func() ([]Unit, error) { return ReadXLIFF(&x, "es", "en") },
		"csv":   func() ([]Unit, error) { return ReadCSV(&c) },
	} {
		units, err := read()
		if err != nil {
			t.Fatal(err)
		}
		edits, stale, err := Edits(after, units)
		if err != nil || len(edits) != 1 || len(stale) != 1 || stale[0] != "objective:1.text" || edits[0].SourceHash != bitacora.TextHash("Objetivo uno") {
			t.Errorf("%s: edits %+v, stale %v, %v", name, edits, stale, err)
		}
	}
}

// Problems come all at once, each with its line (CSV) or unit (XLIFF).
func TestProblemsWhereTheyAre(t *testing.T) {
	units, err := ReadCSV(strings.NewReader("\uFEFFid;original;translation\nprogramme.title;x;A\nnope.text;x;B\nprogramme.title;x;C\n\n;x;D\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Edits(testDoc(), units)
	var probs *Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v", err)
	}
	want := []Problem{{Line: 3, Code: "id_unknown", Value: "nope.text"}, {Line: 4, Code: "id_twice", Value: "programme.title"}, {Line: 6, Code: "id_missing"}}
	if len(probs.List) != len(want) {
		t.Fatalf("problems %+v; want %+v", probs.List, want)
	}
	for i := range want {
		if probs.List[i] != want[i] {
			t.Errorf("problem %d = %+v; want %+v", i, probs.List[i], want[i])
		}
	}
	// A cell with line breaks is one row, as a spreadsheet shows it.
	units, _ = ReadCSV(strings.NewReader("id,original,translation\nprogramme.title,\"two\nlines\",A\nnope.text,x,B\n"))
	if _, _, err := Edits(testDoc(), units); !errors.As(err, &probs) || probs.List[0].Line != 3 {
		t.Errorf("after a cell of two lines: %v; want row 3", err)
	}
	if bitacora.ErrorCode(err) != bitacora.EINVALID {
		t.Errorf("code %s; want invalid", bitacora.ErrorCode(err))
	}
	for _, tc := range []struct {
		file, code string
	}{
		{`<xliff version="1.2"><file source-language="es" target-language="pt"><body><trans-unit id="programme.title"><source>x</source></trans-unit></body></file></xliff>`, "language"},
		{`<xliff version="1.2"><file source-language="en" target-language="en"><body><trans-unit id="programme.title"><source>x</source></trans-unit></body></file></xliff>`, "source_language"},
		{`<xliff version="2.0"><file/></xliff>`, "not_xliff"},
		{`<html/>`, "not_xliff"},
		{`<xliff version="1.2"><file`, "malformed"},
		{`<xliff version="1.2"><file source-language="es" target-language="en"><body></body></file></xliff>`, "empty"},
		{`<xliff version="1.2"><file source-language="es" target-language="en"><body><trans-unit id="programme.title"><source>x</source><target>a <x id="1"/> b</target></trans-unit></body></file></xliff>`, "markup"},
	} {
		_, err := ReadXLIFF(strings.NewReader(tc.file), "es", "en")
		if !errors.As(err, &probs) || probs.List[0].Code != tc.code {
			t.Errorf("%s: %v; want %s", tc.file, err, tc.code)
		}
	}
}

// The readers take outside input: whatever the bytes, they answer units
// or problems, never a panic, and every problem has a known code.
func FuzzReadXLIFF(f *testing.F) {
	doc := testDoc()
	fields, areas := fieldsOf(doc, map[string]string{"programme.title": "P"})
	var b bytes.Buffer
	WriteXLIFF(&b, "p", "es", "en", fields, areas)
	f.Add(b.Bytes())
	f.Add([]byte(`<xliff version="1.2"><file target-language="en"><body><group><group><trans-unit id="x"/></group></group></body></file></xliff>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2">&a;</xliff>`))
	f.Add([]byte("\xef\xbb\xbf<xliff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		units, err := ReadXLIFF(bytes.NewReader(data), "es", "en")
		checkRead(t, doc, units, err)
	})
}

func FuzzReadCSV(f *testing.F) {
	doc := testDoc()
	fields, _ := fieldsOf(doc, map[string]string{"programme.title": "P"})
	var b bytes.Buffer
	WriteCSV(&b, fields)
	f.Add(b.Bytes())
	f.Add([]byte("id;original;translation\n\"a;b\";\"\"\"\";x\n"))
	f.Add([]byte("translation,id\n,\n\"open"))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		units, err := ReadCSV(bytes.NewReader(data))
		checkRead(t, doc, units, err)
	})
}

func checkRead(t *testing.T, doc *bitacora.Document, units []Unit, err error) {
	if err != nil {
		var probs *Problems
		if !errors.As(err, &probs) || len(probs.List) == 0 || units != nil {
			t.Fatalf("a read error that is no list of problems: %v", err)
		}
		for _, p := range probs.List {
			if !known(p.Code) {
				t.Fatalf("problem with an unknown code %q", p.Code)
			}
		}
		return
	}
	if len(units) == 0 || len(units) > bitacora.MaxTranslationEdits {
		t.Fatalf("%d units without a problem", len(units))
	}
	edits, _, err := Edits(doc, units)
	if err == nil && len(edits) > len(units) {
		t.Fatalf("%d edits from %d units", len(edits), len(units))
	}
}

func known(code string) bool {
	for _, c := range Codes {
		if c == code {
			return true
		}
	}
	return false
}
