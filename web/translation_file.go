package web

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/translationfile"
)

// A language of a programme as a file a translator works on offline
// (XLIFF 1.2 or CSV), and its import: all or nothing, problems by line
// or unit.

func (s *Server) exportXLIFF(w http.ResponseWriter, r *http.Request) error {
	return s.exportTranslations(w, r, "xliff")
}

func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	return s.exportTranslations(w, r, "csv")
}

func (s *Server) exportTranslations(w http.ResponseWriter, r *http.Request, format string) error {
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	lang, err := translationLang(r, doc)
	if err != nil {
		return err
	}
	status, err := s.translationStatus(r, doc, lang)
	if err != nil {
		return err
	}
	fields := make([]translationfile.Field, len(status))
	areas := make([]int, len(status))
	for i, f := range status {
		fields[i] = translationfile.Field{ID: f.ID(), Original: f.Original, Translation: f.Translation, Stale: f.State == stateStale}
		areas[i] = f.Area
	}
	// Written whole before the answer starts: an error is still a clean
	// error page.
	var b bytes.Buffer
	contentType := "application/x-xliff+xml; charset=utf-8"
	if format == "csv" {
		contentType = "text/csv; charset=utf-8"
		err = translationfile.WriteCSV(&b, fields)
	} else {
		err = translationfile.WriteXLIFF(&b, doc.Programme.Slug, doc.Programme.Language, lang, fields, areas)
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Programme.Slug + "-" + lang + "." + format}))
	h.Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
	return nil
}

// importTranslations reads a file sent back (XLIFF or CSV, told apart by
// its content) and saves its translations, or lists its problems and
// saves nothing. A translation of a wording the original has since lost
// is saved as out of date, and the editor then lists exactly those.
func (s *Server) importTranslations(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseMultipart(w, r, translationfile.MaxBytes+maxFormBytes); err != nil {
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
	lang, err := translationLang(r, doc)
	if err != nil {
		return err
	}
	data, name, sent, err := formFile(r, "file", translationfile.MaxBytes)
	if err != nil {
		return err
	}
	if !sent {
		return s.renderEditor(w, r, func(pg *translationEditorPage, _ map[string]*editorField) {
			pg.Errors["file"] = pg.L.T("import_file_required")
			pg.Alert = pg.L.T("form_has_errors")
		})
	}
	var units []translationfile.Unit
	if isXML(data, name) {
		units, err = translationfile.ReadXLIFF(bytes.NewReader(data), doc.Programme.Language, lang)
	} else {
		units, err = translationfile.ReadCSV(bytes.NewReader(data))
	}
	var edits []bitacora.TranslationEdit
	var stale []string
	if err == nil {
		edits, stale, err = translationfile.Edits(doc, units)
	}
	if err == nil {
		_, err = s.svc.translations.SetMany(ctx, doc.Programme.Slug, lang, edits)
	}
	if err == nil {
		to := localURL(language(r), "/"+doc.Programme.Slug+"/translations/"+lang)
		flash := "translations_imported"
		if len(stale) > 0 {
			flash = "translations_imported_stale"
			to += "?" + url.Values{"show": {"stale"}}.Encode()
		}
		s.flash(w, flash)
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	var probs *translationfile.Problems
	var fields *bitacora.InvalidFields
	switch {
	case errors.As(err, &probs):
	case errors.As(err, &fields):
		// The store's word on a field (its text): say it where the file
		// has that field.
		probs = &translationfile.Problems{}
		where := map[string]int{}
		for _, u := range units {
			where[u.ID] = u.Line
		}
		for _, u := range units {
			if _, ok := fields.Fields[u.ID]; ok {
				p := translationfile.Problem{Line: where[u.ID], Code: "control"}
				if p.Line == 0 {
					p.Unit = u.ID
				}
				probs.List = append(probs.List, p)
			}
		}
		if len(probs.List) == 0 {
			probs = nil
		}
	}
	if probs == nil && bitacora.ErrorCode(err) == bitacora.EINTERNAL {
		return err
	}
	return s.renderEditor(w, r, func(pg *translationEditorPage, _ map[string]*editorField) {
		if probs == nil {
			pg.fail(err)
			return
		}
		pg.Alert = pg.L.T("desk_import_failed")
		for i, p := range probs.List {
			if i == maxProblemsShown {
				pg.More = len(probs.List) - i
				break
			}
			pg.Problems = append(pg.Problems, pg.L.Error(p.Err()))
		}
	})
}

// isXML tells an XLIFF file from a CSV one: by its name, else by its
// first character.
func isXML(data []byte, name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".xliff", ".xlf", ".xml":
		return true
	case ".csv", ".txt":
		return false
	}
	return bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n"), []byte("<"))
}
