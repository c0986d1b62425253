package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// Moving from SQLite to PostgreSQL (and back) is a backup and a restore:
// the programme exports the same from the new database, and its change
// record verifies.
func TestBackupAndRestoreCommands(t *testing.T) {
	from := seedtest.SQLite(t).DSN
	file := filepath.Join(t.TempDir(), "bitacora.backup.gz")
	out, _, err := runCmd(t, "backup", "--db", from, file)
	if err != nil || !strings.HasPrefix(out, file+": backup of "+from+", schema ") {
		t.Fatalf("backup: %v, %q", err, out)
	}
	want, _, err := runCmd(t, "export", "--db", from, "--format", "json", "elac2020")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, to storetest.Backend) {
		out, _, err := runCmd(t, "restore", "--db", to.DSN, file)
		if err != nil || !strings.Contains(out, "restored ") || !strings.Contains(out, "entries verify") {
			t.Fatalf("restore: %v, %q", err, out)
		}
		got, _, err := runCmd(t, "export", "--db", to.DSN, "--format", "json", "elac2020")
		if err != nil || got != want {
			t.Errorf("the restored programme exports differently (%v)", err)
		}
		if _, _, err := runCmd(t, "audit", "verify", "--db", to.DSN); err != nil {
			t.Error(err)
		}
		// A second restore finds the database in use and says so.
		if _, _, err := runCmd(t, "restore", "--db", to.DSN, file); err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Errorf("a restore over a restored database: %v", err)
		}
	})
	if _, _, err := runCmd(t, "backup", "--db", from); err == nil || !strings.Contains(err.Error(), "one FILE") {
		t.Errorf("backup without a file: %v", err)
	}
}
