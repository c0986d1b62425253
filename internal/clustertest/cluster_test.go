package clustertest_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/elac/bitacora/internal/clustertest"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.RemoveTemplates()
	os.Exit(code)
}

// two starts two instances over one PostgreSQL database holding eLAC2020,
// and prepares the fixture.
func two(t *testing.T) (a, b *clustertest.Instance, f *clustertest.Fixture) {
	t.Helper()
	dsn := seedtest.Template.Postgres(t).DSN
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var err error
	if a, err = clustertest.StartInstance(ctx, dsn, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	if b, err = clustertest.StartInstance(ctx, dsn, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if f, err = clustertest.Prepare(ctx, a.DB, "elac2020"); err != nil {
		t.Fatal(err)
	}
	return a, b, f
}

// Two instances over one database, a short run of what
// scripts/faults.sh cluster runs long: a session taken on one works on the
// other (pages and a form post with its anti-forgery token); concurrent
// saves of one report through both end in one winner and 409s, with no
// lost update; a public change made through one shows on the other.
func TestTwoInstances(t *testing.T) {
	t.Parallel()
	a, b, f := two(t)
	ctx := context.Background()
	targets := []string{a.URL, b.URL}

	s, err := clustertest.Sessions(ctx, targets, f, 3)
	if err != nil {
		t.Fatal(err)
	}
	if s.Requests != 9 || len(s.Failed) > 0 {
		t.Errorf("sessions across instances: %d requests, failed: %q", s.Requests, s.Failed)
	}

	c, err := clustertest.Conflicts(ctx, targets, f, 10, uint64(time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	if c.Won != c.Rounds || c.Conflicted != c.Saves-c.Rounds || c.RoundsWithoutOne > 0 || c.LostUpdates > 0 || len(c.Other) > 0 {
		t.Errorf("conflicting saves: %+v", c)
	}
	if c.ByTarget[a.URL] == 0 || c.ByTarget[b.URL] == 0 || c.ByMethod["api"] == 0 || c.ByMethod["form"] == 0 {
		t.Errorf("the run did not use both instances and both ways in: %v %v", c.ByTarget, c.ByMethod)
	}

	for _, dir := range [][2]string{{a.URL, b.URL}, {b.URL, a.URL}} {
		if _, err := clustertest.Propagation(ctx, dir[0], dir[1], f, 2, 10*time.Second); err != nil {
			t.Error(err)
		}
	}
}
