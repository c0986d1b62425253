package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// visibleText is what a reader sees of a page: its text, without tags,
// attributes (where URLs carry period keys) or the head.
func visibleText(page string) string {
	if _, body, ok := strings.Cut(page, "<body>"); ok {
		page = body
	}
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " "))
}

var periodKey = regexp.MustCompile(`\b\d{4}-[HQ]\d\b`)

// Periods are said as people say them on every page that shows them; the
// key stays in URLs and data (issue 13, periods).
func TestPeriodsAsPeopleSayThem(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat, bitacora.RoleBureau)
		sec := newBrowser(t, ts)
		sec.login("sec@example.org")
		pages := []struct{ path, want string }{
			{"/es/elac2020/activities/1.1/reports/2019-H1", "1.er semestre de 2019"},
			{"/es/elac2020/dashboard", "1.er semestre de 2019"},
			{"/es/elac2020/activities/1.1", "2.º semestre de 2018"},
			{"/es/elac2020/cycle?period=2019-H1", "1.er semestre de 2019"},
			{"/es/elac2020/reviews", "1.er semestre de 2019"},
			{"/en/elac2020/activities/1.1/reports/2019-H1", "First half of 2019"},
			{"/pt/elac2020/dashboard", "1º semestre de 2019"},
			{"/fr/elac2020/cycle?period=2019-H1", "1er semestre 2019"},
		}
		for _, p := range pages {
			resp, page := sec.get(p.path)
			if resp.StatusCode != 200 {
				t.Errorf("%s: %d", p.path, resp.StatusCode)
				continue
			}
			text := visibleText(page)
			if !strings.Contains(text, p.want) {
				t.Errorf("%s does not say %q", p.path, p.want)
			}
			if k := periodKey.FindString(text); k != "" {
				t.Errorf("%s shows the key %s to its reader", p.path, k)
			}
		}
		// The periods form counts its rows from 1.
		_, page := sec.get("/es/elac2020/periods")
		if !strings.Contains(page, `aria-label="Período 1"`) || strings.Contains(page, `aria-label="Período 0"`) {
			t.Error("the periods form does not count its rows from 1")
		}
	})
}
