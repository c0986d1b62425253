package web

import (
	"net/http"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// A revision's steps: its drafters send it to the Bureau; the Bureau
// approves it, making it the programme's next version, or sends it back
// with a comment. A stale revision is a 409; the services ask the rules
// (separation of duties included) inside each step.

// revisionStep runs one step on the revision the path names and lands on
// where the step says, or shows the revision again with the error.
func (s *Server) revisionStep(w http.ResponseWriter, r *http.Request, step func(rs *bitacora.Revisions, p bitacora.Principal, slug string, id int64, base int) (string, string, error)) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostForm.Get("version"))
	to, flash, err := step(s.svc.revisions, p, doc.Programme.Slug, id, base)
	if bitacora.ErrorCode(err) == bitacora.EFORBIDDEN {
		return err
	}
	if err != nil {
		status := http.StatusUnprocessableEntity
		if bitacora.ErrorCode(err) == bitacora.ECONFLICT {
			status = http.StatusConflict
		}
		return s.renderRevision(w, r, status, func(pg *revisionPage) {
			pg.Values["comment"] = r.PostForm.Get("comment")
			if d := r.PostForm.Get("approved_on"); d != "" {
				pg.Values["approved_on"] = d
			}
			pg.fail(err)
		})
	}
	s.flash(w, flash)
	http.Redirect(w, r, localURL(language(r), to), http.StatusSeeOther)
	return nil
}

func (s *Server) approveRevision(w http.ResponseWriter, r *http.Request) error {
	return s.revisionStep(w, r, func(rs *bitacora.Revisions, p bitacora.Principal, slug string, id int64, base int) (string, string, error) {
		n, err := rs.Approve(bitacora.WithPrincipal(r.Context(), p), slug, id, base, r.PostForm.Get("approved_on"))
		return "/" + slug + "/diff?from=" + strconv.Itoa(n-1) + "&to=" + strconv.Itoa(n), "revision_approved", err
	})
}

func (s *Server) proposeRevision(w http.ResponseWriter, r *http.Request) error {
	return s.revisionStep(w, r, func(rs *bitacora.Revisions, p bitacora.Principal, slug string, id int64, base int) (string, string, error) {
		_, err := rs.Propose(bitacora.WithPrincipal(r.Context(), p), slug, id, base)
		return "/" + slug + "/revisions/" + strconv.FormatInt(id, 10), "revision_proposed", err
	})
}

func (s *Server) returnRevision(w http.ResponseWriter, r *http.Request) error {
	return s.revisionStep(w, r, func(rs *bitacora.Revisions, p bitacora.Principal, slug string, id int64, base int) (string, string, error) {
		_, err := rs.Return(bitacora.WithPrincipal(r.Context(), p), slug, id, base, r.PostForm.Get("comment"))
		return "/" + slug + "/revisions/" + strconv.FormatInt(id, 10), "revision_returned", err
	})
}
