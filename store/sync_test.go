package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

// A SQLite database syncs its log at checkpoints (NORMAL) unless the
// operator asks for a sync at every commit with ?synchronous=full;
// anything else is refused.
func TestSQLiteSynchronous(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for dsn, want := range map[string]int{
		filepath.Join(dir, "a.db"):                                   1, // NORMAL
		filepath.Join(dir, "b.db") + "?synchronous=normal":           1,
		filepath.Join(dir, "c.db") + "?synchronous=full":             2, // FULL
		"sqlite:" + filepath.Join(dir, "e.db") + "?synchronous=FULL": 2,
	} {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		var got int
		// Every connection of the pool, not only the first.
		for range 3 {
			if err := db.SQL().QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got); err != nil || got != want {
				t.Errorf("%s: synchronous = %d (%v), want %d", dsn, got, err, want)
			}
		}
		if strings.Contains(db.Name, "?") {
			t.Errorf("%s: the database is named %q, options and all", dsn, db.Name)
		}
		db.Close()
	}
	for _, bad := range []string{"?synchronous=off", "?journal_mode=delete"} {
		_, err := store.Open(ctx, filepath.Join(dir, "d.db")+bad)
		if bitacora.ErrorCode(err) != bitacora.EINVALID || !strings.Contains(err.Error(), "synchronous=full or normal") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// BenchmarkSQLiteSynchronous measures what syncing every commit costs on
// this machine's disk: report saves one after another (each its own
// transaction) and a 1,000-row CSV import (one transaction), with
// synchronous=full and normal (the default). Compare the two in one run:
//
//	go test ./store -run '^$' -bench BenchmarkSQLiteSynchronous -benchtime 2s
func BenchmarkSQLiteSynchronous(b *testing.B) {
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 3, Name: "sec"})
	for _, mode := range []string{"full", "normal"} {
		open := func(b *testing.B) (*store.DB, []bitacora.ReportImport) {
			db, err := store.Open(ctx, filepath.Join(b.TempDir(), "bitacora.db")+"?synchronous="+mode)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db, bulkProgramme(b, ctx, db, "p", 1)
		}
		b.Run("save/"+mode, func(b *testing.B) {
			db, _ := open(b)
			version := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := bitacora.ReportKey{Programme: "p", Activity: "1.1", Period: "2100-H1"}
				r, err := db.SaveReport(ctx, k, version, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: fmt.Sprint(i)}, nil)
				if err != nil {
					b.Fatal(err)
				}
				version = r.Version
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "saves/s")
		})
		b.Run("import/"+mode, func(b *testing.B) {
			db, rows := open(b)
			rows = rows[:1000]
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if n, err := db.ImportReports(ctx, "p", rows); err != nil || n != len(rows) {
					b.Fatalf("import: %d, %v", n, err)
				}
			}
			b.ReportMetric(float64(b.N*len(rows))/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
