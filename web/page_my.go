package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"io"
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

type myRow struct {
	Code, Text, Href, Role string
	Reports                []periodLink
}

type periodLink struct{ Period, Href string }

type myGroup struct {
	ID, Title string
	Rows      []myRow
}

type myActivitiesPage struct {
	page
	LangAttr template.HTMLAttr
	Groups   []myGroup
}

// myActivities lists, for a focal point, the activities their parties lead
// (they report on those) and co-lead (they contribute).
func (s *Server) myActivities(w http.ResponseWriter, r *http.Request) error {
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	snap, err := s.content.get(r.Context())
	if err != nil {
		return err
	}
	l := s.localizer(r)
	data := myActivitiesPage{page: s.newPage(r, l.T("my_activities_title"))}
	for _, id := range p.Parties() {
		party, ok := snap.partyByID[id]
		if !ok {
			continue
		}
		g := myGroup{ID: id, Title: party.Name}
		for _, role := range snap.roles[id] {
			row := myRow{Code: role.activity.Code, Text: role.activity.Text,
				Href: localURL(l.Lang, "/"+role.doc.Programme.Slug+"/activities/"+role.activity.Code), Role: l.T("my_role_contributes")}
			if p.CanReportOn(role.activity) {
				row.Role = l.T("my_role_reports")
			}
			for _, per := range snap.periods[role.doc.Programme.Slug] {
				row.Reports = append(row.Reports, periodLink{Period: per.Key,
					Href: localURL(l.Lang, "/"+role.doc.Programme.Slug+"/activities/"+role.activity.Code+"/reports/"+per.Key)})
			}
			data.LangAttr = langAttr(l.Lang, role.doc.Programme.Language)
			g.Rows = append(g.Rows, row)
		}
		data.Groups = append(data.Groups, g)
	}
	body, err := s.render("my_activities", data)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
	return nil
}

// apiMe tells a token's owner who they are and what they may do.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": p.User, "scope": p.Scope, "focal_point_of": p.Parties()})
	return nil
}

// maxJSONBody bounds what a JSON request may carry.
const maxJSONBody = 1 << 20

// decodeJSON reads a request body strictly, within the size limit, and
// refuses junk text in it (readJSON).
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	data, err := readJSON(w, r)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bitacora.Errorf(bitacora.EINVALID, "malformed JSON: %v", err).WithKey("error_json_malformed")
	}
	if _, err := dec.Token(); err != io.EOF {
		return bitacora.Errorf(bitacora.EINVALID, "malformed JSON: more than one value").WithKey("error_json_malformed")
	}
	return nil
}

// apiSetTranslation lets the secretariat translate a field of a programme:
// {"subject": "activity:1.3", "field": "text", "lang": "en", "text": "…"}.
func (s *Server) apiSetTranslation(w http.ResponseWriter, r *http.Request) error {
	slug, err := pathValue(r, "slug", slugParam)
	if err != nil {
		return err
	}
	var in struct {
		Subject string `json:"subject"`
		Field   string `json:"field"`
		Lang    string `json:"lang"`
		Text    string `json:"text"`
	}
	// Read as an object first, so that a field the API does not know is a
	// 422 that names it, like any other wrong field.
	var raw map[string]json.RawMessage
	if err := decodeJSON(w, r, &raw); err != nil {
		return err
	}
	fe := bitacora.FieldErrors{}
	for k := range raw {
		switch k {
		case "subject", "field", "lang", "text":
		default:
			fe[k] = "field_unknown"
		}
	}
	if err := fe.Check(); err != nil {
		return err
	}
	b, _ := json.Marshal(raw)
	if err := json.Unmarshal(b, &in); err != nil {
		return bitacora.Errorf(bitacora.EINVALID, "malformed JSON: %v", err).WithKey("error_json_malformed")
	}
	if in.Subject == "" {
		fe["subject"] = "field_required"
	}
	if in.Field == "" {
		fe["field"] = "field_required"
	}
	if !bitacora.ValidTranslationLanguage(in.Lang) {
		fe["lang"] = "field_lang_invalid"
	}
	if err := fe.Check(); err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	if err := s.svc.translations.Set(bitacora.WithPrincipal(r.Context(), p), slug, in.Subject, in.Field, in.Lang, in.Text); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, in)
	return nil
}

// translationRow is a translation as the secretariat reviews it: with the
// original it translates now, and whether it translated an earlier wording
// of it (or of a text a revision has since removed: original null).
type translationRow struct {
	store.Translation
	Original *string `json:"original"`
	Stale    bool    `json:"stale"`
}

// apiTranslations lists a programme's translations for the secretariat;
// with ?stale=1 only those of an earlier wording, which need redoing.
func (s *Server) apiTranslations(w http.ResponseWriter, r *http.Request) error {
	slug, err := pathValue(r, "slug", slugParam)
	if err != nil {
		return err
	}
	onlyStale := false
	switch v := r.URL.Query().Get("stale"); v {
	case "", "0":
	case "1":
		onlyStale = true
	default:
		return bitacora.Errorf(bitacora.EINVALID, "stale is 1 or 0, not %q", truncate(v, 20)).
			WithKey("error_malformed_param", "Name", "stale", "Value", truncate(v, 20))
	}
	doc, err := s.store.Document(r.Context(), slug)
	if err != nil {
		return err
	}
	list, err := s.store.TranslationList(r.Context(), slug)
	if err != nil {
		return err
	}
	rows := []translationRow{}
	for _, t := range list {
		row := translationRow{Translation: t, Stale: true}
		if original, err := bitacora.TranslatableText(doc, t.Subject, t.Field); err == nil {
			row.Original, row.Stale = &original, t.Stale(original)
		}
		if row.Stale || !onlyStale {
			rows = append(rows, row)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"translations": rows})
	return nil
}
