package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
)

// A draft of a revision: its page, with the forms that change and
// approve it (revision_change.go, revision_approve.go).

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
	return s.renderForm(w, r, status, "revision", &data.formPage, data)
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
