package web

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// file serves a piece of evidence: to everyone once its report version is
// accepted, before that only to those who may read the report.
func (s *Server) file(w http.ResponseWriter, r *http.Request) error {
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	f, data, public, err := s.store.FileData(r.Context(), id)
	var gone *bitacora.Withdrawn
	if errors.As(err, &gone) {
		// Taken down by the secretariat: its address says so, and
		// when, to everyone alike; there is nothing left to serve.
		l := s.localizer(r)
		s.renderError(w, r, http.StatusGone, l.T("file_withdrawn_message", "Date", l.Date(gone.At[:min(10, len(gone.At))])))
		return nil
	}
	if err != nil && bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
		return err
	}
	if err != nil || !public {
		p, perr := s.principal(r)
		if perr != nil {
			return perr
		}
		if !p.SignedIn() {
			// The public is sent to sign in for any file it may not
			// see, there or not: which numbers are evidence of drafts
			// is not the public's to learn.
			return s.toSignIn(w, r)
		}
		if err != nil {
			return err
		}
		k, err := s.store.FileReport(r.Context(), id)
		if err != nil {
			return err
		}
		snap, err := s.content.Get(r.Context())
		if err != nil {
			return err
		}
		doc := snap.Docs[k.Programme]
		var a *bitacora.Activity
		if doc != nil {
			a = doc.Activity(k.Activity)
		}
		if !p.CanReadReport(a) {
			return bitacora.Errorf(bitacora.ENOTFOUND, "no file %d", id).WithKey("error_no_file", "File", id)
		}
	}
	// A file never runs as a page of this site: its type is one of the
	// closed list (ServedType), the browser may not guess another
	// (nosniff), it is downloaded rather than opened (attachment), and
	// were it opened it would run in a sandbox with nothing allowed.
	h := w.Header()
	h.Set("Content-Type", bitacora.ServedType(f.ContentType))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})
	if disposition == "" {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-cache")
	w.Write(data)
	return nil
}
