package web

import (
	"compress/gzip"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/pagecache"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

type kindView struct{ Key, Label string }

type activityChange struct {
	Code, OldCode                                          string
	Kinds                                                  []kindView
	Text                                                   []bitacora.WordOp
	Reassigned, ResponsibleChanged, CoChanged              bool
	ResponsibleBefore, ResponsibleAfter, CoBefore, CoAfter string
	Reasons                                                []string
}

type objectiveChange struct {
	Number int
	Kind   string
	Text   []bitacora.WordOp
}

type diffPage struct {
	page
	From, To   int
	TitleDiff  []bitacora.WordOp
	Objectives []objectiveChange
	Activities []activityChange
	JSONHref   string
	LangAttr   template.HTMLAttr
}

// diff shows what changed from one version of a programme to another,
// with the reasons the revisions between them gave.
func (s *Server) diff(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	from, to, err := param.DiffVersions(r)
	if err != nil {
		return err
	}
	d, err := published.Diff(r.Context(), s.store, doc.Programme.Slug, from, to)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	data := diffPage{page: s.newPage(r, l.T("diff_title", "From", d.From, "To", d.To)), From: d.From, To: d.To, TitleDiff: d.Title,
		JSONHref: "/api/v1/programmes/" + doc.Programme.Slug + "/diff?from=" + strconv.Itoa(d.From) + "&to=" + strconv.Itoa(d.To), LangAttr: v.langAttr()}
	data.Crumbs = v.crumbs(crumb{Text: l.T("versions_title"), Href: v.url(v.programmePath() + "/versions")}, crumb{Text: data.page.Title})
	for _, o := range d.Objectives {
		data.Objectives = append(data.Objectives, objectiveChange{Number: o.Number, Kind: l.T("diff_kind_" + o.Kind), Text: o.Text})
	}
	names := func(ids []string) string {
		if len(ids) == 0 {
			return l.T("nobody")
		}
		var out []string
		for _, id := range ids {
			if p := snap.PartyByID[id]; p != nil {
				out = append(out, p.Name)
			} else {
				out = append(out, id)
			}
		}
		return strings.Join(out, "; ")
	}
	for _, a := range d.Activities {
		ac := activityChange{Code: a.Code, OldCode: a.OldCode, Reasons: a.Reasons}
		if a.Code == "" {
			ac.Code = a.OldCode
		}
		for _, k := range a.Kinds {
			ac.Kinds = append(ac.Kinds, kindView{Key: k, Label: l.T("diff_kind_" + k)})
			switch k {
			case bitacora.DiffReworded, bitacora.DiffAdded, bitacora.DiffRetired:
				ac.Text = a.Text
			case bitacora.DiffReassigned:
				ac.Reassigned = true
				ac.ResponsibleChanged = !slices.Equal(a.ResponsibleBefore, a.ResponsibleAfter)
				ac.CoChanged = !slices.Equal(a.CoResponsibleBefore, a.CoResponsibleAfter)
				ac.ResponsibleBefore, ac.ResponsibleAfter = names(a.ResponsibleBefore), names(a.ResponsibleAfter)
				ac.CoBefore, ac.CoAfter = names(a.CoResponsibleBefore), names(a.CoResponsibleAfter)
			}
		}
		data.Activities = append(data.Activities, ac)
	}
	body, err := s.render("diff", data)
	if err != nil {
		return err
	}
	page := pagecache.New(body, "text/html; charset=utf-8", gzip.BestSpeed)
	if ri := info(r.Context()); ri.flash != "" || ri.signedIn() {
		page.WritePrivate(w, r, http.StatusOK)
		return nil
	}
	page.Write(w, r, http.StatusOK, pagecache.Revalidate)
	return nil
}
