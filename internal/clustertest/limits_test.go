package clustertest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/clustertest"
	"github.com/elac/bitacora/search"
	"github.com/elac/bitacora/seed/seedtest"
)

// TestResourceLimits is the test command's short run of `scripts/faults.sh
// limits`, on the default database: many keep-alive connections reading
// public pages, uploads at the limit, one byte over it and far over it,
// searches at and over the longest allowed and in a URL over the header
// limit, all at once, while /healthz is asked ten times a second. Each is
// answered as it should be, and /healthz always. The slow clients (closed
// after 10 and 60 s) and the figures, memory and /healthz latency, are the
// script's: a test asserts no time.
func TestResourceLimits(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, err := clustertest.StartInstance(ctx, seedtest.Template.SQLite(t).DSN, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	f, err := clustertest.Prepare(ctx, in.DB, "elac2020")
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	got := map[string]map[int]int{} // by load, then status
	note := func(what string, status int) {
		mu.Lock()
		defer mu.Unlock()
		if got[what] == nil {
			got[what] = map[int]int{}
		}
		got[what][status]++
	}
	get := func(cl *http.Client, what, u string) {
		r, err := cl.Get(u)
		if err != nil {
			note(what, -1)
			t.Errorf("%s: %v", what, err)
			return
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		note(what, r.StatusCode)
	}

	lctx, stop := context.WithCancel(ctx)
	var load sync.WaitGroup
	// 200 connections, each kept alive, read public pages until the
	// uploads and searches are done.
	pages := []string{"/es/", "/es/elac2020", "/en/elac2020/activities/" + f.Activity, "/api/v1/programmes/elac2020/activities/" + f.Activity, "/fr/parties"}
	for i := range 200 {
		load.Go(func() {
			cl := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}}
			defer cl.CloseIdleConnections()
			for j := i; lctx.Err() == nil; j++ {
				get(cl, "pages", in.URL+pages[j%len(pages)])
				sleep(lctx, 500*time.Millisecond)
			}
		})
	}
	load.Go(func() {
		cl := &http.Client{Timeout: 10 * time.Second}
		for lctx.Err() == nil {
			get(cl, "/healthz", in.URL+"/healthz")
			sleep(lctx, 100*time.Millisecond)
		}
	})

	var done sync.WaitGroup
	done.Go(func() {
		fc := clustertest.NewClient(time.Minute)
		if err := fc.SignIn(ctx, in.URL, f.Focal.Email, f.Focal.Password); err != nil {
			t.Error(err)
			return
		}
		if _, err := fc.Get(ctx, in.URL+f.ReportPath()); err != nil {
			t.Error(err)
			return
		}
		for _, size := range []int{bitacora.MaxFileSize + 1, 30 << 20, bitacora.MaxFileSize} {
			body, ctype := clustertest.UploadForm(fc, 0, size)
			r, err := fc.Do(ctx, "POST", in.URL+f.ReportPath(), ctype, body)
			if err != nil {
				t.Errorf("an upload of %d bytes: %v", size, err)
				continue
			}
			note(fmt.Sprintf("upload of %d bytes", size), r.Status)
		}
	})
	done.Go(func() {
		cl := &http.Client{Timeout: 30 * time.Second}
		words := strings.Repeat("desarrollo digital regional ", search.MaxQuery)
		for _, q := range []string{words[:search.MaxQuery], words[:search.MaxQuery+1], strings.Repeat("a", 70<<10)} {
			get(cl, fmt.Sprintf("search of %d characters", len(q)), in.URL+"/es/search?q="+strings.ReplaceAll(q, " ", "+"))
		}
	})
	done.Wait()
	stop()
	load.Wait()

	want := map[string]int{
		"pages":    200,
		"/healthz": 200,
		fmt.Sprintf("upload of %d bytes", bitacora.MaxFileSize):   http.StatusSeeOther,
		fmt.Sprintf("upload of %d bytes", bitacora.MaxFileSize+1): http.StatusUnprocessableEntity,
		fmt.Sprintf("upload of %d bytes", 30<<20):                 http.StatusRequestEntityTooLarge,
		fmt.Sprintf("search of %d characters", search.MaxQuery):   200,
		fmt.Sprintf("search of %d characters", search.MaxQuery+1): http.StatusBadRequest,
		fmt.Sprintf("search of %d characters", 70<<10):            http.StatusBadRequest,
	}
	for what, status := range want {
		if n := got[what][status]; n == 0 || len(got[what]) != 1 {
			t.Errorf("%s: %v; want every answer %d", what, got[what], status)
		}
	}
	if got["pages"][200] < 200 {
		t.Errorf("%d pages read; want every connection to read one at least", got["pages"][200])
	}
	rep, err := in.DB.Report(ctx, bitacora.ReportKey{Programme: f.Slug, Activity: f.Activity, Period: f.Period})
	if err != nil || len(rep.Files) != 1 || rep.Files[0].Size != bitacora.MaxFileSize {
		t.Errorf("the report after the uploads: %+v, %v; want the one file at the limit", rep, err)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
