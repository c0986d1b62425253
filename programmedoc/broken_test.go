package programmedoc

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

// TestNotAProgramme: input that is not a programme is an error with a code
// and a message that says why, and where when there is a where.
func TestNotAProgramme(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name string
		src  []byte
		code string
		msg  []string // parts of the message
	}{
		{"empty", nil, bitacora.EINVALID, []string{"doc.txt: empty document"}},
		{"white space", []byte(" \n\t\r\n\u00a0\n"), bitacora.EINVALID, []string{"empty document"}},
		{"BOM only", []byte("\ufeff"), bitacora.EINVALID, []string{"empty document"}},
		{"binary", png, bitacora.EINVALID, []string{"line 1", "not a text document"}},
		{"NUL", []byte("Distr.\nLIMITADA\nLC/TS\x00.2018/60\n"), bitacora.EINVALID, []string{"line 3", "not a text document", "NUL"}},
		{"Latin-1", []byte("Distr.\nORIGINAL: ESPA\xd1OL\n"), bitacora.EINVALID, []string{"line 2", "not valid UTF-8"}},
		{"control character", []byte("a\r\nb\rc\x07\n"), bitacora.EINVALID, []string{"line 3", "U+0007"}},
		{"C1 control character", []byte("a\n\u0085b\n"), bitacora.EINVALID, []string{"line 2", "U+0085"}},
		{"no area", []byte("Distr.\nLIMITADA\n\nObjetivo\tActividades\tResponsable\tCorresponsable\n1. Uno\t1.1 A\tCEPAL\tISOC\n"),
			bitacora.EINVALID, []string{"no action area found", `"ÁREA DE ACCIÓN 1. …"`}},
		{"no area, English", []byte("ORIGINAL: ENGLISH\nObjective\tActivities\tResponsible\tCo-responsible\n"),
			bitacora.EINVALID, []string{"no action area found", `"ACTION AREA 1. …"`}},
		{"no area, from ORIGINAL", []byte("ORIGINAL: PORTUGUÊS\nTexto\n"),
			bitacora.EINVALID, []string{`"ÁREA DE AÇÃO 1. …"`}},
		{"areas without a table", []byte("Preámbulo.\n\nÁREA DE ACCIÓN 1. UNO\n\nÁREA DE ACCIÓN 2. DOS\nTexto suelto\n"),
			bitacora.EINVALID, []string{"line 3", "no table found", `"Objetivo | Actividades | Responsable | Corresponsable"`}},
		{"over MaxSize", bytes.Repeat([]byte("a"), MaxSize+1), bitacora.ETOOLARGE, []string{"doc.txt", "limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.src, Options{SourceName: "doc.txt"})
			if err == nil {
				t.Fatalf("no error; document %+v", d)
			}
			var e *bitacora.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not a *bitacora.Error", err, err)
			}
			if e.Code != tt.code || !containsAll(e.Message, tt.msg) {
				t.Errorf("got %s %q, want %s with %q", e.Code, e.Message, tt.code, tt.msg)
			}
			if d != nil {
				t.Error("a document with the error")
			}
		})
	}
	// MaxSize itself is accepted.
	src := append([]byte(esTable), bytes.Repeat([]byte(" "), MaxSize-len(esTable))...)
	if _, err := Parse(src, Options{}); err != nil {
		t.Errorf("a document of MaxSize bytes: %v", err)
	}
}

