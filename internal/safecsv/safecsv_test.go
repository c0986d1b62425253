package safecsv_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"

	"github.com/elac/bitacora/internal/safecsv"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"=cmd|'calc'!A0":                    "'=cmd|'calc'!A0",
		"+1+cmd|'/c calc'!A0":               "'+1+cmd|'/c calc'!A0",
		"-2+3":                              "'-2+3",
		"@SUM(1+1)":                         "'@SUM(1+1)",
		"\t=1":                              "'\t=1",
		"\r=1":                              "'\r=1",
		"=HYPERLINK(\"http://evil\",\"x\")": "'=HYPERLINK(\"http://evil\",\"x\")",
		"-":                                 "'-",
		"-5":                                "-5", // a number, read as one
		"-0.25":                             "-0.25",
		"-.5":                               "'-.5",
		"-5.":                               "'-5.",
		"-1e3":                              "'-1e3",
		"+5":                                "'+5",
		"2019-H1":                           "2019-H1",
		"a=b":                               "a=b",
		"":                                  "",
		"'already text":                     "'already text",
		"Grupo de Trabajo":                  "Grupo de Trabajo",
	} {
		if got := safecsv.Cell(in); got != want {
			t.Errorf("Cell(%q) = %q; want %q", in, got, want)
		}
		if got := safecsv.Uncell(safecsv.Cell(in)); got != in {
			t.Errorf("Uncell(Cell(%q)) = %q", in, got)
		}
	}
	if got := safecsv.Uncell("'plain"); got != "'plain" {
		t.Errorf("Uncell drops an apostrophe Cell would not add: %q", got)
	}
}

// Every cell of every record goes through Cell, with either separator.
func TestWriter(t *testing.T) {
	for _, comma := range []rune{',', ';'} {
		var b bytes.Buffer
		w := safecsv.NewWriter(&b, comma)
		w.Write([]string{"code", "=1+1"})
		w.Write([]string{"@x;y", "-7", "said \"hi\""})
		w.Flush()
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(&b)
		r.Comma, r.FieldsPerRecord = comma, -1
		got, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{{"code", "'=1+1"}, {"'@x;y", "-7", "said \"hi\""}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("comma %q: %q; want %q", comma, got, want)
		}
	}
}
