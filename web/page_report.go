package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// markdown renders narratives. Raw HTML in them is dropped and dangerous
// links are not written (goldmark's defaults): the text is the authors',
// the page is everyone's.
var markdown = goldmark.New()

func renderMarkdown(src string) template.HTML {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(src), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(b.String())
}

// reportTarget is the activity and period a report request names, with
// the caller and what they may do with it.
type reportTarget struct {
	published.ReportPlace
	p bitacora.Principal
}

func (s *Server) reportTarget(r *http.Request) (*reportTarget, error) {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return nil, err
	}
	code, err := param.Path(r, "code", param.Code)
	if err != nil {
		return nil, err
	}
	period, err := param.Path(r, "period", param.Period)
	if err != nil {
		return nil, err
	}
	place, err := snap.ReportPlace(doc, code, period)
	if err != nil {
		return nil, err
	}
	p, err := s.principal(r)
	if err != nil {
		return nil, err
	}
	return &reportTarget{ReportPlace: place, p: p}, nil
}

// mayRead: the report's authors, contributors, the Bureau and the
// secretariat see its working version; the public sees accepted ones.
// Reading needs no write rights: a read-scope token reads too.
func (t *reportTarget) mayRead() bool { return t.p.CanReadReport(t.Activity) }

// ctx is the request's context with its principal, for the services.
func (t *reportTarget) ctx(r *http.Request) context.Context {
	return bitacora.WithPrincipal(r.Context(), t.p)
}

type fileLink struct {
	ID               int64
	Name, Href, Size string
}

type componentView struct {
	Text, Status string
}

type reportView struct {
	Version                            int
	State, Status, Completion, Updated string
	Narrative                          template.HTML
	Links                              []bitacora.Link
	Events                             []bitacora.Event
	Files                              []fileLink
	Components                         []componentView
	Contributions                      []contributionView
	ReviewComment                      string
	Accepted                           bool
}

type contributionView struct {
	Party string
	Text  template.HTML
}

type componentField struct {
	Name, Text string
	Options    []option
}

// reportArgs is what the template of one report version needs.
type reportArgs struct {
	L        *locale.Localizer
	V        *reportView
	LangAttr template.HTMLAttr
}

type reportPage struct {
	formPage
	LangAttr                         template.HTMLAttr
	Code, PeriodKey, PeriodLabel     string
	PeriodName                       string // the period as people say it; PeriodKey is for URLs
	ActivityText                     text
	ActivityHref                     string
	Current                          *reportView // what the authors and the Bureau work on
	Public                           *reportView // the accepted version, what everyone sees
	Conflict                         *reportView // the version a stale save ran into
	CanEdit, CanSubmit, CanReview    bool
	CanContribute                    bool
	OwnParty                         bool // a Bureau member who may not review this report: it is their party's
	SaveHref, SubmitHref, ReviewHref string
	ContributionHref                 string
	Version                          int
	StatusOptions, CompletionOptions []option
	Components                       []componentField
	ContributionParty                string
	// The report's deadline, to those who may read its drafts; the
	// secretariat may extend it (DeadlineHref).
	Deadline, DeadlineHref string
	Extended, CanExtend    bool
	// The files: the authors remove (FilesHref/{id}/remove) or replace
	// one of a draft; the secretariat withdraws one the public version
	// published.
	FilesHref       string
	ReplaceOptions  []option
	CanWithdraw     bool
	WithdrawOptions []option
	// The accepted versions, to everyone; every step, to those who may
	// read the drafts (Trail is nil for the public).
	AcceptedVersions []trailRow
	Trail            []trailRow
}

// trailRow is one step of a report's trail, as a page says it.
type trailRow struct {
	Version    int
	Date, What string
	Comment    string
}

// trail reads the steps of the report: all of them, when all may be
// shown, else only the accepted versions.
func (s *Server) trail(ctx context.Context, l *locale.Localizer, k bitacora.ReportKey, all bool) (accepted, steps []trailRow, err error) {
	list, err := s.store.ReportTrail(ctx, k)
	if err != nil {
		return nil, nil, err
	}
	for _, st := range list {
		row := trailRow{Version: st.Version, Date: l.Date(st.At[:min(10, len(st.At))]), What: l.T("trail_" + string(st.State)), Comment: st.Comment}
		if st.State == bitacora.StateAccepted {
			accepted = append(accepted, row)
		}
		if all {
			steps = append(steps, row)
		}
	}
	return accepted, steps, nil
}

