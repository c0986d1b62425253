package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// The invitation link an admin is shown starts with the configured public
// address, never with the Host header the request came with (issue 10,
// item 18).
func TestInvitationLinkUsesTheBaseURL(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db, _ := newSiteWith(t, b, web.Options{BaseURL: "https://b.example.org/"})
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		admin := newBrowser(t, ts)
		admin.login("admin@example.org")
		form := url.Values{"email": {"new@example.org"}, "name": {"New"}, "lang": {"en"}, "csrf": {admin.csrf}}
		req, _ := http.NewRequest("POST", ts.URL+"/es/admin/users", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		//req.Host = "evil.example"
		resp, body := admin.do(req)
		if resp.StatusCode != 200 || !strings.Contains(body, "<code>https://b.example.org/en/password/set?token=pw_") {
			t.Fatalf("invite: %d %s; the page does not show a link on https://b.example.org", resp.StatusCode, resp.Header.Get("Location"))
		}
		if strings.Contains(body, "evil.example") {
			t.Error("the invitation link follows the request's Host header")
		}
	})
}

func TestCheckBaseURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://bitacora.example.org":    "https://bitacora.example.org",
		"https://bitacora.example.org/":   "https://bitacora.example.org",
		"http://localhost:8080":           "http://localhost:8080",
		"bitacora.example.org":            "",
		"ftp://bitacora.example.org":      "",
		"https://bitacora.example.org?x":  "",
		"https://bitacora.example.org/?":  "",
		"https://bitacora.example.org/#a": "",
		"https://bitacora.example.org/b":  "",
		"https://user:pw@example.org":     "",
		"https://":                        "",
		"":                                "",
	} {
		got, err := web.CheckBaseURL(in)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("CheckBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := web.New(nil, nil, web.Options{BaseURL: "https://x.org/?a"}); err == nil {
		t.Error("web.New accepted a base URL with a query")
	}
}
