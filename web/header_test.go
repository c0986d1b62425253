package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// The header names who is signed in and holds a sign-out button; signed
// out, the workspace link says "Sign in". A page seen signed in is
// rendered for that request, marked private and kept nowhere: the shared
// cache (and its ETags) serve the public only, so a name never reaches an
// anonymous visitor (issue 13, header).
func TestHeaderSaysWhoIsSignedIn(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, srv := newSite(t, backend)
		_, token, err := db.CreateUser(context.Background(), "zoila@example.org", "Zoila Quintanilla", "es", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetPasswordWithLink(context.Background(), token, testHash()); err != nil {
			t.Fatal(err)
		}
		const name = "Zoila Quintanilla"
		signOut := regexp.MustCompile(`<form class="who" method="post" action="/(es|en)/logout"><input type="hidden" name="csrf" value="([^"]{43})">`)
		anonymous := func(path, want string) {
			t.Helper()
			resp, body := get(t, ts, "GET", path)
			page := string(body)
			if resp.StatusCode != 200 || strings.Contains(page, name) || signOut.MatchString(page) {
				t.Errorf("anonymous %s: %d, the page names someone or offers to sign out", path, resp.StatusCode)
			}
			if !strings.Contains(page, `/login">`+want+`</a>`) {
				t.Errorf("anonymous %s: no %q link", path, want)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "public, no-cache" || resp.Header.Get("Etag") == "" {
				t.Errorf("anonymous %s: Cache-Control %q, ETag %q; want the shared cache's", path, cc, resp.Header.Get("Etag"))
			}
		}
		public := []string{"/es/elac2020/activities/1.2", "/es/parties", "/es/elac2020/dashboard", "/es/search?q=agenda", "/en/elac2020"}
		// Some pages are first seen anonymous (cached), the rest first
		// signed in.
		anonymous(public[0], "Iniciar sesión")
		anonymous(public[4], "Sign in")
		cached := web.CachedPages(srv)

		b := newBrowser(t, ts)
		b.login("zoila@example.org")
		for _, path := range append(public, "/es/account", "/es/elac2020/versions", "/es/elac2020/activities/99.99") {
			resp, page := b.get(path)
			if strings.HasSuffix(path, "99.99") && resp.StatusCode == 404 {
				resp.StatusCode = 200 // the error page has the same header
			}
			m := signOut.FindStringSubmatch(page)
			if resp.StatusCode != 200 || !strings.Contains(page, name) || m == nil || m[2] != b.csrf {
				t.Errorf("signed in %s: %d, no name or no sign-out form with the browser's token", path, resp.StatusCode)
			}
			if strings.Contains(page, `/login">`) {
				t.Errorf("signed in %s: the header still offers to sign in", path)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" || resp.Header.Get("Etag") != "" {
				t.Errorf("signed in %s: Cache-Control %q, ETag %q; want private, no-store and no ETag", path, cc, resp.Header.Get("Etag"))
			}
		}
		if got := web.CachedPages(srv); got != cached {
			t.Errorf("pages seen signed in made %d entries in the shared cache; want none", got-cached)
		}
		// The same pages, now asked anonymously, never show the name.
		for _, path := range public {
			want := "Iniciar sesión"
			if strings.HasPrefix(path, "/en/") {
				want = "Sign in"
			}
			anonymous(path, want)
		}
		// Signing out with the header's form: the same browser is the
		// public again.
		resp, _ := b.post("/es/logout", url.Values{})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out: %d", resp.StatusCode)
		}
		for _, path := range public[:2] {
			resp, page := b.get(path)
			if resp.StatusCode != 200 || strings.Contains(page, name) || !strings.Contains(page, "Iniciar sesión") || resp.Header.Get("Cache-Control") != "public, no-cache" {
				t.Errorf("signed out %s: %d %q, the page still names the user", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
		}
	})
}

// landed follows a form's answer, which must be a 303 (a reload sends
// nothing again), to the page it lands on.
func (b *browser) landed(resp *http.Response, _ string) (*http.Response, string) {
	b.t.Helper()
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("a change answered %d; want 303 to the page that shows it", resp.StatusCode)
	}
	return b.get(resp.Header.Get("Location"))
}
