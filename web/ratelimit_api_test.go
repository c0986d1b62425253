package web_test

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// The API limits anonymous use per client address and use with a token
// per account, higher; over the limit, a 429 in the error shape with
// Retry-After; every API answer carries RateLimit-Policy and RateLimit.
// Behind a trusted proxy the forwarded address counts; from anyone else
// X-Forwarded-For is ignored. Pages are not limited by it.
func TestAPIRateLimits(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
		opts := web.Options{APIRate: web.Rate{N: 3, Per: time.Minute}, APITokenRate: web.Rate{N: 6, Per: time.Minute}, TrustedProxies: loopback}
		ts, db, _ := newSiteWith(t, backend, opts)
		u := makeUser(t, db, "script@example.org")
		tok := token(t, db, u, bitacora.ScopeRead)
		call := func(path, forwardedFor, bearer string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest("GET", ts.URL+path, nil)
			if forwardedFor != "" {
				req.Header.Set("X-Forwarded-For", forwardedFor)
			}
			if bearer != "" {
				req.Header.Set("Authorization", "Bearer "+bearer)
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests {
				var e struct{ Error struct{ Code string } }
				if json.NewDecoder(resp.Body).Decode(&e); e.Error.Code != bitacora.ERATELIMITED {
					t.Errorf("429 with code %q", e.Error.Code)
				}
			}
			return resp
		}
		// Three anonymous requests from one address, then a 429.
		for i := range 3 {
			resp := call("/api/v1/programmes", "203.0.113.1", "")
			want := `"anonymous";r=` + strconv.Itoa(2-i) + ";"
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("RateLimit"), want) || resp.Header.Get("RateLimit-Policy") != `"anonymous";q=3;w=60` {
				t.Errorf("request %d: %d RateLimit %q Policy %q; want 200 %s…", i+1, resp.StatusCode, resp.Header.Get("RateLimit"), resp.Header.Get("RateLimit-Policy"), want)
			}
		}
		resp := call("/api/v1/parties", "203.0.113.1", "")
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("the 4th anonymous request: %d; want 429", resp.StatusCode)
		}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
			t.Errorf("Retry-After %q", resp.Header.Get("Retry-After"))
		}
		if !strings.HasPrefix(resp.Header.Get("RateLimit"), `"anonymous";r=0;t=`) {
			t.Errorf("429 RateLimit %q", resp.Header.Get("RateLimit"))
		}
		// Another address behind the trusted proxy has its own count.
		if resp := call("/api/v1/programmes", "203.0.113.2", ""); resp.StatusCode != 200 {
			t.Errorf("a second forwarded address: %d", resp.StatusCode)
		}
		// A token counts as its account, with the higher limit, from the
		// limited address; a made-up token counts as the address.
		for i := range 6 {
			if resp := call("/api/v1/me", "203.0.113.1", tok); resp.StatusCode != 200 || resp.Header.Get("RateLimit-Policy") != `"token";q=6;w=60` {
				t.Errorf("token request %d: %d %q", i+1, resp.StatusCode, resp.Header.Get("RateLimit-Policy"))
			}
		}
		if resp := call("/api/v1/me", "203.0.113.1", tok); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("the 7th token request: %d; want 429", resp.StatusCode)
		}
		if resp := call("/api/v1/programmes", "203.0.113.1", "made-up"); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("a made-up token from the limited address: %d; want 429", resp.StatusCode)
		}
		// Pages are not limited here.
		for range 5 {
			req, _ := http.NewRequest("GET", ts.URL+"/es/parties", nil)
			req.Header.Set("X-Forwarded-For", "203.0.113.1")
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("RateLimit") != "" {
				t.Fatalf("a page: %d RateLimit %q", resp.StatusCode, resp.Header.Get("RateLimit"))
			}
		}
	})
}

// Without trusted proxies, X-Forwarded-For is the client's own word and
// is ignored: made-up addresses share the connection's count.
func TestAPIRateLimitIgnoresUntrustedForwardedFor(t *testing.T) {
	t.Parallel()
	ts, _, _ := newSiteWith(t, seedtest.SQLite(t), web.Options{APIRate: web.Rate{N: 2, Per: time.Minute}})
	var last int
	for i := range 3 {
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/programmes", nil)
		req.Header.Set("X-Forwarded-For", "198.51.100."+strconv.Itoa(i))
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("3rd request with a new made-up X-Forwarded-For: %d; want 429", last)
	}
}
