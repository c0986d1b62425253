package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// A focal point subscribes to their deadlines: the account page makes an
// address, shown once; a calendar reads it as iCalendar — an all-day event
// per report they write, on its deadline (the extended one where the
// secretariat moved it), in the address's language, with a stable id and
// the report's link. A new address ends the old one; the secret never
// reaches the log.
func TestDeadlinesCalendar(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		// Every request logged, quick successes too.
		var logs bytes.Buffer
		srv, err := web.New(db, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), web.Options{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(checkAPI(t, srv.Handler()))
		t.Cleanup(ts.Close)
		focal := makeUser(t, db, "focal@example.org")
		if _, err := db.AddMembership(ctx, focal.ID, accessGroup, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		ops := bitacora.WithPrincipal(ctx, bitacora.Operator())
		if err := bitacora.NewReminders(db).ExtendDeadline(ops, bitacora.ReportKey{Programme: "elac2020", Activity: "1.2", Period: "2019-H1"}, "2019-09-30"); err != nil {
			t.Fatal(err)
		}
		fp := newBrowser(t, ts)
		fp.login("focal@example.org")
		newAddress := func() string {
			t.Helper()
			resp, body := fp.post("/en/account/calendar", nil)
			// The address starts with the site's public address
			// (web.DefaultBaseURL here): fetched from the test server.
			m := regexp.MustCompile(`<code>` + regexp.QuoteMeta(web.DefaultBaseURL) + `(/en/calendar/[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(body)
			if resp.StatusCode != 200 || m == nil {
				t.Fatalf("new calendar address: %d, none shown", resp.StatusCode)
			}
			return ts.URL + m[1]
		}
		address := newAddress()
		if _, body := fp.get("/en/account"); strings.Contains(body, address) {
			t.Error("the address is shown again: it must be shown once")
		}
		resp, err := http.Get(address) // a calendar program: no cookie
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("calendar: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		cal, err := ics.ParseCalendar(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("not iCalendar: %v\n%s", err, body)
		}
		events := map[string]*ics.VEvent{}
		for _, e := range cal.Events() {
			events[e.Id()] = e
		}
		host := strings.TrimPrefix(web.DefaultBaseURL, "http://")
		for id, want := range map[string]string{
			"elac2020/1.1/2019-H1@" + host: "2019-08-14",
			"elac2020/1.2/2019-H1@" + host: "2019-09-30", // extended
			"elac2020/1.1/2020-H2@" + host: "2021-02-14",
		} {
			e := events[id]
			if e == nil {
				t.Errorf("no event %s among %d", id, len(events))
				continue
			}
			start, err := e.GetAllDayStartAt()
			if err != nil || start.Format(time.DateOnly) != want {
				t.Errorf("%s starts %v (%v); want all day on %s", id, start, err, want)
			}
		}
		if e := events["elac2020/1.1/2019-H1@"+host]; e != nil {
			if s := e.GetProperty(ics.ComponentPropertySummary).Value; s != "Report 1.1 · First half of 2019 (LC/TS.2018/60)" {
				t.Errorf("summary %q; want it in English", s)
			}
			if u := e.GetProperty(ics.ComponentPropertyUrl).Value; u != web.DefaultBaseURL+"/en/elac2020/activities/1.1/reports/2019-H1" {
				t.Errorf("url %q", u)
			}
		}
		if _, ok := events["elac2020/13.1/2019-H1@"+host]; ok {
			t.Error("an event for an activity another party leads")
		}
		// A new address ends the old one.
		newAddress()
		if resp, err := http.Get(address); err != nil || resp.StatusCode != http.StatusNotFound {
			t.Errorf("the old address after a new one: %v %v; want 404", resp.StatusCode, err)
		}
		secret := address[strings.LastIndex(address, "/")+1:]
		if strings.Contains(logs.String(), secret) {
			t.Error("the calendar's secret is in the log")
		}
	})
}
