package web

import (
	"net/http"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
)

// A revision: its changes in words, the form of one kind of change to add
// to a draft (revision_forms.go, revision_change.go), sending it to the
// Bureau, and the Bureau's approval or return (revision_approve.go).

type changeRow struct {
	Op, Target, Reason, DeleteHref string
	Details                        []string
}

type revisionPage struct {
	formPage
	Revision                    *bitacora.Revision
	State                       string
	Changes                     []changeRow
	IsDraft, IsProposed         bool
	CanEdit, CanApprove         bool
	CanReturn                   bool
	OwnDraft                    bool // a Bureau member who may not approve it: they drafted or edited it
	Returned                    string
	AddAction, ApproveAction    string
	ProposeAction, ReturnAction string
	PageHref                    string
	Ops                         []opLink
	Form                        *changeForm
	Parties                     []partyChoice
	Today                       string
	names                       *partyNames
	DiffHref                    string
}

func (s *Server) revisionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRevision(w, r, http.StatusOK, nil)
}

// renderRevision shows a revision; the form of the kind of change the
// query names (op=…) is open, starting from what the programme says today
// unless fill puts back what was posted.
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
	pn := newPartyNames(snap.Parties)
	base := v.url(v.programmePath() + "/revisions/" + strconv.FormatInt(id, 10))
	isDraft, isProposed := rev.State == bitacora.RevisionDraft, rev.State == bitacora.RevisionProposed
	data := revisionPage{formPage: s.newFormPage(w, r, rev.Title), Revision: rev, State: l.T("revision_state_" + rev.State),
		IsDraft: isDraft, IsProposed: isProposed, CanEdit: isDraft && p.CanDraftRevision(),
		CanApprove: isProposed && p.CanApproveRevision(rev.Authors(), settings), CanReturn: isProposed && p.CanReview(),
		OwnDraft:  isProposed && p.CanReview() && !p.CanApproveRevision(rev.Authors(), settings),
		AddAction: base + "/changes", ApproveAction: base + "/approve", ProposeAction: base + "/propose", ReturnAction: base + "/return",
		PageHref: base, Today: bitacora.Public().Today, Parties: pn.choice, names: pn}
	if isDraft && rev.ReturnComment != "" {
		data.Returned = rev.ReturnComment
	}
	if rev.ApprovedVersion > 0 {
		data.DiffHref = v.url(v.programmePath()+"/diff") + "?from=" + strconv.Itoa(rev.ApprovedVersion-1) + "&to=" + strconv.Itoa(rev.ApprovedVersion)
	}
	data.Crumbs = v.crumbs(crumb{Text: l.T("revisions_title"), Href: v.url(v.programmePath() + "/revisions")}, crumb{Text: rev.Title})
	data.Values["approved_on"] = data.Today
	for i, c := range rev.Changes {
		row := changeRow{Op: l.T("op_" + string(c.Op)), Reason: c.Reason, Target: changeTarget(l, c)}
		if data.CanEdit {
			row.DeleteHref = base + "/changes/" + strconv.Itoa(i) + "/delete"
		}
		if c.Code != "" && c.Activity != "" {
			row.Details = append(row.Details, l.T("revision_code")+": "+c.Code)
		}
		if c.Title != nil {
			row.Details = append(row.Details, l.T("revision_title_label")+": "+*c.Title)
		}
		if c.Text != nil {
			row.Details = append(row.Details, *c.Text)
		}
		for _, comp := range c.Components {
			row.Details = append(row.Details, "· "+comp)
		}
		if c.Preamble != nil {
			row.Details = append(row.Details, l.T("revision_preamble_paragraphs", "Count", len(c.Preamble)))
		}
		if c.Responsible != nil {
			row.Details = append(row.Details, l.T("responsible")+": "+pn.names(c.Responsible))
		}
		if c.CoResponsible != nil {
			co := pn.names(*c.CoResponsible)
			if co == "" {
				co = l.T("revision_nobody")
			}
			row.Details = append(row.Details, l.T("co_responsible")+": "+co)
		}
		data.Changes = append(data.Changes, row)
	}
	if data.CanEdit {
		chosen := bitacora.ChangeOp(r.URL.Query().Get("op"))
		if r.Method == http.MethodPost {
			chosen = bitacora.ChangeOp(r.PostForm.Get("op"))
		}
		for _, op := range bitacora.ChangeOps {
			data.Ops = append(data.Ops, opLink{Label: l.T("op_" + string(op)), Href: base + "?op=" + string(op) + "#add", Current: op == chosen})
		}
		if chosen.Valid() {
			q := r.URL.Query()
			if r.Method == http.MethodPost {
				q = r.PostForm
			}
			data.Form = newChangeForm(l, doc, pn, chosen, q)
			data.Form.startValues(doc, data.Values)
		}
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
