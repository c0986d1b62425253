package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// More hash-triggering requests than the hasher has slots: the one over
// the bound is answered 503 with Retry-After, on pages and the API alike,
// instead of taking another 19 MiB.
func TestPasswordHashesAreBounded(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
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
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
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

// newSiteAtFixedTime is newSiteWith over a store whose clock stands
// still: throttling locks never run out during a test. A second site on
// the same database shares it.
func newSiteAtFixedTime(t *testing.T, backend storetest.Backend, opts web.Options) (*httptest.Server, *store.DB, *web.Server) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, backend.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.LoadIfEmpty(ctx, db); err != nil {
		t.Fatalf("seed: %v", err)
	}
	now := time.Now().UTC()
	db.SetClock(func() time.Time { return now })
	ts, srv := serve(t, db, opts)
	return ts, db, srv
}

// guess posts a sign-in with a wrong password, as from forwardedFor when
// it is not empty, and returns the status. Safe in goroutines.
func (b *browser) guess(email, forwardedFor string) (int, error) {
	form := url.Values{"email": {email}, "password": {"not the password"}, "csrf": {b.csrf}}
	req, _ := http.NewRequest("POST", b.ts.URL+"/es/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// 100 concurrent wrong guesses on one account from one address: only the
// free attempts reach the password check (422 "wrong"); the rest wait
// (429). Each attempt is counted before its password is checked.
func TestLoginThrottleHoldsUnderConcurrency(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, srv := newSiteAtFixedTime(t, backend, web.Options{})
		makeUser(t, db, "victim@example.org")
		b := newBrowser(t, ts)
		before := srv.Hasher().Hashes()
		statuses := make([]int, 100)
		errs := make([]error, 100)
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i], errs[i] = b.guess("victim@example.org", "")
			}()
		}
		wg.Wait()
		count := map[int]int{}
		for i, st := range statuses {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			count[st]++
		}
		checked := count[http.StatusUnprocessableEntity]
		if checked == 0 || checked > store.AddrFreeAttempts || checked+count[http.StatusTooManyRequests]+count[http.StatusServiceUnavailable] != 100 {
			t.Fatalf("100 concurrent guesses: %v; want at most %d checked (422), the rest 429", count, store.AddrFreeAttempts)
		}
		if hashed := srv.Hasher().Hashes() - before; hashed != uint64(checked) {
			t.Errorf("%d passwords hashed for %d guesses answered as checked", hashed, checked)
		}
	})
}

// Signing in to one's own account between guesses does not reset the
// address's counter: it gives back only its own attempt.
func TestSuccessfulLoginKeepsTheAddressCounter(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, _ := newSiteAtFixedTime(t, backend, web.Options{})
		makeUser(t, db, "me@example.org")
		b := newBrowser(t, ts)
		for i := range 3 {
			if st, err := b.guess(fmt.Sprintf("ghost%d@example.org", i), ""); err != nil || st != http.StatusUnprocessableEntity {
				t.Fatalf("guess %d: %d %v", i, st, err)
			}
		}
		b.login("me@example.org")
		checked := 0
		for i := range 10 {
			st, err := b.guess(fmt.Sprintf("other%d@example.org", i), "")
			if err != nil {
				t.Fatal(err)
			}
			if st != http.StatusTooManyRequests {
				checked++
			}
		}
		if want := store.AddrFreeAttempts - 3; checked != want {
			t.Errorf("after 3 guesses and a successful sign-in, %d more guesses were checked; want %d", checked, want)
		}
	})
}

