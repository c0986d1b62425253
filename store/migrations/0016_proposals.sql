-- A draft revision is sent to the Bureau explicitly (proposed), and the
-- Bureau may send it back with a comment. The state column keeps 'draft'
-- for both (so that no CHECK constraint is rebuilt): a draft with a
-- proposed_at is proposed.
ALTER TABLE revisions ADD COLUMN proposed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN proposed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN returned_at TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN returned_by TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN return_comment TEXT NOT NULL DEFAULT '';
