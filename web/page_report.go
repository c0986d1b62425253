package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
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
	key      bitacora.ReportKey
	doc      *bitacora.Document
	activity *bitacora.Activity
	period   bitacora.Period
	p        bitacora.Principal
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
	t := &reportTarget{key: bitacora.ReportKey{Programme: doc.Programme.Slug, Activity: code, Period: period}, doc: doc, activity: doc.Activity(code)}
	if t.activity == nil {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no activity %q", doc.Programme.Slug, code).WithKey("error_no_activity", "Programme", doc.Programme.Slug, "Activity", code)
	}
	found := false
	for _, p := range snap.Periods[doc.Programme.Slug] {
		if p.Key == period {
			t.period, found = p, true
		}
	}
	if !found {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no reporting period %q", doc.Programme.Slug, period).WithKey("error_no_period", "Programme", doc.Programme.Slug, "Period", period)
	}
	if t.p, err = s.principal(r); err != nil {
		return nil, err
	}
	return t, nil
}

// mayRead: the report's authors, contributors, the Bureau and the
// secretariat see its working version; the public sees accepted ones.
// Reading needs no write rights: a read-scope token reads too.
func (t *reportTarget) mayRead() bool { return t.p.CanReadReport(t.activity) }

// ctx is the request's context with its principal, for the services.
func (t *reportTarget) ctx(r *http.Request) context.Context {
	return bitacora.WithPrincipal(r.Context(), t.p)
}

