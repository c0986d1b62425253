// The change record's tests are inside the package so that they can write
// through a writer that, unlike the content writes, does not bump the
// generation first: that bump's row lock would queue PostgreSQL writers by
// itself and hide a missing lock on the audit head.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store/storetest"
)

func TestAuditEmptyLogVerifies(t *testing.T) {
	Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := openAuditDB(t, b)
		if n, err := db.VerifyAudit(ctx); n != 0 || err != nil {
			t.Fatalf("verify of a new database = %d, %v", n, err)
		}
		if seq, hash, err := db.AuditHead(ctx); seq != 0 || hash != bitacora.AuditGenesis || err != nil {
			t.Fatalf("head of a new database = %d %s %v", seq, hash, err)
		}
	})
}

func TestAuditRecordsWrites(t *testing.T) {
	Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 7, Name: "ana@example.org"})
		db := openAuditDB(t, b)
		if err := db.ImportProgramme(ctx, auditDoc("p"), "the text"); err != nil {
			t.Fatal(err)
		}
		// A failed import leaves no entry: it is in the import's transaction.
		if err := db.ImportProgramme(ctx, auditDoc("p"), ""); bitacora.ErrorCode(err) != bitacora.ECONFLICT {
			t.Fatalf("second import: %v", err)
		}
		for _, w := range [][4]string{
			{"activity:1.1", "text", "en", "Identify."},
			{"activity:1.1", "text", "en", "Identify and analyse."},
			{"activity:1.1", "text", "en", "Identify and analyse."}, // no change: no entry
			{"component:1.1:0", "text", "en", "Panel"},
			{"area:2", "title", "en", "GOVERNMENT"},
			{"objective:2", "text", "en", "Establish."},
			{"programme", "title", "en", "TEST PROGRAMME"},
			{"activity:1.1", "text", "en", ""},
			{"activity:1.2", "text", "en", ""}, // removes nothing: no entry
		} {
			if err := db.SetTranslation(ctx, "p", w[0], w[1], w[2], w[3]); err != nil {
				t.Fatal(err)
			}
		}
		n, err := db.VerifyAudit(ctx)
		if n != 8 || err != nil {
			t.Fatalf("verify = %d, %v; want 8 entries", n, err)
		}

		all, err := db.AuditEntries(ctx, 0, 0)
		if err != nil || len(all) != 8 {
			t.Fatalf("entries = %d, %v", len(all), err)
		}
		prev := bitacora.AuditGenesis
		for i, e := range all {
			if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != e.ComputeHash() || e.Actor != "user:7" {
				t.Errorf("entry %d = %+v; want seq %d chained to %s", i, e, i+1, prev)
			}
			if at, err := time.Parse(time.RFC3339Nano, e.At); err != nil || at.Location() != time.UTC || len(e.At) != len("2006-01-02T15:04:05.000000Z") {
				t.Errorf("entry %d at %q: want RFC 3339 UTC with microseconds", e.Seq, e.At)
			}
			prev = e.Hash
		}
		imp := all[0]
		if imp.Action != "programme.import" || imp.Subject != "programme:p" || string(imp.Before) != "null" ||
			string(imp.After) != `{"slug":"p","symbol":"LC/TS.2099/1","title":"PROGRAMA DE PRUEBA","areas":2,"objectives":2,"activities":3,"parties":1,"warnings":1}` {
			t.Errorf("import entry = %s %s %s → %s", imp.Action, imp.Subject, imp.Before, imp.After)
		}
		if page, err := db.AuditEntries(ctx, 3, 2); err != nil || len(page) != 2 || page[0].Seq != 4 || page[1].Seq != 5 {
			t.Errorf("AuditEntries(3, 2) = %v, %v", page, err)
		}
		if seq, hash, err := db.AuditHead(ctx); seq != 8 || hash != all[7].Hash || err != nil {
			t.Errorf("head = %d %s %v; want the last entry", seq, hash, err)
		}

		// An activity's history holds its components' translations, newest first.
		hist, err := db.History(ctx, ActivitySubject("p", "1.1"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range hist {
			got = append(got, fmt.Sprintf("%d %s %s → %s", e.Seq, e.Action, e.Before, e.After))
		}
		want := []string{
			`8 translation.set {"subject":"activity:1.1","field":"text","lang":"en","text":"Identify and analyse."} → null`,
			`4 translation.set null → {"subject":"component:1.1:0","field":"text","lang":"en","text":"Panel"}`,
			`3 translation.set {"subject":"activity:1.1","field":"text","lang":"en","text":"Identify."} → {"subject":"activity:1.1","field":"text","lang":"en","text":"Identify and analyse."}`,
			`2 translation.set null → {"subject":"activity:1.1","field":"text","lang":"en","text":"Identify."}`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("history of activity 1.1:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		subjects := func(list []bitacora.AuditEntry) (s []string) {
			for _, e := range list {
				s = append(s, e.Subject)
			}
			return s
		}
		hist, err = db.History(ctx, ProgrammeSubject("p"), "area:p/2", "objective:p/2", PartySubject("isoc"))
		if got := strings.Join(subjects(hist), " "); err != nil || got != "programme:p objective:p/2 area:p/2 programme:p" {
			t.Errorf("history of the programme, area and objective = %s, %v", got, err)
		}
		if hist, err := db.History(ctx); err != nil || len(hist) != 0 {
			t.Errorf("history of nothing = %v, %v", hist, err)
		}
	})
}

