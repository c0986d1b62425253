package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store/storetest"
)

// A log rewritten whole passes VerifyAudit (that is the attack), but not
// VerifyAuditAgainst a head saved earlier: neither the newest entries
// deleted with the head moved back, nor an entry edited and every later one
// rehashed. A log that only grew since the save passes.
func TestAuditVerifyAgainstSavedHeads(t *testing.T) {
	Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := openAuditDB(t, b)
		if err := db.ImportProgramme(ctx, auditDoc("p"), ""); err != nil {
			t.Fatal(err)
		}
		translate := func(n int) {
			t.Helper()
			for range n {
				seq, _, _ := db.AuditHead(ctx)
				if err := db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", fmt.Sprint("Version ", seq)); err != nil {
					t.Fatal(err)
				}
			}
		}
		translate(19) // 20 entries
		saved, err := db.VerifyAuditAgainst(ctx, nil)
		if err != nil || saved.Seq != 20 || len(saved.Hash) != 64 || saved.At == "" || !saved.Valid() {
			t.Fatalf("head: %+v %v", saved, err)
		}

		// Untouched, with new entries after the save: passes.
		translate(5)
		if head, err := db.VerifyAuditAgainst(ctx, []bitacora.AuditHead{saved}); err != nil || head.Seq != 25 {
			t.Fatalf("a log that grew: %+v %v", head, err)
		}
		genesis := bitacora.AuditHead{Seq: 0, Hash: bitacora.AuditGenesis}
		if _, err := db.VerifyAuditAgainst(ctx, []bitacora.AuditHead{genesis, saved, saved}); err != nil {
			t.Errorf("the empty log's head and a head saved twice: %v", err)
		}

		// The last 10 deleted and the head moved back to entry 15.
		all, err := db.AuditEntries(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		sqlExec(t, db, `DELETE FROM audit_log WHERE seq > 15`)
		sqlExec(t, db, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, all[14].Seq, all[14].Hash)
		if n, err := db.VerifyAudit(ctx); n != 15 || err != nil {
			t.Fatalf("the truncated log does not pass plain verify (%d, %v): the test does not show the attack", n, err)
		}
		_, err = db.VerifyAuditAgainst(ctx, []bitacora.AuditHead{saved})
		want := fmt.Sprintf("the log ends at entry 15, but the saved head (entry 20 of %s, hash %s) is later: audit entries 16 to 20 were deleted and the head moved back",
			saved.At, saved.Hash[:12])
		if bitacora.ErrorCode(err) != bitacora.ECONFLICT || err.Error() != want {
			t.Errorf("truncated: %v\nwant %s", err, want)
		}

		// Grown back past the saved head with other entries: the saved
		// entry is not the one there now.
		translate(10)
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Fatal(err)
		}
		_, err = db.VerifyAuditAgainst(ctx, []bitacora.AuditHead{saved})
		if bitacora.ErrorCode(err) != bitacora.ECONFLICT || !strings.HasPrefix(err.Error(), "audit entry 20 is not the entry of the saved head (entry 20 of ") {
			t.Errorf("truncated and grown back: %v", err)
		}

		// Edit an entry before a saved head and rehash every later one.
		saved, err = db.VerifyAuditAgainst(ctx, nil)
		if err != nil || saved.Seq != 25 {
			t.Fatalf("head: %+v %v", saved, err)
		}
		translate(3)
		rewrite(t, db, 3, func(e *bitacora.AuditEntry) { e.Actor = "someone else" })
		if n, err := db.VerifyAudit(ctx); n != 28 || err != nil {
			t.Fatalf("the rewritten log does not pass plain verify (%d, %v): the test does not show the attack", n, err)
		}
		_, err = db.VerifyAuditAgainst(ctx, []bitacora.AuditHead{saved})
		want = fmt.Sprintf("audit entry 25 is not the entry of the saved head (entry 25 of %s, hash %s): the log was rewritten at or before entry 25 and the later entries rehashed",
			saved.At, saved.Hash[:12])
		if bitacora.ErrorCode(err) != bitacora.ECONFLICT || err.Error() != want {
			t.Errorf("rewritten: %v\nwant %s", err, want)
		}
		// What it cannot see, as documented: entries after the newest
		// saved head.
		fresh, err := db.VerifyAuditAgainst(ctx, nil)
		if err != nil || fresh.Seq != 28 {
			t.Fatalf("head: %+v %v", fresh, err)
		}
		translate(3)
		rewrite(t, db, 30, func(e *bitacora.AuditEntry) { e.Actor = "someone else again" })
		if _, err := db.VerifyAuditAgainst(ctx, []bitacora.AuditHead{fresh}); err != nil {
			t.Errorf("entries after the newest saved head are not covered, yet: %v", err)
		}
	})
}

// rewrite edits entry seq as someone with the database's password could,
// then rehashes it and every later entry and moves the head: a chain that
// VerifyAudit alone takes as whole.
func rewrite(t *testing.T, db *DB, seq int64, edit func(*bitacora.AuditEntry)) {
	t.Helper()
	all, err := db.AuditEntries(context.Background(), seq-1, 0)
	if err != nil || len(all) == 0 {
		t.Fatalf("entries from %d: %d, %v", seq, len(all), err)
	}
	prev := all[0].PrevHash
	for i := range all {
		e := &all[i]
		if i == 0 {
			edit(e)
		}
		e.PrevHash = prev
		e.Hash = e.ComputeHash()
		prev = e.Hash
		sqlExec(t, db, `UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?`, e.Actor, e.PrevHash, e.Hash, e.Seq)
	}
	last := all[len(all)-1]
	sqlExec(t, db, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, last.Seq, last.Hash)
}
