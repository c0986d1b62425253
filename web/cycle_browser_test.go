package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mmcdole/gofeed"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/smtptest"
	"github.com/elac/bitacora/mail"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// The reporting cycle end to end, in real Chromium, with a real SMTP
// server that is down for most of it: period 2019-H1's
// reminders go to the access working group's focal point 14 and 3 days
// before its deadline → the focal point drafts and submits → the Bureau
// finds the report in its queue and returns it with a comment → the focal
// point fixes it and submits again → the Bureau accepts it → the server
// comes back, and every message arrives, once, in its reader's language
// → the programme's Atom feed has the entry.
//
// The path runs once, on PostgreSQL, where the mail engine polls through
// database/sql: what each step writes is tested on both databases by the
// web tests of that step and by store/, and the engine on SQLite by
// web/mail_test.go.
func TestReportingCycleEndToEnd(t *testing.T) {
	t.Parallel()
	seedtest.On(t, "postgres", func(t *testing.T, be storetest.Backend) {
		b := shared.Browser(t)
		ctx := context.Background()
		ts, db, _ := newSiteWith(t, be, web.Options{MailEnabled: true})
		focal := makeUser(t, db, "focal@mtic.example")
		if _, err := db.AddMembership(ctx, focal.ID, accessGroup, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		bureau := makeUser(t, db, "bureau@example.org", bitacora.RoleBureau)
		// The mail server is down: nothing listens where mail goes. The
		// engine retries after 0.5 s, 1 s, … up to every 10 s, for 25
		// attempts: about 155 s, longer than the path takes on a busy
		// machine (96 s seen with the test command's other packages and a
		// fuzzer beside it, when a 4 s cap gave 85 s and the first
		// reminders ran out of attempts), while a message that waits when
		// the server comes back is tried again within 10 s (River's own
		// waits, attempts⁴ s, span three weeks).
		addr := smtptest.FreeAddr(t)
		host, port, _ := strings.Cut(addr, ":")
		smtp := mail.SMTP{Host: host, TLS: "none", From: "Bitácora <bitacora@example.org>"}
		fmt.Sscan(port, &smtp.Port)
		engine, err := mail.Start(ctx, db, mail.Options{SMTP: smtp, BaseURL: ts.URL, PollInterval: 50 * time.Millisecond,
			Retry: func(attempt int) time.Duration {
				return min(time.Duration(attempt)*500*time.Millisecond, 10*time.Second)
			},
			Test: true, Log: quietLog()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { engine.Stop(context.Background()) })

		// The period opens; 14 and 3 days before its deadline, the
		// reminders (as serve's schedule sends them).
		ops := bitacora.WithPrincipal(ctx, bitacora.Operator())
		for _, day := range []string{"2019-07-31", "2019-08-11"} {
			now, _ := time.Parse("2006-01-02 15:04", day+" 12:00")
			if _, n, err := bitacora.NewReminders(db).Send(ops, "elac2020", now); err != nil || n == 0 {
				t.Fatalf("reminders on %s: %d, %v", day, n, err)
			}
		}

		report := ts.URL + "/es/elac2020/activities/1.1/reports/2019-H1"
		// review opens the Bureau's queue, follows the report's link to
		// its review form and decides there.
		review := func(decision string, steps ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			b.Visit(t, ts.URL+"/en/elac2020/reviews", func(ctx context.Context) error {
				link := `a[href*="/activities/1.1/reports/2019-H1"]`
				if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(link)), chromedp.Click(chromedp.CSS(link))); err != nil {
					return fmt.Errorf("the queue has no link to the report: %w", err)
				}
				if err := waitPath(ctx, "/en/elac2020/activities/1.1/reports/2019-H1"); err != nil {
					return err
				}
				steps = append(steps, chromedp.Click(chromedp.CSS(`button[value=`+decision+`]`)))
				if err := chromedp.Do(ctx, steps...); err != nil {
					return err
				}
				return flashed(ctx)
			})
		}

		signIn(t, b, ts, "focal@mtic.example")
		act(t, b, report,
			chromedp.SetValue(chromedp.ID("f-status"), "under_way"),
			chromedp.SetValue(chromedp.ID("f-completion"), "limited"),
			chromedp.SendKeys(chromedp.ID("f-narrative"), "Se realizó el diálogo regional."),
			chromedp.Click(chromedp.CSS(`form[enctype] button[type=submit]`)))
		act(t, b, report, chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)))

		signIn(t, b, ts, "bureau@example.org")
		review("return", chromedp.SendKeys(chromedp.ID("f-comment"), "Indiquen los acuerdos del diálogo."))

		signIn(t, b, ts, "focal@mtic.example")
		act(t, b, report,
			chromedp.SendKeys(chromedp.ID("f-narrative"), "\nAcuerdos: hoja de ruta regional."),
			chromedp.Click(chromedp.CSS(`form[enctype] button[type=submit]`)))
		act(t, b, report, chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)))

		signIn(t, b, ts, "bureau@example.org")
		review("accept")

		// The Bureau member now reads English (a message is written when
		// it is sent). The mail server comes back: what waited arrives,
		// once each.
		if err := db.UpdateUser(ctx, bureau.ID, "Bureau", "en", []bitacora.UserRole{bitacora.RoleBureau}, false); err != nil {
			t.Fatal(err)
		}
		server := smtptest.StartOn(t, addr)
		type want struct{ to, subject string }
		wants := []want{
			{"focal@mtic.example", "Informe pendiente hasta el 2019-08-14: actividad 1.1, 1.er semestre de 2019"}, // 14 days before
			{"focal@mtic.example", "Informe pendiente hasta el 2019-08-14: actividad 1.1, 1.er semestre de 2019"}, // 3 days before
			{"bureau@example.org", "Report submitted: activity 1.1, First half of 2019"},
			{"focal@mtic.example", "Informe devuelto con comentarios: 1.1, 1.er semestre de 2019"},
			{"bureau@example.org", "Report submitted: activity 1.1, First half of 2019"}, // again, after the fix
			{"focal@mtic.example", "Informe aceptado: 1.1, 1.er semestre de 2019"},
		}
		// Every message that waited — the reminders of the group's other
		// activities too; not the two invitations, whose passwords were
		// set before they could go — is sent, and arrives once.
		list := outboxUntil(t, db, "every message sent", func(l []store.Message) bool {
			for _, m := range l {
				if m.State == store.OutboxWaiting {
					return false
				}
			}
			return true
		})
		sent := 0
		for _, m := range list {
			switch {
			case m.State == store.OutboxSent:
				sent++
			case m.Kind != store.KindInvitation:
				t.Errorf("a %s to %s: %s (%s)", m.Kind, m.User.Email, m.State, m.LastError)
			}
		}
		server.Wait(t, sent, 30*time.Second)
		time.Sleep(500 * time.Millisecond) // a message sent twice would come now
		msgs := server.Messages()
		var got []want
		var returned string
		for _, m := range msgs {
			s := m.Header("Subject")
			// The period as people say it, in the recipient's language.
			if !strings.Contains(s, "1.1, 1.er semestre de 2019") && !strings.Contains(s, "1.1, First half of 2019") {
				continue
			}
			got = append(got, want{m.To[0], s})
			if strings.HasPrefix(s, "Informe devuelto") {
				returned = m.Part("text/plain")
			}
		}
		if len(msgs) != sent {
			t.Errorf("%d messages arrived for %d sent: a message was sent twice", len(msgs), sent)
		}
		count := func(list []want, w want) int {
			n := 0
			for _, x := range list {
				if x == w {
					n++
				}
			}
			return n
		}
		for _, w := range wants {
			if count(got, w) != count(wants, w) {
				t.Errorf("%q to %s arrived %d times; want %d (got %q)", w.subject, w.to, count(got, w), count(wants, w), got)
			}
		}
		if !strings.Contains(returned, "Indiquen los acuerdos del diálogo.") || !strings.Contains(returned, ts.URL+"/es/elac2020/activities/1.1/reports/2019-H1") {
			t.Errorf("the returned report's message lacks the comment or the link:\n%s", returned)
		}

		// The programme's feed has the accepted report.
		feed, err := gofeed.NewParser().ParseURL(ts.URL + "/es/elac2020/feed.atom")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range feed.Items {
			if strings.Contains(it.Link, "/activities/1.1/reports/2019-H1") {
				found = true
			}
		}
		if !found {
			t.Errorf("the programme's feed lacks the accepted report (%d entries)", len(feed.Items))
		}
	})
}
