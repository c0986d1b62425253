-- The programme as read from its document: areas, objectives, activities,
-- their components and parties, footnotes and the reader's warnings.
-- Parties form one register across programmes; what a programme wrote about a
-- party (its name there, its chair countries then) is kept per programme.

CREATE TABLE programmes (
    id {{.ID}},
    slug TEXT NOT NULL UNIQUE,
    symbol TEXT NOT NULL,
    title TEXT NOT NULL,
    agenda TEXT NOT NULL,
    language TEXT NOT NULL,
    start_year INTEGER NOT NULL,
    end_year INTEGER NOT NULL,
    adopted TEXT NOT NULL,
    place TEXT NOT NULL,
    issued TEXT NOT NULL,
    distribution TEXT NOT NULL,
    job_number TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    source_end_line INTEGER NOT NULL,
    source_text TEXT NOT NULL,
    imported_at {{.Time}} NOT NULL
);

CREATE TABLE preamble_paragraphs (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    PRIMARY KEY (programme_id, position)
);

CREATE TABLE parties (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    acronym TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT REFERENCES parties (id),
    created_at {{.Time}} NOT NULL
);

-- Every way a party is written, normalised in alias_key, so that one
-- organisation is one party across documents and cycles.
CREATE TABLE party_aliases (
    party_id TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('name', 'acronym', 'alias')),
    position INTEGER NOT NULL,
    PRIMARY KEY (programme_id, alias_key, kind)
);
CREATE INDEX party_aliases_key ON party_aliases (alias_key);
CREATE INDEX party_aliases_party ON party_aliases (party_id);

CREATE TABLE programme_parties (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    party_id TEXT NOT NULL REFERENCES parties (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    acronym TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT REFERENCES parties (id),
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    PRIMARY KEY (programme_id, party_id)
);

CREATE TABLE programme_party_countries (
    programme_id BIGINT NOT NULL,
    party_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (programme_id, party_id, position),
    FOREIGN KEY (programme_id, party_id) REFERENCES programme_parties (programme_id, party_id) ON DELETE CASCADE
);

CREATE TABLE areas (
    id {{.ID}},
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    UNIQUE (programme_id, number)
);

CREATE TABLE objectives (
    id {{.ID}},
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    area_id BIGINT NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    UNIQUE (programme_id, number)
);

CREATE TABLE activities (
    id {{.ID}},
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    objective_id BIGINT NOT NULL REFERENCES objectives (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    UNIQUE (programme_id, code)
);
CREATE INDEX activities_objective ON activities (objective_id);

CREATE TABLE components (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (activity_id, position)
);

CREATE TABLE activity_parties (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('responsible', 'co_responsible')),
    position INTEGER NOT NULL,
    party_id TEXT NOT NULL REFERENCES parties (id),
    PRIMARY KEY (activity_id, role, position)
);
CREATE INDEX activity_parties_party ON activity_parties (party_id);

CREATE TABLE activity_notes (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (activity_id, position)
);

CREATE TABLE notes (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    mark TEXT NOT NULL,
    text TEXT NOT NULL,
    area_number INTEGER NOT NULL,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    PRIMARY KEY (programme_id, position)
);

CREATE TABLE import_warnings (
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    line INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (programme_id, position)
);
