package main

import (
	"context"
	"strings"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// bitacora remind: --dry-run previews, as on the day --as-of names, and
// queues nothing; without it the reminders are queued, once however often
// the command runs.
func TestRemindCommand(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		u, _, err := db.CreateUser(ctx, "focal@example.org", "Focal", "es", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMembership(ctx, u.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		outbox := func() int {
			list, err := db.Outbox(ctx, 1000)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		before := outbox() // the invitation
		out, errs, err := runCmd(t, "remind", "--db", b.DSN, "--as-of", "2019-07-31", "--dry-run")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "elac2020\t1.1\t2019-H1\t2019-08-14\t14\tfocal@example.org\n") || !strings.Contains(errs, "nothing sent (--dry-run)") {
			t.Fatalf("dry run printed:\n%s\n%s", out, errs)
		}
		if outbox() != before {
			t.Fatal("--dry-run queued messages")
		}
		if _, errs, err = runCmd(t, "remind", "--db", b.DSN, "--as-of", "2019-07-31"); err != nil || !strings.Contains(errs, "7 messages queued") {
			t.Fatalf("remind: %v %s; want the group's 7 activities queued", err, errs)
		}
		if _, errs, err = runCmd(t, "remind", "--db", b.DSN, "--as-of", "2019-07-31"); err != nil || !strings.Contains(errs, "0 messages queued") {
			t.Fatalf("remind again: %v %s; want nothing queued again", err, errs)
		}
		if outbox() != before+7 {
			t.Errorf("outbox: %d messages after the reminders; want %d", outbox(), before+7)
		}
		if _, _, err := runCmd(t, "remind", "--db", b.DSN, "--as-of", "31/07/2019"); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("a malformed day: %v", err)
		}
	})
}
