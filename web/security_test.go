package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store/storetest"
)

// More hash-triggering requests than the hasher has slots: the one over
// the bound is answered 503 with Retry-After, on pages and the API alike,
// instead of taking another 19 MiB.
func TestPasswordHashesAreBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, srv := newSite(t, backend)
		makeUser(t, db, "user@example.org")
		b := newBrowser(t, ts)
		h := srv.Hasher()
		ctx := context.Background()
		var held []func()
		for range h.Slots() {
			release, err := h.Acquire(ctx)
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, release)
		}
		resp, body := b.post("/es/login", url.Values{"email": {"user@example.org"}, "password": {testPassword}})
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("login with the hasher full: %d, Retry-After %q; want 503 with Retry-After\n%s",
				resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if !strings.Contains(body, "Servicio no disponible") {
			t.Error("the 503 page does not say the service is unavailable")
		}
		for _, release := range held {
			release()
		}
		if resp, _ := b.post("/es/login", url.Values{"email": {"user@example.org"}, "password": {testPassword}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("login once the hasher is free: %d; want 303", resp.StatusCode)
		}
	})
}

// A password link that cannot work costs a look-up, never a hash: the
// token is checked before the new password is hashed.
func TestPasswordSetChecksTheLinkBeforeHashing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, srv := newSite(t, backend)
		h := srv.Hasher()
		b := newBrowser(t, ts)
		form := func(token string) url.Values {
			return url.Values{"token": {token}, "password": {"a new long password"}, "confirm": {"a new long password"}}
		}
		before := h.Hashes()
		resp, body := b.post("/es/password/set", form("pw_not-a-real-token"))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ya no es válido") {
			t.Fatalf("unknown token: %d; want 422 saying the link is not valid", resp.StatusCode)
		}
		if n := h.Hashes() - before; n != 0 {
			t.Errorf("an unknown token cost %d password hashes; want 0", n)
		}
		// A real link is hashed once, and works.
		_, token, err := db.CreateUser(context.Background(), "new@example.org", "New", "es", []bitacora.UserRole{})
		if err != nil {
			t.Fatal(err)
		}
		before = h.Hashes()
		if resp, _ := b.post("/es/password/set", form(token)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("valid link: %d; want 303", resp.StatusCode)
		}
		if n := h.Hashes() - before; n != 1 {
			t.Errorf("a valid link cost %d hashes; want 1", n)
		}
		// Used now: no hash again.
		before = h.Hashes()
		b.post("/es/password/set", form(token))
		if n := h.Hashes() - before; n != 0 {
			t.Errorf("a used link cost %d password hashes; want 0", n)
		}
	})
}