// Behind a trusted proxy the client is the rightmost untrusted address of
// X-Forwarded-For, and IPv6 addresses count by their /64. From a peer
// that is not trusted, the header is ignored.
func TestLoginThrottleAddresses(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		loopback := netip.MustParsePrefix("127.0.0.0/8")
		ts, _, _ := newSiteAtFixedTime(t, backend, web.Options{TrustedProxies: []netip.Prefix{loopback}})
		b := newBrowser(t, ts)
		n := 0
		guess := func(from string) int {
			n++
			st, err := b.guess(fmt.Sprintf("ghost%d@example.org", n), from)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		for range store.AddrFreeAttempts {
			if st := guess("198.51.100.7, 2001:db8:1:2::1"); st != http.StatusUnprocessableEntity {
				t.Fatalf("a free guess: %d", st)
			}
		}
		if st := guess("2001:db8:1:2::ffff"); st != http.StatusTooManyRequests {
			t.Errorf("another address in the same /64: %d; want 429 (one counter)", st)
		}
		if st := guess("2001:db8:1:3::1"); st != http.StatusUnprocessableEntity {
			t.Errorf("an address in another /64: %d; want 422 (its own counter)", st)
		}
		// A trusted hop on the right is skipped; the client is left of it.
		if st := guess("2001:db8:1:2::5, 127.0.0.9"); st != http.StatusTooManyRequests {
			t.Errorf("the /64 behind two proxies: %d; want 429", st)
		}

		// Without trusted proxies, X-Forwarded-For changes nothing: every
		// guess counts against the connection's address.
		ts2, _, _ := newSiteAtFixedTime(t, backend, web.Options{})
		b2 := newBrowser(t, ts2)
		for i := range store.AddrFreeAttempts {
			if st, _ := b2.guess(fmt.Sprintf("g%d@example.org", i), fmt.Sprintf("203.0.113.%d", i+1)); st != http.StatusUnprocessableEntity {
				t.Fatalf("free guess %d: %d", i, st)
			}
		}
		if st, _ := b2.guess("g@example.org", "203.0.113.200"); st != http.StatusTooManyRequests {
			t.Errorf("a made-up X-Forwarded-For from an untrusted peer got a fresh counter: %d; want 429", st)
		}
	})
}

// Guesses spread over many addresses slow the account down, but never
// lock its owner out of the place they sign in from.
func TestAccountLimitSparesTheOwnersAddress(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		loopback := netip.MustParsePrefix("127.0.0.0/8")
		ts, db, _ := newSiteAtFixedTime(t, backend, web.Options{TrustedProxies: []netip.Prefix{loopback}})
		makeUser(t, db, "owner@example.org")
		owner := newBrowser(t, ts)
		signIn := func() int {
			req, _ := http.NewRequest("POST", ts.URL+"/es/login", strings.NewReader(url.Values{"email": {"owner@example.org"},
				"password": {testPassword}, "csrf": {owner.csrf}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "192.0.2.1")
			resp, _ := owner.do(req)
			return resp.StatusCode
		}
		if st := signIn(); st != http.StatusSeeOther {
			t.Fatalf("the owner signs in: %d", st)
		}
		attacker := newBrowser(t, ts)
		for i := range store.AccountFreeAttempts {
			from := fmt.Sprintf("198.51.100.%d", i/(store.AddrFreeAttempts-1))
			if st, _ := attacker.guess("owner@example.org", from); st != http.StatusUnprocessableEntity {
				t.Fatalf("guess %d from %s: %d; want 422", i, from, st)
			}
		}
		if st, _ := attacker.guess("owner@example.org", "203.0.113.99"); st != http.StatusTooManyRequests {
			t.Errorf("a fresh address after %d guesses on the account: %d; want 429", store.AccountFreeAttempts, st)
		}
		if st := signIn(); st != http.StatusSeeOther {
			t.Errorf("the owner, from where they signed in before: %d; want 303", st)
		}
	})
}

// The open redirect of issue 10: signing in with next=%2F%09%2Fevil.example
// lands on the account page, not on another site.
func TestLoginDoesNotRedirectOffSite(t *testing.T) {
	t.Parallel()
	ts, db, _ := newSiteAtFixedTime(t, seedtest.SQLite(t), web.Options{})
	makeUser(t, db, "user@example.org")
	for next, want := range map[string]string{
		"/\t/evil.example/phish":    "/es/account",
		"/es/elac2020?x=1":          "/es/elac2020?x=1",
		"/%2F/evil.example/phish":   "/es/account",
		"/\\/evil.example/phish":    "/es/account",
		"https://evil.example/path": "/es/account",
	} {
		b := newBrowser(t, ts)
		resp, _ := b.post("/es/login", url.Values{"email": {"user@example.org"}, "password": {testPassword}, "next": {next}})
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != want {
			t.Errorf("next=%q: %d Location %q; want 303 to %q", next, resp.StatusCode, loc, want)
		}
	}
}

