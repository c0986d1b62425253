package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/smtptest"
	"github.com/elac/bitacora/mail"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// kinds returns, for each recipient, the kinds of the outbox's rows.
func kinds(t *testing.T, db *store.DB) map[string][]string {
	t.Helper()
	list, err := db.Outbox(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for i := len(list) - 1; i >= 0; i-- {
		if k := list[i].Kind; k != store.KindInvitation {
			out[list[i].User.Email] = append(out[list[i].User.Email], k+"/"+list[i].State)
		}
	}
	return out
}

// Who is told of a report's review and of a revision, resolved in the
// change's transaction from roles and memberships; preferences turn a
// kind off or gather it into the weekly digest, which goes out once.
func TestMailReviewAndRevisionEvents(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		doc, err := db.Document(ctx, seed.ELAC2020Slug)
		if err != nil {
			t.Fatal(err)
		}
		var act *bitacora.Activity
		for _, code := range []string{"1.1", "1.2", "2.1", "3.1"} {
			if a := doc.Activity(code); a != nil && len(a.CoResponsible) > 0 {
				act = a
				break
			}
		}
		user := func(email string, roles ...bitacora.UserRole) *bitacora.User {
			u, _, err := db.CreateUser(ctx, email, strings.Split(email, "@")[0], "es", roles)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		user("bureau@example.org", bitacora.RoleBureau)
		user("sec@example.org", bitacora.RoleSecretariat)
		user("nobody@example.org")
		resp, co := user("resp@example.org"), user("co@example.org")
		for _, m := range []struct {
			u     *bitacora.User
			party string
		}{{resp, act.Responsible[0]}, {co, act.CoResponsible[0]}} {
			if _, err := db.AddMembership(ctx, m.u.ID, m.party, "2018-01-01", ""); err != nil {
				t.Fatal(err)
			}
		}
		k := bitacora.ReportKey{Programme: seed.ELAC2020Slug, Activity: act.Code, Period: "2019-H1"}
		content := bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Avance."}
		rep, err := db.SaveReport(ctx, k, 0, content, nil)
		if err == nil {
			rep, err = db.Submit(ctx, k, rep.Version, nil)
		}
		if err == nil {
			rep, err = db.Review(ctx, k, rep.Version, false, "Falta la evidencia.", nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		got := kinds(t, db)
		want := map[string]string{
			"bureau@example.org": "report_submitted/waiting", "co@example.org": "report_submitted_co/waiting",
			"resp@example.org": "report_returned/waiting",
		}
		for email, w := range want {
			if strings.Join(got[email], ",") != w {
				t.Errorf("%s was told %v; want %s", email, got[email], w)
			}
		}
		if len(got["sec@example.org"])+len(got["nobody@example.org"]) > 0 {
			t.Errorf("told people the review is not theirs: %v", got)
		}
		list, _ := db.Outbox(ctx, 500)
		if r := find(list, store.KindReportReturned, "resp@example.org"); r == nil || r.Refs.Comment != "Falta la evidencia." {
			t.Errorf("the returned report's message does not carry the comment: %+v", r)
		}

		// The co-responsible party turns submissions off; the Bureau
		// member gathers them into the digest.
		if err := db.SetMailPreferences(ctx, co.ID, map[string]string{store.KindReportToCo: store.MailOff}); err != nil {
			t.Fatal(err)
		}
		bureau, _ := db.UserByEmail(ctx, "bureau@example.org")
		if err := db.SetMailPreferences(ctx, bureau.ID, map[string]string{store.KindReportSubmitted: store.MailDigest}); err != nil {
			t.Fatal(err)
		}
		rep, err = db.Submit(ctx, k, rep.Version, nil)
		if err == nil {
			_, err = db.Review(ctx, k, rep.Version, true, "", nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		// The secretariat drafts a revision and sends it to the Bureau,
		// which sends it back with a comment; sent again, it is approved.
		sec, _ := db.UserByEmail(ctx, "sec@example.org")
		secCtx := bitacora.WithActor(ctx, bitacora.Actor{UserID: sec.ID, Name: sec.Email})
		edit := []bitacora.Change{{Op: bitacora.OpEditObjective, Objective: 1, Text: new("Objetivo revisado."), Reason: "Ajuste."}}
		rev, err := db.CreateRevision(secCtx, seed.ELAC2020Slug, "Ajuste", edit)
		if err != nil {
			t.Fatal(err)
		}
		if rev, err = db.ProposeRevision(secCtx, seed.ELAC2020Slug, rev.ID, rev.Version); err != nil {
			t.Fatal(err)
		}
		if rev, err = db.ReturnRevision(ctx, seed.ELAC2020Slug, rev.ID, rev.Version, "Falta el motivo del cambio."); err != nil {
			t.Fatal(err)
		}
		if rev.State != bitacora.RevisionDraft || rev.ReturnComment != "Falta el motivo del cambio." {
			t.Errorf("the returned revision: %s %q", rev.State, rev.ReturnComment)
		}
		if _, err := db.ApproveRevision(ctx, seed.ELAC2020Slug, rev.ID, propose(t, db, seed.ELAC2020Slug, rev), "2019-11-20", nil); err != nil {
			t.Fatal(err)
		}
		got = kinds(t, db)
		want = map[string]string{
			"bureau@example.org": "report_submitted/waiting,report_submitted/held,revision_draft/waiting,revision_draft/waiting,version_approved/waiting",
			"co@example.org":     "report_submitted_co/waiting,version_approved/waiting",
			"resp@example.org":   "report_returned/waiting,report_accepted/waiting,version_approved/waiting",
			"sec@example.org":    "revision_returned/waiting,version_approved/waiting",
		}
		for email, w := range want {
			if strings.Join(got[email], ",") != w {
				t.Errorf("%s was told %v; want %s", email, got[email], w)
			}
		}
		if len(got["nobody@example.org"]) > 0 {
			t.Errorf("someone without a role was told: %v", got["nobody@example.org"])
		}
		list, _ = db.Outbox(ctx, 500)
		if r := find(list, store.KindRevisionReturn, "sec@example.org"); r == nil || r.Refs.Comment != "Falta el motivo del cambio." {
			t.Errorf("the returned revision's message does not carry the comment: %+v", r)
		}
		// The digest, gathered twice in one week, goes out once, with
		// the held message in it.
		week := mail.Week(time.Now())
		for i, want := range []int{1, 0} {
			if n, err := db.SendDigests(ctx, week); err != nil || n != want {
				t.Fatalf("digest run %d: %d, %v; want %d", i, n, err, want)
			}
		}
		smtp := smtptest.Start(t)
		startMail(t, db, smtp.Addr, "https://bitacora.example.org")
		outboxUntil(t, db, "the digest sent", func(l []store.Message) bool {
			d := find(l, store.KindDigest, "bureau@example.org")
			h := find(l, store.KindReportSubmitted, "bureau@example.org")
			return d != nil && d.State == store.OutboxSent && l[0].State != store.OutboxHeld && h != nil
		})
		var digest *smtptest.Message
		for _, m := range smtp.Messages() {
			if m.Header("Subject") == "Su resumen semanal de Bitácora" {
				if digest != nil {
					t.Fatal("two digests")
				}
				digest = &m
			}
		}
		if digest == nil || !strings.Contains(digest.Part("text/plain"), "https://bitacora.example.org/es/"+seed.ELAC2020Slug+"/activities/"+act.Code+"/reports/2019-H1") ||
			!strings.Contains(digest.Part("text/plain"), "/es/account/mail") {
			t.Fatalf("the digest does not list the held message with its link and the preferences link")
		}
		if got := kinds(t, db)["bureau@example.org"]; !strings.Contains(strings.Join(got, ","), "report_submitted/digested") {
			t.Errorf("the held message is not marked digested: %v", got)
		}
	})
}

// The forgot-password page answers alike for known and unknown addresses,
// queues at most one link an hour for an account, and limits requests per
// requesting address.
func TestForgotPassword(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db := newServer(t, b)
		ctx := context.Background()
		makeUser(t, db, "ana@example.org")
		visitor := newBrowser(t, ts)
		if resp, body := visitor.get("/en/password/forgot"); resp.StatusCode != 200 || !strings.Contains(body, "Ask for a link") {
			t.Fatalf("forgot page: %d", resp.StatusCode)
		}
		var answers []string
		for _, email := range []string{"ana@example.org", "nobody@example.org", "ANA@example.org"} {
			resp, body := visitor.post("/en/password/forgot", url.Values{"email": {email}})
			if resp.StatusCode != 200 {
				t.Fatalf("forgot %s: %d", email, resp.StatusCode)
			}
			answers = append(answers, strings.ReplaceAll(body, email, ""))
		}
		if answers[0] != answers[1] || !strings.Contains(answers[0], "If there is an account with that address") {
			t.Error("the answer tells a known address from an unknown one")
		}
		list, err := db.Outbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		resets := 0
		for _, m := range list {
			if m.Kind == store.KindPasswordReset {
				resets++
			}
		}
		if resets != 1 {
			t.Errorf("%d password links queued for two requests within the hour; want 1", resets)
		}
		// Per requesting address: the free requests, then 429.
		var last int
		for i := 0; i < store.ResetAddrFree+1; i++ {
			resp, _ := visitor.post("/en/password/forgot", url.Values{"email": {"other" + itoa(int64(i)) + "@example.org"}})
			last = resp.StatusCode
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("after %d requests from one address: %d; want 429", store.ResetAddrFree+1, last)
		}
	})
}

// An admin sends a fresh link from the user's page: queued by mail, never
// shown; the preferences page saves one's own choices.
func TestAdminSendsLinkAndPreferences(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db := newServer(t, b)
		ctx := context.Background()
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		u := makeUser(t, db, "ana@example.org")
		admin := newBrowser(t, ts)
		admin.login("admin@example.org")
		resp, body := admin.landed(admin.post("/fr/admin/users/"+itoa(u.ID)+"/link", nil))
		if resp.StatusCode != 200 || strings.Contains(body, "token=") || !strings.Contains(body, "Le lien partira par courriel") {
			t.Fatalf("send link: %d", resp.StatusCode)
		}
		list, _ := db.Outbox(ctx, 10)
		if r := find(list, store.KindPasswordReset, "ana@example.org"); r == nil || r.State != store.OutboxWaiting {
			t.Errorf("no password link queued for ana: %+v", list)
		}
		ana := newBrowser(t, ts)
		ana.login("ana@example.org")
		if resp, body := ana.get("/pt/account/mail"); resp.StatusCode != 200 || !strings.Contains(body, "Mensagens por e-mail") {
			t.Fatalf("preferences page: %d", resp.StatusCode)
		}
		resp, _ = ana.post("/pt/account/mail", url.Values{store.KindVersionApproved: {store.MailOff}, store.KindReportAccepted: {store.MailDigest}})
		if resp.StatusCode != 200 {
			t.Fatalf("save preferences: %d", resp.StatusCode)
		}
		prefs, _ := db.MailPreferences(ctx, u.ID)
		if prefs[store.KindVersionApproved] != store.MailOff || prefs[store.KindReportAccepted] != store.MailDigest || prefs[store.KindReportReturned] != store.MailEach {
			t.Errorf("preferences saved as %v", prefs)
		}
		if resp, _ := ana.post("/pt/account/mail", url.Values{store.KindVersionApproved: {"sometimes"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an unknown mode: %d; want 422", resp.StatusCode)
		}
	})
}
