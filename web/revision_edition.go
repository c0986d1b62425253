package web

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/programmedoc"
)

// A new edition of a programme, uploaded as its document (the text
// extracted from the PDF, as `bitacora import --revise` takes it, or a
// JSON export), becomes a draft revision whose changes say how each
// activity was matched; a brand-new programme (a new cycle) is uploaded
// the same way (programme_import.go).

// uploadedDocument reads the document of an upload form's "document"
// field and what the reader says of it: the error names the field, the
// warnings name their lines.
func (s *Server) uploadedDocument(w http.ResponseWriter, r *http.Request, slug string) (*bitacora.Document, string, []byte, error) {
	if err := s.parseMultipart(w, r, programmedoc.MaxSize+maxFormBytes); err != nil {
		return nil, "", nil, err
	}
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, "", nil, &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"file": "field_required"}}
	}
	if err != nil {
		return nil, "", nil, bitacora.Errorf(bitacora.EINVALID, "malformed upload").WithKey("error_malformed_upload")
	}
	defer f.Close()
	src, err := readAllSized(io.LimitReader(f, programmedoc.MaxSize+1), min(max(hdr.Size, 0), programmedoc.MaxSize+1)+1)
	if err != nil {
		return nil, "", nil, bitacora.Errorf(bitacora.EINVALID, "malformed upload").WithKey("error_malformed_upload")
	}
	name := path.Base(strings.ReplaceAll(hdr.Filename, `\`, "/"))
	doc, err := programmedoc.Read(src, programmedoc.Options{Slug: slug, SourceName: name})
	return doc, name, src, err
}

// warningLines says the reader's warnings, each with its line.
func warningLines(l *locale.Localizer, doc *bitacora.Document) []string {
	var out []string
	for _, wn := range doc.Warnings {
		out = append(out, l.T("import_warning_line", "Line", wn.Line)+" "+wn.Message)
	}
	return out
}

// uploadEdition drafts the revision a new edition asks for, and opens it;
// when the reader warned about lines of the document, the warnings are
// shown first, with a link to the draft.
func (s *Server) uploadEdition(w http.ResponseWriter, r *http.Request) error {
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	slug := doc.Programme.Slug
	edition, name, _, err := s.uploadedDocument(w, r, slug)
	if err == nil {
		var ctx = r.Context()
		var p bitacora.Principal
		if p, err = s.principal(r); err == nil {
			var rev *bitacora.Revision
			rev, err = s.svc.revisions.FromEdition(bitacora.WithPrincipal(ctx, p), slug, name, edition)
			switch {
			case err == nil && rev == nil:
				return s.renderRevisions(w, r, func(pg *revisionsPage) { pg.Notice = pg.L.T("edition_same", "Name", name) })
			case err == nil && len(edition.Warnings) > 0:
				return s.renderRevisions(w, r, func(pg *revisionsPage) {
					pg.Notice = pg.L.T("edition_drafted_warnings", "Count", len(edition.Warnings))
					pg.DraftHref = localURL(pg.L.Lang, "/"+slug+"/revisions/"+strconv.FormatInt(rev.ID, 10))
					pg.Warnings = warningLines(pg.L, edition)
				})
			case err == nil:
				s.flash(w, "edition_drafted")
				http.Redirect(w, r, localURL(language(r), "/"+slug+"/revisions/"+strconv.FormatInt(rev.ID, 10)), http.StatusSeeOther)
				return nil
			}
		}
	}
	if code := bitacora.ErrorCode(err); code == bitacora.EFORBIDDEN || code == bitacora.EUNAUTHORIZED || code == bitacora.EINTERNAL {
		return err
	}
	return s.renderRevisions(w, r, func(pg *revisionsPage) {
		pg.fail(err)
		if e := (*bitacora.Error)(nil); errors.As(err, &e) && e.Key == "error_edition_unknown_parties" {
			pg.RegisterHref = localURL(pg.L.Lang, "/admin/parties")
		}
	})
}
