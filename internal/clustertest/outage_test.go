package clustertest_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/elac/bitacora/internal/clustertest"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/web"
)

// An instance whose database goes away, a short run of what
// scripts/faults.sh outage runs long (there PostgreSQL itself is stopped):
// under a mixed load, writes fail at once with 503, /readyz says 503,
// public pages and API reads are still served from the published read
// model, nothing waits long, and when the database comes back everything
// works again without a restart.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	ctx, fw, in, f := behindRelay(t, web.Options{})

	// The checks probe the instance one request at a time and wait on
	// events (the cut seen, the database back), never on a schedule that a
	// busy machine or the race detector could stretch. A mixed load runs
	// from the cut to the end; it starts after the pages are warmed, so
	// that no save changes the published state between the warming and the
	// cut (a changed state renders its pages afresh, which may need the
	// database: "where possible" is what was rendered before).
	probe := clustertest.NewClient(20 * time.Second)
	probe.Token = f.Focal.Token
	status := func(method, path string, body any) (int, time.Duration) {
		t.Helper()
		t0 := time.Now()
		var r *clustertest.Response
		var err error
		if body != nil {
			r, err = probe.JSON(ctx, method, in.URL+path, body)
		} else {
			r, err = probe.Get(ctx, in.URL+path)
		}
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return r.Status, time.Since(t0)
	}
	// waitReady polls /readyz until it answers want, for 15 s at most.
	waitReady := func(want int) bool {
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if code, _ := status("GET", "/readyz", nil); code == want {
				return true
			}
		}
		return false
	}
	save := map[string]any{"version": 0, "status": "under_way", "completion": "limited", "narrative": "Durante el corte."}
	pages := []string{"/es/", "/es/" + f.Slug + "/activities/" + f.Activity, "/api/v1/programmes/" + f.Slug + "/activities/" + f.Activity, "/healthz"}
	for _, p := range pages { // warm: the read model holds them
		if code, _ := status("GET", p, nil); code != 200 {
			t.Fatalf("GET %s before the cut: %d", p, code)
		}
	}

	fw.Cut()
	down := time.Now()
	lctx, stop := context.WithCancel(ctx)
	loaded := make(chan []clustertest.Sample, 1)
	go func() { loaded <- clustertest.Load(lctx, in.URL, f, 3, 10*time.Millisecond, 20*time.Second) }()
	if !waitReady(503) {
		t.Fatal("/readyz still not 503 15 s after the database went away")
	}
	// While it is away: a write fails at once with 503 (not a 500, not a
	// wait); the public pages and API reads are served from the read model.
	if code, took := status("PUT", f.ReportAPI(), save); code != 503 || took > 5*time.Second {
		t.Errorf("a write while the database was away: %d after %v; want 503 within 5 s", code, took)
	}
	for _, p := range pages {
		if code, _ := status("GET", p, nil); code != 200 {
			t.Errorf("GET %s while the database was away: %d; want 200 from the read model", p, code)
		}
	}
	fw.Restore()
	up := time.Now()
	// Back without a restart: ready again, and writes and pages work.
	if !waitReady(200) {
		t.Fatal("/readyz not 200 again 15 s after the database came back")
	}
	if code, _ := status("PUT", f.ReportAPI(), save); code != 200 && code != 409 {
		t.Errorf("a write after the database came back: %d; want 200 (or 409: the load's writer saved first)", code)
	}
	for _, p := range pages {
		if code, _ := status("GET", p, nil); code != 200 {
			t.Errorf("GET %s after the database came back: %d", p, code)
		}
	}
	stop()
	samples := <-loaded
	// Under the load too: /healthz always answered, and the public pages
	// and API reads either came from the read model (200) or said at once
	// that the database is away (503, a page never rendered before the
	// cut); never a 500, and every request got an answer.
	for _, kind := range []string{"page", "api", "health"} {
		d := clustertest.Count(samples, kind, down, up)
		if ok := d.Statuses[200] + d.Statuses[503]; ok != d.N || kind == "health" && d.Statuses[200] != d.N {
			t.Errorf("%s under load while the database was away: %s; want 200 (or 503 for a page not rendered before)", kind, d)
		}
	}
	for _, s := range samples {
		if s.Err != "" && s.At.Before(up) {
			t.Errorf("a %s request sent at %v got no answer: %s", s.Kind, s.At.Sub(down), s.Err)
		}
	}
}

