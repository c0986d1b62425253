package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

// The secretariat's translations of a programme: how far each language
// is (translations), and the editor of one language (translationEditor),
// which saves every field of its page at once (saveTranslations). A file
// to work on offline, and its import, are in translation_file.go.

// maxEditorBytes bounds the editor's form: every field of a programme,
// translated, with room to spare (eLAC2020's originals are about 40 KB).
const maxEditorBytes = 4 << 20

// translationState is where a field stands in a language.
type translationState string

const (
	stateMissing translationState = "missing"
	stateStale   translationState = "stale" // of an earlier wording of the original
	stateDone    translationState = "done"
)

// fieldStatus is a translatable field with its translation into one
// language, if any, and where it stands.
type fieldStatus struct {
	bitacora.TranslatableField
	Translation string
	State       translationState
}

// translationStatus lists every translatable field of the programme with
// its translation into lang: from the store, not the published snapshot,
// so that the editor shows what was just saved.
func (s *Server) translationStatus(r *http.Request, doc *bitacora.Document, lang string) ([]fieldStatus, error) {
	list, err := s.store.TranslationList(r.Context(), doc.Programme.Slug)
	if err != nil {
		return nil, err
	}
	byKey := map[string]store.Translation{}
	for _, t := range list {
		if t.Lang == lang {
			byKey[bitacora.TranslationFieldID(t.Subject, t.Field)] = t
		}
	}
	var out []fieldStatus
	for _, f := range bitacora.TranslatableFields(doc) {
		fs := fieldStatus{TranslatableField: f, State: stateMissing}
		if t, ok := byKey[f.ID()]; ok {
			fs.Translation, fs.State = t.Text, stateDone
			if t.Stale(f.Original) {
				fs.State = stateStale
			}
		}
		out = append(out, fs)
	}
	return out, nil
}

// targetLanguages are the languages a programme is translated into: the
// site's, but the programme's own.
func targetLanguages(doc *bitacora.Document) []string {
	var out []string
	for _, l := range bitacora.TranslationLanguages {
		if l != doc.Programme.Language {
			out = append(out, l)
		}
	}
	return out
}

// translationLang reads the language of the path: one the programme can
// be translated into, else 404.
func translationLang(r *http.Request, doc *bitacora.Document) (string, error) {
	lang := r.PathValue("lang")
	for _, l := range targetLanguages(doc) {
		if l == lang {
			return l, nil
		}
	}
	return "", bitacora.Errorf(bitacora.ENOTFOUND, "programme %s is not translated into %q", doc.Programme.Slug, truncate(lang, 20)).
		WithKey("error_translation_lang", "Lang", truncate(lang, 20))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

type languageProgress struct {
	Lang, Name, Href            string
	Done, Total, Missing, Stale int
}

type translationsPage struct {
	page
	Languages []languageProgress
}

// translations shows, per language, how many fields are translated, how
// many are missing and how many are out of date, each linking to its
// editor.
func (s *Server) translations(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	data := translationsPage{page: s.newPage(r, l.T("desk_translations_title"))}
	data.Crumbs = v.crumbs(crumb{Text: l.T("desk_translations_title")})
	for _, lang := range targetLanguages(doc) {
		fields, err := s.translationStatus(r, doc, lang)
		if err != nil {
			return err
		}
		lp := languageProgress{Lang: lang, Name: s.catalog.Localizer(lang).T("language_name"), Total: len(fields),
			Href: v.url(v.programmePath() + "/translations/" + lang)}
		for _, f := range fields {
			switch f.State {
			case stateDone:
				lp.Done++
			case stateStale:
				lp.Stale++
			default:
				lp.Missing++
			}
		}
		data.Languages = append(data.Languages, lp)
	}
	return s.renderPrivate(w, r, "translations", data)
}

// renderPrivate answers a signed-in page without a form: rendered for
// this request, kept nowhere.
func (s *Server) renderPrivate(w http.ResponseWriter, r *http.Request, name string, data any) error {
	f := formPage{}
	return s.renderForm(w, r, http.StatusOK, name, &f, data)
}

// editorField is one field of the editor.
type editorField struct {
	Index                 int
	ID, Label             string
	Original, Translation string
	Hash                  string // of the original shown: what a translation saved here translates
	State                 translationState
	StateLabel            string
	Confirm               bool
	Error                 string
}

type editorGroup struct {
	Heading string
	ID      string
	Fields  []editorField
}

type filterLink struct {
	Label, Href string
	Count       int
	Current     bool
}

type translationEditorPage struct {
	formPage
	TargetLang, TargetName, SourceLang string
	Show                               string
	Progress                           languageProgress
	Filters                            []filterLink
	Groups                             []editorGroup
	Action, ImportAction               string
	XLIFF, CSV                         string
	Problems                           []string
	More                               int
	Shown                              int
}

// editorFilters are the filters of the editor, by query value.
var editorFilters = []string{"all", "missing", "stale"}

// translationEditor lists every translatable field of the programme with
// its original beside the translation into the path's language, and saves
// them all in one form; ?show=missing or ?show=stale narrows the list.
func (s *Server) translationEditor(w http.ResponseWriter, r *http.Request) error {
	return s.renderEditor(w, r, nil)
}

func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, fill func(*translationEditorPage, map[string]*editorField)) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	lang, err := translationLang(r, doc)
	if err != nil {
		return err
	}
	show := r.URL.Query().Get("show")
	if r.Method == http.MethodPost {
		show = r.PostFormValue("show")
	}
	switch show {
	case "":
		show = "all"
	case "all", "missing", "stale":
	default:
		return bitacora.Errorf(bitacora.EINVALID, "show is all, missing or stale, not %q", truncate(show, 20)).
			WithKey("error_malformed_param", "Name", "show", "Value", truncate(show, 20))
	}
	fields, err := s.translationStatus(r, doc, lang)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	name := s.catalog.Localizer(lang).T("language_name")
	base := v.programmePath() + "/translations/" + lang
	data := translationEditorPage{formPage: s.newFormPage(w, r, l.T("desk_editor_title", "Language", name)),
		TargetLang: lang, TargetName: name, SourceLang: doc.Programme.Language, Show: show,
		Action: v.url(base), ImportAction: v.url(base + "/import"), XLIFF: v.url(base + ".xliff"), CSV: v.url(base + ".csv")}
	data.Crumbs = v.crumbs(crumb{Text: l.T("desk_translations_title"), Href: v.url(v.programmePath() + "/translations")}, crumb{Text: name})
	data.Progress = languageProgress{Total: len(fields)}
	byID := map[string]*editorField{}
	groupOf := map[int]int{}
	for i, f := range fields {
		switch f.State {
		case stateDone:
			data.Progress.Done++
		case stateStale:
			data.Progress.Stale++
		default:
			data.Progress.Missing++
		}
		if show != "all" && string(f.State) != show {
			continue
		}
		g, ok := groupOf[f.Area]
		if !ok {
			heading, id := l.T("desk_group_programme"), "g-programme"
			if f.Area > 0 {
				heading, id = l.T("desk_group_area", "Number", f.Area), "g-area-"+strconv.Itoa(f.Area)
			}
			data.Groups = append(data.Groups, editorGroup{Heading: heading, ID: id})
			g = len(data.Groups) - 1
			groupOf[f.Area] = g
		}
		data.Groups[g].Fields = append(data.Groups[g].Fields, editorField{Index: i, ID: f.ID(), Label: fieldLabel(l, f.TranslatableField),
			Original: f.Original, Translation: f.Translation, Hash: bitacora.TextHash(f.Original), State: f.State,
			StateLabel: l.T("desk_state_" + string(f.State))})
		data.Shown++
	}
	for gi := range data.Groups {
		for fi := range data.Groups[gi].Fields {
			f := &data.Groups[gi].Fields[fi]
			byID[f.ID] = f
		}
	}
	counts := map[string]int{"all": len(fields), "missing": data.Progress.Missing, "stale": data.Progress.Stale}
	for _, f := range editorFilters {
		href := base
		if f != "all" {
			href += "?show=" + f
		}
		data.Filters = append(data.Filters, filterLink{Label: l.T("desk_show_" + f), Href: v.url(href), Count: counts[f], Current: f == show})
	}
	if fill != nil {
		fill(&data, byID)
	}
	return s.renderForm(w, r, http.StatusOK, "translation_editor", &data.formPage, data)
}

