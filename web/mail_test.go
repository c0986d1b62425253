package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/smtptest"
	"github.com/elac/bitacora/mail"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// startMail runs the job engine over db, sending to the SMTP server at
// addr, with short polls and retries.
func startMail(t *testing.T, db *store.DB, addr, base string) *mail.Engine {
	t.Helper()
	host, port, _ := strings.Cut(addr, ":")
	smtp := mail.SMTP{Host: host, TLS: "none", From: "Bitácora <bitacora@example.org>"}
	if _, err := fmtSscan(port, &smtp.Port); err != nil {
		t.Fatal(err)
	}
	e, err := mail.Start(context.Background(), db, mail.Options{SMTP: smtp, BaseURL: base, PollInterval: 20 * time.Millisecond,
		Retry: func(int) time.Duration { return 30 * time.Millisecond }, Test: true, Log: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Stop(context.Background()) })
	return e
}

// outboxUntil waits until the outbox satisfies ok, or fails the test.
func outboxUntil(t *testing.T, db *store.DB, what string, ok func([]store.Message) bool) []store.Message {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		list, err := db.Outbox(context.Background(), 100)
		if err != nil {
			t.Fatal(err)
		}
		if ok(list) {
			return list
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox: %s never happened: %+v", what, list)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func find(list []store.Message, kind, email string) *store.Message {
	for i := range list {
		if list[i].Kind == kind && list[i].User.Email == email {
			return &list[i]
		}
	}
	return nil
}

// An admin invites a user whose language is Portuguese, with mail
// configured: the page shows no link, the invitation arrives through a
// real SMTP server in Portuguese, as text and HTML, with a link that
// works; the outbox shows who and what, never the link.
func TestMailInvitationArrivesInTheRecipientsLanguage(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		smtp := smtptest.Start(t)
		ts, db, _ := newSiteWith(t, b, web.Options{MailEnabled: true})
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		admin := newBrowser(t, ts)
		admin.login("admin@example.org")
		resp, body := admin.landed(admin.post("/pt/admin/users", url.Values{"email": {"rita@example.org"}, "name": {"Rita"}, "lang": {"pt"}}))
		if resp.StatusCode != 200 || strings.Contains(body, "token=") || !strings.Contains(body, "o convite sai por e-mail") {
			t.Fatalf("invite with mail on: %d; the page must say the invitation goes by mail and show no link", resp.StatusCode)
		}
		startMail(t, db, smtp.Addr, ts.URL)
		var m smtptest.Message
		for _, got := range smtp.Wait(t, 1, 20*time.Second) {
			if len(got.To) == 1 && got.To[0] == "rita@example.org" {
				m = got
			}
		}
		if m.Data == nil {
			t.Fatal("no message to rita@example.org")
		}
		if s := m.Header("Subject"); s != "Sua conta no Bitácora" {
			t.Errorf("subject %q; want Portuguese", s)
		}
		if ct := m.Header("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
			t.Errorf("Content-Type %q; want multipart/alternative", ct)
		}
		text, html := m.Part("text/plain"), m.Part("text/html")
		if !strings.Contains(text, "Olá, Rita") || !strings.Contains(html, "Olá, Rita") {
			t.Errorf("not in Portuguese:\n%s", text)
		}
		link := regexp.MustCompile(regexp.QuoteMeta(ts.URL) + `(/pt/password/set\?token=[A-Za-z0-9_%-]+)`).FindStringSubmatch(text)
		if link == nil || !strings.Contains(html, strings.ReplaceAll(link[0], "&", "&amp;")) {
			t.Fatalf("no absolute password link in both parts:\n%s", text)
		}
		list := outboxUntil(t, db, "the invitation recorded sent", func(l []store.Message) bool {
			r := find(l, store.KindInvitation, "rita@example.org")
			return r != nil && r.State == store.OutboxSent
		})
		row := find(list, store.KindInvitation, "rita@example.org")
		if id := m.Header("Message-Id"); id != "<"+row.MessageID+">" || !strings.HasSuffix(row.MessageID, "@127.0.0.1") {
			t.Errorf("Message-ID %q; outbox has %q", id, row.MessageID)
		}
		// The link works: the page answers, and the password is set.
		rita := newBrowser(t, ts)
		if resp, _ := rita.get(link[1]); resp.StatusCode != 200 {
			t.Fatalf("the mailed link: %d", resp.StatusCode)
		}
		token, _ := url.QueryUnescape(strings.TrimPrefix(link[1], "/pt/password/set?token="))
		setPassword(t, rita, token)
		// The outbox shows who and what, never a link or the text.
		resp, body = admin.get("/pt/admin/outbox")
		if resp.StatusCode != 200 || !strings.Contains(body, "Rita") || !strings.Contains(body, "Convite") || !strings.Contains(body, "Enviado") {
			t.Fatalf("outbox page: %d", resp.StatusCode)
		}
		if strings.Contains(body, "token") || strings.Contains(body, "password/set") || strings.Contains(body, "Olá") {
			t.Error("the outbox page shows a message's link or text")
		}
		if resp, _ := rita.get("/pt/admin/outbox"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a user without a staff role sees the outbox: %d", resp.StatusCode)
		}
	})
}

