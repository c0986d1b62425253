package web

import (
	"net/http"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// A new programme — the next cycle of an agenda, or another agenda — from
// its document, uploaded by an administrator as `bitacora import` takes
// it. The reader's warnings are shown by line; the programme's parties
// join the register (found by name, acronym or alias, or added).

type programmeImportPage struct {
	formPage
	Action      string
	Warnings    []string
	Imported    string // the new programme's address
	ImportedWho string
}

func (s *Server) programmeImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderProgrammeImport(w, r, nil)
}

func (s *Server) renderProgrammeImport(w http.ResponseWriter, r *http.Request, fill func(*programmeImportPage)) error {
	l := s.localizer(r)
	data := programmeImportPage{formPage: s.newFormPage(w, r, l.T("programme_import_title")), Action: localURL(l.Lang, "/admin/programmes")}
	data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")}, {Text: l.T("programme_import_title")}}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, http.StatusOK, "programme_import", &data.formPage, data)
}

func (s *Server) importProgramme(w http.ResponseWriter, r *http.Request) error {
	slug := ""
	doc, _, src, err := s.uploadedDocument(w, r, "")
	if err == nil {
		if slug = strings.TrimSpace(r.PostForm.Get("slug")); slug != "" {
			if !param.Slug.MatchString(slug) {
				err = &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"slug": "field_slug_invalid"}}
			} else {
				doc.Programme.Slug = slug
			}
		}
	}
	if err == nil {
		var ctx = r.Context()
		var p bitacora.Principal
		if p, err = s.principal(r); err == nil {
			err = s.svc.programmes.Import(bitacora.WithPrincipal(ctx, p), doc, string(src))
		}
	}
	if code := bitacora.ErrorCode(err); code == bitacora.EFORBIDDEN || code == bitacora.EUNAUTHORIZED || code == bitacora.EINTERNAL {
		return err
	}
	return s.renderProgrammeImport(w, r, func(pg *programmeImportPage) {
		pg.Values["slug"] = slug
		if err != nil {
			pg.fail(err)
			return
		}
		pg.Notice = pg.L.T("programme_imported", "Programme", doc.Programme.Symbol, "Areas", len(doc.Areas),
			"Activities", doc.CountActivities(), "Parties", len(doc.Parties))
		pg.Imported = localURL(pg.L.Lang, "/"+doc.Programme.Slug)
		pg.ImportedWho = doc.Programme.Title
		pg.Warnings = warningLines(pg.L, doc)
	})
}
