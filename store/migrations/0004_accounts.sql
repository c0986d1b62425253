-- Who is who: users, their roles, the parties they are focal points of (a
-- membership has dates: chairs rotate), sessions shared by every instance,
-- one-time password links, API tokens, and login throttling. Secrets are
-- kept only as hashes.

CREATE TABLE users (
    id {{.ID}},
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    lang TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled_at {{.Time}},
    created_at {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'bureau', 'secretariat')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE memberships (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    party_id TEXT NOT NULL REFERENCES parties (id),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    created_at {{.Time}} NOT NULL
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_party ON memberships (party_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at {{.Time}} NOT NULL,
    expires_at {{.Time}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at {{.Time}} NOT NULL,
    expires_at {{.Time}} NOT NULL,
    used_at {{.Time}}
);

CREATE TABLE api_tokens (
    id {{.ID}},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_at {{.Time}} NOT NULL,
    last_used_at {{.Time}},
    revoked_at {{.Time}}
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed logins by key ("email:…" or "addr:…"), for back-off.
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until {{.Time}} NOT NULL,
    updated_at {{.Time}} NOT NULL
);