// The mail server is down when the message is queued: the request does
// not wait for it, the message waits and is retried, and when the server
// comes back it is delivered exactly once.
func TestMailServerDownLosesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		addr := smtptest.FreeAddr(t)
		if _, _, err := db.CreateUser(ctx, "ana@example.org", "Ana", "en", nil); err != nil {
			t.Fatal(err)
		}
		e := startMail(t, db, addr, "https://bitacora.example.org")
		outboxUntil(t, db, "two failed attempts", func(l []store.Message) bool {
			return len(l) == 1 && l[0].Attempts >= 2 && l[0].State == store.OutboxWaiting && l[0].LastError != ""
		})
		smtp := smtptest.StartOn(t, addr)
		got := smtp.Wait(t, 1, 20*time.Second)
		outboxUntil(t, db, "sent", func(l []store.Message) bool { return l[0].State == store.OutboxSent })
		if err := e.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(smtp.Messages()); n != 1 || got[0].Header("Subject") != "Your Bitácora account" {
			t.Errorf("%d messages delivered; want the one, in English", n)
		}
	})
}

// The same message asked for twice — two instances, or a command and the
// schedule — is queued and delivered once.
func TestMailSameKeyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		var dbs [2]*store.DB
		for i := range dbs {
			db, err := store.Open(ctx, b.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			dbs[i] = db
		}
		_, _, err := dbs[0].CreateUser(ctx, "ana@example.org", "Ana", "fr", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, db := range dbs {
			if err := db.RequestPasswordReset(ctx, "ANA@example.org"); err != nil {
				t.Fatal(err)
			}
		}
		var jobs int
		if err := dbs[0].SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM river_job WHERE kind = 'bitacora.send_mail'").Scan(&jobs); err != nil {
			t.Fatal(err)
		}
		list, err := dbs[1].Outbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || jobs != 2 {
			t.Fatalf("outbox %d rows, %d jobs; want 2 and 2 (the invitation and one reset)", len(list), jobs)
		}
		smtp := smtptest.Start(t)
		startMail(t, dbs[0], smtp.Addr, "https://bitacora.example.org")
		startMail(t, dbs[1], smtp.Addr, "https://bitacora.example.org")
		outboxUntil(t, dbs[0], "both handled", func(l []store.Message) bool {
			return l[0].State != store.OutboxWaiting && l[1].State != store.OutboxWaiting
		})
		subjects := map[string]int{}
		for _, m := range smtp.Messages() {
			subjects[m.Header("Subject")]++
		}
		if len(smtp.Messages()) != 2 || subjects["Lien pour choisir un nouveau mot de passe"] != 1 || subjects["Votre compte Bitácora"] != 1 {
			t.Errorf("delivered %v; want the invitation and the link once each, in French", subjects)
		}
	})
}

func fmtSscan(s string, n *int) (int, error) { return fmt.Sscan(s, n) }

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
