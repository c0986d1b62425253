package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/elac/bitacora"
)

// Translations of a programme's texts are keyed by subject and field:
// "programme" title, "area:4" title, "objective:10" text, "activity:1.3"
// text, "component:1.3:0" text.
var (
	subjectPattern = regexp.MustCompile(`^(programme|area:[0-9]{1,4}|objective:[0-9]{1,4}|activity:[0-9]{1,4}\.[0-9]{1,4}|component:[0-9]{1,4}\.[0-9]{1,4}:[0-9]{1,3})$`)
	fieldPattern   = regexp.MustCompile(`^(title|text)$`)
)

// TranslationKey is how Translations keys a translated field.
func TranslationKey(subject, field, lang string) string {
	return subject + "|" + field + "|" + lang
}

// SetTranslation stores the translation of one field of a programme, with
// the hash of the original it translates; an empty text removes it. A
// subject the programme does not have is ENOTFOUND; a language other than
// the site's, an invalid field.
func (s *DB) SetTranslation(ctx context.Context, slug, subject, field, lang, text string) error {
	fe := bitacora.FieldErrors{}
	if !subjectPattern.MatchString(subject) {
		fe["subject"] = "field_subject_invalid"
	}
	if !fieldPattern.MatchString(field) {
		fe["field"] = "field_field_invalid"
	}
	if !bitacora.ValidTranslationLanguage(lang) {
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
		doc, err := s.document(ctx, tx, slug)
		if err != nil {
			return err
		}
		original, err := bitacora.TranslatableText(doc, subject, field)
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
			w.exec(`INSERT INTO translations (programme_id, subject, field, lang, text, source_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (programme_id, subject, field, lang) DO UPDATE SET text = excluded.text, source_hash = excluded.source_hash, updated_at = excluded.updated_at`,
				id, subject, field, lang, text, bitacora.TextHash(original), s.now())
		}
		w.bump(PartTexts)
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
	list, err := s.TranslationList(ctx, slug)
	out := map[string]string{}
	for _, t := range list {
		out[TranslationKey(t.Subject, t.Field, t.Lang)] = t.Text
	}
	return out, err
}

// Translation is one translated field, with the hash of the original it
// translates ("" when that was not kept).
type Translation struct {
	Subject    string `json:"subject"`
	Field      string `json:"field"`
	Lang       string `json:"lang"`
	Text       string `json:"text"`
	SourceHash string `json:"-"`
	UpdatedAt  string `json:"updated_at"`
}

// Stale reports whether the translation is of an earlier wording than
// original, the text it translates now.
func (t Translation) Stale(original string) bool {
	return t.SourceHash != "" && t.SourceHash != bitacora.TextHash(original)
}

// TranslationList returns every translation of a programme, in subject,
// field and language order.
func (s *DB) TranslationList(ctx context.Context, slug string) ([]Translation, error) {
	id, err := s.programmeID(ctx, s.db, slug)
	if err != nil {
		return nil, err
	}
	var out []Translation
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT subject, field, lang, text, source_hash, updated_at FROM translations WHERE programme_id = ? ORDER BY subject, field, lang`, []any{id}, func(sc scanner) error {
		var t Translation
		var at time.Time
		err := sc.Scan(&t.Subject, &t.Field, &t.Lang, &t.Text, &t.SourceHash, &at)
		t.UpdatedAt = at.UTC().Format(time.RFC3339)
		out = append(out, t)
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
