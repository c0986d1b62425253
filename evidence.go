package bitacora

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
)

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

// FileSHA256 is the hex SHA-256 digest of a file's bytes, by which a
// report's files are listed and told apart. It hashes a piece at a time:
// the hash of 20 MB in one call is 12 ms that the Go runtime cannot
// interrupt, and every other request would wait for it whenever the
// collector needed all of them to stop.
func FileSHA256(data []byte) string {
	h := sha256.New()
	for len(data) > 0 {
		n := min(len(data), 256<<10)
		h.Write(data[:n])
		data = data[n:]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Evidence is an upload: a file's name, its type as told from its bytes,
// and the bytes.
type Evidence struct {
	Name, ContentType string
	Data              []byte
}

// Withdrawn is the error of a file the secretariat took down: it was
// published by mistake and is withheld everywhere. Its address says so,
// and when (410 Gone), rather than that it never was.
type Withdrawn struct {
	FileID int64
	At     string // AuditTimeFormat
}

func (w *Withdrawn) Error() string { return fmt.Sprintf("file %d was withdrawn on %s", w.FileID, w.At) }

// Unwrap makes a Withdrawn an ENOTFOUND for whoever does not tell it apart.
func (w *Withdrawn) Unwrap() error {
	return Errorf(ENOTFOUND, "%s", w.Error()).WithKey("error_no_file", "File", w.FileID)
}

// TrailStep is one kept version of a report: what it became (its state),
// when and by whom, with the Bureau's comment when it returned it.
type TrailStep struct {
	Version int         `json:"version"`
	State   ReviewState `json:"state"`
	Actor   string      `json:"-"` // "user:3": never shown to the public
	At      string      `json:"at"`
	Comment string      `json:"comment,omitempty"`
}
