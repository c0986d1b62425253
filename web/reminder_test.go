package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/smtptest"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// The reminders of a period's deadline, through a real SMTP server: 14
// days before it the access working group's focal point (who reads
// English) is told, once however often reminders are sent that day or the
// next, with a link that opens the report; the secretariat gets the list
// in Spanish; 3 days before, the next reminder; a report whose deadline
// the secretariat extended is not reminded of.
func TestRemindersArriveOnceEach(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		smtp := smtptest.Start(t)
		ts, db, _ := newSiteWith(t, b, web.Options{MailEnabled: true})
		focal := makeUser(t, db, "focal@example.org")
		if err := db.UpdateUser(ctx, focal.ID, "Focal", "en", nil, false); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMembership(ctx, focal.ID, accessGroup, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		makeUser(t, db, "secretaria@example.org", bitacora.RoleSecretariat)
		ops := bitacora.WithPrincipal(ctx, bitacora.Operator())
		svc := bitacora.NewReminders(db)
		send := func(day string) int {
			t.Helper()
			now, _ := time.Parse("2006-01-02 15:04", day+" 12:00")
			_, n, err := svc.Send(ops, "elac2020", now)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// The working group leads 1.1 to 1.5 (and others): 14 days
		// before 2019-08-14, one reminder each to its focal point.
		first := send("2019-07-31")
		if first < 5 {
			t.Fatalf("%d reminders queued on 2019-07-31; want one per activity the group leads", first)
		}
		if n := send("2019-07-31"); n != 0 {
			t.Errorf("sent again the same day: %d more queued", n)
		}
		if n := send("2019-08-01"); n != 0 {
			t.Errorf("the next day: %d more queued; the 14-day reminder was sent already", n)
		}
		if err := svc.ExtendDeadline(ops, bitacora.ReportKey{Programme: "elac2020", Activity: "1.2", Period: "2019-H1"}, "2019-09-30"); err != nil {
			t.Fatal(err)
		}
		startMail(t, db, smtp.Addr, ts.URL)
		msgs := smtp.Wait(t, first+1, 20*time.Second) // and the secretariat's list
		var reminder, summary *smtptest.Message
		for i, m := range msgs {
			switch {
			case m.To[0] == "focal@example.org" && strings.Contains(m.Header("Subject"), "activity 1.1,"):
				reminder = &msgs[i]
			case m.To[0] == "secretaria@example.org":
				summary = &msgs[i]
			}
		}
		if reminder == nil || summary == nil {
			t.Fatalf("no reminder of 1.1 to the focal point, or no list to the secretariat, among %d messages", len(msgs))
		}
		if s := reminder.Header("Subject"); s != "Report due by 2019-08-14: activity 1.1, First half of 2019" {
			t.Errorf("subject %q; want it in English, with the deadline", s)
		}
		text := reminder.Part("text/plain")
		link := ts.URL + "/en/elac2020/activities/1.1/reports/2019-H1"
		if !strings.Contains(text, link) || !strings.Contains(text, "Hello Focal") {
			t.Fatalf("the reminder lacks the report's link or the greeting:\n%s", text)
		}
		fp := newBrowser(t, ts)
		fp.login("focal@example.org")
		if resp, _ := fp.get(strings.TrimPrefix(link, ts.URL)); resp.StatusCode != 200 {
			t.Errorf("the reminder's link: %d", resp.StatusCode)
		}
		if s := summary.Header("Subject"); !strings.HasPrefix(s, "Recordatorios enviados (") {
			t.Errorf("the secretariat's list: subject %q; want Spanish", s)
		}
		if body := summary.Part("text/plain"); !strings.Contains(body, "actividad 1.1, 1.er semestre de 2019 — Focal") || !strings.Contains(body, "/es/elac2020/cycle") {
			t.Errorf("the secretariat's list does not name the activity and the person, or lacks the cycle's link:\n%s", body)
		}

		// Three days before: the next reminder, but not for 1.2, whose
		// deadline is now 30 September.
		second := send("2019-08-11")
		if second != first-1 {
			t.Errorf("3 days before: %d queued; want %d (all but the extended one)", second, first-1)
		}
		list := outboxUntil(t, db, "the 3-day reminders sent", func(l []store.Message) bool {
			sent := 0
			for _, m := range l {
				if m.Kind == store.KindReminder && m.State == store.OutboxSent {
					sent++
				}
			}
			return sent == first+second
		})
		for _, m := range list {
			if m.Kind == store.KindReminder && m.Refs.Activity == "1.2" && m.Refs.Days == 3 {
				t.Error("a 3-day reminder of 1.2, whose deadline was extended")
			}
		}
		// The secretariat's cycle view counts them, by period.
		sec := newBrowser(t, ts)
		sec.login("secretaria@example.org")
		resp, body := sec.get("/en/elac2020/cycle")
		if resp.StatusCode != 200 {
			t.Fatalf("cycle view: %d", resp.StatusCode)
		}
		want := fmt.Sprintf(`<tr><th scope="row">First half of 2019</th><td class="num">%d</td><td class="num">0</td>`, first+second)
		if !strings.Contains(body, "Reminders of deadlines") || !strings.Contains(body, want) || !strings.Contains(body, "America/Santiago") {
			t.Errorf("the cycle view does not count the %d reminders sent for 2019-H1", first+second)
		}
	})
}
