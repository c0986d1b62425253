package translationfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/safecsv"
)

// csvColumns are the header's names: English first, then Spanish,
// Portuguese and French, so that a translator may rename the columns in
// their language and the file still reads.
var csvColumns = [3][]string{
	{"id"},
	{"original"},
	{"translation", "traducción", "traduccion", "tradução", "traducao", "traduction"},
}

// WriteCSV writes the fields as CSV: a header row (id, original,
// translation), then one row per field. Cells a spreadsheet would read as
// a formula are written as text (internal/safecsv); ReadCSV reads them
// back as they were.
func WriteCSV(w io.Writer, fields []Field) error {
	cw := safecsv.NewWriter(w, ',')
	cw.Write([]string{"id", "original", "translation"})
	for _, f := range fields {
		cw.Write([]string{f.ID, f.Original, f.Translation})
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads a CSV file of translations into units, each with its row.
func ReadCSV(r io.Reader) ([]Unit, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	fail := func(p Problem) ([]Unit, error) { return nil, &Problems{List: []Problem{p}} }
	if len(data) > MaxBytes {
		return fail(Problem{Code: "too_large"})
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return fail(Problem{Code: "not_utf8"})
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniff(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return fail(Problem{Code: "empty"})
	}
	if err != nil {
		return fail(Problem{Line: 1, Code: "malformed", Value: shorten(csvMessage(err))})
	}
	index := [3]int{-1, -1, -1}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		for c, names := range csvColumns {
			for _, n := range names {
				if name == n && index[c] < 0 {
					index[c] = i
				}
			}
		}
	}
	var probs []Problem
	for c, i := range index {
		if i < 0 && c != 1 { // the original is optional: without it, no check of the wording
			probs = append(probs, Problem{Line: 1, Code: "column_missing", Value: csvColumns[c][0]})
		}
	}
	if len(probs) > 0 {
		return nil, &Problems{List: probs}
	}
	cell := func(rec []string, c int) string {
		if i := index[c]; i >= 0 && i < len(rec) {
			return safecsv.Uncell(rec[i])
		}
		return ""
	}
	var units []Unit
	// A spreadsheet numbers rows, not lines: shift counts the line breaks
	// inside cells so far, and a blank line is a row of its own.
	shift := lineBreaks(header)
	for last := 1; ; {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken quote leaves the rest of the file unreadable.
			line := last + 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine - shift
			}
			probs = append(probs, Problem{Line: line, Code: "malformed", Value: shorten(csvMessage(err))})
			break
		}
		line, _ := cr.FieldPos(0)
		row := line - shift
		shift += lineBreaks(rec)
		last = row
		if len(units) == bitacora.MaxTranslationEdits {
			probs = append(probs, Problem{Line: row, Code: "too_many"})
			break
		}
		u := Unit{ID: strings.TrimSpace(cell(rec, 0)), Source: cell(rec, 1), Target: cell(rec, 2), Line: row}
		if u.ID == "" && strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // a row left empty
		}
		units = append(units, u)
	}
	if len(units) == 0 && len(probs) == 0 {
		probs = append(probs, Problem{Code: "empty"})
	}
	if len(probs) > 0 {
		return nil, &Problems{List: probs}
	}
	return units, nil
}

// lineBreaks counts the line breaks inside a record's cells.
func lineBreaks(rec []string) int {
	n := 0
	for _, c := range rec {
		n += strings.Count(c, "\n")
	}
	return n
}

// sniff picks the separator of the first line: a spreadsheet set to
// Spanish, Portuguese or French saves with semicolons.
func sniff(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		return ';'
	}
	return ','
}

// csvMessage is the reader's complaint without its position: the problem
// says its row itself.
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