func (s *Server) view(l *locale.Localizer, doc *bitacora.Document, a *bitacora.Activity, r *bitacora.Report) *reportView {
	if r == nil {
		return nil
	}
	v := &reportView{Version: r.Version, State: l.T("state_" + string(r.State)), Status: l.T("status_" + string(r.Status)),
		Completion: l.T("completion_" + string(r.Completion)), Narrative: renderMarkdown(r.Narrative),
		Links: r.Links, Events: r.Events, ReviewComment: r.ReviewComment, Accepted: r.State == bitacora.StateAccepted}
	if len(r.UpdatedAt) >= 10 {
		v.Updated = l.Date(r.UpdatedAt[:10])
	}
	for _, f := range r.Files {
		v.Files = append(v.Files, fileLink{ID: f.ID, Name: f.Name, Href: localURL(l.Lang, "/files/"+strconv.FormatInt(f.ID, 10)),
			Size: strconv.FormatInt((f.Size+1023)/1024, 10) + " KB"})
	}
	for _, c := range r.Components {
		if c.Index < len(a.Components) {
			v.Components = append(v.Components, componentView{Text: a.Components[c.Index], Status: l.T("status_" + string(c.Status))})
		}
	}
	for _, c := range r.Contributions {
		name := c.PartyID
		if p := doc.Party(c.PartyID); p != nil {
			name = p.Name
		}
		v.Contributions = append(v.Contributions, contributionView{Party: name, Text: renderMarkdown(c.Text)})
	}
	return v
}

// reportPage shows a report: to the public its accepted version, to its
// authors and the Bureau its working version with the forms they may use.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	return s.renderReport(w, r, t, http.StatusOK, nil)
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, t *reportTarget, status int, fill func(*reportPage)) error {
	ctx := r.Context()
	l := s.localizer(r)
	snap, err := s.content.Get(ctx)
	if err != nil {
		return err
	}
	v := viewer{l: l, snap: snap, doc: t.Doc}
	said := periodText(l, t.Period)
	data := reportPage{formPage: s.newFormPage(w, r, l.T("report_title", "Code", t.Key.Activity, "Period", said)),
		Code: t.Key.Activity, PeriodKey: t.Key.Period, PeriodName: said,
		PeriodLabel:  l.Date(t.Period.StartsOn) + " – " + l.Date(t.Period.EndsOn),
		ActivityText: v.text("activity:"+t.Activity.Code, "text", t.Activity.Text),
		ActivityHref: v.url(v.programmePath() + "/activities/" + t.Activity.Code), LangAttr: v.langAttr()}
	base := v.url(v.programmePath() + "/activities/" + t.Key.Activity + "/reports/" + t.Key.Period)
	data.SaveHref, data.SubmitHref, data.ReviewHref, data.ContributionHref = base, base+"/submit", base+"/review", base+"/contribution"
	data.Crumbs = v.crumbs(crumb{Text: l.T("activity_heading", "Code", t.Key.Activity), Href: data.ActivityHref}, crumb{Text: said})

	// Read now, not from the snapshot: whoever just accepted or saved sees
	// the result at once, not a second later.
	accepted, err := s.store.AcceptedReports(ctx, t.Key.Programme)
	if err != nil {
		return err
	}
	for i := range accepted {
		if accepted[i].Activity == t.Key.Activity && accepted[i].Period == t.Key.Period {
			data.Public = s.view(l, t.Doc, t.Activity, &accepted[i])
		}
	}
	var current *bitacora.Report
	if t.mayRead() {
		current, err = s.store.Report(ctx, t.Key)
		if err != nil && bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			return err
		}
		data.Current = s.view(l, t.Doc, t.Activity, current)
		dl, err := s.store.Deadlines(ctx, t.Key.Programme)
		if err != nil {
			return err
		}
		_, data.Extended = dl.Extended[t.Key]
		data.Deadline = l.Date(dl.Deadline(t.Key, t.Period))
		if data.Extended {
			data.Values["deadline"] = dl.Extended[t.Key]
		}
		data.CanExtend, data.DeadlineHref = t.p.CanEditContent(), base+"/deadline"
	}
	// Nothing to show but to those who write it, and to the secretariat,
	// which may move its deadline before a word is written.
	if data.Public == nil && data.Current == nil && !t.p.CanReportOn(t.Activity) && !(data.CanExtend && t.mayRead()) {
		if !t.p.SignedIn() {
			// The public learns only that there is nothing public here:
			// every report of an existing activity and period without an
			// accepted version sends it to sign in alike, draft or none.
			return s.toSignIn(w, r)
		}
		return bitacora.Errorf(bitacora.ENOTFOUND, "no accepted report on %s for %s", t.Key.Activity, t.Key.Period).WithKey("error_no_accepted_report", "Activity", t.Key.Activity, "Period", said)
	}
	state := bitacora.ReviewState("")
	if current != nil {
		state, data.Version = current.State, current.Version
	}
	// Drafts, submissions and returns are not the public's: the public
	// trail is the accepted versions, read from the same kept versions.
	if data.AcceptedVersions, data.Trail, err = s.trail(ctx, l, t.Key, t.mayRead()); err != nil {
		return err
	}
	data.FilesHref = base + "/files"
	if data.Current != nil && t.p.CanReportOn(t.Activity) && state != bitacora.StateSubmitted {
		for _, f := range data.Current.Files {
			data.ReplaceOptions = append(data.ReplaceOptions, option{Value: strconv.FormatInt(f.ID, 10), Label: f.Name})
		}
	}
	if data.Public != nil && t.p.CanEditContent() {
		for _, f := range data.Public.Files {
			data.WithdrawOptions = append(data.WithdrawOptions, option{Value: strconv.FormatInt(f.ID, 10), Label: f.Name})
		}
		data.CanWithdraw = len(data.WithdrawOptions) > 0
	}
	data.CanEdit = t.p.CanReportOn(t.Activity) && state != bitacora.StateSubmitted
	data.CanSubmit = t.p.CanReportOn(t.Activity) && (state == bitacora.StateDraft || state == bitacora.StateReturned)
	data.CanReview = t.p.CanReviewReport(t.Activity, current) && state == bitacora.StateSubmitted
	data.OwnParty = t.p.CanReview() && state == bitacora.StateSubmitted && t.p.ReviewsOwnParty(t.Activity, current)
	data.CanContribute = current != nil && !t.p.CanReportOn(t.Activity) && t.p.CanContributeTo(t.Activity)
	data.ContributionParty, _ = t.p.ContributionParty(t.Activity, "")
	c := bitacora.ReportContent{Status: bitacora.StatusNotStarted, Completion: bitacora.CompletionNotStarted}
	if current != nil {
		c = current.ReportContent
	}
	fillContent(&data, l, t.Activity, c)
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, status, "report", &data.formPage, data)
}

