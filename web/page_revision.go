package web

import (
	"compress/gzip"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/pagecache"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

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
	return s.renderForm(w, r, "versions", &data.formPage, data)
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
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := s.fullPageOf(r, snap, ver.Document)
		data.Title = l.T("version_heading", "Number", n) + " · " + data.Title
		data.Banner = l.T("version_banner", "Number", n, "Date", l.Date(ver.ApprovedOn))
		data.Crumbs = viewer{l: l, snap: snap, doc: doc}.crumbs(crumb{Text: l.T("versions_title"), Href: localURL(l.Lang, "/"+doc.Programme.Slug+"/versions")},
			crumb{Text: l.T("version_heading", "Number", n)})
		return s.render("full", data)
	})
}

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
	pagecache.New(body, "text/html; charset=utf-8", gzip.BestSpeed).Write(w, r, http.StatusOK, pagecache.Revalidate)
	return nil
}

// --- drafts: the Bureau and the secretariat ---

type revisionRow struct {
	Title, Href, State, Updated string
	Changes                     int
}

type revisionsPage struct {
	formPage
	Revisions []revisionRow
	Action    string
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
	data := revisionsPage{formPage: s.newFormPage(w, r, l.T("revisions_title")), Action: v.url(v.programmePath() + "/revisions")}
	data.Crumbs = v.crumbs(crumb{Text: l.T("versions_title"), Href: v.url(v.programmePath() + "/versions")}, crumb{Text: l.T("revisions_title")})
	for _, rev := range list {
		data.Revisions = append(data.Revisions, revisionRow{Title: rev.Title, Href: v.url(v.programmePath() + "/revisions/" + strconv.FormatInt(rev.ID, 10)),
			State: l.T("revision_state_" + rev.State), Updated: l.Date(rev.UpdatedAt[:min(10, len(rev.UpdatedAt))]), Changes: len(rev.Changes)})
	}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, "revisions", &data.formPage, data)
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
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/revisions/"+strconv.FormatInt(rev.ID, 10)), http.StatusSeeOther)
	return nil
}

type changeRow struct {
	Op, Target, Reason, DeleteHref string
	Details                        []string
}

type revisionPage struct {
	formPage
	Revision                 *bitacora.Revision
	State                    string
	Changes                  []changeRow
	IsDraft, CanApprove      bool
	OwnDraft                 bool // a Bureau member who may not approve it: they drafted or edited it
	AddAction, ApproveAction string
	OpOptions                []option
	Today                    string
	DiffHref                 string
}

func (s *Server) revisionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRevision(w, r, http.StatusOK, nil)
}

