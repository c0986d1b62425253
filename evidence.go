package bitacora

import "slices"

// EvidenceTypes are the content types a report's files may have: the
// kinds the upload recognises from a file's bytes, by name. The list is
// closed so that no file chooses its own type: an OpenDocument file names
// its type in its own "mimetype" entry, and a type taken from there as it
// stands would let an upload be served as text/html.
var EvidenceTypes = []string{
	"application/pdf",
	"image/png",
	"image/jpeg",
	"image/gif",
	"image/webp",
	"application/vnd.ms-office", // Word, Excel or PowerPoint before 2007
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"application/vnd.oasis.opendocument.text",
	"application/vnd.oasis.opendocument.spreadsheet",
	"application/vnd.oasis.opendocument.presentation",
	"application/vnd.oasis.opendocument.graphics",
}

// EvidenceType reports whether t is one of EvidenceTypes, exactly.
func EvidenceType(t string) bool { return slices.Contains(EvidenceTypes, t) }

// ServedType is the type a stored file is served and listed as: its own
// when it is on the list, else application/octet-stream, for files stored
// before the list was closed.
func ServedType(t string) string {
	if EvidenceType(t) {
		return t
	}
	return "application/octet-stream"
}
