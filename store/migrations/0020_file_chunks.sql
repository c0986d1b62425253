-- Evidence files are kept in chunks of at most 256 KiB (store.fileChunk),
-- not in one value of up to 20 MB. A value passes whole through the
-- database driver and SQLite's record code, each a copy that the Go
-- runtime cannot interrupt: one 20 MB file held every other request,
-- /healthz too, for about 80 ms while the collector waited for the copy.
-- A chunk is read and written in about a millisecond.
--
-- A file's bytes are its chunks in seq order; a withdrawn file has none.
-- The files stored before are moved over as one chunk each, read and
-- served as before.
CREATE TABLE report_file_chunks (
    file_id BIGINT NOT NULL REFERENCES report_files (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data {{.Blob}} NOT NULL,
    PRIMARY KEY (file_id, seq)
);
INSERT INTO report_file_chunks (file_id, seq, data) SELECT id, 0, data FROM report_files WHERE length(data) > 0;
ALTER TABLE report_files DROP COLUMN data;
