package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/elac/bitacora"
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

func TestAuditCommandUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"verify", "extra"}, {"list", "--format", "xml"}} {
		if _, _, err := runAuditCmd(t, args...); err == nil {
			t.Errorf("audit %q succeeded", args)
		} else if _, ok := err.(usageError); !ok {
			t.Errorf("audit %q: %v; want a usage error", args, err)
		}
	}
	for _, args := range [][]string{{"--help"}, {"verify", "--help"}, {"list", "--help"}} {
		if out, _, err := runAuditCmd(t, args...); err != nil && err != errHelp || !strings.Contains(out, "Usage: bitacora audit") {
			t.Errorf("audit %q = %v, %q", args, err, out)
		}
	}
}
