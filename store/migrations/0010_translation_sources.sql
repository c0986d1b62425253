-- Which wording of the original a translation translates: a hash of the
-- original text when the translation was saved (bitacora.TextHash). When a
-- revision changes the original, the hashes differ and the translation is
-- shown as one of an earlier wording. '' for translations saved before
-- this was kept: their wording is unknown, and they are not marked.
ALTER TABLE translations ADD COLUMN source_hash TEXT NOT NULL DEFAULT '';
