package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// The path of the issue: an admin made from the command line invites a
// focal point for ISOC, who sets a password through the one-time link, signs
// in, sees exactly ISOC's activities, and can do nothing an admin does.
func TestAdminInvitesAFocalPointForISOC(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		// As `bitacora user add --role admin` does:
		_, token, err := db.CreateUser(bitacora.WithActor(ctx, bitacora.Actor{Name: "cli"}), "admin@example.org", "Admin", "es",
			[]bitacora.UserRole{bitacora.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		admin := newBrowser(t, ts)
		setPassword(t, admin, token)
		if resp, _ := admin.get("/es/account"); resp.StatusCode != 200 {
			t.Fatalf("the admin is not signed in after setting the password: %d", resp.StatusCode)
		}

		resp, body := admin.post("/es/admin/users", url.Values{"email": {"Focal@ISOC.example"}, "name": {"Ana Focal"}, "lang": {"es"}})
		link := regexp.MustCompile(`<code>http://[^/]+(/es/password/set\?token=[^<]+)</code>`).FindStringSubmatch(body)
		if resp.StatusCode != 200 || link == nil {
			t.Fatalf("invite: %d, no link in the page", resp.StatusCode)
		}
		u, err := db.UserByEmail(ctx, "focal@isoc.example")
		if err != nil {
			t.Fatal(err)
		}
		resp, _ = admin.post("/es/admin/users/"+itoa(u.ID)+"/memberships", url.Values{"party": {"isoc"}, "starts_on": {"2018-08-24"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("membership: %d", resp.StatusCode)
		}
		if resp, body = admin.get(resp.Header.Get("Location")); resp.StatusCode != 200 || !strings.Contains(body, "Internet Society") {
			t.Fatalf("the user's page after the membership: %d", resp.StatusCode)
		}

		focal := newBrowser(t, ts)
		resp, _ = focal.get(strings.ReplaceAll(link[1], "&amp;", "&"))
		if resp.StatusCode != 200 || resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("password link page: %d, Referrer-Policy %q", resp.StatusCode, resp.Header.Get("Referrer-Policy"))
		}
		setPassword(t, focal, strings.TrimPrefix(strings.ReplaceAll(link[1], "&amp;", "&"), "/es/password/set?token="))

		resp, body = focal.get("/es/my/activities")
		if resp.StatusCode != 200 {
			t.Fatalf("my activities: %d", resp.StatusCode)
		}
		for _, code := range []string{"1.1", "1.5", "2.1", "3.1"} {
			if !strings.Contains(body, ">"+code+"</a>") {
				t.Errorf("ISOC's focal point does not see activity %s", code)
			}
		}
		if strings.Contains(body, ">1.2</a>") || strings.Contains(body, ">10.1</a>") {
			t.Error("ISOC's focal point sees activities ISOC has no part in")
		}
		if !strings.Contains(body, "Contribuye (corresponsable)") || strings.Contains(body, "Informa (responsable)") {
			t.Error("ISOC co-leads these activities: its focal point contributes, and reports on none")
		}
		for _, path := range []string{"/es/admin/users", "/es/admin/users/" + itoa(u.ID)} {
			if resp, _ := focal.get(path); resp.StatusCode != http.StatusForbidden {
				t.Errorf("focal point GET %s = %d; want 403", path, resp.StatusCode)
			}
		}
		if resp, _ := focal.post("/es/admin/users", url.Values{"email": {"x@example.org"}, "name": {"x"}, "lang": {"es"}}); resp.StatusCode != 403 {
			t.Errorf("focal point invites a user: %d; want 403", resp.StatusCode)
		}
		// Disabled by an admin, the focal point is signed out at once.
		resp, _ = admin.post("/es/admin/users/"+itoa(u.ID), url.Values{"name": {"Ana Focal"}, "lang": {"es"}, "disabled": {"1"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d", resp.StatusCode)
		}
		if resp, _ := focal.get("/es/my/activities"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("a disabled user still gets in: %d", resp.StatusCode)
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n < 5 {
			t.Errorf("audit after the invitation: %d entries, %v", n, err)
		}
		// The link works once.
		other := newBrowser(t, ts)
		resp, body = other.post("/es/password/set", url.Values{"token": {strings.TrimPrefix(strings.ReplaceAll(link[1], "&amp;", "&"), "/es/password/set?token=")},
			"password": {"another long password"}, "confirm": {"another long password"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ya no es válido") {
			t.Errorf("a used link worked again: %d", resp.StatusCode)
		}
	})
}

func setPassword(t *testing.T, b *browser, token string) {
	t.Helper()
	resp, body := b.post("/es/password/set", url.Values{"token": {token}, "password": {testPassword}, "confirm": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d %s", resp.StatusCode, body)
	}
}

// Wrong password and unknown account answer alike; repeated failures are
// throttled, per account and per address, even for accounts that do not
// exist.
func TestLoginFailuresAndThrottling(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		// The clock stands still: the first locks last a second, which a
		// busy machine could let run out between two requests (CI saw the
		// locked key answer 422).
		ts, db, _ := newSiteAtFixedTime(t, backend, web.Options{})
		makeUser(t, db, "real@example.org")
		b := newBrowser(t, ts)
		_, wrong := b.post("/es/login", url.Values{"email": {"real@example.org"}, "password": {"not the password"}})
		_, unknown := b.post("/es/login", url.Values{"email": {"ghost@example.org"}, "password": {"not the password"}})
		clean := func(s string) string {
			return regexp.MustCompile(`value="[^"]*"`).ReplaceAllString(s, "")
		}
		if clean(wrong) != clean(unknown) {
			t.Error("a wrong password and an unknown account answer differently")
		}
		var last *http.Response
		for i := 0; i < 6; i++ {
			last, _ = b.post("/es/login", url.Values{"email": {"ghost@example.org"}, "password": {"guess"}})
		}
		if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
			t.Fatalf("after 7 failures: %d; want 429 with Retry-After", last.StatusCode)
		}
		// The right password does not get through a locked key either.
		resp, _ := b.post("/es/login", url.Values{"email": {"ghost@example.org"}, "password": {testPassword}})
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("locked key: %d", resp.StatusCode)
		}
		// The address is throttled too: another account from it waits.
		resp, _ = b.post("/es/login", url.Values{"email": {"real@example.org"}, "password": {testPassword}})
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("locked address: %d", resp.StatusCode)
		}
	})
}

func TestCSRFAndSessionRenewal(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "user@example.org")
		b := newBrowser(t, ts)
		// No token, a wrong token, or another site: refused, nothing done.
		for name, form := range map[string]url.Values{
			"missing": {"email": {"user@example.org"}, "password": {testPassword}, "csrf": {""}},
			"wrong":   {"email": {"user@example.org"}, "password": {testPassword}, "csrf": {strings.Repeat("x", 43)}},
		} {
			if resp, _ := b.post("/es/login", form); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s token: %d; want 403", name, resp.StatusCode)
			}
		}
		req, _ := http.NewRequest("POST", ts.URL+"/es/login", strings.NewReader(url.Values{"email": {"user@example.org"},
			"password": {testPassword}, "csrf": {b.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if resp, _ := b.do(req); resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site form: %d; want 403", resp.StatusCode)
		}
		// Oversized forms: 413.
		if resp, _ := b.post("/es/login", url.Values{"email": {strings.Repeat("a", 70<<10)}}); resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized form: %d; want 413", resp.StatusCode)
		}

		session := func() string {
			for _, c := range b.c.Jar.Cookies(mustURL(ts.URL)) {
				if c.Name == "bitacora_session" {
					return c.Value
				}
			}
			return ""
		}
		b.login("user@example.org")
		first := session()
		b.login("user@example.org")
		second := session()
		if first == "" || first == second {
			t.Fatal("signing in again kept the session id")
		}
		// The old id is dead.
		old := newBrowser(t, ts)
		old.c.Jar.SetCookies(mustURL(ts.URL), []*http.Cookie{{Name: "bitacora_session", Value: first, Path: "/"}})
		if resp, _ := old.get("/es/account"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the replaced session still works: %d", resp.StatusCode)
		}
		resp, _ := b.post("/es/logout", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: %d", resp.StatusCode)
		}
		if resp, _ := b.get("/es/account"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("after logout the account page answers %d", resp.StatusCode)
		}
	})
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// Tokens: shown once, scoped, revocable; a read token cannot write; bad
// JSON input gets a 422 with the fields.
func TestAPITokens(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")
		mint := func(scope string) string {
			resp, body := b.post("/es/account/tokens", url.Values{"token_name": {"script " + scope}, "scope": {scope}})
			m := regexp.MustCompile(`<code>(bt_[^<]+)</code>`).FindStringSubmatch(body)
			if resp.StatusCode != 200 || m == nil {
				t.Fatalf("create %s token: %d", scope, resp.StatusCode)
			}
			return m[1]
		}
		read, write := mint("read"), mint("write")
		call := func(token, method, path, body string) *http.Response {
			req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			resp, _ := b.do(req)
			return resp
		}
		if resp := call(read, "GET", "/api/v1/me", ""); resp.StatusCode != 200 {
			t.Errorf("read token GET /me: %d", resp.StatusCode)
		}
		good := `{"subject":"activity:1.1","field":"text","lang":"en","text":"Identify, analyse and hold a dialogue"}`
		if resp := call(read, "POST", "/api/v1/programmes/elac2020/translations", good); resp.StatusCode != http.StatusForbidden {
			t.Errorf("read token writes: %d; want 403", resp.StatusCode)
		}
		if resp := call(write, "POST", "/api/v1/programmes/elac2020/translations", good); resp.StatusCode != 200 {
			t.Errorf("write token writes: %d", resp.StatusCode)
		}
		resp := call(write, "POST", "/api/v1/programmes/elac2020/translations", `{"subject":"","field":"","lang":"en","text":"x"}`)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty fields: %d; want 422", resp.StatusCode)
		}
		if resp := call(write, "POST", "/api/v1/programmes/elac2020/translations", `{"nope":1}`); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown JSON field: %d; want 422 naming it", resp.StatusCode)
		}
		if resp := call(write, "POST", "/api/v1/programmes/elac2020/translations", `{"subject":`); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("malformed JSON: %d; want 400", resp.StatusCode)
		}
		if resp := call(write, "POST", "/api/v1/programmes/elac2020/translations", `{"text":"`+strings.Repeat("a", 2<<20)+`"}`); resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized JSON: %d; want 413", resp.StatusCode)
		}
		// Revoke the write token: it stops working.
		_, body := b.get("/es/account")
		revoke := regexp.MustCompile(`action="(/es/account/tokens/\d+/revoke)"`).FindAllStringSubmatch(body, -1)
		if len(revoke) != 2 {
			t.Fatalf("%d revoke buttons; want 2", len(revoke))
		}
		b.post(revoke[0][1], nil) // the newest: the write token
		if resp := call(write, "GET", "/api/v1/me", ""); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("revoked token: %d; want 401", resp.StatusCode)
		}
		toks, _ := db.Tokens(context.Background(), 1)
		if len(toks) != 2 || toks[1].LastUsedAt == nil {
			t.Errorf("last use not recorded: %+v", toks)
		}
	})
}