// Disabling a user revokes their API tokens for good: enabled again, the
// user's old token stays refused.
func TestDisablingRevokesTokensForGood(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, _ := newSiteAtFixedTime(t, backend, web.Options{})
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		u := makeUser(t, db, "user@example.org", bitacora.RoleSecretariat)
		token, err := db.CreateToken(context.Background(), u.ID, "script", bitacora.ScopeWrite)
		if err != nil {
			t.Fatal(err)
		}
		me := func() int {
			req, _ := http.NewRequest("GET", ts.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if st := me(); st != http.StatusOK {
			t.Fatalf("the token before: %d", st)
		}
		admin := newBrowser(t, ts)
		admin.login("admin@example.org")
		path := fmt.Sprintf("/es/admin/users/%d", u.ID)
		form := url.Values{"name": {u.Name}, "lang": {"es"}, "roles": {"secretariat"}}
		form.Set("disabled", "1")
		if resp, _ := admin.post(path, form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d", resp.StatusCode)
		}
		if st := me(); st != http.StatusUnauthorized {
			t.Errorf("the token of a disabled user: %d; want 401", st)
		}
		form.Del("disabled")
		if resp, _ := admin.post(path, form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("enable: %d", resp.StatusCode)
		}
		if st := me(); st != http.StatusUnauthorized {
			t.Errorf("the old token once the user is enabled again: %d; want 401", st)
		}
		toks, err := db.Tokens(context.Background(), u.ID)
		if err != nil || len(toks) != 1 || !toks[0].Revoked {
			t.Errorf("the token is not shown as revoked: %+v %v", toks, err)
		}
	})
}

// lockedBuffer is a log destination that tests read while the server
// writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A wrong method is the client's mistake: 405, and no ERROR in the log.
func TestMethodNotAllowedIsNotLoggedAsAnError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir()+"/b.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var log lockedBuffer
	srv, err := web.New(db, slog.New(slog.NewTextHandler(&log, nil)), web.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(checkAPI(t, srv.Handler()))
	defer ts.Close()
	for _, tc := range []struct{ method, path string }{{"POST", "/api/v1/programmes"}, {"DELETE", "/es/parties"}, {"PUT", "/healthz"}} {
		resp, _ := get(t, ts, tc.method, tc.path)
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s %s = %d; want 405", tc.method, tc.path, resp.StatusCode)
		}
	}
	if out := log.String(); strings.Contains(out, "level=ERROR") || !strings.Contains(out, "status=405") {
		t.Errorf("the log of three 405s:\n%s", out)
	}
}

// A used or unknown password link says so at once, without the form; a
// valid one shows the form.
func TestPasswordLinkCheckedOnArrival(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, _ := newSiteAtFixedTime(t, backend, web.Options{})
		_, token, err := db.CreateUser(context.Background(), "new@example.org", "New", "es", []bitacora.UserRole{})
		if err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, ts)
		resp, body := b.get("/es/password/set?token=" + url.QueryEscape(token))
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `name="password"`) {
			t.Fatalf("a valid link: %d, form shown %v", resp.StatusCode, strings.Contains(body, `name="password"`))
		}
		setPassword(t, b, token)
		for name, tok := range map[string]string{"used": token, "unknown": "pw_nothing", "empty": ""} {
			resp, body := newBrowser(t, ts).get("/es/password/set?token=" + url.QueryEscape(tok))
			if resp.StatusCode != http.StatusGone || !strings.Contains(body, "ya no es válido") || strings.Contains(body, `name="password"`) {
				t.Errorf("%s link: %d, says invalid %v, form shown %v; want 410, the message and no form", name, resp.StatusCode,
					strings.Contains(body, "ya no es válido"), strings.Contains(body, `name="password"`))
			}
		}
	})
}

var (
	hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	textArea    = regexp.MustCompile(`(?s)<textarea id="[^"]+" name="([^"]+)" rows="8" readonly>(.*?)</textarea>`)
	postFormTag = regexp.MustCompile(`<form method="post" action="([^"]+)" class="stack"( enctype="multipart/form-data")?>`)
)

// formOf returns the fields of the resume page's form, as a browser would
// send them, and where to.
func formOf(t *testing.T, body string) (action string, multipart bool, fields url.Values) {
	t.Helper()
	m := postFormTag.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form on the page:\n%s", body)
	}
	fields = url.Values{}
	for _, f := range hiddenInput.FindAllStringSubmatch(body, -1) {
		fields.Add(html.UnescapeString(f[1]), html.UnescapeString(f[2]))
	}
	for _, f := range textArea.FindAllStringSubmatch(body, -1) {
		fields.Add(html.UnescapeString(f[1]), html.UnescapeString(f[2]))
	}
	return html.UnescapeString(m[1]), m[2] != "", fields
}

