package web

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"time"

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
	f, public, err := s.store.FileInfo(r.Context(), id)
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
	first, err := s.store.FileChunk(r.Context(), id, 0)
	if err != nil && f.Size > 0 {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", bitacora.ServedType(f.ContentType))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})
	if disposition == "" {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-cache")
	s.sendChunks(w, r, f, first)
	return nil
}

// downloadStall is how long a download may go without taking a chunk
// before the server gives up on its client. The server's write timeout
// (60 s) would end every download at 60 s, and 20 MB takes longer than
// that below 2.7 Mbit/s: each chunk sent moves the deadline on instead.
const downloadStall = 60 * time.Second

// sendChunks writes file f, whose first chunk is first, a chunk at a time
// (files are kept in chunks of 256 KiB): a download holds one chunk in
// memory, not the whole file, for as long as the client takes. Each chunk
// is read with a deadline of its own, not the request's, which a slow
// download outlives. A file removed meanwhile cuts the connection, so that
// the client sees a download cut short, never a short file.
func (s *Server) sendChunks(w http.ResponseWriter, r *http.Request, f bitacora.File, first []byte) {
	rc := http.NewResponseController(w)
	ctx := context.WithoutCancel(r.Context())
	chunk := first
	for seq, sent := 0, int64(0); sent < f.Size; seq++ {
		if seq > 0 {
			cctx, cancel := context.WithTimeout(ctx, s.requestTimeout)
			var err error
			chunk, err = s.store.FileChunk(cctx, f.ID, seq)
			cancel()
			if err != nil || len(chunk) == 0 {
				s.log.Warn("a download was cut short", "file", f.ID, "sent", sent, "size", f.Size, "err", err)
				panic(http.ErrAbortHandler)
			}
		}
		rc.SetWriteDeadline(time.Now().Add(downloadStall))
		if _, err := w.Write(chunk); err != nil {
			return // the client went away
		}
		sent += int64(len(chunk))
	}
}
