-- Indicators (issue 14): definitions kept by the secretariat, the
-- objectives and activities of programmes they measure (by programme slug,
-- objective number and activity code, which revisions keep), the
-- programmes' baselines and targets (for the region, country '', and per
-- country by ISO 3166-1 alpha-3), and the observations imported from the
-- files statistical sources publish. Values are kept as the decimal text
-- the source wrote (normalised to a decimal point) so that no digit is
-- lost; a year with no value has no row, never a zero.
CREATE TABLE indicators (
    code TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    source TEXT NOT NULL,
    citation TEXT NOT NULL,
    methodology TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    disaggregation TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    imported_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE indicator_texts (
    code TEXT NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    PRIMARY KEY (code, lang)
);

CREATE TABLE indicator_links (
    code TEXT NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    programme TEXT NOT NULL,
    objective INTEGER NOT NULL,
    activity TEXT NOT NULL,
    PRIMARY KEY (code, position)
);
CREATE INDEX indicator_links_programme ON indicator_links (programme, objective);

CREATE TABLE indicator_goals (
    code TEXT NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
    programme TEXT NOT NULL,
    country TEXT NOT NULL,
    baseline_value TEXT NOT NULL,
    baseline_year INTEGER NOT NULL,
    target_value TEXT NOT NULL,
    target_year INTEGER NOT NULL,
    PRIMARY KEY (code, programme, country)
);

-- area is a country's alpha-3 code, or an aggregate's code (aggregate 1).
CREATE TABLE indicator_observations (
    code TEXT NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
    area TEXT NOT NULL,
    aggregate INTEGER NOT NULL,
    area_name TEXT NOT NULL,
    year INTEGER NOT NULL,
    value TEXT NOT NULL,
    estimate INTEGER NOT NULL,
    provisional INTEGER NOT NULL,
    break INTEGER NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (code, aggregate, area, year)
);
CREATE INDEX indicator_observations_area ON indicator_observations (area, code);