// TestTableWithoutArea: rows before any area heading are skipped, each
// with a warning at its line; the rest is read.
func TestTableWithoutArea(t *testing.T) {
	src := lines(
		"LC/TS.2018/60",
		"**PROGRAMA, 2018-2020**",
		"Objetivo\tActividades\tResponsable\tCorresponsable", // 3
		"1. Huérfano\t1.1 Sin área\tCEPAL\tISOC",             // 4
		"\t1.2 Otra\t\t", // 5
		"ÁREA DE ACCIÓN 1. UNO",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"1. Uno\t1.1 A\tCEPAL\tNo se aplica",
	)
	d := mustParse(t, src)
	warningAt(t, d, 3, "table header row before any action area heading: skipped")
	warningAt(t, d, 4, "table row before any action area heading: skipped")
	warningAt(t, d, 5, "table row before any action area heading: skipped")
	if d.CountActivities() != 1 || len(d.Parties) != 1 || d.Programme.Title != "PROGRAMA, 2018-2020" {
		t.Errorf("%d activities, parties %+v", d.CountActivities(), d.Parties)
	}
	if len(d.Programme.Preamble) != 0 {
		t.Errorf("rows read as preamble: %+v", d.Programme.Preamble)
	}
}

// TestActivityWithoutObjective: an activity row with no objective above it
// in its area is kept, with a warning at its line.
func TestActivityWithoutObjective(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 1. UNO",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"1. Uno\t1.1 A\tCEPAL\tISOC",
		"ÁREA DE ACCIÓN 2. DOS",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"\t1.2 Sigue el objetivo del área anterior\tCEPAL\tISOC", // 6: areas do not share objectives
		"\tSin código ni objetivo\t\t",                           // 7
	)
	d := mustParse(t, src)
	warningAt(t, d, 6, "activity 1.2 has no objective before it in area 2")
	if o := d.Areas[1].Objectives[0]; o.Number != 1 || o.Text != "" || len(o.Activities) != 2 {
		t.Errorf("placeholder objective %+v", o)
	}
	warningAt(t, d, 7, "activity without a code: numbered 1.3")
}

// TestTruncated cuts the seed in the middle of rows: what is there is read,
// and what is missing is reported at its line.
func TestTruncated(t *testing.T) {
	seed := string(readSeed(t))
	cut := func(line int, within string) []byte {
		ls := strings.Split(seed, "\n")
		l := ls[line-1]
		i := strings.Index(l, within)
		if i < 0 {
			t.Fatalf("line %d has no %q", line, within)
		}
		return []byte(strings.Join(ls[:line-1], "\n") + "\n" + l[:i])
	}
	t.Run("in the activity cell of area 7's first row", func(t *testing.T) {
		d, err := Parse(cut(106, "historias de liderazgo"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		warningAt(t, d, 106, "row has 2 of 4 cells")
		warningAt(t, d, 106, "activity 23.1", "no responsible")
		warningAt(t, d, 106, "activity 23.1", "no co-responsible")
		if a := activity(t, d, "23.1"); a.Text != "Promover actividades que hagan visibles" || len(a.Responsible) != 0 {
			t.Errorf("23.1 %+v", a)
		}
		if d.CountActivities() != 44 || d.Programme.Source.EndLine != 106 {
			t.Errorf("%d activities, source %v", d.CountActivities(), d.Programme.Source)
		}
	})
	t.Run("inside an HTML tag", func(t *testing.T) {
		d, err := Parse(cut(56, "list-style-type"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		warningAt(t, d, 56, "an HTML tag is not closed")
		warningAt(t, d, 56, "row has 2 of 4 cells")
		warningAt(t, d, 56, "activity 8.1", "no responsible")
		if a := activity(t, d, "8.1"); strings.ContainsAny(a.Text, "<>") || len(a.Components) != 0 {
			t.Errorf("8.1 %+v", a)
		}
	})
	t.Run("in the objective cell", func(t *testing.T) {
		d, err := Parse(cut(62, "servicios gubernamentales"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if o := d.Areas[3].Objectives[0]; o.Number != 10 || len(o.Activities) != 0 {
			t.Errorf("objective 10 %+v", o)
		}
		if len(d.Areas) != 4 {
			t.Errorf("%d areas", len(d.Areas))
		}
	})
	t.Run("in the footnote's area, before its definition", func(t *testing.T) {
		d, err := Parse(cut(76, "Articulación"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		warningAt(t, d, 62, `footnote mark "a" has no definition after the table of area 4`)
	})
}
