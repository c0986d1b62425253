package store

import (
	"context"
	"database/sql"
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
	switch {
	case !subjectPattern.MatchString(subject):
		return bitacora.Errorf(bitacora.EINVALID, "translation subject %q: use programme, area:N, objective:N, activity:N.M or component:N.M:K", subject)
	case !fieldPattern.MatchString(field):
		return bitacora.Errorf(bitacora.EINVALID, "translation field %q: use title or text", field)
	case !langPattern.MatchString(lang):
		return bitacora.Errorf(bitacora.EINVALID, "translation language %q: use a two-letter code", lang)
	}
	text = strings.TrimSpace(text)
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: id}
		w.exec(`DELETE FROM translations WHERE programme_id = ? AND subject = ? AND field = ? AND lang = ?`, id, subject, field, lang)
		if text != "" {
			w.exec(`INSERT INTO translations (programme_id, subject, field, lang, text, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				id, subject, field, lang, text, s.now())
		}
		w.bump()
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