type fileLink struct {
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
		v.Files = append(v.Files, fileLink{Name: f.Name, Href: localURL(l.Lang, "/files/"+strconv.FormatInt(f.ID, 10)),
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
	v := viewer{l: l, snap: snap, doc: t.doc}
	data := reportPage{formPage: s.newFormPage(w, r, l.T("report_title", "Code", t.key.Activity, "Period", t.key.Period)),
		Code: t.key.Activity, PeriodKey: t.key.Period,
		PeriodLabel:  l.Date(t.period.StartsOn) + " – " + l.Date(t.period.EndsOn),
		ActivityText: v.text("activity:"+t.activity.Code, "text", t.activity.Text),
		ActivityHref: v.url(v.programmePath() + "/activities/" + t.activity.Code), LangAttr: v.langAttr()}
	base := v.url(v.programmePath() + "/activities/" + t.key.Activity + "/reports/" + t.key.Period)
	data.SaveHref, data.SubmitHref, data.ReviewHref, data.ContributionHref = base, base+"/submit", base+"/review", base+"/contribution"
	data.Crumbs = v.crumbs(crumb{Text: l.T("activity_heading", "Code", t.key.Activity), Href: data.ActivityHref}, crumb{Text: t.key.Period})

	// Read now, not from the snapshot: whoever just accepted or saved sees
	// the result at once, not a second later.
	accepted, err := s.store.AcceptedReports(ctx, t.key.Programme)
	if err != nil {
		return err
	}
	for i := range accepted {
		if accepted[i].Activity == t.key.Activity && accepted[i].Period == t.key.Period {
			data.Public = s.view(l, t.doc, t.activity, &accepted[i])
		}
	}
	var current *bitacora.Report
	if t.mayRead() {
		current, err = s.store.Report(ctx, t.key)
		if err != nil && bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			return err
		}
		data.Current = s.view(l, t.doc, t.activity, current)
	}
	if data.Public == nil && data.Current == nil && !t.p.CanReportOn(t.activity) {
		return bitacora.Errorf(bitacora.ENOTFOUND, "no accepted report on %s for %s", t.key.Activity, t.key.Period).WithKey("error_no_accepted_report", "Activity", t.key.Activity, "Period", t.key.Period)
	}
	state := bitacora.ReviewState("")
	if current != nil {
		state, data.Version = current.State, current.Version
	}
	data.CanEdit = t.p.CanReportOn(t.activity) && state != bitacora.StateSubmitted
	data.CanSubmit = t.p.CanReportOn(t.activity) && (state == bitacora.StateDraft || state == bitacora.StateReturned)
	data.CanReview = t.p.CanReviewReport(t.activity, current) && state == bitacora.StateSubmitted
	data.OwnParty = t.p.CanReview() && state == bitacora.StateSubmitted && t.p.ReviewsOwnParty(t.activity, current)
	data.CanContribute = current != nil && !t.p.CanReportOn(t.activity) && t.p.CanContributeTo(t.activity)
	data.ContributionParty, _ = t.p.ContributionParty(t.activity, "")
	c := bitacora.ReportContent{Status: bitacora.StatusNotStarted, Completion: bitacora.CompletionNotStarted}
	if current != nil {
		c = current.ReportContent
	}
	fillContent(&data, l, t.activity, c)
	if fill != nil {
		fill(&data)
	}
	if data.err != nil { // an error the form cannot show: see formPage.fail
		return data.err
	}
	body, err := s.render("report", data)
	if err != nil {
		return err
	}
	if len(data.Errors) > 0 || data.Alert != "" {
		if status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
	return nil
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

// contentFromForm reads a report's content from the form: links one per
// line ("URL title"), events one per line ("date | place | participants").
func contentFromForm(r *http.Request, a *bitacora.Activity) (bitacora.ReportContent, bitacora.FieldErrors) {
	fe := bitacora.FieldErrors{}
	c := bitacora.ReportContent{Status: bitacora.Status(r.PostFormValue("status")), Completion: bitacora.Completion(r.PostFormValue("completion")),
		Narrative: strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("narrative"), "\r\n", "\n"))}
	for _, line := range strings.Split(r.PostFormValue("links"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			u, title, _ := strings.Cut(line, " ")
			c.Links = append(c.Links, bitacora.Link{URL: u, Title: strings.TrimSpace(title)})
		}
	}
	for _, line := range strings.Split(r.PostFormValue("events"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		parts := strings.SplitN(line, "|", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		c.Events = append(c.Events, bitacora.Event{Date: strings.TrimSpace(parts[0]), Place: strings.TrimSpace(parts[1]), Participants: strings.TrimSpace(parts[2])})
	}
	for i := range a.Components {
		if v := r.PostFormValue("component_" + strconv.Itoa(i)); v != "" {
			c.Components = append(c.Components, bitacora.ComponentState{Index: i, Status: bitacora.Status(v)})
		}
	}
	for k, v := range c.Validate(a) {
		switch {
		case strings.HasPrefix(k, "links"):
			fe["links"] = v
		case strings.HasPrefix(k, "events"):
			fe["events"] = v
		case strings.HasPrefix(k, "components["):
			fe["components"] = v
		default:
			fe[k] = v
		}
	}
	return c, fe
}

// saveReport saves the report's content and, if one is attached, a file of
// evidence. A save based on a stale version answers 409 and shows both the
// user's text and the version it ran into; nothing is overwritten.
func (s *Server) saveReport(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseMultipart(w, r, bitacora.MaxFileSize+(1<<20)); err != nil {
		return err
	}
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	c, fe := contentFromForm(r, t.activity)
	var file []byte
	var fileName, fileType string
	if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		file, err = io.ReadAll(io.LimitReader(f, bitacora.MaxFileSize+1))
		if err != nil {
			return err
		}
		fileName = cleanFileName(hdr.Filename)
		var ok bool
		switch fileType, ok = sniffEvidence(file); {
		case len(file) > bitacora.MaxFileSize:
			fe["file"] = "field_file_large"
		case len(file) == 0 && hdr.Filename != "":
			fe["file"] = "field_file_type"
		case !ok && len(file) > 0:
			fe["file"] = "field_file_type"
		}
	} else if !errors.Is(err, http.ErrMissingFile) {
		return bitacora.Errorf(bitacora.EINVALID, "malformed upload").WithKey("error_malformed_upload")
	}
	keep := func(p *reportPage) {
		fillContent(p, p.L, t.activity, c)
		p.Values["narrative"], p.Values["links"], p.Values["events"] = r.PostFormValue("narrative"), r.PostFormValue("links"), r.PostFormValue("events")
	}
	if err := fe.Check(); err != nil {
		return s.renderReport(w, r, t, http.StatusUnprocessableEntity, func(p *reportPage) {
			keep(p)
			p.fail(err)
		})
	}
	ctx := t.ctx(r)
	rep, err := s.svc.reports.Save(ctx, t.key, base, c)
	if err == nil && len(file) > 0 {
		_, err = s.svc.reports.AddFile(ctx, t.key, rep.Version, fileName, fileType, file)
	}
	var conflict *bitacora.Conflict
	switch {
	case errors.As(err, &conflict):
		return s.renderReport(w, r, t, http.StatusConflict, func(p *reportPage) {
			keep(p)
			p.Alert = p.L.T("report_conflict", "Version", conflict.Current.Version)
			p.Conflict = s.view(p.L, t.doc, t.activity, conflict.Current)
			p.Version = conflict.Current.Version
		})
	case err != nil:
		var ife *bitacora.InvalidFields
		if errors.As(err, &ife) || bitacora.ErrorCode(err) == bitacora.ECONFLICT {
			return s.renderReport(w, r, t, http.StatusUnprocessableEntity, func(p *reportPage) {
				keep(p)
				p.fail(err)
			})
		}
		return err
	}
	http.Redirect(w, r, localURL(language(r), "/"+t.key.Programme+"/activities/"+t.key.Activity+"/reports/"+t.key.Period)+"?saved=1", http.StatusSeeOther)
	return nil
}

// transition runs a workflow step (submit, review, contribute) from a form
// and shows the report again. The step's service decides who may.
func (s *Server) transition(w http.ResponseWriter, r *http.Request, step func(context.Context, *reportTarget, int) error) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostForm.Get("version"))
	err = step(t.ctx(r), t, base)
	var conflict *bitacora.Conflict
	switch {
	case errors.As(err, &conflict):
		return s.renderReport(w, r, t, http.StatusConflict, func(p *reportPage) {
			p.Alert = p.L.T("report_conflict", "Version", conflict.Current.Version)
		})
	case err != nil:
		var ife *bitacora.InvalidFields
		if errors.As(err, &ife) || bitacora.ErrorCode(err) == bitacora.ECONFLICT {
			return s.renderReport(w, r, t, http.StatusUnprocessableEntity, func(p *reportPage) {
				p.fail(err)
				p.Values["comment"] = r.PostForm.Get("comment")
				p.Values["contribution"] = r.PostForm.Get("contribution")
			})
		}
		return err
	}
	http.Redirect(w, r, localURL(language(r), "/"+t.key.Programme+"/activities/"+t.key.Activity+"/reports/"+t.key.Period)+"?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, func(ctx context.Context, t *reportTarget, base int) error {
		_, err := s.svc.reports.Submit(ctx, t.key, base)
		return err
	})
}

func (s *Server) reviewReport(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, func(ctx context.Context, t *reportTarget, base int) error {
		_, err := s.svc.reports.Review(ctx, t.key, base, r.PostForm.Get("decision") == "accept", r.PostForm.Get("comment"))
		return err
	})
}

// contribute: the page lets the policy choose the party ("").
func (s *Server) contribute(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, func(ctx context.Context, t *reportTarget, base int) error {
		_, err := s.svc.reports.Contribute(ctx, t.key, base, "", r.PostForm.Get("contribution"))
		return err
	})
}

// file serves a piece of evidence: to everyone once its report version is
// accepted, before that only to those who may read the report.
func (s *Server) file(w http.ResponseWriter, r *http.Request) error {
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	f, data, public, err := s.store.FileData(r.Context(), id)
	if err != nil {
		return err
	}
	if !public {
		k, err := s.store.FileReport(r.Context(), id)
		if err != nil {
			return err
		}
		p, err := s.principal(r)
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
	h := w.Header()
	h.Set("Content-Type", bitacora.ServedType(f.ContentType))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})
	if disposition == "" {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-cache")
	w.Write(data)
	return nil
}