// Tampering with the log by hand, in SQL, is named by the entry where it
// happened.
func TestAuditVerifyNamesTamperedEntry(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, db *DB, entries []bitacora.AuditEntry)
		want   string
	}{
		{"edited after", sqlTamper(`UPDATE audit_log SET after_json = '{"text":"forged"}' WHERE seq = 4`),
			"audit entry 4 was changed after it was written (hash mismatch)"},
		{"white space added", sqlTamper(`UPDATE audit_log SET before_json = before_json || ' ' WHERE seq = 3`),
			"audit entry 3 was changed"},
		{"edited actor", sqlTamper(`UPDATE audit_log SET actor = 'someone else' WHERE seq = 1`),
			"audit entry 1 was changed"},
		{"edited previous hash", sqlTamper(`UPDATE audit_log SET prev_hash = 'x' WHERE seq = 5`),
			"audit entry 5 was changed"},
		{"deleted in the middle", sqlTamper(`DELETE FROM audit_log WHERE seq = 3`),
			"audit entry 3 is missing: the log goes from entry 2 to entry 4"},
		{"two deleted", sqlTamper(`DELETE FROM audit_log WHERE seq IN (3, 4)`),
			"audit entries 3 to 4 are missing"},
		{"first deleted", sqlTamper(`DELETE FROM audit_log WHERE seq = 1`),
			"audit entry 1 is missing: the log starts at entry 2"},
		{"deleted and renumbered", sqlTamper(`DELETE FROM audit_log WHERE seq = 3`, `UPDATE audit_log SET seq = 1 - seq WHERE seq > 3`, `UPDATE audit_log SET seq = -seq WHERE seq < 0`),
			"audit entry 3 was changed"},
		{"seqs swapped", sqlTamper(`UPDATE audit_log SET seq = -3 WHERE seq = 3`, `UPDATE audit_log SET seq = 3 WHERE seq = 4`, `UPDATE audit_log SET seq = 4 WHERE seq = -3`),
			"audit entry 3 is out of order: it was written after the entry now numbered 4"},
		{"contents swapped", func(t *testing.T, db *DB, es []bitacora.AuditEntry) {
			// Everything but the seq, which the hash covers.
			for _, p := range [][2]bitacora.AuditEntry{{es[2], es[3]}, {es[3], es[2]}} {
				sqlExec(t, db, `UPDATE audit_log SET at = ?, action = ?, subject = ?, before_json = ?, after_json = ?, prev_hash = ?, hash = ? WHERE seq = ?`,
					p[1].At, p[1].Action, p[1].Subject, string(p[1].Before), string(p[1].After), p[1].PrevHash, p[1].Hash, p[0].Seq)
			}
		}, "audit entry 3 is out of order"},
		{"replaced and rehashed", func(t *testing.T, db *DB, es []bitacora.AuditEntry) {
			e := es[2]
			e.After = json.RawMessage(`{"text":"forged"}`)
			e.Hash = e.ComputeHash()
			sqlExec(t, db, `UPDATE audit_log SET after_json = ?, hash = ? WHERE seq = ?`, string(e.After), e.Hash, e.Seq)
		}, "audit entry 4 does not follow entry 3: entry 3 was replaced"},
		{"last deleted", sqlTamper(`DELETE FROM audit_log WHERE seq = 6`),
			"audit entry 6 is missing: the log ends at entry 5 but the head says 6 were written"},
		{"last two deleted", sqlTamper(`DELETE FROM audit_log WHERE seq >= 5`),
			"audit entries 5 to 6 are missing"},
		{"all deleted", sqlTamper(`DELETE FROM audit_log`),
			"audit entries 1 to 6 are missing: the log is empty but the head says 6 were written"},
		{"last replaced and rehashed", func(t *testing.T, db *DB, es []bitacora.AuditEntry) {
			e := es[5]
			e.Actor = "someone else"
			e.Hash = e.ComputeHash()
			sqlExec(t, db, `UPDATE audit_log SET actor = ?, hash = ? WHERE seq = ?`, e.Actor, e.Hash, e.Seq)
		}, "audit entry 6 is not the entry that was written last"},
		{"appended by hand", func(t *testing.T, db *DB, es []bitacora.AuditEntry) {
			e := es[5]
			e.Seq, e.PrevHash = 7, e.Hash
			e.Hash = e.ComputeHash()
			sqlExec(t, db, `INSERT INTO audit_log (seq, at, actor, action, subject, before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				e.Seq, e.At, e.Actor, e.Action, e.Subject, string(e.Before), string(e.After), e.PrevHash, e.Hash)
		}, "audit entry 7 was not written by bitacora: the head ends at entry 6"},
		{"head deleted", sqlTamper(`DELETE FROM audit_head`), "the audit head is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
				ctx := context.Background()
				db := openAuditDB(t, b)
				if err := db.ImportProgramme(ctx, auditDoc("p"), ""); err != nil {
					t.Fatal(err)
				}
				for i := range 5 {
					if err := db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", fmt.Sprint("Version ", i)); err != nil {
						t.Fatal(err)
					}
				}
				entries, err := db.AuditEntries(ctx, 0, 0)
				if n, verr := db.VerifyAudit(ctx); err != nil || len(entries) != 6 || n != 6 || verr != nil {
					t.Fatalf("before tampering: %d entries (%v), verify %d, %v", len(entries), err, n, verr)
				}
				tc.tamper(t, db, entries)
				_, err = db.VerifyAudit(ctx)
				if bitacora.ErrorCode(err) != bitacora.ECONFLICT || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("verify after tampering: %v; want %s saying %q", err, bitacora.ECONFLICT, tc.want)
				}
			})
		})
	}
}

// Writers in parallel append one unbroken chain: on PostgreSQL they queue
// on the head's row lock, on SQLite on the write lock. Half of them
// translate; the others append as the account writes do, without the
// generation bump whose own row lock would queue them anyway. A
// verification running meanwhile sees a consistent log at every moment.
func TestAuditConcurrentWriters(t *testing.T) {
	Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := openAuditDB(t, b)
		if err := db.ImportProgramme(ctx, auditDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		const writers, writes = 8, 6
		subjects := []string{"activity:1.1", "activity:1.2", "activity:2.1", "area:1", "area:2", "objective:1"}
		var wg sync.WaitGroup
		errs := make(chan error, writers*writes+1000)
		for g := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lang := bitacora.TranslationLanguages[g/2] // one language each: no two write one row
				for i := range writes {
					var err error
					if g%2 == 0 {
						field := "text"
						if strings.HasPrefix(subjects[i], "area:") {
							field = "title"
						}
						err = db.SetTranslation(ctx, "p", subjects[i], field, lang, fmt.Sprint("text ", g, i))
					} else {
						err = appendAudit(ctx, db, "test.write", fmt.Sprint("test:", g), i)
					}
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		done, verified := make(chan struct{}), make(chan int)
		go func() {
			checks := 0
			for {
				select {
				case <-done:
					verified <- checks
					return
				default:
				}
				if _, err := db.VerifyAudit(ctx); err != nil {
					errs <- fmt.Errorf("verify while writing: %w", err)
				}
				checks++
			}
		}()
		wg.Wait()
		close(done)
		checks := <-verified
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		n, err := db.VerifyAudit(ctx)
		if want := 1 + writers*writes; n != want || err != nil {
			t.Fatalf("verify after concurrent writes = %d, %v; want %d entries", n, err, want)
		}
		t.Logf("%d verifications ran during the writes", checks)
	})
}

// appendAudit writes one entry in a transaction of its own.
func appendAudit(ctx context.Context, db *DB, action, subject string, after any) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: db, tx: tx, ctx: ctx}
		w.audit(action, subject, nil, after)
		return w.err
	})
}

func openAuditDB(t *testing.T, b storetest.Backend) *DB {
	t.Helper()
	db, err := Open(context.Background(), b.DSN)
	if err != nil {
		t.Fatalf("open %s: %v", b.Name, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// auditDoc is a small programme with an activity that has a component.
func auditDoc(slug string) *bitacora.Document {
	src := bitacora.Lines(1, 1)
	act := func(code string, components ...string) bitacora.Activity {
		return bitacora.Activity{Code: code, Text: "Actividad " + code, Components: components,
			Responsible: []string{"isoc"}, CoResponsible: []string{}, Notes: []string{}, Source: src}
	}
	return &bitacora.Document{
		Programme: bitacora.Programme{Slug: slug, Symbol: "LC/TS.2099/1", Title: "PROGRAMA DE PRUEBA", Language: "es",
			StartYear: 2099, EndYear: 2100, Adopted: "2099-07-13", Source: src},
		Parties: []bitacora.Party{{ID: "isoc", Name: "Internet Society", Acronym: "ISOC", Kind: bitacora.KindOrganisation,
			Countries: []string{}, CountryCodes: []string{}, Aliases: []string{}, Source: src}},
		Areas: []bitacora.Area{
			{Number: 1, Title: "INFRAESTRUCTURA", Source: src, Objectives: []bitacora.Objective{
				{Number: 1, Text: "Fomentar.", Source: src, Activities: []bitacora.Activity{act("1.1", "Panel"), act("1.2")}}}},
			{Number: 2, Title: "GOBIERNO", Source: src, Objectives: []bitacora.Objective{
				{Number: 2, Text: "Establecer.", Source: src, Activities: []bitacora.Activity{act("2.1")}}}},
		},
		Warnings: []bitacora.Warning{{Line: 1, Message: "a warning"}},
	}
}

// sqlTamper returns a tamper that runs statements on the database directly.
func sqlTamper(statements ...string) func(*testing.T, *DB, []bitacora.AuditEntry) {
	return func(t *testing.T, db *DB, _ []bitacora.AuditEntry) {
		for _, s := range statements {
			sqlExec(t, db, s)
		}
	}
}

// sqlExec runs a statement outside the store, as someone with the
// database's password could.
func sqlExec(t *testing.T, db *DB, query string, args ...any) {
	t.Helper()
	if db.Dialect() == "postgres" {
		for i := 1; strings.Contains(query, "?"); i++ {
			query = strings.Replace(query, "?", fmt.Sprint("$", i), 1)
		}
	}
	if _, err := db.SQL().ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
