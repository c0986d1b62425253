package web

import (
	"net/http"
	"strconv"

	"github.com/elac/bitacora"
)

// The drafts of revisions of a programme, for the Bureau and the
// secretariat: the list, and a new draft.

type revisionRow struct {
	Title, Href, State, Updated string
	Changes                     int
}

type revisionsPage struct {
	formPage
	Revisions     []revisionRow
	Action        string
	EditionAction string
	// After an upload: the reader's warnings, by line, and the draft made;
	// or the register, to add the parties an edition names.
	Warnings                []string
	DraftHref, RegisterHref string
}

func (s *Server) revisions(w http.ResponseWriter, r *http.Request) error {
	return s.renderRevisions(w, r, nil)
}

func (s *Server) renderRevisions(w http.ResponseWriter, r *http.Request, fill func(*revisionsPage)) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	list, err := s.store.Revisions(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	data := revisionsPage{formPage: s.newFormPage(w, r, l.T("revisions_title")), Action: v.url(v.programmePath() + "/revisions"),
		EditionAction: v.url(v.programmePath() + "/revisions/edition")}
	data.Crumbs = v.crumbs(crumb{Text: l.T("versions_title"), Href: v.url(v.programmePath() + "/versions")}, crumb{Text: l.T("revisions_title")})
	for _, rev := range list {
		data.Revisions = append(data.Revisions, revisionRow{Title: rev.Title, Href: v.url(v.programmePath() + "/revisions/" + strconv.FormatInt(rev.ID, 10)),
			State: l.T("revision_state_" + rev.State), Updated: l.Date(rev.UpdatedAt[:min(10, len(rev.UpdatedAt))]), Changes: len(rev.Changes)})
	}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, http.StatusOK, "revisions", &data.formPage, data)
}

func (s *Server) createRevision(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	rev, err := s.svc.revisions.Create(bitacora.WithPrincipal(r.Context(), p), doc.Programme.Slug, r.PostForm.Get("title"), nil)
	if err != nil {
		return s.renderRevisions(w, r, func(pg *revisionsPage) {
			pg.Values["title"] = r.PostForm.Get("title")
			pg.fail(err)
		})
	}
	s.flash(w, "revision_created")
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/revisions/"+strconv.FormatInt(rev.ID, 10)), http.StatusSeeOther)
	return nil
}
