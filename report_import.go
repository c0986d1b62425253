package bitacora

// ReportImport is one report of a bulk import: what a row of the
// secretariat's spreadsheet says about an activity in a period. An import
// sets the report's content and review state in one new version, whatever
// state the report was in; every earlier version is kept.
type ReportImport struct {
	// Line is where the row is in the file (the header is line 1), so
	// that an error can name it.
	Line     int
	Activity string
	Period   string
	// State is draft, submitted (the report goes to the Bureau) or
	// accepted (a report reviewed before Bitácora kept reports).
	State   ReviewState
	Content ReportContent
	// HasNarrative and HasLinks say whether the file gives the narrative
	// and the links: where it says nothing, the report keeps what it says.
	// A file never gives events or components: reports keep theirs.
	HasNarrative, HasLinks bool
}

// MaxReportImport is the most reports one import may hold.
const MaxReportImport = 10000

// ImportStates are the review states an import may give a report.
var ImportStates = []ReviewState{StateDraft, StateSubmitted, StateAccepted}

// ValidImportState reports whether an import may give a report state s.
func ValidImportState(s ReviewState) bool {
	for _, k := range ImportStates {
		if s == k {
			return true
		}
	}
	return false
}
