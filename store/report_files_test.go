package store_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"strconv"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// chunksOf counts the rows that hold file id's bytes, and the largest.
func chunksOf(t *testing.T, db *store.DB, id int64) (n int, largest int64) {
	t.Helper()
	q := `SELECT COUNT(*), COALESCE(MAX(LENGTH(data)), 0) FROM report_file_chunks WHERE file_id = ` + strconv.FormatInt(id, 10)
	if err := db.SQL().QueryRowContext(context.Background(), q).Scan(&n, &largest); err != nil {
		t.Fatal(err)
	}
	return n, largest
}

// fileData reads a file as the site serves it: its row, then its chunks
// in order until there is none.
func fileData(ctx context.Context, db *store.DB, id int64) (bitacora.File, []byte, bool, error) {
	f, public, err := db.FileInfo(ctx, id)
	if err != nil {
		return f, nil, false, err
	}
	var data []byte
	for seq := 0; ; seq++ {
		chunk, err := db.FileChunk(ctx, id, seq)
		if bitacora.ErrorCode(err) == bitacora.ENOTFOUND {
			return f, data, public, nil
		}
		if err != nil {
			return f, nil, false, err
		}
		data = append(data, chunk...)
	}
}

// An evidence file is kept in rows of at most store.FileChunk bytes, and
// read back whole, byte for byte, whatever its size against the chunk's;
// a file removed from a draft takes its chunks with it.
func TestEvidenceFilesInChunks(t *testing.T) {
	store.Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 1, Name: "focal"})
		db := open(t, b)
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		rep, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil)
		if err != nil {
			t.Fatal(err)
		}
		sizes := []int{1, store.FileChunk, 2 * store.FileChunk, 3*store.FileChunk + 1}
		files := map[int64][]byte{}
		for i, size := range sizes {
			data := make([]byte, size)
			rand.Read(data)
			copy(data, "%PDF-1.7\n")
			if rep, err = db.AddFile(ctx, k, rep.Version, "f.pdf", "application/pdf", data, nil); err != nil {
				t.Fatalf("a file of %d bytes: %v", size, err)
			}
			f := rep.Files[i]
			files[f.ID] = data
			if f.Size != int64(size) || f.SHA256 != bitacora.FileSHA256(data) {
				t.Errorf("a file of %d bytes is listed as %d bytes, %s", size, f.Size, f.SHA256)
			}
			n, largest := chunksOf(t, db, f.ID)
			if want := (size + store.FileChunk - 1) / store.FileChunk; n != want || largest > store.FileChunk {
				t.Errorf("a file of %d bytes: %d chunks, the largest %d bytes; want %d, at most %d", size, n, largest, want, store.FileChunk)
			}
		}
		for id, want := range files {
			f, got, _, err := fileData(ctx, db, id)
			if err != nil || !bytes.Equal(got, want) || f.Size != int64(len(want)) {
				t.Errorf("file %d read back: %d bytes, %v; want its %d", id, len(got), err, len(want))
			}
			if f.SHA256 != bitacora.FileSHA256(want) {
				t.Errorf("file %d's digest: %s", id, f.SHA256)
			}
		}
		last := rep.Files[len(rep.Files)-1].ID
		if _, err := db.RemoveFile(ctx, k, rep.Version, last, nil, nil); err != nil {
			t.Fatal(err)
		}
		if n, _ := chunksOf(t, db, last); n != 0 {
			t.Errorf("a removed draft file keeps %d chunks", n)
		}
	})
}

// A file stored before files were kept in chunks (schema 19, its bytes in
// report_files.data) is moved into them by migration 20 and read back
// whole.
func TestEvidenceFileMovedIntoChunks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 1, Name: "focal"})
		db, err := store.OpenNoMigrate(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.MigrateTo(ctx, 19); err != nil {
			t.Fatal(err)
		}
		if err := db.ImportProgramme(ctx, sampleDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
		if _, err := db.SaveReport(ctx, k, 0, content(bitacora.StatusUnderWay), nil); err != nil {
			t.Fatal(err)
		}
		data := bytes.Repeat([]byte("%PDF-1.7\n antiguo "), 40_000) // 720 kB, more than two chunks
		var id int64
		if err := db.SQL().QueryRowContext(ctx, db.Rebind(`INSERT INTO report_files (report_id, name, content_type, size, sha256, data, created_at)
			SELECT id, 'antiguo.pdf', 'application/pdf', ?, ?, ?, '2100-01-01T00:00:00Z' FROM reports RETURNING id`),
			len(data), bitacora.FileSHA256(data), data).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		f, got, _, err := fileData(ctx, db, id)
		if err != nil || !bytes.Equal(got, data) || f.Name != "antiguo.pdf" {
			t.Errorf("the file stored before: %q, %d bytes, %v; want antiguo.pdf, its %d bytes", f.Name, len(got), err, len(data))
		}
	})
}