// fillContent puts a report's content into the form's fields.
func fillContent(data *reportPage, l *locale.Localizer, a *bitacora.Activity, c bitacora.ReportContent) {
	data.Values["narrative"] = c.Narrative
	var links, events []string
	for _, k := range c.Links {
		links = append(links, strings.TrimSpace(k.URL+" "+k.Title))
	}
	for _, e := range c.Events {
		events = append(events, e.Date+" | "+e.Place+" | "+e.Participants)
	}
	data.Values["links"], data.Values["events"] = strings.Join(links, "\n"), strings.Join(events, "\n")
	data.StatusOptions, data.CompletionOptions = nil, nil
	for _, st := range bitacora.Statuses {
		data.StatusOptions = append(data.StatusOptions, option{Value: string(st), Label: l.T("status_" + string(st)), Selected: st == c.Status})
	}
	for _, cp := range bitacora.Completions {
		data.CompletionOptions = append(data.CompletionOptions, option{Value: string(cp), Label: l.T("completion_" + string(cp)), Selected: cp == c.Completion})
	}
	data.Components = nil
	for i, text := range a.Components {
		f := componentField{Name: "component_" + strconv.Itoa(i), Text: text}
		chosen := bitacora.Status("")
		for _, cs := range c.Components {
			if cs.Index == i {
				chosen = cs.Status
			}
		}
		f.Options = append(f.Options, option{Value: "", Label: "—", Selected: chosen == ""})
		for _, st := range bitacora.Statuses {
			f.Options = append(f.Options, option{Value: string(st), Label: l.T("status_" + string(st)), Selected: st == chosen})
		}
		data.Components = append(data.Components, f)
	}
}
