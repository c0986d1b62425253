package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/elac/bitacora"
)

// Translations of a programme's texts are keyed by subject and field:
// "programme" title, "area:4" title, "objective:10" text, "activity:1.3"
// text, "component:1.3:0" text.
var (
	subjectPattern = regexp.MustCompile(`^(programme|area:[0-9]{1,4}|objective:[0-9]{1,4}|activity:[0-9]{1,4}\.[0-9]{1,4}|component:[0-9]{1,4}\.[0-9]{1,4}:[0-9]{1,3})$`)
	fieldPattern   = regexp.MustCompile(`^(title|text)$`)
	langPattern    = regexp.MustCompile(`^[a-z]{2}$`)
)

// TranslationKey is how Translations keys a translated field.
func TranslationKey(subject, field, lang string) string {
	return subject + "|" + field + "|" + lang
}

// SetTranslation stores the translation of one field of a programme; an
// empty text removes it.
func (s *DB) SetTranslation(ctx context.Context, slug, subject, field, lang, text string) error {
	fe := bitacora.FieldErrors{}
	if !subjectPattern.MatchString(subject) {
		fe["subject"] = "field_subject_invalid"
	}
	if !fieldPattern.MatchString(field) {
		fe["field"] = "field_field_invalid"
	}
	if !langPattern.MatchString(lang) {
		fe["lang"] = "field_lang_invalid"
	}
	if err := fe.CheckText("text", text).Check(); err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		// What it was, for the change record.
		var before *string
		err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT text FROM translations WHERE programme_id = ? AND subject = ? AND field = ? AND lang = ?`),
			id, subject, field, lang).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: translation %s %s: %w", slug, subject, err)
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: id}
		if text == "" {
			w.exec(`DELETE FROM translations WHERE programme_id = ? AND subject = ? AND field = ? AND lang = ?`, id, subject, field, lang)
		} else {
			// An upsert, so that two people saving one field at once do
			// not collide on the key: the later one wins.
			w.exec(`INSERT INTO translations (programme_id, subject, field, lang, text, updated_at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (programme_id, subject, field, lang) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
				id, subject, field, lang, text, s.now())
		}
		w.bump()
		var after *string
		if text != "" {
			after = &text
		}
		if !sameText(before, after) { // a write that changes nothing is not a change to record
			w.audit(bitacora.ActionTranslationSet, translationSubject(slug, subject),
				translationChange(subject, field, lang, before), translationChange(subject, field, lang, after))
		}
		if w.err != nil {
			return fmt.Errorf("store: translation %s %s: %w", slug, subject, w.err)
		}
		return nil
	})
}

// Translations returns every translation of a programme, by
// TranslationKey.
func (s *DB) Translations(ctx context.Context, slug string) (map[string]string, error) {
	id, err := s.programmeID(ctx, s.db, slug)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT subject, field, lang, text FROM translations WHERE programme_id = ?`, []any{id}, func(sc scanner) error {
		var subject, field, lang, text string
		err := sc.Scan(&subject, &field, &lang, &text)
		out[TranslationKey(subject, field, lang)] = text
		return err
	})
	return out, r.err
}

// translationSubject is the audit subject of a translation's subject
// ("area:4", "component:1.3:0"…): a component's translation is part of its
// activity's history.
func translationSubject(slug, subject string) string {
	kind, rest, _ := strings.Cut(subject, ":")
	switch kind {
	case "programme":
		return ProgrammeSubject(slug)
	case "component":
		code, _, _ := strings.Cut(rest, ":")
		return ActivitySubject(slug, code)
	}
	return kind + ":" + slug + "/" + rest
}

// translationChange is a translation as the change record keeps it, nil
// when there is none.
func translationChange(subject, field, lang string, text *string) any {
	if text == nil {
		return nil
	}
	return struct {
		Subject string `json:"subject"`
		Field   string `json:"field"`
		Lang    string `json:"lang"`
		Text    string `json:"text"`
	}{subject, field, lang, *text}
}

func sameText(a, b *string) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
