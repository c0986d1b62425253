-- What each write changed, so that a server reloads only that. Every write
-- that changes what the public sees takes the next generation number
-- (generation.n) and writes it where it changed: on its programme, in the
-- part it changed (the document and its structure, the translations, the
-- reporting plan — periods and weights — or the reports), on the register
-- of parties (generation.register), and on each report it wrote. A server
-- that has read everything up to generation g reloads the parts whose
-- number is above g, and of the reports only those above g.
ALTER TABLE generation ADD COLUMN register BIGINT NOT NULL DEFAULT 0;
ALTER TABLE programmes ADD COLUMN doc_gen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE programmes ADD COLUMN texts_gen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE programmes ADD COLUMN plan_gen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE programmes ADD COLUMN reports_gen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN published_gen BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reports_published ON reports (programme_id, published_gen);
