-- Revisions: the Bureau changes the programme; every version is kept whole
-- and comparable. Activities and objectives are never deleted: a retired one
-- leaves the current programme (its code or number is set aside so that a
-- new one may take it) but stays in the versions that had it, and keeps its
-- reports.
ALTER TABLE activities ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objectives ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;

CREATE TABLE programme_versions (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    approved_on TEXT NOT NULL,
    revision_id BIGINT,
    document_json TEXT NOT NULL,
    identities_json TEXT NOT NULL,
    PRIMARY KEY (programme_id, number)
);

CREATE TABLE revisions (
    id {{.ID}},
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    base_version INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'approved')),
    title TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    approved_version INTEGER NOT NULL
);
