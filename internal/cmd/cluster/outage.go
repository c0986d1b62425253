package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/elac/bitacora/internal/clustertest"
)

// runOutage stops PostgreSQL for c.Down under a mixed load on two
// instances, and starts it again.
func runOutage(ctx context.Context, c config) error {
	if c.PG == "" || c.Stop == "" || c.Start == "" {
		return fmt.Errorf("outage needs -pg, -stop and -start")
	}
	dir, err := os.MkdirTemp("", "bitacora-outage-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dsn, drop, err := newDatabase(ctx, c.PG)
	if err != nil {
		return err
	}
	defer drop()
	a, err := startServer(ctx, c.Bitacora, dir, "a", dsn)
	if err != nil {
		return err
	}
	defer a.kill()
	b, err := startServer(ctx, c.Bitacora, dir, "b", dsn)
	if err != nil {
		return err
	}
	defer b.kill()
	f, err := prepare(ctx, dsn)
	if err != nil {
		return err
	}
	fmt.Printf("outage: instances a %s and b %s over one PostgreSQL database; PostgreSQL stopped for %s; load average %s\n\n", a.URL, b.URL, c.Down, loadAvg())
	lctx, stop := context.WithCancel(ctx)
	var mu sync.Mutex
	var samples []clustertest.Sample
	var wg sync.WaitGroup
	for _, s := range []*server{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := clustertest.Load(lctx, s.URL, f, 3, 20*time.Millisecond, 60*time.Second)
			mu.Lock()
			samples = append(samples, got...)
			mu.Unlock()
		}()
	}
	time.Sleep(5 * time.Second)
	sh := func(cmd string) error {
		out, err := exec.Command("sh", "-c", cmd).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", cmd, err, out)
		}
		return nil
	}
	down := time.Now() // the fast shutdown begins: from here on PostgreSQL is going away
	if err := sh(c.Stop); err != nil {
		stop()
		return err
	}
	stopped := time.Since(down)
	time.Sleep(c.Down - stopped)
	if err := sh(c.Start); err != nil {
		stop()
		return err
	}
	up := time.Now()
	time.Sleep(10 * time.Second)
	stop()
	wg.Wait()
	sortSamples(samples)

	var rows [][2]string
	add := func(what, format string, args ...any) {
		rows = append(rows, [2]string{what, fmt.Sprintf(format, args...)})
	}
	for _, kind := range []string{"page", "api", "write", "ready", "health"} {
		add(kind+" before (5 s)", "%s", clustertest.Count(samples, kind, time.Time{}, down))
		add(kind+" while PostgreSQL was stopped", "%s", clustertest.Count(samples, kind, down, up))
		add(kind+" after it returned (10 s)", "%s", clustertest.Count(samples, kind, up, time.Now()))
		if d, ok := clustertest.FirstSuccess(samples, kind, up); ok {
			add(kind+": first success after PostgreSQL returned", "%s", ms(d))
		} else {
			add(kind+": first success after PostgreSQL returned", "**none**")
		}
	}
	all := clustertest.Count(samples, "", down, up)
	add("longest request while PostgreSQL was stopped (any kind)", "%s", ms(all.Longest))
	last := clustertest.Count(samples, "", up.Add(5*time.Second), time.Now())
	add("requests from 5 s after its return on (a 409 is the two instances' writers meeting on one report)", "%s", last)
	fmt.Println()
	table(rows)
	if last.Statuses[200]+last.Statuses[409] != last.N {
		return fmt.Errorf("outage: not everything recovered without a restart")
	}
	return nil
}

func sortSamples(s []clustertest.Sample) {
	// Load returns each instance's samples sorted; merge them.
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].At.Before(s[j-1].At); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
