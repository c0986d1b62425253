package api

import (
	"encoding/json"
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/store"
)

// setTranslation lets the secretariat translate a field of a programme:
// {"subject": "activity:1.3", "field": "text", "lang": "en", "text": "…"}.
func (a *API) setTranslation(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
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
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	if err := a.d.Translations.Set(bitacora.WithPrincipal(r.Context(), p), slug, in.Subject, in.Field, in.Lang, in.Text); err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, in)
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

// translations lists a programme's translations for the secretariat;
// with ?stale=1 only those of an earlier wording, which need redoing.
func (a *API) translations(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	onlyStale := false
	switch v := r.URL.Query().Get("stale"); v {
	case "", "0":
	case "1":
		onlyStale = true
	default:
		return bitacora.Errorf(bitacora.EINVALID, "stale is 1 or 0, not %q", param.Truncate(v, 20)).
			WithKey("error_malformed_param", "Name", "stale", "Value", param.Truncate(v, 20))
	}
	doc, err := a.d.Store.Document(r.Context(), slug)
	if err != nil {
		return err
	}
	list, err := a.d.Store.TranslationList(r.Context(), slug)
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
	WriteJSON(w, http.StatusOK, map[string]any{"translations": rows})
	return nil
}
