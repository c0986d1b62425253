-- The register of parties as the secretariat keeps it (issue 13). A
-- party merged into another keeps its row, marked with the survivor and
-- the day, so that its id redirects there. Names set in the register (the
-- party's own name and acronym, and its names in languages: CEPAL, ECLAC,
-- CEPALC) are matched by the import like a programme's aliases, through
-- name_key (the same normalisation as party_aliases.alias_key). The
-- chair countries of a party, with their dates, are the register's too.
ALTER TABLE parties ADD COLUMN merged_into TEXT REFERENCES parties (id);
ALTER TABLE parties ADD COLUMN merged_on TEXT NOT NULL DEFAULT '';

CREATE TABLE party_names (
    party_id TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('name', 'acronym', 'alias')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    lang TEXT NOT NULL,
    PRIMARY KEY (party_id, kind, position)
);
CREATE INDEX party_names_key ON party_names (name_key);

CREATE TABLE party_chairs (
    party_id TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    country TEXT NOT NULL,
    code TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    PRIMARY KEY (party_id, position)
);