// A focal point whose session ended while typing a long narrative gets it
// back with a sign-in form; signed in, a page shows it with a fresh token
// and a button that saves the report. Likewise when only the form's token
// expired.
func TestFormSurvivesAnEndedSession(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		u := makeUser(t, db, "focal@mtic.example")
		if _, err := db.AddMembership(ctx, u.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		b := newBrowser(t, ts)
		b.login("focal@mtic.example")
		path := "/es/elac2020/activities/1.2/reports/2019-H1"
		// Long, with accents, markup and line breaks: all of it must survive.
		narrative := "Un relato largo escrito en un teléfono lento,\ncon <marcas> & \"comillas\" y varias líneas.\n\n" +
			strings.Repeat("Año tras año, la señal llegó débil a las comunidades rurales.\n", 250) + "Fin."
		// The session ends (expired, or signed out elsewhere).
		b.c.Jar.SetCookies(mustURL(ts.URL), []*http.Cookie{{Name: "bitacora_session", Value: "expired", Path: "/"}})
		resp, body := b.postMultipart(path, url.Values{"version": {"0"}, "status": {"under_way"}, "completion": {"limited"},
			"narrative": {narrative}}, "informe.pdf", []byte("%PDF-1.4 x"))
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Su sesión terminó") || !strings.Contains(body, "no se pueden conservar") {
			t.Fatalf("report posted after the session ended: %d\n%s", resp.StatusCode, body)
		}
		action, signInMultipart, fields := formOf(t, body)
		if !signInMultipart {
			t.Error("the sign-in form that carries the text is not multipart: its size would be bound to a plain form's")
		}
		if action != "/es/login" || fields.Get("resume_action") != path || fields.Get("resume.narrative") != narrative {
			t.Fatalf("the sign-in form goes to %q and carries %q, narrative %q", action, fields.Get("resume_action"), fields.Get("resume.narrative"))
		}
		// A wrong password: the form is still carried.
		fields.Set("email", "focal@mtic.example")
		fields.Set("password", "not the password")
		resp, body = b.postMultipart(action, fields, "", nil)
		if _, _, again := formOf(t, body); resp.StatusCode != http.StatusUnprocessableEntity || again.Get("resume.narrative") != narrative {
			t.Fatalf("a failed sign-in lost the form: %d", resp.StatusCode)
		}
		fields.Set("password", testPassword)
		resp, body = b.postMultipart(action, fields, "", nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Enviar lo que escribí") {
			t.Fatalf("signed in with a form to resume: %d\n%s", resp.StatusCode, body)
		}
		action, isMultipart, fields := formOf(t, body)
		if action != path || !isMultipart || fields.Get("narrative") != narrative || fields.Get("csrf") != b.csrf {
			t.Fatalf("the resume form goes to %q (multipart %v), narrative %q", action, isMultipart, fields.Get("narrative"))
		}
		if resp, body := b.postMultipart(action, fields, "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sending what was typed: %d\n%s", resp.StatusCode, body)
		}
		rep, err := db.Report(ctx, reportKey("1.2", "2019-H1"))
		if err != nil || rep.Narrative != strings.ReplaceAll(narrative, "\r\n", "\n") {
			t.Fatalf("the report saved: %+v %v", rep, err)
		}

		// Signed in, but the form's token expired (the browser was
		// closed): straight to the button.
		req := func(csrf string) (*http.Response, string) {
			f := url.Values{"version": {"1"}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {"Segunda versión."}}
			var buf strings.Builder
			mw := multipart.NewWriter(&buf)
			for k, vs := range f {
				for _, v := range vs {
					mw.WriteField(k, v)
				}
			}
			mw.WriteField("csrf", csrf)
			mw.Close()
			r, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(buf.String()))
			r.Header.Set("Content-Type", mw.FormDataContentType())
			return b.do(r)
		}
		resp, body = req(strings.Repeat("x", 43))
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Enviar lo que escribí") || strings.Contains(body, `name="password"`) {
			t.Fatalf("an expired form token: %d\n%s", resp.StatusCode, body)
		}
		action, _, fields = formOf(t, body)
		if resp, _ := b.postMultipart(action, fields, "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sending it: %d", resp.StatusCode)
		}
		if rep, _ := db.Report(ctx, reportKey("1.2", "2019-H1")); rep.Narrative != "Segunda versión." || rep.Version != 2 {
			t.Errorf("after resuming: version %d, %q", rep.Version, rep.Narrative)
		}

		// Another site's form is refused as before, never offered back.
		r, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader("narrative=x&csrf=y"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		if resp, body := b.do(r); resp.StatusCode < 400 || strings.Contains(body, "Enviar lo que escribí") {
			t.Errorf("a cross-site form: %d, offered back %v", resp.StatusCode, strings.Contains(body, "Enviar lo que escribí"))
		}
	})
}
