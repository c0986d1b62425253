package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// The secretariat extends one report's deadline from the report's page,
// the admin sets where deadlines fall and when reminders go: what people
// know (a day, a time zone, days) in forms, every refusal said at its
// field, every change in the change record.
func TestDeadlineForms(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		ts, db := newServer(t, b)
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		focal := makeUser(t, db, "focal@example.org")
		if _, err := db.AddMembership(ctx, focal.ID, accessGroup, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		report := "/en/elac2020/activities/1.1/reports/2019-H1"

		sec := newBrowser(t, ts)
		sec.login("sec@example.org")
		if resp, body := sec.post(report+"/deadline", url.Values{"deadline": {"2019-08-01"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Give a day after the period") || !strings.Contains(body, `id="e-deadline"`) {
			t.Errorf("an earlier day: %d; want 422 with the error at the field", resp.StatusCode)
		}
		if resp, _ := sec.post(report+"/deadline", url.Values{"deadline": {"2019-09-30"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("extend: %d", resp.StatusCode)
		}
		_, body := sec.get(report)
		if !strings.Contains(body, "Report deadline saved.") || !strings.Contains(body, "(extended by the secretariat)") || !strings.Contains(body, `value="2019-09-30"`) {
			t.Error("the report page does not confirm, or does not show the extended deadline")
		}
		fp := newBrowser(t, ts)
		fp.login("focal@example.org")
		if resp, _ := fp.post(report+"/deadline", url.Values{"deadline": {"2020-12-31"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a focal point extends a deadline: %d; want 403", resp.StatusCode)
		}
		_, mine := fp.get("/en/my/activities")
		_, page := fp.get(report)
		if !strings.Contains(page, "(extended by the secretariat)") {
			t.Error("the focal point's report page does not show the extension")
		}
		d, err := db.Deadlines(ctx, "elac2020")
		if err != nil || d.Extended[bitacora.ReportKey{Programme: "elac2020", Activity: "1.1", Period: "2019-H1"}] != "2019-09-30" {
			t.Fatalf("stored extension: %v %v", d, err)
		}
		if !strings.Contains(mine, dateOn(t, page)) {
			t.Error("the work list does not show the extended deadline")
		}

		admin := newBrowser(t, ts)
		admin.login("admin@example.org")
		settings := "/en/admin/programmes/elac2020/settings"
		if resp, _ := admin.post(settings, url.Values{"time_zone": {"Atlantis/Capital"}, "reminder_days": {"14, 3"}}); resp.StatusCode < 400 {
			t.Errorf("an unknown time zone was saved: %d", resp.StatusCode)
		}
		if resp, _ := admin.post(settings, url.Values{"time_zone": {"America/Port_of_Spain"}, "reminder_days": {"7, 21"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("settings: %d", resp.StatusCode)
		}
		ps, err := db.ProgrammeSettings(ctx, "elac2020")
		if err != nil || ps.TimeZone != "America/Port_of_Spain" || bitacora.FormatReminderDays(ps.ReminderDays) != "21, 7" {
			t.Errorf("settings = %+v, %v", ps, err)
		}
		if _, body := admin.get("/en/admin/users"); !strings.Contains(body, `value="America/Port_of_Spain"`) || !strings.Contains(body, `value="21, 7"`) {
			t.Error("the admin page does not show the settings saved")
		}
	})
}

// dateOn returns the deadline a report page shows ("Deadline: …").
func dateOn(t *testing.T, page string) string {
	t.Helper()
	_, after, ok := strings.Cut(page, "Deadline: ")
	if !ok {
		t.Fatal("no deadline on the page")
	}
	date, _, _ := strings.Cut(after, " (")
	return date
}
