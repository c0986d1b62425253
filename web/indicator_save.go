package web

import (
	"encoding/base64"
	"errors"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/indicatorfile"
	"github.com/elac/bitacora/param"
)

// The secretariat's workspace for indicators: the list with the form to
// define one, an indicator's form, and the upload of its observations,
// which first shows what the file holds (a preview, nothing stored) and
// stores it whole when the secretariat confirms.

// maxIndicatorUpload bounds an upload of observations through the site.
const maxIndicatorUpload = 8 << 20

type adminIndicatorsPage struct {
	formPage
	Rows      []indicatorLink
	Action    string
	Direction []option
}

func (s *Server) adminIndicators(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminIndicators(w, r, nil)
}

func (s *Server) renderAdminIndicators(w http.ResponseWriter, r *http.Request, fill func(*adminIndicatorsPage)) error {
	l := s.localizer(r)
	list, err := s.store.Indicators(r.Context())
	if err != nil {
		return err
	}
	data := adminIndicatorsPage{formPage: s.newFormPage(w, r, l.T("indicators_admin_title")), Action: localURL(l.Lang, "/admin/indicators")}
	data.Crumbs = []crumb{{Text: l.T("nav_account"), Href: localURL(l.Lang, "/account")}, {Text: l.T("indicators_admin_title")}}
	for _, i := range list {
		link := s.indicatorLinkFor(l, i)
		link.Href = localURL(l.Lang, "/admin/indicators/"+i.Code)
		data.Rows = append(data.Rows, link)
	}
	data.Values["direction"] = string(bitacora.HigherIsBetter)
	if fill != nil {
		fill(&data)
	}
	data.Direction = directionOptions(data.L, data.Values["direction"])
	return s.renderForm(w, r, http.StatusOK, "admin_indicators", &data.formPage, data)
}

func directionOptions(l interface{ T(string, ...any) string }, selected string) []option {
	var opts []option
	for _, d := range []bitacora.Direction{bitacora.HigherIsBetter, bitacora.LowerIsBetter} {
		opts = append(opts, option{Value: string(d), Label: l.T("indicator_direction_" + string(d)), Selected: string(d) == selected})
	}
	return opts
}

// indicatorFrom reads the definition form. Lines of what the indicator
// measures and of its baselines and targets that cannot be read come back
// as field errors.
func indicatorFrom(r *http.Request) (bitacora.Indicator, bitacora.FieldErrors) {
	f := r.PostForm
	i := bitacora.Indicator{Code: f.Get("code"), Name: map[string]string{}, Definition: map[string]string{}, Unit: f.Get("unit"),
		Source: f.Get("source"), Citation: f.Get("citation"), Methodology: f.Get("methodology"), Direction: bitacora.Direction(f.Get("direction"))}
	for _, l := range bitacora.TranslationLanguages {
		i.Name[l], i.Definition[l] = f.Get("name_"+l), f.Get("definition_"+l)
	}
	fe := bitacora.FieldErrors{}
	for _, line := range strings.Split(f.Get("measures"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		m, err := bitacora.ParseIndicatorLink(line)
		if err != nil {
			fe["measures"] = "indicator_error_link_target"
			continue
		}
		i.Measures = append(i.Measures, m)
	}
	for field, target := range map[string]bool{"baselines": false, "targets": true} {
		for _, line := range strings.Split(f.Get(field), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			prog, country, m, err := bitacora.ParseGoalMark(line)
			if err != nil {
				fe[field] = "indicator_error_goal"
				continue
			}
			i.Goals = bitacora.SetGoalMark(i.Goals, prog, country, m, target)
		}
	}
	return i, fe
}

// keepIndicator puts what was typed back into the form.
func keepIndicator(values map[string]string, r *http.Request) {
	for k := range r.PostForm {
		values[k] = r.PostForm.Get(k)
	}
}

// indicatorFieldErrors moves the service's per-item errors (measures_2,
// goals_0) onto the form's text areas.
func indicatorFieldErrors(err error) error {
	var fe *bitacora.InvalidFields
	if !errors.As(err, &fe) {
		return err
	}
	out := bitacora.FieldErrors{}
	for k, v := range fe.Fields {
		switch {
		case strings.HasPrefix(k, "measures_"):
			k = "measures"
		case strings.HasPrefix(k, "goals_"):
			k = "targets"
		}
		out[k] = v
	}
	return out.Check()
}

func (s *Server) addIndicator(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	i, fe := indicatorFrom(r)
	err = fe.Check()
	if err == nil {
		err = indicatorFieldErrors(s.svc.indicators.Add(bitacora.WithPrincipal(r.Context(), p), i))
	}
	if err != nil {
		return s.renderAdminIndicators(w, r, func(a *adminIndicatorsPage) {
			keepIndicator(a.Values, r)
			a.fail(err)
		})
	}
	s.flash(w, "indicator_added")
	http.Redirect(w, r, localURL(language(r), "/admin/indicators/"+i.Code), http.StatusSeeOther)
	return nil
}

type adminIndicatorPage struct {
	formPage
	Indicator     *bitacora.Indicator
	Action        string
	ImportAction  string
	PublicHref    string
	Direction     []option
	Preview       *indicatorfile.Result
	PreviewData   string
	PreviewName   string
	Problems      []string
	SkippedCodes  string
	SkippedValues int
}

func (s *Server) adminIndicator(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminIndicator(w, r, nil)
}

func (s *Server) renderAdminIndicator(w http.ResponseWriter, r *http.Request, fill func(*adminIndicatorPage)) error {
	code, err := param.Path(r, "code", indicatorCode)
	if err != nil {
		return err
	}
	i, err := s.store.Indicator(r.Context(), code)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	base := localURL(l.Lang, "/admin/indicators/"+code)
	data := adminIndicatorPage{formPage: s.newFormPage(w, r, i.NameIn(l.Lang)), Indicator: i, Action: base, ImportAction: base + "/import",
		PublicHref: localURL(l.Lang, "/indicators/"+code)}
	data.Crumbs = []crumb{{Text: l.T("nav_account"), Href: localURL(l.Lang, "/account")},
		{Text: l.T("indicators_admin_title"), Href: localURL(l.Lang, "/admin/indicators")}, {Text: code}}
	v := data.Values
	v["code"], v["unit"], v["source"], v["citation"], v["methodology"], v["direction"] = i.Code, i.Unit, i.Source, i.Citation, i.Methodology, string(i.Direction)
	for _, lang := range bitacora.TranslationLanguages {
		v["name_"+lang], v["definition_"+lang] = i.Name[lang], i.Definition[lang]
	}
	var ms []string
	for _, m := range i.Measures {
		ms = append(ms, m.String())
	}
	v["measures"] = strings.Join(ms, "\n")
	v["baselines"], v["targets"] = bitacora.GoalLines(i.Goals)
	if fill != nil {
		fill(&data)
	}
	data.Direction = directionOptions(data.L, data.Values["direction"])
	return s.renderForm(w, r, http.StatusOK, "admin_indicator", &data.formPage, data)
}

func (s *Server) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	code, err := param.Path(r, "code", indicatorCode)
	if err != nil {
		return err
	}
	i, fe := indicatorFrom(r)
	err = fe.Check()
	if err == nil {
		err = indicatorFieldErrors(s.svc.indicators.Update(bitacora.WithPrincipal(r.Context(), p), code, i))
	}
	if err != nil {
		return s.renderAdminIndicator(w, r, func(a *adminIndicatorPage) {
			keepIndicator(a.Values, r)
			a.fail(err)
		})
	}
	s.flash(w, "indicator_saved")
	http.Redirect(w, r, localURL(language(r), "/admin/indicators/"+code), http.StatusSeeOther)
	return nil
}

