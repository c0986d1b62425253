package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/password"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

const testPassword = "correct horse battery staple"

// browser is a test client with cookies, that fills in the anti-forgery
// token like a form would.
type browser struct {
	t    *testing.T
	ts   *httptest.Server
	c    *http.Client
	csrf string
}

func newBrowser(t *testing.T, ts *httptest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, ts: ts, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	resp, body := b.get("/es/login")
	if resp.StatusCode != 200 {
		t.Fatalf("login page: %d", resp.StatusCode)
	}
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no csrf field on the login page")
	}
	b.csrf = m[1]
	return b
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", b.ts.URL+path, nil)
	return b.do(req)
}

// post sends a form with the browser's anti-forgery token.
func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) login(email string) {
	b.t.Helper()
	resp, body := b.post("/es/login", url.Values{"email": {email}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("login %s: %d %s", email, resp.StatusCode, body)
	}
}

// makeUser creates a user with the test password, as the one-time link
// would.
// testHash is the hash of testPassword every test user gets: made once,
// and cheap to check (64 KiB, one pass), because a test signs in hundreds
// of times and the race detector makes the site's cost (19 MiB, two
// passes) 0.4 s a check. Signing in still checks it with argon2id, and the
// site's own hashes (password set and changed in the pages) keep the
// site's cost.
var testHash = sync.OnceValue(func() string {
	h, err := password.HashCost(testPassword, 64, 1)
	if err != nil {
		panic(err)
	}
	return h
})

func makeUser(t testing.TB, db *store.DB, email string, roles ...bitacora.UserRole) *bitacora.User {
	t.Helper()
	ctx := context.Background()
	_, token, err := db.CreateUser(ctx, email, strings.Split(email, "@")[0], "es", roles)
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.SetPasswordWithLink(ctx, token, testHash())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The expected rule of every route. A route added to the table without a
// line here fails TestAuthorizationMatrix: every route must be thought
// about.
var expectedRules = map[string]string{
	"GET /healthz":                  "public",
	"GET /readyz":                   "public",
	"GET /metrics":                  "metrics",
	"GET /static/{file}":            "public",
	"GET /favicon.ico":              "public",
	"GET /api/v1/":                  "public",
	"GET /api/v1/openapi.json":      "public",
	"GET /api/v1/programmes":        "public",
	"GET /api/v1/programmes/{slug}": "public",
	"GET /api/v1/programmes/{slug}/activities/{code}":                                "public",
	"POST /api/v1/programmes/{slug}/translations":                                    "secretariat",
	"GET /api/v1/programmes/{slug}/translations":                                     "secretariat",
	"GET /api/v1/indicators":                                                         "public",
	"POST /api/v1/indicators":                                                        "secretariat",
	"GET /api/v1/indicators/{code}":                                                  "public",
	"PUT /api/v1/indicators/{code}":                                                  "secretariat",
	"POST /api/v1/indicators/{code}/observations":                                    "secretariat",
	"GET /api/v1/parties":                                                            "public",
	"GET /api/v1/parties/{id}":                                                       "public",
	"GET /api/v1/me":                                                                 "signed_in",
	"GET /api/v1/programmes/{slug}/iati.xml":                                         "public",
	"GET /{slug}/periods":                                                            "secretariat",
	"GET /{slug}/translations":                                                       "secretariat",
	"GET /{slug}/translations/{lang}.xliff":                                          "secretariat",
	"GET /{slug}/translations/{lang}.csv":                                            "secretariat",
	"GET /{slug}/translations/{lang}":                                                "secretariat",
	"POST /{slug}/translations/{lang}":                                               "secretariat",
	"POST /{slug}/translations/{lang}/import":                                        "secretariat",
	"GET /{slug}/weights":                                                            "secretariat",
	"GET /{slug}/followup":                                                           "public",
	"GET /{slug}/followup.pdf":                                                       "public",
	"POST /{slug}/followup/cover":                                                    "secretariat",
	"GET /{slug}/operations":                                                         "secretariat",
	"POST /{slug}/operations":                                                        "secretariat",
	"POST /{slug}/operations/preview":                                                "secretariat",
	"POST /{slug}/operations/unlink":                                                 "secretariat",
	"POST /{slug}/weights":                                                           "secretariat",
	"POST /{slug}/periods":                                                           "secretariat",
	"GET /api/v1/programmes/{slug}/weights":                                          "public",
	"PUT /api/v1/programmes/{slug}/weights":                                          "secretariat",
	"GET /api/v1/programmes/{slug}/progress":                                         "public",
	"GET /api/v1/programmes/{slug}/versions":                                         "public",
	"GET /api/v1/programmes/{slug}/versions/{version}":                               "public",
	"GET /api/v1/programmes/{slug}/diff":                                             "public",
	"GET /api/v1/programmes/{slug}/revisions":                                        "reviser",
	"POST /api/v1/programmes/{slug}/revisions":                                       "reviser",
	"GET /api/v1/programmes/{slug}/revisions/{id}":                                   "reviser",
	"PUT /api/v1/programmes/{slug}/revisions/{id}":                                   "reviser",
	"POST /api/v1/programmes/{slug}/revisions/{id}/approve":                          "bureau",
	"POST /api/v1/programmes/{slug}/revisions/{id}/propose":                          "reviser",
	"POST /api/v1/programmes/{slug}/revisions/{id}/return":                           "bureau",
	"GET /{slug}/versions":                                                           "public",
	"GET /{slug}/v/{version}":                                                        "public",
	"GET /{slug}/diff":                                                               "public",
	"GET /{slug}/revisions":                                                          "reviser",
	"POST /{slug}/revisions":                                                         "reviser",
	"GET /{slug}/revisions/{id}":                                                     "reviser",
	"POST /{slug}/revisions/{id}/changes":                                            "reviser",
	"POST /{slug}/revisions/{id}/changes/{n}/delete":                                 "reviser",
	"POST /{slug}/revisions/{id}/approve":                                            "bureau",
	"POST /{slug}/revisions/{id}/propose":                                            "reviser",
	"POST /{slug}/revisions/{id}/return":                                             "bureau",
	"POST /{slug}/revisions/edition":                                                 "reviser",
	"GET /api/v1/programmes/{slug}/periods":                                          "public",
	"PUT /api/v1/programmes/{slug}/periods":                                          "secretariat",
	"GET /api/v1/programmes/{slug}/reports":                                          "public",
	"GET /api/v1/programmes/{slug}/activities/{code}/reports/{period}":               "public",
	"PUT /api/v1/programmes/{slug}/activities/{code}/reports/{period}":               "focal_point",
	"POST /api/v1/programmes/{slug}/activities/{code}/reports/{period}/submit":       "focal_point",
	"POST /api/v1/programmes/{slug}/activities/{code}/reports/{period}/review":       "bureau",
	"POST /api/v1/programmes/{slug}/activities/{code}/reports/{period}/contribution": "focal_point",
	"GET /{slug}/activities/{code}/reports/{period}":                                 "public",
	"POST /{slug}/activities/{code}/reports/{period}":                                "focal_point",
	"POST /{slug}/activities/{code}/reports/{period}/submit":                         "focal_point",
	"POST /{slug}/activities/{code}/reports/{period}/review":                         "bureau",
	"POST /{slug}/activities/{code}/reports/{period}/contribution":                   "focal_point",
	"POST /{slug}/activities/{code}/reports/{period}/deadline":                       "secretariat",
	"GET /files/{id}":                                                                "public",
	"GET /login":                                                                     "public",
	"POST /login":                                                                    "public",
	"POST /logout":                                                                   "signed_in",
	"GET /password/set":                                                              "public",
	"POST /password/set":                                                             "public",
	"GET /account":                                                                   "signed_in",
	"POST /account/password":                                                         "session",
	"POST /account/tokens":                                                           "session",
	"POST /account/calendar":                                                         "session",
	"GET /calendar/{secret}":                                                         "public",
	"POST /account/tokens/{id}/revoke":                                               "session",
	"GET /my/activities":                                                             "focal_point",
	"GET /admin/users":                                                               "admin",
	"POST /admin/users":                                                              "admin",
	"GET /admin/users/{id}":                                                          "admin",
	"POST /admin/users/{id}":                                                         "admin",
	"POST /admin/users/{id}/memberships":                                             "admin",
	"POST /admin/memberships/{id}/end":                                               "admin",
	"POST /admin/programmes/{slug}/settings":                                         "admin",
	"GET /admin/programmes/new":                                                      "admin",
	"POST /admin/programmes":                                                         "admin",
	"GET /password/forgot":                                                           "public",
	"POST /password/forgot":                                                          "public",
	"GET /account/mail":                                                              "session",
	"POST /account/mail":                                                             "session",
	"POST /admin/users/{id}/link":                                                    "admin",
	"GET /admin/outbox":                                                              "staff",
	"GET /admin/parties":                                                             "secretariat",
	"POST /admin/parties":                                                            "secretariat",
	"GET /admin/parties/{id}":                                                        "secretariat",
	"POST /admin/parties/{id}":                                                       "secretariat",
	"POST /admin/parties/{id}/aliases":                                               "secretariat",
	"POST /admin/parties/{id}/chairs":                                                "secretariat",
	"POST /admin/parties/{id}/merge":                                                 "secretariat",
	"GET /":                                                                          "public",
	"GET /admin/indicators":                                                          "secretariat",
	"POST /admin/indicators":                                                         "secretariat",
	"GET /admin/indicators/{code}":                                                   "secretariat",
	"POST /admin/indicators/{code}":                                                  "secretariat",
	"POST /admin/indicators/{code}/import":                                           "secretariat",
	"GET /indicators/{code}":                                                         "public",
	"GET /indicators/{code}/data.csv":                                                "public",
	"GET /indicators/{code}/data.json":                                               "public",
	"GET /countries/{alpha3}":                                                        "public",
	"GET /{slug}/indicators":                                                         "public",
	"GET /parties":                                                                   "public",
	"GET /parties/{id}":                                                              "public",
	"GET /api":                                                                       "public",
	"GET /search":                                                                    "public",
	"GET /{slug}":                                                                    "public",
	"GET /data":                                                                      "public",
	"GET /{slug}/data":                                                               "public",
	"GET /catalog.jsonld":                                                            "public",
	"GET /catalog.context.jsonld":                                                    "public",
	"GET /{slug}/data/datapackage.json":                                              "public",
	"GET /{slug}/data/{name}.csv":                                                    "public",
	"GET /{slug}/data/{name}.json":                                                   "public",
	"GET /{slug}/data/{name}.xlsx":                                                   "public",
	"GET /{slug}/full":                                                               "public",
	"GET /{slug}/source":                                                             "public",
	"GET /{slug}/dashboard":                                                          "public",
	"GET /{slug}/dashboard.csv":                                                      "public",
	"GET /{slug}/areas/{number}":                                                     "public",
	"GET /{slug}/objectives/{number}":                                                "public",
	"GET /{slug}/activities/{code}":                                                  "public",
	"GET /{slug}/reports/import":                                                     "secretariat",
	"POST /{slug}/reports/import":                                                    "secretariat",
	"GET /{slug}/reports/template.csv":                                               "secretariat",
	"GET /{slug}/reviews":                                                            "reviewers",
	"GET /{slug}/cycle":                                                              "cycle",
	"GET /{slug}/feed.atom":                                                          "public",
	"GET /{slug}/activities/{code}/feed.atom":                                        "public",
	"GET /parties/{id}/feed.atom":                                                    "public",

	// Evidence files (issue 13): removed or replaced by the report's
	// authors, withdrawn by the secretariat.
	"POST /{slug}/activities/{code}/reports/{period}/files/{id}/remove":                     "focal_point",
	"POST /{slug}/activities/{code}/reports/{period}/files/replace":                         "focal_point",
	"POST /{slug}/activities/{code}/reports/{period}/files/withdraw":                        "secretariat",
	"POST /api/v1/programmes/{slug}/activities/{code}/reports/{period}/files/{id}/remove":   "focal_point",
	"POST /api/v1/programmes/{slug}/activities/{code}/reports/{period}/files/{id}/withdraw": "secretariat",
}

// signInWhenPrivate are the public routes that send the public to sign in
// for what is not public (a report with no accepted version, evidence of a
// draft), as a page that needs sign-in does.
var signInWhenPrivate = map[string]bool{
	"GET /{slug}/activities/{code}/reports/{period}": true,
	"GET /files/{id}": true,
}

// who may pass each rule.
var ruleAllows = map[string][]string{
	"public":      {"public", "member", "focal", "secretariat", "bureau", "admin", "read-token", "write-token", "secretariat-read-token", "secretariat-write-token"},
	"signed_in":   {"member", "focal", "secretariat", "bureau", "admin", "read-token", "write-token", "secretariat-read-token", "secretariat-write-token"},
	"session":     {"member", "focal", "secretariat", "bureau", "admin"},
	"admin":       {"admin"},
	"secretariat": {"secretariat", "secretariat-write-token"},
	"bureau":      {"bureau"},
	"focal_point": {"focal"},
	"reviser":     {"secretariat", "bureau", "secretariat-write-token"},
	"reviewers":   {"bureau"},
	"cycle":       {"secretariat", "secretariat-write-token"},
	"staff":       {"secretariat", "admin", "secretariat-read-token", "secretariat-write-token"},
	// Nobody: without a metrics token or --metrics-public configured (as
	// here), the main listener has no /metrics, for users as for tokens.
	"metrics": {},
}

// TestAuthorizationMatrix sends every route of the route table as every
// kind of caller and checks who gets through: a caller the rule refuses
// gets a 303 to sign in (pages) or a 401 (API) when anonymous, a 403
// otherwise; a caller it allows gets anything but those.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	seedtest.EachParallel(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, srv := newSite(t, backend)
		ctx := context.Background()
		admin := makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		makeUser(t, db, "member@example.org")
		focal := makeUser(t, db, "focal@example.org")
		// A focal point of ISOC (co-responsible for 1.1) and of the working
		// group that leads 1.1, so that report routes pass their object
		// checks too.
		for _, party := range []string{"isoc", "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital"} {
			if _, err := db.AddMembership(ctx, focal.ID, party, "2018-01-01", ""); err != nil {
				t.Fatal(err)
			}
		}
		sec := makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		makeUser(t, db, "bureau@example.org", bitacora.RoleBureau)
		member, _ := db.UserByEmail(ctx, "member@example.org")
		tokens := map[string]string{}
		for name, spec := range map[string]struct {
			id    int64
			scope bitacora.TokenScope
		}{"read-token": {member.ID, bitacora.ScopeRead}, "write-token": {member.ID, bitacora.ScopeWrite},
			"secretariat-read-token": {sec.ID, bitacora.ScopeRead}, "secretariat-write-token": {sec.ID, bitacora.ScopeWrite}} {
			tok, err := db.CreateToken(ctx, spec.id, name, spec.scope)
			if err != nil {
				t.Fatal(err)
			}
			tokens[name] = tok
		}
		browsers := map[string]*browser{"public": newBrowser(t, ts)}
		for who, email := range map[string]string{"member": "member@example.org", "focal": "focal@example.org",
			"secretariat": "sec@example.org", "bureau": "bureau@example.org", "admin": "admin@example.org"} {
			b := newBrowser(t, ts)
			b.login(email)
			browsers[who] = b
		}
		fill := strings.NewReplacer("{slug}", "elac2020", "{code}", "1.1", "{number}", "1", "{file}", "x.css", "{period}", "2019-H1", "{version}", "1", "{n}", "0", "{lang}", "en")
		routes := srv.Routes()
		// Signing out goes last: it ends the sessions the other rows use.
		sort.SliceStable(routes, func(i, j int) bool { return routes[j].Pattern == "/logout" && routes[i].Pattern != "/logout" })
		for _, rt := range routes {
			key := rt.Method + " " + rt.Pattern
			want, ok := expectedRules[key]
			if !ok {
				t.Errorf("route %s has no line in expectedRules", key)
				continue
			}
			if rt.Rule != want {
				t.Errorf("route %s has rule %s; expected %s", key, rt.Rule, want)
				continue
			}
			path := fill.Replace(rt.Pattern)
			if strings.Contains(path, "{id}") {
				id := "999999"
				if strings.HasPrefix(rt.Pattern, "/parties") || strings.HasPrefix(rt.Pattern, "/api/v1/parties") || strings.HasPrefix(rt.Pattern, "/admin/parties") {
					id = "isoc"
				}
				if strings.HasPrefix(rt.Pattern, "/admin/users") {
					id = itoa(admin.ID)
				}
				path = strings.Replace(path, "{id}", id, 1)
			}
			api := strings.HasPrefix(path, "/api/")
			callers := []string{"public", "member", "focal", "secretariat", "bureau", "admin"}
			if api {
				callers = []string{"public", "read-token", "write-token", "secretariat-read-token", "secretariat-write-token"}
			} else if rt.Localized {
				path = "/es" + path
			}
			for _, who := range callers {
				var resp *http.Response
				switch {
				case api:
					var body io.Reader
					if rt.Method == "POST" {
						body = strings.NewReader(`{"subject":"activity:1.1","field":"text","lang":"en","text":"x"}`)
					}
					req, _ := http.NewRequest(rt.Method, ts.URL+path, body)
					if tok, ok := tokens[who]; ok {
						req.Header.Set("Authorization", "Bearer "+tok)
					}
					resp, _ = browsers["public"].do(req)
				case rt.Method == "POST":
					// Forms that would change the caller's own account are
					// sent empty: they fail validation, past the rule.
					resp, _ = browsers[who].post(path, url.Values{})
				default:
					resp, _ = browsers[who].get(path)
				}
				allowed := false
				for _, a := range ruleAllows[want] {
					allowed = allowed || a == who
				}
				got := resp.StatusCode
				toLogin := got == http.StatusSeeOther && strings.Contains(resp.Header.Get("Location"), "/login?next=")
				switch {
				case want == "metrics" && got != http.StatusNotFound:
					t.Errorf("%s %s as %s: %d; want 404 (metrics not configured on this listener)", rt.Method, path, who, got)
				case want == "metrics":
				case allowed && (got == 401 || got == 403 || toLogin && !(who == "public" && signInWhenPrivate[key])):
					t.Errorf("%s %s as %s: %d; the rule %s allows it", rt.Method, path, who, got, want)
				case !allowed && who == "public" && !api && !toLogin:
					t.Errorf("%s %s as the public: %d; want a 303 to sign in", rt.Method, path, got)
				case !allowed && who == "public" && api && got != 401:
					t.Errorf("%s %s as the public: %d; want 401", rt.Method, path, got)
				case !allowed && who != "public" && got != 403:
					t.Errorf("%s %s as %s: %d; want 403", rt.Method, path, who, got)
				}
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
