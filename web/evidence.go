package web

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
	"unicode"

	"github.com/elac/bitacora"
)

// sniffEvidence tells the type of an uploaded file from its bytes, never
// from its name or the browser's say-so, and accepts only the kinds of
// evidence reports carry: PDF, images, and office documents, each named by
// a type of bitacora.EvidenceTypes.
func sniffEvidence(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", true
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg", true
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif", true
	case len(data) > 12 && bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WEBP":
		return "image/webp", true
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		// Compound document: Word, Excel or PowerPoint before 2007.
		return "application/vnd.ms-office", true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	}
	return "", false
}

// sniffZip accepts the zip files that are office documents: Office Open
// XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp).
func sniffZip(data []byte) (string, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", false
	}
	var types bool
	for _, f := range zr.File {
		switch {
		case f.Name == "[Content_Types].xml":
			types = true
		case f.Name == "mimetype" && f.UncompressedSize64 < 100:
			rc, err := f.Open()
			if err != nil {
				return "", false
			}
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			// The entry names the type; only a type of the closed list
			// is taken from it, never the entry as it stands.
			if mt := b.String(); strings.HasPrefix(mt, "application/vnd.oasis.opendocument.") {
				return mt, bitacora.EvidenceType(mt)
			}
		}
	}
	if !types {
		return "", false
	}
	for _, f := range zr.File {
		switch {
		case strings.HasPrefix(f.Name, "word/"):
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
		case strings.HasPrefix(f.Name, "xl/"):
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true
		case strings.HasPrefix(f.Name, "ppt/"):
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation", true
		}
	}
	return "", false
}

// cleanFileName keeps the base of an uploaded file's name, without control
// characters or path separators, at most 120 runes.
func cleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	if r := []rune(strings.TrimSpace(name)); len(r) > 120 {
		name = string(r[len(r)-120:])
	}
	if name == "" || name == "." || name == ".." {
		name = "evidence"
	}
	return name
}
