package web

import (
	"net/http"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// approveRevision approves a draft, making it the programme's next
// version, and shows what changed. The service asks the
// separation-of-duties rule inside the approval; a stale draft is a 409.
func (s *Server) approveRevision(w http.ResponseWriter, r *http.Request) error {
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
	// The service asks the separation-of-duties rule inside the approval.
	n, err := s.svc.revisions.Approve(bitacora.WithPrincipal(r.Context(), p), doc.Programme.Slug, id, base, r.PostForm.Get("approved_on"))
	if bitacora.ErrorCode(err) == bitacora.EFORBIDDEN {
		return err
	}
	if err != nil {
		status := http.StatusUnprocessableEntity
		if bitacora.ErrorCode(err) == bitacora.ECONFLICT {
			status = http.StatusConflict
		}
		return s.renderRevision(w, r, status, func(pg *revisionPage) {
			pg.fail(err)
		})
	}
	s.flash(w, "revision_approved")
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/diff")+"?from="+strconv.Itoa(n-1)+"&to="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
