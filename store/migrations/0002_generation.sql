-- A counter bumped by every write that changes what the site shows, so that
-- each instance knows when its caches are stale with one cheap read.
CREATE TABLE generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO generation (id, n) VALUES (1, 0);