func (s *Server) renderRevision(w http.ResponseWriter, r *http.Request, status int, fill func(*revisionPage)) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	rev, err := s.store.Revision(r.Context(), doc.Programme.Slug, id)
	if err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	settings, err := s.store.ProgrammeSettings(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	base := v.url(v.programmePath() + "/revisions/" + strconv.FormatInt(id, 10))
	data := revisionPage{formPage: s.newFormPage(w, r, rev.Title), Revision: rev, State: l.T("revision_state_" + rev.State),
		IsDraft: rev.State == "draft", CanApprove: rev.State == "draft" && p.CanApproveRevision(rev.Authors(), settings),
		OwnDraft:  rev.State == "draft" && p.CanReview() && !p.CanApproveRevision(rev.Authors(), settings),
		AddAction: base + "/changes", ApproveAction: base + "/approve", Today: bitacora.Public().Today}
	if rev.ApprovedVersion > 0 {
		data.DiffHref = v.url(v.programmePath()+"/diff") + "?from=" + strconv.Itoa(rev.ApprovedVersion-1) + "&to=" + strconv.Itoa(rev.ApprovedVersion)
	}
	data.Crumbs = v.crumbs(crumb{Text: l.T("revisions_title"), Href: v.url(v.programmePath() + "/revisions")}, crumb{Text: rev.Title})
	data.Values["approved_on"] = data.Today
	for i, c := range rev.Changes {
		row := changeRow{Op: l.T("op_" + string(c.Op)), Reason: c.Reason, Target: changeTarget(l, c)}
		if data.IsDraft {
			row.DeleteHref = base + "/changes/" + strconv.Itoa(i) + "/delete"
		}
		if c.Text != nil {
			row.Details = append(row.Details, *c.Text)
		}
		if c.Responsible != nil {
			row.Details = append(row.Details, l.T("responsible")+": "+strings.Join(c.Responsible, ", "))
		}
		if c.CoResponsible != nil {
			row.Details = append(row.Details, l.T("co_responsible")+": "+strings.Join(*c.CoResponsible, ", "))
		}
		data.Changes = append(data.Changes, row)
	}
	for _, op := range bitacora.ChangeOps {
		data.OpOptions = append(data.OpOptions, option{Value: string(op), Label: l.T("op_" + string(op))})
	}
	if fill != nil {
		fill(&data)
	}
	if data.err != nil { // an error the form cannot show: see formPage.fail
		return data.err
	}
	body, err := s.render("revision", data)
	if err != nil {
		return err
	}
	if status == http.StatusOK && (data.Alert != "" || len(data.Errors) > 0) {
		status = http.StatusUnprocessableEntity
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
	return nil
}

func changeTarget(l *locale.Localizer, c bitacora.Change) string {
	switch {
	case c.Activity != "" && c.Objective != 0:
		return l.T("activity_heading", "Code", c.Activity) + " → " + l.T("objective_heading", "Number", c.Objective)
	case c.Activity != "":
		return l.T("activity_heading", "Code", c.Activity)
	case c.Code != "":
		return l.T("activity_heading", "Code", c.Code)
	case c.Objective != 0:
		return l.T("objective_heading", "Number", c.Objective)
	}
	return ""
}

// changeFromForm reads one change: party lists are ids separated by commas;
// an empty co-responsible field leaves it unchanged, "-" means nobody.
func changeFromForm(r *http.Request) bitacora.Change {
	f := r.PostForm
	c := bitacora.Change{Op: bitacora.ChangeOp(f.Get("op")), Activity: strings.TrimSpace(f.Get("activity")),
		Code: strings.TrimSpace(f.Get("code")), Reason: strings.TrimSpace(f.Get("reason"))}
	c.Objective, _ = strconv.Atoi(strings.TrimSpace(f.Get("objective")))
	c.Area, _ = strconv.Atoi(strings.TrimSpace(f.Get("area")))
	if t := strings.TrimSpace(f.Get("text")); t != "" {
		c.Text = &t
	}
	ids := func(s string) []string {
		var out []string
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, id)
			}
		}
		return out
	}
	if resp := strings.TrimSpace(f.Get("responsible")); resp != "" {
		c.Responsible = ids(resp)
	}
	switch co := strings.TrimSpace(f.Get("co_responsible")); co {
	case "":
	case "-":
		c.CoResponsible = bitacora.PartyList()
	default:
		c.CoResponsible = bitacora.PartyList(ids(co)...)
	}
	return c
}

// editRevision replaces a draft's changes and shows it again; field errors
// name the change by its number.
func (s *Server) editRevision(w http.ResponseWriter, r *http.Request, edit func([]bitacora.Change) []bitacora.Change) error {
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
	rev, err := s.store.Revision(r.Context(), doc.Programme.Slug, id)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostForm.Get("version"))
	_, err = s.svc.revisions.Update(bitacora.WithPrincipal(r.Context(), p), doc.Programme.Slug, id, base, rev.Title, edit(rev.Changes))
	if err != nil {
		return s.renderRevision(w, r, http.StatusUnprocessableEntity, func(pg *revisionPage) {
			for _, k := range []string{"op", "activity", "objective", "area", "code", "text", "responsible", "co_responsible", "reason"} {
				pg.Values[k] = r.PostForm.Get(k)
			}
			pg.fail(err)
			// Errors of the new change, the last one, go on its fields.
			last := "changes[" + strconv.Itoa(len(rev.Changes)) + "]."
			for k, m := range pg.Errors {
				if strings.HasPrefix(k, last) {
					pg.Errors[strings.TrimPrefix(k, last)] = m
				}
			}
		})
	}
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/revisions/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
	return nil
}

func (s *Server) addChange(w http.ResponseWriter, r *http.Request) error {
	return s.editRevision(w, r, func(cs []bitacora.Change) []bitacora.Change {
		return append(append([]bitacora.Change{}, cs...), changeFromForm(r))
	})
}

func (s *Server) deleteChange(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 {
		return bitacora.Errorf(bitacora.EINVALID, "malformed change number").WithKey("error_malformed_change")
	}
	return s.editRevision(w, r, func(cs []bitacora.Change) []bitacora.Change {
		if n >= len(cs) {
			return cs
		}
		return append(append([]bitacora.Change{}, cs[:n]...), cs[n+1:]...)
	})
}

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
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/diff")+"?from="+strconv.Itoa(n-1)+"&to="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
