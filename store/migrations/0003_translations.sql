-- Translations of a programme's texts, field by field, made by the
-- secretariat. The document's own text is never replaced: a page shows a
-- translation in the reader's language when there is one, else the original.
CREATE TABLE translations (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    field TEXT NOT NULL,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at {{.Time}} NOT NULL,
    PRIMARY KEY (programme_id, subject, field, lang)
);
