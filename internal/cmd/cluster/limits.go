package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/clustertest"
	"github.com/elac/bitacora/search"
)

// runLimits holds one server (default configuration, SQLite) under slow
// clients, many connections, uploads at and over the limit and long
// searches, for c.Duration, and measures its memory and /healthz.
func runLimits(ctx context.Context, c config) error {
	dir, err := os.MkdirTemp("", "bitacora-limits-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dbPath := filepath.Join(dir, "bitacora.db")
	srv, err := startServer(ctx, c.Bitacora, dir, "server", dbPath)
	if err != nil {
		return err
	}
	defer srv.kill()
	f, err := prepare(ctx, dbPath)
	if err != nil {
		return err
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	rss0, _ := memory(srv.pid())
	fmt.Printf("limits: one server %s (SQLite, default configuration), %s of load; idle VmRSS %d MB; load average %s\n\n", srv.URL, c.Duration, rss0, loadAvg())
	// /healthz, twenty times a second, from a process of its own at the
	// server's priority (probe.go); then the load's priority is lowered.
	hp, err := startProbe(ctx, srv.URL+"/healthz", c.Duration)
	if err != nil {
		return err
	}
	if err := lowerPriority(c.Nice); err != nil {
		return err
	}
	lctx, stop := context.WithTimeout(ctx, c.Duration)
	defer stop()
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[string]map[string]int{} // by load, then status
	note := func(what string, status string) {
		mu.Lock()
		defer mu.Unlock()
		if statuses[what] == nil {
			statuses[what] = map[string]int{}
		}
		statuses[what][status]++
	}
	statusOf := func(r *http.Response, err error) string {
		if err != nil {
			return "error"
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		return strconv.Itoa(r.StatusCode)
	}
	var lifetimes struct {
		sync.Mutex
		header, body []time.Duration
	}
	// Slow clients: headers trickled a byte a second (slowloris), and
	// bodies a byte a second; each records how long the server kept it.
	trickle := func(kind string, n int, start string) {
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for lctx.Err() == nil {
					conn, err := net.Dial("tcp", host)
					if err != nil {
						note(kind, "dial error")
						sleepCtx(lctx, time.Second)
						continue
					}
					t0 := time.Now()
					conn.Write([]byte(start))
					closed := make(chan struct{})
					go func() { io.Copy(io.Discard, conn); close(closed) }()
				loop:
					for {
						select {
						case <-closed:
							break loop
						case <-lctx.Done():
							break loop
						case <-time.After(time.Second):
							if _, err := conn.Write([]byte("a")); err != nil {
								break loop
							}
						}
					}
					conn.Close()
					if lctx.Err() == nil {
						lifetimes.Lock()
						if kind == "slow header" {
							lifetimes.header = append(lifetimes.header, time.Since(t0))
						} else {
							lifetimes.body = append(lifetimes.body, time.Since(t0))
						}
						lifetimes.Unlock()
						note(kind, "closed by the server")
					}
				}
			}()
		}
	}
	trickle("slow header", 200, "GET /es/ HTTP/1.1\r\nHost: "+host+"\r\nX-Slow: ")
	trickle("slow body", 100, "POST /es/login HTTP/1.1\r\nHost: "+host+"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\nemail=")

	// Many connections: each keeps its own connection and reads a public
	// page about every two seconds.
	var open atomic.Int64
	pages := []string{"/es/", "/es/elac2020", "/en/elac2020/activities/" + f.Activity, "/api/v1/programmes/elac2020/activities/1.1", "/fr/parties"}
	for i := 0; i < c.Connections; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1, DisableCompression: true}}
			defer cl.CloseIdleConnections()
			sleepCtx(lctx, time.Duration(i)*time.Millisecond) // ramp up over two seconds
			open.Add(1)
			defer open.Add(-1)
			for j := 0; lctx.Err() == nil; j++ {
				req, _ := http.NewRequestWithContext(lctx, "GET", srv.URL+pages[(i+j)%len(pages)], nil)
				st := statusOf(cl.Do(req))
				if lctx.Err() == nil {
					note("2,000 connections", st)
				}
				sleepCtx(lctx, 1500*time.Millisecond+time.Duration(i%1000)*time.Millisecond)
			}
		}()
	}

	var uploads [][2]time.Time // when each upload was sent and answered
	// Uploads at the limit (a PDF of exactly bitacora.MaxFileSize bytes),
	// one byte over it, and a body far over the form's limit.
	wg.Add(1)
	go func() {
		defer wg.Done()
		fc := clustertest.NewClient(2 * time.Minute)
		if err := fc.SignIn(lctx, srv.URL, f.Focal.Email, f.Focal.Password); err != nil {
			note("upload", "sign-in failed")
			return
		}
		fc.Get(lctx, srv.URL+f.ReportPath())
		api := clustertest.NewClient(10 * time.Second)
		api.Token = f.Focal.Token
		for i := 0; lctx.Err() == nil; i++ {
			size := []int{bitacora.MaxFileSize, bitacora.MaxFileSize + 1, 30 << 20}[i%3]
			version, _ := clustertest.ReportVersion(lctx, api, srv.URL, f)
			body, ctype := clustertest.UploadForm(fc, version, size)
			t0 := time.Now()
			r, err := fc.Do(lctx, "POST", srv.URL+f.ReportPath(), ctype, body)
			mu.Lock()
			uploads = append(uploads, [2]time.Time{t0, time.Now()})
			mu.Unlock()
			if lctx.Err() != nil {
				break
			}
			st := "error"
			if err == nil {
				st = strconv.Itoa(r.Status)
			}
			note(fmt.Sprintf("upload of %d bytes", size), st)
			sleepCtx(lctx, 3*time.Second)
		}
	}()

	// Searches: the longest allowed, one character over, and a URL over
	// the header limit.
	wg.Add(1)
	go func() {
		defer wg.Done()
		cl := &http.Client{Timeout: 30 * time.Second}
		words := strings.Repeat("desarrollo digital regional ", search.MaxQuery)
		for i := 0; lctx.Err() == nil; i++ {
			var q, what string
			switch i % 3 {
			case 0:
				q, what = words[:search.MaxQuery], fmt.Sprintf("search of %d characters", search.MaxQuery)
			case 1:
				q, what = words[:search.MaxQuery+1], fmt.Sprintf("search of %d characters", search.MaxQuery+1)
			default:
				q, what = strings.Repeat("a", 70<<10), "search in a 70 kB URL"
			}
			st := statusOf(cl.Get(srv.URL + "/es/search?q=" + strings.ReplaceAll(q, " ", "+")))
			if lctx.Err() == nil {
				note(what, st)
			}
			sleepCtx(lctx, 50*time.Millisecond)
		}
	}()

	// The server's memory and connections, four times a second.
	peakRSS, peakFDs := 0, 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-lctx.Done():
				return
			case <-tick.C:
			}
			rss, _ := memory(srv.pid())
			mu.Lock()
			peakRSS = max(peakRSS, rss)
			peakFDs = max(peakFDs, fds(srv.pid()))
			mu.Unlock()
		}
	}()
	wg.Wait()
	rss, hwm := memory(srv.pid())
	time.Sleep(10 * time.Second)
	rssAfter, _ := memory(srv.pid())

	var rows [][2]string
	add := func(what, format string, args ...any) {
		rows = append(rows, [2]string{what, fmt.Sprintf(format, args...)})
	}
	var health []time.Duration
	healthFail, over := 0, 0
	duringUpload := 0
	for _, s := range hp.wait() {
		health = append(health, s.took)
		if s.status != 200 {
			healthFail++
		}
		if s.took >= 100*time.Millisecond {
			over++
			for _, u := range uploads {
				if s.at.Before(u[1]) && s.at.Add(s.took).After(u[0]) {
					duringUpload++
					break
				}
			}
		}
	}
	sort.Slice(health, func(i, j int) bool { return health[i] < health[j] })
	if len(health) > 0 {
		add(fmt.Sprintf("/healthz, 20 a second (n=%d; load at nice +%d)", len(health), c.Nice), "p50 %s, p99 **%s**, max **%s**, 100 ms or more: %d (%d while an upload was sent), not 200: %d",
			ms(health[len(health)/2]), ms(health[(99*len(health)+99)/100-1]), ms(health[len(health)-1]), over, duringUpload, healthFail)
	}
	add("server memory", "idle %d MB; peak sampled %d MB; VmHWM **%d MB**; at the end %d MB, 10 s later %d MB", rss0, peakRSS, hwm, rss, rssAfter)
	add("server's open file descriptors, peak sampled", "%d", peakFDs)
	lifetimes.Lock()
	for _, l := range [][2]any{{"slow header (a byte a second): kept by the server", lifetimes.header}, {"slow body (a byte a second): kept by the server", lifetimes.body}} {
		ds := l[1].([]time.Duration)
		if len(ds) == 0 {
			add(l[0].(string), "never closed within the run")
			continue
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		add(l[0].(string), "n=%d, median %.1f s, max %.1f s", len(ds), ds[len(ds)/2].Seconds(), ds[len(ds)-1].Seconds())
	}
	lifetimes.Unlock()
	keys := make([]string, 0, len(statuses))
	for k := range statuses {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var parts []string
		for st, n := range statuses[k] {
			parts = append(parts, fmt.Sprintf("%s×%d", st, n))
		}
		sort.Strings(parts)
		add(k, "%s", strings.Join(parts, ", "))
	}
	fmt.Println()
	table(rows)
	return nil
}

func fds(pid int) int {
	es, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	return len(es)
}

func sleepCtx(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
