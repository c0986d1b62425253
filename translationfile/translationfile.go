// Package translationfile writes a programme's fields in one language as
// a file a translator works on offline, and reads it back: XLIFF 1.2 (the
// exchange format translation tools read: OmegaT, Trados, memoQ, Poedit…)
// or CSV (any spreadsheet).
//
// Each field is a unit whose id is its subject and field joined by a dot
// (bitacora.TranslationFieldID: "activity:1.3.text"), with the original
// (Spanish) text as its source and the translation, if any, as its
// target. An XLIFF unit also keeps the hash of the original it was
// exported with (bitacora.TextHash), in a context of type
// "x-bitacora-source-hash"; a CSV row keeps the original itself. Reading
// the file back, that is how an import tells that the original was revised
// after the export (Edits).
//
// A CSV file has a header row naming its columns, in any order: id,
// original, translation. It is UTF-8 (a leading byte-order mark is
// skipped), separated by commas or semicolons as its first line shows.
// Lines are counted as a spreadsheet numbers its rows: the header is row 1.
//
// The readers take outside input: they never panic, bound what they read
// (MaxBytes, bitacora.MaxTranslationEdits units), and return every problem
// at once, each with its line (CSV) or unit id (XLIFF), in a *Problems.
package translationfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

// MaxBytes bounds a file read.
const MaxBytes = 5 << 20

// Unit is one field as a file gives it.
type Unit struct {
	ID     string // bitacora.TranslationFieldID
	Source string // the original, as exported
	Target string // the translation ("" none)
	// Hash is the TextHash of the original at export; "" when the file
	// does not keep it (CSV: Source stands for it).
	Hash string
	Line int // the CSV row (the header is 1); 0 in XLIFF
}

// Field is one field to write.
type Field struct {
	ID, Original, Translation string
	// Stale: the translation is of an earlier wording of the original.
	Stale bool
}

// Problem is one problem of a file, where it is.
type Problem struct {
	Line  int    // the CSV row; 0 for XLIFF and the file as a whole
	Unit  string // the unit's id, when known
	Code  string // one of Codes
	Value string // the value at fault, shortened
}

// Codes are the kinds of problem, for the interface to translate (as
// "tfile_err_" + code, with Value).
var Codes = []string{"too_large", "not_utf8", "malformed", "empty", "not_xliff", "column_missing",
	"language", "source_language", "id_missing", "id_unknown", "id_twice", "markup", "control", "too_many"}

// Message says the problem in English.
func (p Problem) Message() string {
	switch p.Code {
	case "too_large":
		return fmt.Sprintf("the file is larger than %d MB", MaxBytes>>20)
	case "not_utf8":
		return "the text is not UTF-8"
	case "malformed":
		return fmt.Sprintf("the file cannot be read: %s", p.Value)
	case "empty":
		return "the file holds no field"
	case "not_xliff":
		return "this is not an XLIFF 1.2 file"
	case "column_missing":
		return fmt.Sprintf("the header has no %s column", p.Value)
	case "language":
		return fmt.Sprintf("the file is a translation into %q, not into this page's language", p.Value)
	case "source_language":
		return fmt.Sprintf("the file's original language is %q, not the programme's", p.Value)
	case "id_missing":
		return "the field has no id"
	case "id_unknown":
		return fmt.Sprintf("%q is not a field of the programme", p.Value)
	case "id_twice":
		return fmt.Sprintf("%q is in the file twice", p.Value)
	case "markup":
		return "the translation holds markup: only plain text is read"
	case "control":
		return "the translation holds a NUL byte or another control character: remove it"
	case "too_many":
		return fmt.Sprintf("the file has more than %d fields", bitacora.MaxTranslationEdits)
	}
	return fmt.Sprintf("%q is not valid", p.Value)
}

// Error says the problem in English, with where it is.
func (p Problem) Error() string {
	switch {
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, p.Message())
	case p.Unit != "":
		return fmt.Sprintf("unit %q: %s", p.Unit, p.Message())
	}
	return p.Message()
}

// Err is the problem as a domain error, with the catalogue's keys: where
// ("tfile_at_line", "tfile_at_unit") and what ("tfile_err_" + Code).
func (p Problem) Err() *bitacora.Error {
	what := bitacora.Errorf(bitacora.EINVALID, "%s", p.Message()).WithKey("tfile_err_"+p.Code, "Value", p.Value)
	switch {
	case p.Line > 0:
		return bitacora.Errorf(bitacora.EINVALID, "%s", p.Error()).WithKey("tfile_at_line", "Line", strconv.Itoa(p.Line), "Message", what)
	case p.Unit != "":
		return bitacora.Errorf(bitacora.EINVALID, "%s", p.Error()).WithKey("tfile_at_unit", "Unit", p.Unit, "Message", what)
	}
	return what
}

// Problems is every problem of a file, in file order. It is an EINVALID
// error.
type Problems struct{ List []Problem }

func (e *Problems) Error() string {
	const shown = 5
	var parts []string
	for i, p := range e.List {
		if i == shown {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.List)-shown))
			break
		}
		parts = append(parts, p.Error())
	}
	return strings.Join(parts, "; ")
}

// Unwrap makes the problems an EINVALID for the web layer.
func (e *Problems) Unwrap() error {
	return bitacora.Errorf(bitacora.EINVALID, "%s", e.Error()).WithKey("tfile_failed", "Count", len(e.List))
}

func shorten(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// Edits turns a file's units into the edits of a batch
// (bitacora.Translations.SetMany) against the programme as it is now:
// a unit without a translation is left alone (an import never removes a
// translation); an id the programme does not have, or one given twice, is
// a problem. A unit whose original was revised after the export is
// imported as a translation of that earlier wording, so that it shows as
// out of date, and its id is returned in stale: the translator's work is
// kept and nobody takes it for current.
func Edits(doc *bitacora.Document, units []Unit) (edits []bitacora.TranslationEdit, stale []string, err error) {
	fields := map[string]bitacora.TranslatableField{}
	for _, f := range bitacora.TranslatableFields(doc) {
		fields[f.ID()] = f
	}
	var probs []Problem
	seen := map[string]bool{}
	for _, u := range units {
		where := Problem{Line: u.Line}
		if u.Line == 0 {
			where.Unit = u.ID
		}
		f, ok := fields[u.ID]
		switch {
		case u.ID == "":
			where.Code = "id_missing"
		case !ok:
			where.Code, where.Value = "id_unknown", shorten(u.ID)
		case seen[u.ID]:
			where.Code, where.Value = "id_twice", shorten(u.ID)
		}
		seen[u.ID] = true
		if where.Code != "" {
			probs = append(probs, where)
			continue
		}
		if strings.TrimSpace(u.Target) == "" {
			continue
		}
		today := bitacora.TextHash(f.Original)
		hash := u.Hash
		if hash == "" {
			hash = today
			if u.Source != "" && normalise(u.Source) != normalise(f.Original) {
				hash = bitacora.TextHash(u.Source)
			}
		}
		if hash != today {
			stale = append(stale, u.ID)
		}
		edits = append(edits, bitacora.TranslationEdit{Subject: f.Subject, Field: f.Field, Text: u.Target, SourceHash: hash})
	}
	if len(probs) > 0 {
		return nil, nil, &Problems{List: probs}
	}
	return edits, stale, nil
}

// normalise makes two copies of a text comparable across a spreadsheet's
// round trip: line endings and surrounding space.
func normalise(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}
