-- Mail that is never lost. The outbox is the durable, staff-visible record
-- of every message: written in the same transaction as the change that
-- causes it, sent later by a River job (River's own tables are made by
-- rivermigrate, after these migrations). A message is known by its
-- idempotency key (kind, recipient, subject, period, reminder offset), so
-- that two instances, or a schedule and a command, never queue it twice.
-- The outbox keeps what the message is about, never its text nor any
-- link: messages are written at send time, in the recipient's language,
-- and one-time links are made then.

CREATE TABLE outbox (
    id {{.ID}},
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject_json TEXT NOT NULL,
    -- waiting, sent, failed; held: kept for the recipient's weekly digest;
    -- digested: sent within a digest (digest_id).
    state TEXT NOT NULL CHECK (state IN ('waiting', 'sent', 'failed', 'held', 'digested')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL DEFAULT '',
    digest_id BIGINT,
    created_at {{.Time}} NOT NULL,
    sent_at {{.Time}}
);
CREATE INDEX outbox_created ON outbox (created_at);
CREATE INDEX outbox_held ON outbox (state, user_id);

-- What each user wants to receive, kind by kind: 'each' (the default, no
-- row), 'off', or 'digest' (one message a week).
CREATE TABLE mail_preferences (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('each', 'off', 'digest')),
    PRIMARY KEY (user_id, kind)
);
