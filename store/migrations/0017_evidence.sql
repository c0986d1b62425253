-- Evidence files removed from a report's working version, and files taken
-- down by the secretariat after they were published by mistake.
--
-- removed_at: the authors removed (or replaced) the file in a draft. A file
-- that no accepted version lists is deleted outright; one the public
-- version still lists stays, detached from the working version, until the
-- next acceptance replaces that version.
--
-- withdrawn_at, withdrawn_reason: the secretariat took the file down. Its
-- bytes and name are cleared and every kept version forgets it; the row
-- stays so that its address answers 410 Gone, saying when.
ALTER TABLE report_files ADD COLUMN removed_at TEXT NOT NULL DEFAULT '';
ALTER TABLE report_files ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT '';
ALTER TABLE report_files ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
