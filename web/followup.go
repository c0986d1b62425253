package web

import (
	"bytes"
	"html/template"
	"mime"
	"net/http"
	"net/url"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/followup"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// DisplayTitle writes a title set in capitals as the pages do, for the
// follow-up report made outside a request (bitacora report).
func DisplayTitle(doc *bitacora.Document, title string) string { return displayTitle(doc, title) }

type followupPage struct {
	page
	Body          template.HTML
	PDFHref       string
	PeriodOptions []periodOption
}

type periodOption struct {
	Key, Text string
	Selected  bool
}

// followupQuery reads ?period=KEY (none: the whole cycle): a period the
// programme does not have is a 400.
func (s *Server) followupQuery(r *http.Request) (*published.Snapshot, *bitacora.Document, string, url.Values, error) {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return nil, nil, "", nil, err
	}
	f, err := param.ProgressFilter(r, doc, snap.Periods[doc.Programme.Slug])
	if err != nil {
		return nil, nil, "", nil, err
	}
	q := url.Values{}
	if f.Period != "" {
		q.Set("period", f.Period)
	}
	return snap, doc, f.Period, q, nil
}

// followupReport builds the follow-up report in the request's language,
// as on the day given.
func (s *Server) followupReport(r *http.Request, snap *published.Snapshot, doc *bitacora.Document, period, day string) (*followup.Report, error) {
	in, err := followup.Load(r.Context(), s.store, snap, doc.Programme.Slug)
	if err != nil {
		return nil, err
	}
	in.Display = displayTitle
	return followup.Build(in, period, s.localizer(r), day)
}

// followupHTML is the follow-up report as a page: the site's layout (its
// print stylesheet drops the navigation and starts each area on a new
// page) around the report's body, with the PDF's link.
func (s *Server) followupHTML(w http.ResponseWriter, r *http.Request) error {
	snap, doc, period, q, err := s.followupQuery(r)
	if err != nil {
		return err
	}
	day := published.Today()
	return s.serveCached(w, r, snap, q, day, "text/html; charset=utf-8", func(r *http.Request) ([]byte, error) {
		rep, err := s.followupReport(r, snap, doc, period, day)
		if err != nil {
			return nil, err
		}
		body, err := followup.Body(rep)
		if err != nil {
			return nil, err
		}
		l := s.localizer(r)
		v := viewer{l: l, snap: snap, doc: doc}
		data := followupPage{page: s.newPage(r, rep.Title), Body: body}
		pdf := v.programmePath() + "/followup.pdf"
		if period != "" {
			pdf += "?period=" + period
		}
		data.PDFHref = v.url(pdf)
		data.PeriodOptions = append(data.PeriodOptions, periodOption{Text: l.T("followup_whole_cycle"), Selected: period == ""})
		for _, p := range snap.Periods[doc.Programme.Slug] {
			data.PeriodOptions = append(data.PeriodOptions, periodOption{Key: p.Key, Text: periodText(l, p), Selected: p.Key == period})
		}
		data.Crumbs = v.crumbs(crumb{Text: l.T("followup_title")})
		return s.render("followup", data)
	})
}

// followupPDF sends the follow-up report as a PDF made here.
func (s *Server) followupPDF(w http.ResponseWriter, r *http.Request) error {
	snap, doc, period, q, err := s.followupQuery(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{
		"filename": doc.Programme.Slug + "-followup-" + orWhole(period) + "-" + language(r) + ".pdf"}))
	day := published.Today()
	return s.serveCached(w, r, snap, q, day, "application/pdf", func(r *http.Request) ([]byte, error) {
		rep, err := s.followupReport(r, snap, doc, period, day)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := followup.PDF(&b, rep); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	})
}

func orWhole(p string) string {
	if p == "" {
		return "cycle"
	}
	return p
}

// activityOperations lists the IATI operations linked to the activity, as
// the follow-up report does. The list is read when the page is built: a
// link or an unlink takes a generation of the programme's plan, which
// builds the page again.
func (s *Server) activityOperations(r *http.Request, v viewer, code string) (template.HTML, error) {
	ops, err := s.store.Operations(r.Context(), v.doc.Programme.Slug)
	if err != nil || len(ops[code]) == 0 {
		return "", err
	}
	var views []followup.Operation
	for _, op := range ops[code] {
		views = append(views, followup.OperationView(op, v.l))
	}
	return followup.OperationsList(&followup.Report{Lang: v.l.Lang, L: v.l}, views)
}
