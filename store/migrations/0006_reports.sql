-- Follow-up: reporting periods, progress reports with every version kept,
-- evidence files (in the database, so every instance serves them) and the
-- contributions of co-responsible parties.

CREATE TABLE periods (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    PRIMARY KEY (programme_id, key)
);

CREATE TABLE reports (
    id {{.ID}},
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    period_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
    content_json TEXT NOT NULL,
    review_comment TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    UNIQUE (activity_id, period_key)
);

-- Every version of every report, as it was: the public reads the latest
-- accepted one.
CREATE TABLE report_versions (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    snapshot_json TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (report_id, version)
);
CREATE INDEX report_versions_state ON report_versions (state, report_id);

CREATE TABLE report_files (
    id {{.ID}},
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data {{.Blob}} NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX report_files_report ON report_files (report_id);

CREATE TABLE report_contributions (
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    party_id TEXT NOT NULL REFERENCES parties (id),
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (report_id, party_id)
);
