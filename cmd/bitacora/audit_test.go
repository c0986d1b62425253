package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

func runAuditCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{getenv: noEnv, stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	err = runAudit(context.Background(), e, args)
	return out.String(), errb.String(), err
}

// verify passes on an untouched log and, once an entry is edited in the
// database behind bitacora's back, fails naming it.
func TestAuditCommand(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "bitacora.db")
	out, _, err := runAuditCmd(t, "verify", "--db", dsn)
	if err != nil || out != "audit log verified: 0 entries, head 000000000000\n" {
		t.Fatalf("verify of a new database = %v, %q", err, out)
	}
	if _, _, err := runCmd(t, "import", "../../seed/elac2020.txt", "--db", dsn); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "import", "../../seed/elac2020.txt", "--db", dsn, "--slug", "copia"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runAuditCmd(t, "verify", "--db", dsn)
	if err != nil || !strings.HasPrefix(out, "audit log verified: 2 entries, head ") || len(out) != len("audit log verified: 2 entries, head 0123456789ab\n") {
		t.Fatalf("verify after two imports = %v, %q", err, out)
	}

	out, _, err = runAuditCmd(t, "list", "--db", dsn)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if err != nil || len(lines) != 2 || !strings.HasPrefix(lines[0], "1\t") ||
		!strings.Contains(lines[0], "\tprogramme.import\tprogramme:elac2020\tnull\t{\"slug\":\"elac2020\"") {
		t.Fatalf("list = %v\n%s", err, out)
	}
	out, _, err = runAuditCmd(t, "list", "--db", dsn, "--subject", "programme:copia", "--format", "json")
	var e bitacora.AuditEntry
	if err != nil || strings.Count(out, "\n") != 1 || json.Unmarshal([]byte(out), &e) != nil || e.Seq != 2 || e.Hash != e.ComputeHash() {
		t.Fatalf("list --subject --format json = %v\n%s", err, out)
	}
	if out, _, err := runAuditCmd(t, "list", "--db", dsn, "--after", "1", "--limit", "5"); err != nil || !strings.HasPrefix(out, "2\t") || strings.Count(out, "\n") != 1 {
		t.Errorf("list --after 1 = %v\n%s", err, out)
	}

	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE audit_log SET actor = 'nobody' WHERE seq = 1`); err != nil {
		t.Fatal(err)
	}
	out, _, err = runAuditCmd(t, "verify", "--db", dsn)
	if bitacora.ErrorCode(err) != bitacora.ECONFLICT || err.Error() != "audit entry 1 was changed after it was written (hash mismatch)" || out != "" {
		t.Fatalf("verify after tampering = %v, %q; want the entry named", err, out)
	}
}

// audit head prints a head to keep elsewhere; verify --against it passes
// on a log that only grew, and fails, naming the saved head, on a log whose
// newest entries were deleted and whose head was moved back, which plain
// verify takes as whole.
func TestAuditVerifyAgainstSavedHead(t *testing.T) {
	// A copy of the seeded template: its log holds one entry, the import.
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		addUsers := func(from, n int) {
			for i := from; i < from+n; i++ {
				if _, _, err := runCmd(t, "user", "add", "--email", fmt.Sprintf("u%d@example.org", i), "--db", b.DSN); err != nil {
					t.Fatal(err)
				}
			}
		}
		addUsers(0, 11)
		out, _, err := runAuditCmd(t, "head", "--db", b.DSN)
		var saved bitacora.AuditHead
		if err != nil || strings.Count(out, "\n") != 1 || json.Unmarshal([]byte(out), &saved) != nil || saved.Seq != 12 || !saved.Valid() || saved.At == "" {
			t.Fatalf("audit head = %v, %q", err, out)
		}
		heads := filepath.Join(t.TempDir(), "heads.jsonl")
		os.WriteFile(heads, []byte("# published on the list, 2026-11-29\n"+out+"\n"), 0o600)

		addUsers(11, 3)
		out, _, err = runAuditCmd(t, "verify", "--db", b.DSN, "--against", heads)
		if err != nil || !strings.Contains(out, "audit log verified: 15 entries") || !strings.Contains(out, "all in the chain (the newest: entry 12, hash "+saved.Hash[:12]+")") {
			t.Fatalf("verify --against after new entries = %v, %q", err, out)
		}

		// Delete the newest entries and move the head back, as someone
		// with the database's password could.
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		all, err := db.AuditEntries(ctx, 0, 0)
		if err != nil || len(all) != 15 {
			t.Fatalf("entries: %d, %v", len(all), err)
		}
		for _, q := range []string{"DELETE FROM audit_log WHERE seq > 5", "UPDATE audit_head SET seq = 5, hash = '" + all[4].Hash + "' WHERE id = 1"} {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if out, _, err := runAuditCmd(t, "verify", "--db", b.DSN); err != nil || !strings.HasPrefix(out, "audit log verified: 5 entries") {
			t.Fatalf("plain verify of the truncated log = %v, %q: the test does not show the attack", err, out)
		}
		out, _, err = runAuditCmd(t, "verify", "--db", b.DSN, "--against", heads)
		if bitacora.ErrorCode(err) != bitacora.ECONFLICT || out != "" ||
			!strings.Contains(err.Error(), "the log ends at entry 5, but the saved head (entry 12 of "+saved.At+", hash "+saved.Hash[:12]+") is later") {
			t.Fatalf("verify --against the truncated log = %v, %q", err, out)
		}
	})
	// A file that holds no head is the operator's mistake.
	bad := filepath.Join(t.TempDir(), "bad")
	for _, content := range []string{"", "# nothing\n", `{"seq":3,"hash":"abc"}`, `{"seq":0,"hash":"` + strings.Repeat("1", 64) + `"}`, "not json"} {
		os.WriteFile(bad, []byte(content), 0o600)
		if _, _, err := runAuditCmd(t, "verify", "--db", filepath.Join(t.TempDir(), "b.db"), "--against", bad); err == nil {
			t.Errorf("--against a file holding %q passed", content)
		} else if _, ok := err.(usageError); !ok {
			t.Errorf("--against a file holding %q: %v; want a usage error", content, err)
		}
	}
}

func TestAuditCommandUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"verify", "extra"}, {"list", "--format", "xml"}} {
		if _, _, err := runAuditCmd(t, args...); err == nil {
			t.Errorf("audit %q succeeded", args)
		} else if _, ok := err.(usageError); !ok {
			t.Errorf("audit %q: %v; want a usage error", args, err)
		}
	}
	for _, args := range [][]string{{"--help"}, {"verify", "--help"}, {"head", "--help"}, {"list", "--help"}} {
		if out, _, err := runAuditCmd(t, args...); err != nil && err != errHelp || !strings.Contains(out, "Usage: bitacora audit") {
			t.Errorf("audit %q = %v, %q", args, err, out)
		}
	}
}
