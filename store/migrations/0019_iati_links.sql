-- Partners' IATI activities linked to a programme's activities as evidence,
-- and the follow-up report's cover.
--
-- iati_operations: one row per IATI activity linked to a programme
-- activity, keyed by the activity row (as activity_weights is) so that a
-- link follows its activity when a revision renumbers it. data_json is
-- what the file said (iatiread.Activity) when it was linked: budgets and
-- disbursements by currency, titles in every language, results.
CREATE TABLE iati_operations (
    id {{.ID}},
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    data_json TEXT NOT NULL,
    source_name TEXT NOT NULL DEFAULT '',
    linked_at TEXT NOT NULL,
    UNIQUE (activity_id, identifier)
);
CREATE INDEX iati_operations_identifier ON iati_operations (identifier);

-- followup_covers: the follow-up report's title in the languages the
-- secretariat chose (a JSON object by language) and its date ('' = the
-- day the report is made).
CREATE TABLE followup_covers (
    programme_id BIGINT PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    titles_json TEXT NOT NULL DEFAULT '{}',
    report_date TEXT NOT NULL DEFAULT ''
);
