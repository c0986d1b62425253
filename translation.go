package bitacora

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// TranslationLanguages are the languages a programme's texts may be
// translated into: the site's own.
var TranslationLanguages = []string{"es", "en", "pt", "fr"}

// ValidTranslationLanguage reports whether lang is one of
// TranslationLanguages.
func ValidTranslationLanguage(lang string) bool {
	for _, l := range TranslationLanguages {
		if l == lang {
			return true
		}
	}
	return false
}

// TranslatableText returns the original text that a translation of subject
// ("programme", "area:4", "objective:10", "activity:1.3",
// "component:1.3:0") and field translates: the programme's and an area's
// title, an objective's, an activity's and a component's text. A subject
// that names nothing in the document is ENOTFOUND; a field the subject does
// not have is an invalid field.
func TranslatableText(doc *Document, subject, field string) (string, error) {
	kind, rest, _ := strings.Cut(subject, ":")
	want := "text"
	if kind == "programme" || kind == "area" {
		want = "title"
	}
	text, found := "", false
	switch kind {
	case "programme":
		text, found = doc.Programme.Title, rest == ""
	case "area", "objective":
		n, err := strconv.Atoi(rest)
		for _, a := range doc.Areas {
			if kind == "area" && err == nil && a.Number == n {
				text, found = a.Title, true
			}
			for _, o := range a.Objectives {
				if kind == "objective" && err == nil && o.Number == n {
					text, found = o.Text, true
				}
			}
		}
	case "activity":
		if a := doc.Activity(rest); a != nil {
			text, found = a.Text, true
		}
	case "component":
		code, index, _ := strings.Cut(rest, ":")
		i, err := strconv.Atoi(index)
		if a := doc.Activity(code); a != nil && err == nil && i >= 0 && i < len(a.Components) {
			text, found = a.Components[i], true
		}
	}
	if !found {
		return "", Errorf(ENOTFOUND, "programme %s has no %s", doc.Programme.Slug, subject).
			WithKey("error_no_subject", "Programme", doc.Programme.Slug, "Subject", subject)
	}
	if field != want {
		return "", FieldErrors{"field": "field_translation_field"}.Check()
	}
	return text, nil
}

// TextHash identifies an original text, so that a translation can say which
// wording it translated: when a revision changes the original, the
// translation is of an earlier wording.
func TextHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// TranslatableField is one field of a programme that the secretariat may
// translate, with its original text today.
type TranslatableField struct {
	Subject, Field string
	Original       string
	// Area is the area the field belongs to (0: the programme's own
	// title), so that a long list can be read area by area.
	Area int
}

// ID names the field in a translation file: subject and field joined by
// a dot ("activity:1.3.text", "programme.title").
func (f TranslatableField) ID() string { return TranslationFieldID(f.Subject, f.Field) }

// TranslationFieldID is the id of a subject's field in a translation
// file; ParseTranslationFieldID reads it back.
func TranslationFieldID(subject, field string) string { return subject + "." + field }

// ParseTranslationFieldID splits an id at its last dot: fields have none.
func ParseTranslationFieldID(id string) (subject, field string, ok bool) {
	i := strings.LastIndexByte(id, '.')
	if i <= 0 || i == len(id)-1 {
		return "", "", false
	}
	return id[:i], id[i+1:], true
}

// TranslatableFields lists every field of the document that
// TranslatableText answers for, in document order: the programme's title,
// then each area's title, its objectives' texts, their activities' texts
// and their components'. A field with an empty original (nothing to
// translate) is left out.
func TranslatableFields(doc *Document) []TranslatableField {
	var out []TranslatableField
	add := func(area int, subject, field, text string) {
		if strings.TrimSpace(text) != "" {
			out = append(out, TranslatableField{Subject: subject, Field: field, Original: text, Area: area})
		}
	}
	add(0, "programme", "title", doc.Programme.Title)
	for _, a := range doc.Areas {
		add(a.Number, "area:"+strconv.Itoa(a.Number), "title", a.Title)
		for _, o := range a.Objectives {
			add(a.Number, "objective:"+strconv.Itoa(o.Number), "text", o.Text)
			for _, act := range o.Activities {
				add(a.Number, "activity:"+act.Code, "text", act.Text)
				for i, c := range act.Components {
					add(a.Number, "component:"+act.Code+":"+strconv.Itoa(i), "text", c)
				}
			}
		}
	}
	return out
}

// TranslationEdit is one field of a batch of translations
// (Translations.SetMany).
type TranslationEdit struct {
	Subject, Field string
	// Text is the translation; "" removes the field's translation.
	Text string
	// SourceHash is the TextHash of the original the translator saw: a
	// translation made from an earlier wording is kept as one of that
	// wording (out of date), never passed off as current. "" is today's
	// original.
	SourceHash string
	// Confirm says that the translation stands for today's original even
	// if its text did not change. Without it, an edit whose text is the
	// one stored changes nothing, so that a page or a file sent back
	// whole touches only what the translator changed.
	Confirm bool
}

// MaxTranslationEdits bounds a batch of translations: a programme has a
// few hundred fields.
const MaxTranslationEdits = 10000
