package web

import (
	"net/http"
	"strconv"

	"github.com/elac/bitacora/param"
)

// The versions of a programme: the list, and one version whole.

type versionRow struct {
	Number         int
	Date, Title    string
	Href, DiffHref string
	Reasons        []string
}

type versionsPage struct {
	formPage
	Versions               []versionRow
	DiffAction             string
	FromOptions, ToOptions []option
	CanRevise              bool
	RevisionsHref          string
}

// versions lists every version of a programme with its date and the
// reasons of its changes.
func (s *Server) versions(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	vs, err := s.store.Versions(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	data := versionsPage{formPage: s.newFormPage(w, r, l.T("versions_title")), DiffAction: v.url(v.programmePath() + "/diff"),
		CanRevise: p.CanDraftRevision(), RevisionsHref: v.url(v.programmePath() + "/revisions")}
	data.Crumbs = v.crumbs(crumb{Text: l.T("versions_title")})
	for i := len(vs) - 1; i >= 0; i-- {
		ver := vs[i]
		row := versionRow{Number: ver.Number, Date: l.Date(ver.ApprovedOn), Title: ver.Title, Reasons: ver.Reasons,
			Href: v.url(v.programmePath() + "/v/" + strconv.Itoa(ver.Number))}
		if ver.Number > 1 {
			row.DiffHref = v.url(v.programmePath()+"/diff") + "?from=" + strconv.Itoa(ver.Number-1) + "&to=" + strconv.Itoa(ver.Number)
		}
		data.Versions = append(data.Versions, row)
	}
	last := vs[len(vs)-1].Number
	for _, ver := range vs {
		n := strconv.Itoa(ver.Number)
		data.FromOptions = append(data.FromOptions, option{Value: n, Label: l.T("version_heading", "Number", ver.Number), Selected: ver.Number == max(1, last-1)})
		data.ToOptions = append(data.ToOptions, option{Value: n, Label: l.T("version_heading", "Number", ver.Number), Selected: ver.Number == last})
	}
	return s.renderForm(w, r, http.StatusOK, "versions", &data.formPage, data)
}

// version shows a programme whole as it stood in one version.
func (s *Server) versionPage(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	n, err := param.Int(r, "version")
	if err != nil {
		return err
	}
	ver, err := s.store.VersionDocument(r.Context(), doc.Programme.Slug, n)
	if err != nil {
		return err
	}
	page, err := param.Page(r)
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, pageQuery(page), func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data, err := s.fullPageOf(r, snap, ver.Document, page)
		if err != nil {
			return nil, err
		}
		data.Title = l.T("version_heading", "Number", n) + " · " + data.Title
		data.Banner = l.T("version_banner", "Number", n, "Date", l.Date(ver.ApprovedOn))
		data.Crumbs = viewer{l: l, snap: snap, doc: doc}.crumbs(crumb{Text: l.T("versions_title"), Href: localURL(l.Lang, "/"+doc.Programme.Slug+"/versions")},
			crumb{Text: l.T("version_heading", "Number", n)})
		return s.render("full", data)
	})
}
