package reportcsv

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

// LineError is one problem of a file, where it is.
type LineError struct {
	Line   int    // the header is line 1; 0 is the file as a whole
	Column string // as the header names it, or its letter; "" for the whole line
	Code   string // what is wrong: one of Codes
	Value  string // the value at fault, shortened
	Detail string // what to choose from, or the line a repeated row is first on
}

// Codes are the kinds of problem, for the interface to translate (as
// "import_err_" + code, with the value and the detail).
var Codes = []string{"too_large", "empty", "no_rows", "too_many_rows", "not_utf8", "control", "quote",
	"column_missing", "column_unknown", "column_duplicate", "column_unnamed",
	"required", "activity_unknown", "period_unknown", "status_invalid", "completion_invalid", "state_invalid",
	"duplicate", "narrative_long", "links_too_many", "link_invalid", "invalid"}

// Error says the problem in English, with its line and column, for logs
// and the command line.
func (e LineError) Error() string {
	switch {
	case e.Line == 0:
		return e.Message()
	case e.Column == "":
		return fmt.Sprintf("line %d: %s", e.Line, e.Message())
	}
	return fmt.Sprintf("line %d, column %q: %s", e.Line, e.Column, e.Message())
}

// Err is the problem as a domain error: its English text, and the
// catalogue's keys for the interface, which says where it is
// ("import_at_cell") and what it is ("import_err_" + code) in the reader's
// language.
func (e LineError) Err() *bitacora.Error {
	what := bitacora.Errorf(bitacora.EINVALID, "%s", e.Message()).WithKey("import_err_"+e.Code, "Value", e.Value, "Detail", e.Detail)
	switch {
	case e.Line == 0:
		return what
	case e.Column == "":
		return bitacora.Errorf(bitacora.EINVALID, "%s", e.Error()).WithKey("import_at_line", "Line", strconv.Itoa(e.Line), "Message", what)
	}
	return bitacora.Errorf(bitacora.EINVALID, "%s", e.Error()).WithKey("import_at_cell", "Line", strconv.Itoa(e.Line), "Column", e.Column, "Message", what)
}

// Message says the problem in English.
func (e LineError) Message() string {
	switch e.Code {
	case "too_large":
		return fmt.Sprintf("the file is larger than %d MB", MaxBytes>>20)
	case "empty":
		return "the file is empty: its first line must name the columns"
	case "no_rows":
		return "the file has no report under its header"
	case "too_many_rows":
		return fmt.Sprintf("the file has more than %d reports: split it", bitacora.MaxReportImport)
	case "not_utf8":
		return `the text is not UTF-8: save the file as "CSV UTF-8"`
	case "control":
		return "the text holds a NUL byte or another control character: remove it"
	case "quote":
		return `a quotation mark (") is out of place: a quoted value must end with one, and a quotation mark inside it must be doubled`
	case "column_missing":
		return fmt.Sprintf("the file has no such column, and it is required (name it %s)", e.Detail)
	case "column_unknown":
		return "this is not a column of reports (use activity, period, status, completion, narrative, links and state, or their Spanish names)"
	case "column_duplicate":
		return fmt.Sprintf("the same column as %q", e.Value)
	case "column_unnamed":
		return fmt.Sprintf("%q is under no column name", e.Value)
	case "required":
		return "a value is required"
	case "activity_unknown":
		return fmt.Sprintf("%q is not an activity of the programme", e.Value)
	case "period_unknown":
		return fmt.Sprintf("%q is not a period of the programme (use %s)", e.Value, e.Detail)
	case "status_invalid":
		return fmt.Sprintf("%q is not a status (use not_started, under_way, completed, delayed, suspended or cancelled)", e.Value)
	case "completion_invalid":
		return fmt.Sprintf("%q is not a completion (use not_started, limited, substantial or complete)", e.Value)
	case "state_invalid":
		return fmt.Sprintf("%q is not a review state (use draft, submitted or accepted)", e.Value)
	case "duplicate":
		return fmt.Sprintf("%s is already on line %s", e.Value, e.Detail)
	case "narrative_long":
		return fmt.Sprintf("the narrative is longer than %d characters", bitacora.MaxNarrative)
	case "links_too_many":
		return fmt.Sprintf("more than %d links", bitacora.MaxLinks)
	case "link_invalid":
		return fmt.Sprintf("%q is not a web address (http:// or https://)", e.Value)
	}
	return fmt.Sprintf("%s is not valid", e.Value)
}

// LineErrors is every problem of a file, in the order of the file. It is
// an EINVALID error.
type LineErrors struct {
	List []LineError
}

func (e *LineErrors) Error() string {
	const shown = 5
	var parts []string
	for i, le := range e.List {
		if i == shown {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.List)-shown))
			break
		}
		parts = append(parts, le.Error())
	}
	return strings.Join(parts, "; ")
}

// Unwrap makes the problems an EINVALID for the web layer.
func (e *LineErrors) Unwrap() error {
	return bitacora.Errorf(bitacora.EINVALID, "%s", e.Error()).WithKey("error_import_file", "Count", len(e.List))
}
