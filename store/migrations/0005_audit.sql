-- The change record: every write appended, in the same transaction, as an
-- entry that carries the hash of the one before it (see bitacora.AuditEntry).
-- seq is numbered by the writer, under the lock on audit_head, not by the
-- database: a gap is then a deleted entry, never a rolled-back sequence.
-- Times and JSON are TEXT so that both databases give back the bytes that
-- were hashed.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, seq);

-- The last entry written: the row every writer locks to append, and what
-- verification checks the end of the log against, so that removing the
-- newest entries does not go unseen.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
