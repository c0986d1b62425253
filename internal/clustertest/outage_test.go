package clustertest_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/elac/bitacora/internal/clustertest"
	"github.com/elac/bitacora/seed/seedtest"
)

// An instance whose database goes away, a short run of what
// scripts/faults.sh outage runs long (there PostgreSQL itself is stopped):
// under a mixed load, writes fail at once with 503, /readyz says 503,
// public pages and API reads are still served from the published read
// model, nothing waits long, and when the database comes back everything
// works again without a restart.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	dsn := seedtest.Template.Postgres(t).DSN
	u, _ := url.Parse(dsn)
	fw, err := clustertest.NewForwarder(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fw.Close() })
	via, _ := fw.Via(dsn)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	in, err := clustertest.StartInstance(ctx, via, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	f, err := clustertest.Prepare(ctx, in.DB, "elac2020")
	if err != nil {
		t.Fatal(err)
	}

	// Warm the pages up, cut the database for a while, give it back.
	lctx, stop := context.WithTimeout(ctx, 6500*time.Millisecond)
	defer stop()
	cut, back := make(chan time.Time, 1), make(chan time.Time, 1)
	go func() {
		time.Sleep(1500 * time.Millisecond)
		fw.Cut()
		cut <- time.Now()
		time.Sleep(1500 * time.Millisecond)
		fw.Restore()
		back <- time.Now()
	}()
	samples := clustertest.Load(lctx, in.URL, f, 4, 10*time.Millisecond, 20*time.Second)
	down, up := <-cut, <-back
	// Requests sent just before the cut may meet it either way.
	during := func(kind string) clustertest.Tally {
		return clustertest.Count(samples, kind, down.Add(100*time.Millisecond), up)
	}
	for kind, want := range map[string]int{"page": 200, "api": 200, "health": 200, "write": 503, "ready": 503} {
		if d := during(kind); d.N == 0 || d.Statuses[want] != d.N {
			t.Errorf("%s while the database was away: %s; want every one %d", kind, d, want)
		}
		if _, ok := clustertest.FirstSuccess(samples, kind, up); !ok {
			t.Errorf("%s never succeeded after the database came back", kind)
		}
	}
	// Soon after its return, everything works again (the machine may be
	// busy: the last second of the run).
	if a := clustertest.Count(samples, "", up.Add(2500*time.Millisecond), time.Now()); a.N == 0 || a.Statuses[200] != a.N {
		t.Errorf("2.5 s after the database came back: %s", a)
	}
}
