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