// fieldLabel names a field as people say it: "Activity 1.3", "Activity
// 1.3, component 2".
func fieldLabel(l interface {
	T(string, ...any) string
}, f bitacora.TranslatableField) string {
	kind, rest, _ := strings.Cut(f.Subject, ":")
	switch kind {
	case "area":
		return l.T("desk_field_area", "Number", rest)
	case "objective":
		return l.T("desk_field_objective", "Number", rest)
	case "activity":
		return l.T("desk_field_activity", "Code", rest)
	case "component":
		code, n, _ := strings.Cut(rest, ":")
		i, _ := strconv.Atoi(n)
		return l.T("desk_field_component", "Code", code, "Number", i+1)
	}
	return l.T("desk_field_programme")
}

// saveTranslations saves every field of the editor's form at once, or
// none: a field with a problem comes back with the page, its text kept.
func (s *Server) saveTranslations(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseFormLimit(w, r, maxEditorBytes); err != nil {
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
	f := r.PostForm
	var edits []bitacora.TranslationEdit
	posted := map[string]bitacora.TranslationEdit{}
	// Every field the form sends, in the page's order: id_N names the
	// field, text_N, hash_N and confirm_N go with it.
	var indexes []int
	for k := range f {
		if n, ok := strings.CutPrefix(k, "id_"); ok {
			if i, err := strconv.Atoi(n); err == nil && i >= 0 {
				indexes = append(indexes, i)
			}
		}
	}
	slices.Sort(indexes)
	for _, i := range indexes {
		n := strconv.Itoa(i)
		id := f.Get("id_" + n)
		subject, field, _ := bitacora.ParseTranslationFieldID(id)
		e := bitacora.TranslationEdit{Subject: subject, Field: field, Text: f.Get("text_" + n), SourceHash: f.Get("hash_" + n),
			Confirm: f.Get("confirm_"+n) == "1"}
		edits = append(edits, e)
		posted[id] = e
	}
	n, err := s.svc.translations.SetMany(ctx, doc.Programme.Slug, lang, edits)
	if err != nil {
		return s.renderEditor(w, r, func(pg *translationEditorPage, byID map[string]*editorField) {
			if pg.fail(err) != nil {
				return
			}
			// What was typed stays on the page, with the problems on
			// their fields.
			for id, e := range posted {
				if ef := byID[id]; ef != nil {
					ef.Translation, ef.Confirm = e.Text, e.Confirm
				}
			}
			for id, msg := range pg.Errors {
				if ef := byID[id]; ef != nil {
					ef.Error = msg
				}
			}
		})
	}
	flash := "translations_saved"
	if n == 0 {
		flash = "translations_unchanged"
	}
	s.flash(w, flash)
	to := localURL(language(r), "/"+doc.Programme.Slug+"/translations/"+lang)
	if show := f.Get("show"); show == "missing" || show == "stale" {
		to += "?" + url.Values{"show": {show}}.Encode()
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
