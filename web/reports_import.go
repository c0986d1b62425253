package web

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/reportcsv"
)

// maxProblemsShown keeps the page of a hopeless file readable.
const maxProblemsShown = 200

// reportsImportPage is the secretariat's form to import progress reports
// from a spreadsheet, with the problems of the last file sent.
type reportsImportPage struct {
	formPage
	Action, TemplateHref string
	Columns              []importColumn
	Problems             []string
	More                 int // problems not shown
}

type importColumn struct {
	Names, Values string
	Required      bool
}

func (s *Server) reportsImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderReportsImport(w, r, nil)
}

func (s *Server) renderReportsImport(w http.ResponseWriter, r *http.Request, fill func(*reportsImportPage)) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	ps, err := s.store.Periods(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	base := "/" + doc.Programme.Slug + "/reports/"
	data := reportsImportPage{formPage: s.newFormPage(w, r, l.T("import_title")),
		Action: localURL(l.Lang, base+"import"), TemplateHref: localURL(l.Lang, base+"template.csv")}
	data.Crumbs = viewer{l: l, snap: snap, doc: doc}.crumbs(crumb{Text: l.T("import_title")})
	var keys []string
	for _, p := range ps {
		keys = append(keys, p.Key)
	}
	for _, c := range reportcsv.Columns() {
		data.Columns = append(data.Columns, importColumn{Names: strings.Join(c.Names, " | "), Required: c.Required,
			Values: l.T("import_col_"+c.Names[0], "Periods", strings.Join(keys, ", "))})
	}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, http.StatusOK, "reports_import", &data.formPage, data)
}

// importReports reads the file sent and imports it whole, or lists what is
// wrong with it, line by line, and imports nothing.
func (s *Server) importReports(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseMultipart(w, r, reportcsv.MaxBytes+maxFormBytes); err != nil {
		return err
	}
	ctx, err := s.acting(r)
	if err != nil {
		return err
	}
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	data, _, sent, err := formFile(r, "file", reportcsv.MaxBytes)
	if err != nil {
		return err
	}
	if !sent {
		return s.renderReportsImport(w, r, func(a *reportsImportPage) { a.Errors["file"] = a.L.T("import_file_required") })
	}
	ps, err := s.store.Periods(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	rows, err := reportcsv.Parse(bytes.NewReader(data), doc, ps)
	if err == nil {
		var n int
		n, err = s.svc.reports.Import(ctx, doc.Programme.Slug, rows)
		if err == nil {
			return s.renderReportsImport(w, r, func(a *reportsImportPage) { a.Notice = a.L.N("import_done", n) })
		}
	}
	var le *reportcsv.LineErrors
	if !errors.As(err, &le) && bitacora.ErrorCode(err) == bitacora.EINTERNAL {
		return err
	}
	return s.renderReportsImport(w, r, func(a *reportsImportPage) {
		if le == nil {
			// A domain error, whose message names the line.
			a.fail(err)
			return
		}
		a.Alert = a.L.T("import_failed")
		for i, e := range le.List {
			if i == maxProblemsShown {
				a.More = len(le.List) - i
				break
			}
			a.Problems = append(a.Problems, problemText(a, e))
		}
	})
}

// problemText says where a problem is and what it is, in the page's
// language.
func problemText(a *reportsImportPage, e reportcsv.LineError) string { return a.L.Error(e.Err()) }

// reportsTemplate sends a file to fill in: a row for every activity in the
// current period, with the column names in Spanish for Spanish readers.
func (s *Server) reportsTemplate(w http.ResponseWriter, r *http.Request) error {
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	ps, err := s.store.Periods(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	period := ""
	today := bitacora.Public().Today
	for _, p := range ps {
		if period == "" || p.StartsOn <= today {
			period = p.Key
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Programme.Slug + "-reports-" + period + ".csv"}))
	h.Set("Cache-Control", "no-store")
	return reportcsv.WriteTemplate(w, doc, period, language(r))
}