// importIndicator reads an uploaded file and shows what it holds; with
// the file's bytes carried back by the preview's form and "save", it
// stores them.
func (s *Server) importIndicator(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseMultipart(w, r, maxIndicatorUpload*2); err != nil {
		return err
	}
	ctx, err := s.acting(r)
	if err != nil {
		return err
	}
	code, err := param.Path(r, "code", indicatorCode)
	if err != nil {
		return err
	}
	var data []byte
	name := r.PostForm.Get("name")
	if carried := r.PostForm.Get("data"); carried != "" {
		if data, err = base64.StdEncoding.DecodeString(carried); err != nil {
			return bitacora.Errorf(bitacora.EINVALID, "malformed upload").WithKey("error_malformed_upload")
		}
	} else {
		var sent bool
		if data, name, sent, err = formFile(r, "file", maxIndicatorUpload); err != nil {
			return err
		}
		if !sent {
			return s.renderAdminIndicator(w, r, func(a *adminIndicatorPage) { a.Errors["file"] = a.L.T("import_file_required") })
		}
	}
	if len(data) > maxIndicatorUpload {
		return bitacora.Errorf(bitacora.ETOOLARGE, "the file is larger than %d MB", maxIndicatorUpload>>20).WithKey("error_file_too_large", "MB", maxIndicatorUpload>>20)
	}
	decimal := r.PostForm.Get("decimal")
	opts := indicatorfile.Options{JSON: strings.EqualFold(filepath.Ext(name), ".json")}
	if decimal == "." || decimal == "," {
		opts.Decimal = decimal[0]
	}
	res, readErr := indicatorfile.Read(data, opts)
	if readErr == nil && r.PostForm.Get("save") != "" {
		err := s.svc.indicators.Import(ctx, bitacora.ObservationImport{Indicator: code, Programme: r.PostForm.Get("programme"),
			Observations: res.Observations, Source: name})
		if err == nil {
			s.flash(w, "indicator_imported")
			http.Redirect(w, r, localURL(language(r), "/admin/indicators/"+code), http.StatusSeeOther)
			return nil
		}
		return s.renderAdminIndicator(w, r, func(a *adminIndicatorPage) { a.fail(err) })
	}
	return s.renderAdminIndicator(w, r, func(a *adminIndicatorPage) {
		a.Preview, a.PreviewName = res, name
		a.Values["decimal"], a.Values["programme"] = decimal, r.PostForm.Get("programme")
		a.SkippedCodes, a.SkippedValues = strings.Join(res.SkippedCodes(), ", "), res.SkippedValues()
		if readErr != nil {
			a.Alert = a.L.Error(readErr)
			for _, p := range res.Problems {
				a.Problems = append(a.Problems, indicatorProblemText(a.L, p))
			}
			return
		}
		a.PreviewData = base64.StdEncoding.EncodeToString(data)
	})
}

// problemText says a problem of a file in the reader's language.
func indicatorProblemText(l interface{ T(string, ...any) string }, p indicatorfile.Problem) string {
	where := p.Field
	if p.Column > 0 {
		where = l.T("indicatorfile_column", "Column", p.Column)
	}
	return l.T("indicatorfile_where", "Line", p.Line, "Where", where) + " " + l.T("indicatorfile_"+p.Kind, "Text", p.Text)
}
