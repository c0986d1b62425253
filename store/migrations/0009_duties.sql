-- Separation of duties. A revision keeps who edited its draft (its drafter
-- is created_by), as a JSON array of actors, so that nobody approves a
-- revision they drafted or edited. A programme may allow a single-member
-- Bureau, whose one member approves their own drafts: off unless an admin
-- turns it on.
ALTER TABLE revisions ADD COLUMN edited_by TEXT NOT NULL DEFAULT '[]';
ALTER TABLE programmes ADD COLUMN single_member_bureau INTEGER NOT NULL DEFAULT 0;
