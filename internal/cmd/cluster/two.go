package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/elac/bitacora/internal/clustertest"
)

// haproxyConfig is deploy/haproxy.cfg on loopback.
func haproxyConfig(front int, servers map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `global
	maxconn 4096
defaults
	mode http
	timeout connect 2s
	timeout client 65s
	timeout server 65s
	timeout http-request 10s
	option redispatch
	retries 2
	option forwardfor
frontend site
	bind 127.0.0.1:%d
	default_backend bitacora
backend bitacora
	balance roundrobin
	option httpchk GET /readyz
	http-check expect status 200
	default-server inter 500ms fall 2 rise 2
	http-response set-header X-Served-By %%[srv_name]
`, front)
	names := make([]string, 0, len(servers))
	for n := range servers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "\tserver %s %s check\n", n, strings.TrimPrefix(servers[n], "http://"))
	}
	return b.String()
}

// runTwo: two instances over one PostgreSQL database behind HAProxy.
func runTwo(ctx context.Context, c config) error {
	if c.PG == "" {
		return fmt.Errorf("two needs -pg")
	}
	dir, err := os.MkdirTemp("", "bitacora-cluster-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dsn, drop, err := newDatabase(ctx, c.PG)
	if err != nil {
		return err
	}
	defer drop()
	// Instance b reaches the database through a relay, so that its
	// database can be taken from it alone.
	u, _ := url.Parse(dsn)
	fw, err := clustertest.NewForwarder(u.Host)
	if err != nil {
		return err
	}
	defer fw.Close()
	viaB, _ := fw.Via(dsn)
	front, err := freePort()
	if err != nil {
		return err
	}
	lb := fmt.Sprintf("http://127.0.0.1:%d", front)
	flags := []string{"--base-url", lb, "--trusted-proxies", "127.0.0.1"}
	a, err := startServer(ctx, c.Bitacora, dir, "a", dsn, flags...)
	if err != nil {
		return err
	}
	defer a.kill()
	b, err := startServer(ctx, c.Bitacora, dir, "b", viaB, flags...)
	if err != nil {
		return err
	}
	defer b.kill()
	cfg := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(haproxyConfig(front, map[string]string{"a": a.URL, "b": b.URL})), 0o600); err != nil {
		return err
	}
	hp := exec.Command(c.HAProxy, "-f", cfg, "-db")
	hpLog, _ := os.Create(filepath.Join(dir, "haproxy.log"))
	hp.Stdout, hp.Stderr = hpLog, hpLog
	if err := hp.Start(); err != nil {
		return fmt.Errorf("haproxy: %w", err)
	}
	defer hp.Process.Signal(syscall.SIGTERM)
	if err := waitReady(ctx, lb, 10*time.Second); err != nil {
		return fmt.Errorf("haproxy: %w", err)
	}
	// Both servers up in HAProxy's eyes before counting.
	time.Sleep(1500 * time.Millisecond)
	f, err := prepare(ctx, dsn)
	if err != nil {
		return err
	}
	fmt.Printf("two instances: a %s, b %s (database through a relay); HAProxy %s; seed %d; load average %s\n\n", a.URL, b.URL, lb, c.Seed, loadAvg())
	var rows [][2]string
	add := func(what, format string, args ...any) {
		rows = append(rows, [2]string{what, fmt.Sprintf(format, args...)})
	}

	// 1. Sessions.
	s, err := clustertest.Sessions(ctx, []string{lb}, f, 20)
	if err != nil {
		return err
	}
	add("session through HAProxy: pages and report form posts after one sign-in", "%d requests, %d failed, answered by %v", s.Requests, len(s.Failed), s.ServedBy)
	s2, err := clustertest.Sessions(ctx, []string{a.URL, b.URL}, f, 20)
	if err != nil {
		return err
	}
	add("session alternating a and b directly", "%d requests, %d failed", s2.Requests, len(s2.Failed))
	for _, l := range append(s.Failed, s2.Failed...) {
		fmt.Println("  session:", l)
	}

	// 2. Conflicting saves.
	t0 := time.Now()
	cf, err := clustertest.Conflicts(ctx, []string{a.URL, b.URL, lb}, f, c.Rounds, c.Seed)
	if err != nil {
		return err
	}
	add(fmt.Sprintf("concurrent saves of one report, %d rounds of 2–4 writers (a, b, HAProxy; API and form)", cf.Rounds),
		"%d saves in %.1f s: %d won, %d got 409, %d other; rounds without exactly one winner: **%d**; lost updates: **%d** (%d read-backs)",
		cf.Saves, time.Since(t0).Seconds(), cf.Won, cf.Conflicted, len(cf.Other), cf.RoundsWithoutOne, cf.LostUpdates, cf.ReadBacks)
	for i, l := range cf.Other {
		if i < 10 {
			fmt.Println("  conflict:", l)
		}
	}

	// 3. Propagation.
	for _, d := range [][3]string{{"a", a.URL, b.URL}, {"b", b.URL, a.URL}} {
		ds, err := clustertest.Propagation(ctx, d[1], d[2], f, c.Propagations, 10*time.Second)
		if err != nil {
			return err
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		add(fmt.Sprintf("a change made through %s on the other's public page (n=%d)", d[0], len(ds)), "median %s, worst %s", ms(ds[(len(ds)-1)/2]), ms(ds[len(ds)-1]))
	}

	// 4. b loses its database: /readyz, and HAProxy stops sending to it.
	lctx, stop := context.WithCancel(ctx)
	var samples []clustertest.Sample
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		samples = clustertest.Load(lctx, lb, f, 4, 20*time.Millisecond, 30*time.Second)
	}()
	time.Sleep(2 * time.Second)
	fw.Cut()
	cut := time.Now()
	bReady := time.Duration(-1)
	for time.Since(cut) < 10*time.Second {
		if r, err := http.Get(b.URL + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusServiceUnavailable {
				bReady = time.Since(cut)
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(5 * time.Second)
	fw.Restore()
	back := time.Now()
	time.Sleep(4 * time.Second)
	stop()
	wg.Wait()
	lastB, bDuring, failedDuring := time.Duration(0), 0, 0
	firstBAgain := time.Duration(-1)
	for _, s := range samples {
		if s.At.After(cut) && s.At.Before(back) {
			if s.ServedBy == "b" {
				bDuring++
				lastB = max(lastB, s.At.Add(s.Took).Sub(cut))
			}
			if s.Kind != "ready" && s.Status/100 != 2 {
				failedDuring++
			}
		}
		if s.At.After(back) && s.ServedBy == "b" && firstBAgain < 0 {
			firstBAgain = s.At.Add(s.Took).Sub(back)
		}
	}
	add("b's database cut: b's /readyz says 503 after", "%s", ms(bReady))
	add("requests through HAProxy answered by b after the cut, until its database came back", "%d, the last %s after the cut (HAProxy: two failed checks 500 ms apart)", bDuring, ms(lastB))
	add("requests through HAProxy that failed while b's database was cut (any kind but /readyz)", "%d of %d (%s)", failedDuring,
		clustertest.Count(samples, "", cut, back).N, countNon2xx(samples, cut, back))
	add("b back in HAProxy's rotation after its database returned", "%s", ms(firstBAgain))

	// 5. a killed under load: HAProxy serves from b.
	lctx, stop = context.WithCancel(ctx)
	wg.Add(1)
	go func() {
		defer wg.Done()
		samples = clustertest.Load(lctx, lb, f, 4, 20*time.Millisecond, 30*time.Second)
	}()
	time.Sleep(2 * time.Second)
	a.kill()
	killed := time.Now()
	time.Sleep(5 * time.Second)
	stop()
	wg.Wait()
	after := clustertest.Count(samples, "", killed, time.Now())
	lastA := time.Duration(0)
	for _, s := range samples {
		if s.At.After(killed) && s.ServedBy == "a" {
			lastA = max(lastA, s.At.Add(s.Took).Sub(killed))
		}
	}
	add("a killed (SIGKILL) under load through HAProxy: requests in the 5 s after", "%d, failed (not 2xx, /readyz aside): %d (%s); answered by a after the kill: %s",
		after.N, failed(samples, killed, time.Now()), countNon2xx(samples, killed, time.Now()), lastAText(lastA))
	fmt.Println()
	table(rows)
	if len(s.Failed)+len(s2.Failed) > 0 || cf.RoundsWithoutOne > 0 || cf.LostUpdates > 0 {
		return fmt.Errorf("two instances: a promise was broken (see above); logs kept nowhere: rerun with the same -seed %d", c.Seed)
	}
	return nil
}

func failed(samples []clustertest.Sample, from, to time.Time) int {
	n := 0
	for _, s := range samples {
		if s.At.After(from) && s.At.Before(to) && s.Kind != "ready" && s.Status/100 != 2 {
			n++
		}
	}
	return n
}

// countNon2xx lists the answers that were not 2xx, by kind and status.
func countNon2xx(samples []clustertest.Sample, from, to time.Time) string {
	m := map[string]int{}
	for _, s := range samples {
		if s.At.After(from) && s.At.Before(to) && s.Status/100 != 2 && s.Kind != "ready" {
			m[fmt.Sprintf("%s %d", s.Kind, s.Status)]++
		}
	}
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s×%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func lastAText(d time.Duration) string {
	if d == 0 {
		return "none"
	}
	return "the last " + ms(d) + " after it"
}
