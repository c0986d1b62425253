package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"github.com/elac/bitacora"
)

// hashPattern is a TextHash: 32 lower-case hex digits.
var hashPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// SetTranslations writes a batch of translations of a programme into one
// language in one transaction: all of them, or none when any is wrong
// (every problem is reported, keyed by the field's id). An edit that
// changes nothing — the text stored and, unless it is a confirmation, its
// wording — is skipped; each field written has its own entry in the change
// record, as SetTranslation makes. It returns how many fields it wrote.
func (s *DB) SetTranslations(ctx context.Context, slug, lang string, edits []bitacora.TranslationEdit) (int, error) {
	fe := bitacora.FieldErrors{}
	if !bitacora.ValidTranslationLanguage(lang) {
		fe["lang"] = "field_lang_invalid"
	}
	if len(edits) > bitacora.MaxTranslationEdits {
		fe["fields"] = "field_too_many"
	}
	seen := map[string]bool{}
	for i := range edits {
		e := &edits[i]
		id := bitacora.TranslationFieldID(e.Subject, e.Field)
		switch {
		case !subjectPattern.MatchString(e.Subject):
			fe[id] = "field_subject_invalid"
		case !fieldPattern.MatchString(e.Field):
			fe[id] = "field_field_invalid"
		case e.SourceHash != "" && !hashPattern.MatchString(e.SourceHash):
			fe[id] = "field_translation_hash"
		case seen[id]:
			fe[id] = "field_translation_twice"
		}
		seen[id] = true
		fe.CheckText(id, e.Text)
	}
	if err := fe.Check(); err != nil {
		return 0, err
	}
	written := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		written = 0
		id, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		doc, err := s.document(ctx, tx, slug)
		if err != nil {
			return err
		}
		originals := make([]string, len(edits))
		for i, e := range edits {
			original, err := bitacora.TranslatableText(doc, e.Subject, e.Field)
			switch {
			case bitacora.ErrorCode(err) == bitacora.ENOTFOUND:
				fe[bitacora.TranslationFieldID(e.Subject, e.Field)] = "field_translation_unknown"
			case err != nil:
				fe[bitacora.TranslationFieldID(e.Subject, e.Field)] = "field_translation_field"
			}
			originals[i] = original
		}
		if err := fe.Check(); err != nil {
			return err
		}
		// What each field holds now, read in this transaction, for the
		// skip rule and the change record.
		type stored struct{ text, hash string }
		current := map[string]stored{}
		r := reader{s: s, q: tx, ctx: ctx}
		r.each(`SELECT subject, field, text, source_hash FROM translations WHERE programme_id = ? AND lang = ?`, []any{id, lang}, func(sc scanner) error {
			var subject, field string
			var st stored
			err := sc.Scan(&subject, &field, &st.text, &st.hash)
			current[bitacora.TranslationFieldID(subject, field)] = st
			return err
		})
		if r.err != nil {
			return fmt.Errorf("store: translations %s %s: %w", slug, lang, r.err)
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: id}
		now := s.now()
		for i, e := range edits {
			text := strings.TrimSpace(e.Text)
			hash := e.SourceHash
			if hash == "" {
				hash = bitacora.TextHash(originals[i])
			}
			before, had := current[bitacora.TranslationFieldID(e.Subject, e.Field)]
			switch {
			case text == "" && !had:
				continue
			case had && text == before.text && (!e.Confirm || hash == before.hash):
				continue
			}
			if text == "" {
				w.exec(`DELETE FROM translations WHERE programme_id = ? AND subject = ? AND field = ? AND lang = ?`, id, e.Subject, e.Field, lang)
			} else {
				w.exec(`INSERT INTO translations (programme_id, subject, field, lang, text, source_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (programme_id, subject, field, lang) DO UPDATE SET text = excluded.text, source_hash = excluded.source_hash, updated_at = excluded.updated_at`,
					id, e.Subject, e.Field, lang, text, hash, now)
			}
			var b, a *string
			if had {
				b = &before.text
			}
			if text != "" {
				a = &text
			}
			w.audit(bitacora.ActionTranslationSet, translationSubject(slug, e.Subject),
				translationChange(e.Subject, e.Field, lang, b), translationChange(e.Subject, e.Field, lang, a))
			written++
		}
		if written > 0 {
			w.bump(PartTexts)
		}
		if w.err != nil {
			return fmt.Errorf("store: translations %s %s: %w", slug, lang, w.err)
		}
		return nil
	})
	return written, err
}
