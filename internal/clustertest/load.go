package clustertest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Sample is one request of a load.
type Sample struct {
	At       time.Time // when it was sent
	Kind     string    // "page", "api", "write", "ready", "health"
	Status   int       // 0: no answer (Err)
	Err      string
	Took     time.Duration
	ServedBy string
}

// Load is a mixed load on one base URL: anonymous public pages and API
// reads, /readyz and /healthz, and a focal point's report saves through
// the API (one writer, which follows the report's version: a 409 tells it
// the current one). It runs until ctx ends and returns every request.
// Each request waits at most timeout, so a hang shows as a long Took.
func Load(ctx context.Context, base string, f *Fixture, readers int, pause, timeout time.Duration) []Sample {
	var mu sync.Mutex
	var samples []Sample
	record := func(s Sample) {
		mu.Lock()
		samples = append(samples, s)
		mu.Unlock()
	}
	do := func(c *Client, kind, method, path string, body any) (*Response, bool) {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
		defer cancel()
		s := Sample{At: time.Now(), Kind: kind}
		var r *Response
		var err error
		if body != nil {
			r, err = c.JSON(rctx, method, base+path, body)
		} else {
			r, err = c.Do(rctx, method, base+path, "", nil)
		}
		s.Took = time.Since(s.At)
		if err != nil {
			s.Err = err.Error()
		} else {
			s.Status, s.ServedBy = r.Status, r.ServedBy()
		}
		record(s)
		return r, err == nil
	}
	pages := []string{"/es/", "/en/" + f.Slug, "/es/" + f.Slug + "/activities/" + f.Activity, "/pt/" + f.Slug + "/dashboard",
		"/fr/parties", "/es/" + f.Slug + "/activities/1.1"}
	apis := []string{"/api/v1/programmes/" + f.Slug + "/activities/" + f.Activity, "/api/v1/programmes", "/api/v1/parties",
		"/api/v1/programmes/" + f.Slug + "/progress"}
	var wg sync.WaitGroup
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := NewClient(0)
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for ctx.Err() == nil {
				switch n := rng.IntN(10); {
				case n < 5:
					do(c, "page", "GET", pages[rng.IntN(len(pages))], nil)
				case n < 8:
					do(c, "api", "GET", apis[rng.IntN(len(apis))], nil)
				case n < 9:
					do(c, "ready", "GET", "/readyz", nil)
				default:
					do(c, "health", "GET", "/healthz", nil)
				}
				sleep(ctx, pause)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		c := NewClient(0)
		c.Token = f.Focal.Token
		version := -1
		for i := 0; ctx.Err() == nil; i++ {
			if version < 0 {
				if r, ok := do(c, "read", "GET", f.ReportAPI(), nil); ok && r.Status == http.StatusOK {
					version = reportVersion(r.Body, "current")
				}
			} else {
				r, ok := do(c, "write", "PUT", f.ReportAPI(), map[string]any{"version": version, "status": "under_way",
					"completion": "limited", "narrative": fmt.Sprintf("Carga mixta, guardado %d.", i)})
				switch {
				case ok && r.Status == http.StatusOK:
					version = reportVersion(r.Body, "")
				case ok && r.Status == http.StatusConflict:
					version = reportVersion(r.Body, "current")
				}
			}
			sleep(ctx, 4*pause)
		}
	}()
	wg.Wait()
	sort.Slice(samples, func(i, j int) bool { return samples[i].At.Before(samples[j].At) })
	return samples
}

// reportVersion reads a report's version from an API answer: the report
// itself (key ""), or its "current" member; -1 if there is none.
func reportVersion(body []byte, key string) int {
	var v struct {
		Version int `json:"version"`
	}
	if key == "" {
		if json.Unmarshal(body, &v) != nil {
			return -1
		}
		return v.Version
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil || string(m[key]) == "null" {
		return 0
	}
	if json.Unmarshal(m[key], &v) != nil {
		return -1
	}
	return v.Version
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// Tally sums the samples of one kind.
type Tally struct {
	N        int
	Statuses map[int]int // 0: no answer
	Longest  time.Duration
	P50, P99 time.Duration
}

// Count tallies the samples of kind (all kinds if "") sent in [from, to).
func Count(samples []Sample, kind string, from, to time.Time) Tally {
	t := Tally{Statuses: map[int]int{}}
	var ds []time.Duration
	for _, s := range samples {
		if (kind == "" || s.Kind == kind) && !s.At.Before(from) && s.At.Before(to) {
			t.N++
			t.Statuses[s.Status]++
			ds = append(ds, s.Took)
		}
	}
	if len(ds) > 0 {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		t.Longest = ds[len(ds)-1]
		t.P50 = ds[(len(ds)-1)/2]
		t.P99 = ds[(99*len(ds)+99)/100-1]
	}
	return t
}

// FirstSuccess is when the first request of kind sent at or after from
// succeeded (2xx): how long after from it was sent and answered; false if
// none did.
func FirstSuccess(samples []Sample, kind string, from time.Time) (time.Duration, bool) {
	for _, s := range samples {
		if s.Kind == kind && !s.At.Before(from) && s.Status/100 == 2 {
			return s.At.Add(s.Took).Sub(from), true
		}
	}
	return 0, false
}

// String writes a tally: "N requests: 200×12 503×3; longest 4.1 ms".
func (t Tally) String() string {
	keys := make([]int, 0, len(t.Statuses))
	for k := range t.Statuses {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	s := fmt.Sprintf("%d:", t.N)
	for _, k := range keys {
		name := fmt.Sprint(k)
		if k == 0 {
			name = "no answer"
		}
		s += fmt.Sprintf(" %s×%d", name, t.Statuses[k])
	}
	return s + fmt.Sprintf("; p50 %s, p99 %s, longest %s", ms(t.P50), ms(t.P99), ms(t.Longest))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
