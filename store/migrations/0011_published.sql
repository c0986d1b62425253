-- What each write changed, so that a server reloads only that. Every write
-- that changes what the public sees takes the next generation number
-- (generation.n) and writes it where it changed: on its programme, in the
-- part it changed (the document and its structure, the translations, the
-- reporting plan — periods and weights — or the reports), on the register
-- of parties (generation.register), and on each report it wrote. A server
-- that has read everything up to generation g reloads the parts whose
-- number is above g, and of the reports only those above g.
--
-- The programmes' numbers have a table of their own: read on every check,
-- they must not sit behind a programme's source text, which SQLite keeps
-- in overflow pages that a read of a later column would walk.
ALTER TABLE generation ADD COLUMN register BIGINT NOT NULL DEFAULT 0;
CREATE TABLE programme_generations (
    programme_id BIGINT PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    doc_gen BIGINT NOT NULL DEFAULT 0,
    texts_gen BIGINT NOT NULL DEFAULT 0,
    plan_gen BIGINT NOT NULL DEFAULT 0,
    reports_gen BIGINT NOT NULL DEFAULT 0
);
INSERT INTO programme_generations (programme_id) SELECT id FROM programmes;
ALTER TABLE reports ADD COLUMN published_gen BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reports_published ON reports (programme_id, published_gen);
