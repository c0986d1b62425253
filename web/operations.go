package web

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/followup"
	"github.com/elac/bitacora/iatiread"
)

// maxIATIUpload bounds an IATI file sent from the workspace: a partner's
// file about a few operations is far smaller; a whole portfolio goes
// through `bitacora iati import`.
const maxIATIUpload = 5 << 20

// operationsPage is the secretariat's page for the partners' IATI
// operations: those linked, an upload whose activities are previewed and
// matched to the programme's activities by name, and the follow-up
// report's cover.
type operationsPage struct {
	formPage
	Action, PreviewAction, UnlinkAction, CoverAction, ReportHref string
	Linked                                                       []linkedOperation
	Activities                                                   []option // the programme's activities, by code and text
	Preview                                                      []previewRow
	File, FileName                                               string // the previewed file (base64) and its name
	Problems                                                     []string
	Cover                                                        []coverField
	CoverDate                                                    string
}

type linkedOperation struct {
	Activity, Identifier string
	View                 followup.Operation
}

type previewRow struct {
	N          int
	Identifier string
	View       followup.Operation
	Choices    []option
}

type coverField struct {
	Lang, Label, Value, Error string
}

func (s *Server) operations(w http.ResponseWriter, r *http.Request) error {
	return s.renderOperations(w, r, nil)
}

func (s *Server) renderOperations(w http.ResponseWriter, r *http.Request, fill func(*operationsPage)) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	base := v.programmePath() + "/operations"
	data := operationsPage{formPage: s.newFormPage(w, r, l.T("operations_title")),
		Action: v.url(base), PreviewAction: v.url(base + "/preview"), UnlinkAction: v.url(base + "/unlink"),
		CoverAction: v.url(v.programmePath() + "/followup/cover"), ReportHref: v.url(v.programmePath() + "/followup")}
	data.Crumbs = v.crumbs(crumb{Text: l.T("operations_title")})
	ops, err := s.store.Operations(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	data.Activities = []option{{Value: "", Label: l.T("operations_not_linked")}}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				data.Activities = append(data.Activities, option{Value: act.Code, Label: act.Code + " — " + shorten(v.text("activity:"+act.Code, "text", act.Text).Text, 90)})
				for _, op := range ops[act.Code] {
					data.Linked = append(data.Linked, linkedOperation{Activity: act.Code, Identifier: op.IATI.Identifier, View: followup.OperationView(op, l)})
				}
			}
		}
	}
	cover, err := s.store.FollowUpCover(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	data.CoverDate = cover.Date
	for _, lang := range []string{"es", "en", "pt", "fr"} {
		data.Cover = append(data.Cover, coverField{Lang: lang, Label: l.T("operations_cover_title_" + lang), Value: cover.Title(lang)})
	}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, http.StatusOK, "operations", &data.formPage, data)
}

// previewOperations reads the file sent and shows its IATI activities,
// each with a choice of the programme activity it links to (the one asked
// for, ?activity=, chosen for all); a file with problems lists them and
// links nothing.
func (s *Server) previewOperations(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseMultipart(w, r, maxIATIUpload+maxFormBytes); err != nil {
		return err
	}
	raw, name, ok, err := formFile(r, "file", maxIATIUpload)
	if err != nil {
		return err
	}
	if !ok {
		return s.renderOperations(w, r, func(p *operationsPage) { p.Errors["file"] = p.L.T("import_file_required") })
	}
	return s.showPreview(w, r, raw, name, r.PostForm.Get("activity"), nil, nil)
}

// showPreview shows the file's activities with their choices (chosen for
// all, or picks by position), and why the last save was refused (cause).
func (s *Server) showPreview(w http.ResponseWriter, r *http.Request, raw []byte, name, chosen string, picks map[int]string, cause error) error {
	acts, err := iatiread.Parse(raw)
	return s.renderOperations(w, r, func(p *operationsPage) {
		if cause != nil && p.fail(cause) != nil {
			return
		}
		var pe *iatiread.Error
		if errors.As(err, &pe) {
			p.Alert = p.L.T("operations_file_refused")
			for _, pr := range pe.Problems {
				p.Problems = append(p.Problems, p.L.T("operations_problem", "Line", pr.Line, "Element", pr.Element, "Message", pr.Message))
			}
			return
		}
		p.File, p.FileName = base64.StdEncoding.EncodeToString(raw), name
		for i, a := range acts {
			pick := chosen
			if picks != nil {
				pick = picks[i]
			}
			row := previewRow{N: i, Identifier: a.Identifier, View: followup.OperationView(bitacora.Operation{IATI: a}, p.L)}
			for _, o := range p.Activities {
				row.Choices = append(row.Choices, option{Value: o.Value, Label: o.Label, Selected: o.Value == pick})
			}
			p.Preview = append(p.Preview, row)
		}
	})
}

// linkOperations links the previewed file's activities to the programme
// activities chosen for them, all or nothing.
func (s *Server) linkOperations(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseFormLimit(w, r, maxIATIUpload*4/3+maxFormBytes); err != nil {
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
	raw, err := base64.StdEncoding.DecodeString(r.PostForm.Get("file"))
	if err != nil || len(raw) > maxIATIUpload {
		return bitacora.Errorf(bitacora.EINVALID, "malformed upload").WithKey("error_malformed_upload")
	}
	acts, err := iatiread.Parse(raw)
	if err != nil {
		return s.showPreview(w, r, raw, r.PostForm.Get("name"), "", nil, nil)
	}
	var links []bitacora.OperationLink
	picks := map[int]string{}
	for i, a := range acts {
		code := r.PostForm.Get("link_" + strconv.Itoa(i))
		picks[i] = code
		if code != "" {
			links = append(links, bitacora.OperationLink{Activity: code, IATI: a})
		}
	}
	if err := s.svc.operations.Link(ctx, doc.Programme.Slug, r.PostForm.Get("name"), links); err != nil {
		return s.showPreview(w, r, raw, r.PostForm.Get("name"), "", picks, err)
	}
	s.flash(w, "operations_linked")
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/operations"), http.StatusSeeOther)
	return nil
}

// unlinkOperation takes one operation off an activity.
func (s *Server) unlinkOperation(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
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
	if err := s.svc.operations.Unlink(ctx, doc.Programme.Slug, r.PostForm.Get("activity"), r.PostForm.Get("identifier")); err != nil {
		return err
	}
	s.flash(w, "operation_unlinked")
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/operations"), http.StatusSeeOther)
	return nil
}

// setCover sets the follow-up report's titles and date.
func (s *Server) setCover(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
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
	c := bitacora.FollowUpCover{Titles: map[string]string{}, Date: r.PostForm.Get("date")}
	for _, lang := range []string{"es", "en", "pt", "fr"} {
		if t := r.PostForm.Get("title_" + lang); t != "" {
			c.Titles[lang] = t
		}
	}
	if err := s.svc.operations.SetCover(ctx, doc.Programme.Slug, c); err != nil {
		return s.renderOperations(w, r, func(p *operationsPage) {
			if p.fail(err) != nil {
				return
			}
			p.CoverDate = c.Date
			for i := range p.Cover {
				p.Cover[i].Value = c.Titles[p.Cover[i].Lang]
				p.Cover[i].Error = p.Errors["title_"+p.Cover[i].Lang]
			}
		})
	}
	s.flash(w, "cover_saved")
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/operations"), http.StatusSeeOther)
	return nil
}