// A database that stops answering without closing anything (a hung
// server, a host gone from the network): no error ever comes back, so
// only the request's own deadline ends the wait. Every request that needs
// the database — more at once than the pool has connections, so that
// some wait for one — answers 503 by the deadline; public pages and
// /healthz are still served; when the database answers again, so does
// the instance, without a restart.
func TestDatabaseStall(t *testing.T) {
	t.Parallel()
	const deadline = 3 * time.Second
	ctx, fw, in, f := behindRelay(t, web.Options{RequestTimeout: deadline})
	client := clustertest.NewClient(60 * time.Second)
	client.Token = f.Focal.Token
	pages := []string{"/es/", "/es/" + f.Slug + "/activities/" + f.Activity, "/healthz"}
	for _, p := range pages { // warm: the read model holds them
		if r, err := client.Get(ctx, in.URL+p); err != nil || r.Status != 200 {
			t.Fatalf("GET %s before the stall: %v %v", p, r, err)
		}
	}

	fw.Stall()
	// Thirty writers at once, against a pool of twenty connections.
	const writers = 30
	type result struct {
		status int
		took   time.Duration
		err    error
	}
	results := make(chan result, writers)
	for i := 0; i < writers; i++ {
		go func() {
			save := map[string]any{"version": 0, "status": "under_way", "completion": "limited", "narrative": "Durante el bloqueo."}
			t0 := time.Now()
			r, err := client.JSON(ctx, "PUT", in.URL+f.ReportAPI(), save)
			res := result{took: time.Since(t0), err: err}
			if r != nil {
				res.status = r.Status
			}
			results <- res
		}()
	}
	// Meanwhile the pages the read model holds, and /healthz, answer.
	for _, p := range pages {
		t0 := time.Now()
		r, err := client.Get(ctx, in.URL+p)
		if err != nil || r.Status != 200 || time.Since(t0) > deadline {
			t.Errorf("GET %s while the database hung: %v %v after %v; want 200 at once", p, r, err, time.Since(t0))
		}
	}
	// The deadline, and what the race detector and a busy machine add to
	// the answer's way back.
	limit := deadline + 5*time.Second
	for i := 0; i < writers; i++ {
		r := <-results
		if r.err != nil || r.status != 503 || r.took > limit {
			t.Errorf("a write while the database hung: status %d, error %v, after %v; want 503 within %v", r.status, r.err, r.took, limit)
		}
	}

	fw.Restore()
	// The connections that hung were given up; new ones work.
	var last int
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		save := map[string]any{"version": 0, "status": "under_way", "completion": "limited", "narrative": "Después del bloqueo."}
		r, err := client.JSON(ctx, "PUT", in.URL+f.ReportAPI(), save)
		if err != nil {
			t.Fatal(err)
		}
		if last = r.Status; last == 200 {
			break
		}
	}
	if last != 200 {
		t.Errorf("a write after the database answered again: %d; want 200", last)
	}
}

// behindRelay starts an instance with opts over a new eLAC2020 database
// on PostgreSQL, reached through a relay the test can cut or stall, and
// prepares the fixture; everything ends with the test.
func behindRelay(t *testing.T, opts web.Options) (context.Context, *clustertest.Forwarder, *clustertest.Instance, *clustertest.Fixture) {
	t.Helper()
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
	in, err := clustertest.StartInstanceWith(ctx, via, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	f, err := clustertest.Prepare(ctx, in.DB, "elac2020")
	if err != nil {
		t.Fatal(err)
	}
	return ctx, fw, in, f
}
