package web_test

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

var historyList = regexp.MustCompile(`(?s)<ol class="history" reversed>(.*?)</ol>`)
var historyItem = regexp.MustCompile(`(?s)<li><span class="date">[^<]*</span> · (.*?)</li>`)

// publicHistory returns the actions a page's public history lists, newest
// first, once the site has seen the latest writes.
func publicHistory(t *testing.T, ts *httptest.Server, path string) []string {
	t.Helper()
	time.Sleep(40 * time.Millisecond) // the content snapshot refreshes every 10 ms in tests
	resp, body := get(t, ts, "GET", path)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d", path, resp.StatusCode)
	}
	var items []string
	if m := historyList.FindSubmatch(body); m != nil {
		for _, it := range historyItem.FindAllSubmatch(m[1], -1) {
			items = append(items, string(it[1]))
		}
	}
	return items
}

func has(items []string, part string) bool {
	for _, it := range items {
		if strings.Contains(it, part) {
			return true
		}
	}
	return false
}

// The public history of an activity shows what the public may see:
// accepted reports, approved versions that changed that activity, and
// changes to the activity itself. Drafts, submissions, draft revisions and
// programme-wide settings are not shown.
func TestPublicHistoryShowsOnlyWhatIsPublished(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		page := func(code string) []string { return publicHistory(t, ts, "/es/elac2020/activities/"+code) }
		if h := page("1.1"); len(h) != 1 || !has(h, "Programa importado") {
			t.Fatalf("history of a fresh activity: %q; want the import only", h)
		}

		k := reportKey("1.1", "2019-H1")
		rep, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "x"}, nil)
		if err == nil {
			rep, err = db.Submit(ctx, k, rep.Version, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		if h := page("1.1"); len(h) != 1 {
			t.Errorf("a saved and submitted report shows in the public history: %q", h)
		}
		if _, err := db.Review(ctx, k, rep.Version, true, "", nil); err != nil {
			t.Fatal(err)
		}
		if h := page("1.1"); len(h) != 2 || !strings.Contains(h[0], "1.er semestre de 2019") || !strings.Contains(h[0], "aceptado") {
			t.Errorf("after acceptance: %q; want the accepted report first", h)
		}

		changes := []bitacora.Change{{Op: bitacora.OpEditActivity, Activity: "1.3", Text: ptrString("Texto revisado de la actividad 1.3"), Reason: "Precisión."}}
		rev, err := db.CreateRevision(ctx, "elac2020", "Revisión", changes)
		if err == nil {
			rev, err = db.UpdateRevision(ctx, "elac2020", rev.ID, rev.Version, "Revisión de 2019", changes)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetWeights(ctx, "elac2020", map[string]float64{"1.1": 2}); err != nil {
			t.Fatal(err)
		}
		periods, _ := bitacora.HalfYears("2018-H2", "2021-H1")
		if err := db.SetPeriods(ctx, "elac2020", periods); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"1.1", "1.3", "1.4"} {
			h := page(code)
			for _, hidden := range []string{"Borrador", "Ponderaciones", "Períodos", "Revisión", "revisión"} {
				if has(h, hidden) {
					t.Errorf("%s shows %q before any approval: %q", code, hidden, h)
				}
			}
		}

		if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, propose(t, db, "elac2020", rev), "2019-11-20", nil); err != nil {
			t.Fatal(err)
		}
		if h := page("1.3"); len(h) != 2 || !strings.Contains(h[0], "revisión aprobada") {
			t.Errorf("1.3 after the approval of a revision that changed it: %q", h)
		}
		if h := page("1.4"); len(h) != 1 {
			t.Errorf("1.4, which the revision did not touch: %q; want the import only", h)
		}
	})
}

// After every kind of write, the pages that show a history (and the pages
// the writes are about) show no raw message key in any language: labels
// of actions are looked up at run time, so a missing one would show as
// ⟦key⟧.
func TestNoRawKeysAfterEveryKindOfWrite(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		focal := makeUser(t, db, "focal@isoc.example")
		mid, err := db.AddMembership(ctx, focal.ID, co11, "2018-01-01", "")
		must(err)
		must(db.EndMembership(ctx, mid, "2030-01-01"))
		// A report saved, with evidence and a contribution, submitted,
		// returned, submitted again and accepted; another left submitted.
		k := reportKey("1.1", "2019-H1")
		rep, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "x"}, nil)
		must(err)
		rep, err = db.AddFile(ctx, k, rep.Version, "informe.pdf", "application/pdf", []byte("%PDF-1.4\n"), nil)
		must(err)
		rep, err = db.Contribute(ctx, k, rep.Version, co11, "Aporte.", nil)
		must(err)
		rep, err = db.Submit(ctx, k, rep.Version, nil)
		must(err)
		rep, err = db.Review(ctx, k, rep.Version, false, "Falta detalle.", nil)
		must(err)
		rep, err = db.Submit(ctx, k, rep.Version, nil)
		must(err)
		_, err = db.Review(ctx, k, rep.Version, true, "", nil)
		must(err)
		other, err := db.SaveReport(ctx, reportKey("1.3", "2019-H1"), 0, bitacora.ReportContent{Status: bitacora.StatusDelayed, Completion: bitacora.CompletionLimited}, nil)
		must(err)
		_, err = db.Submit(ctx, reportKey("1.3", "2019-H1"), other.Version, nil)
		must(err)
		must(db.SetWeights(ctx, "elac2020", map[string]float64{"1.1": 2}))
		periods, _ := bitacora.HalfYears("2018-H2", "2021-H1")
		must(db.SetPeriods(ctx, "elac2020", periods))
		must(db.SetTranslation(ctx, "elac2020", "activity:1.1", "text", "en", "Activity 1.1 in English"))
		changes := []bitacora.Change{{Op: bitacora.OpEditActivity, Activity: "1.3", Text: ptrString("Texto revisado"), Reason: "Precisión."}}
		rev, err := db.CreateRevision(ctx, "elac2020", "Revisión", changes)
		must(err)
		rev, err = db.UpdateRevision(ctx, "elac2020", rev.ID, rev.Version, "Revisión de 2019", changes)
		must(err)
		_, err = db.ApproveRevision(ctx, "elac2020", rev.ID, propose(t, db, "elac2020", rev), "2019-11-20", nil)
		must(err)
		_, err = db.CreateRevision(ctx, "elac2020", "Otra revisión", nil)
		must(err)

		// Every action written above is in the change record.
		entries, err := db.AuditEntries(ctx, 0, 0)
		must(err)
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action] = true
		}
		for _, a := range []string{bitacora.ActionReportSave, bitacora.ActionReportFile, bitacora.ActionReportContribute, bitacora.ActionReportSubmit,
			bitacora.ActionReportReview, bitacora.ActionWeightsSet, bitacora.ActionPeriodsSet, bitacora.ActionTranslationSet,
			bitacora.ActionRevisionDraft, bitacora.ActionRevisionEdit, bitacora.ActionRevisionChange, bitacora.ActionRevisionApprove,
			bitacora.ActionMembershipAdd, bitacora.ActionMembershipEnd} {
			if !seen[a] {
				t.Errorf("no %s in the change record", a)
			}
		}

		time.Sleep(40 * time.Millisecond)
		paths := []string{"/elac2020/activities/1.1", "/elac2020/activities/1.3", "/elac2020/activities/1.4",
			"/parties/" + co11, "/parties/" + lead11, "/elac2020", "/elac2020/versions", "/elac2020/dashboard",
			"/elac2020/activities/1.1/reports/2019-H1"}
		for _, lang := range []string{"es", "en", "pt", "fr"} {
			for _, p := range paths {
				path := "/" + lang + p
				resp, body := get(t, ts, "GET", path)
				if resp.StatusCode != 200 {
					t.Errorf("%s: %d", path, resp.StatusCode)
				}
				if i := strings.Index(string(body), "⟦"); i >= 0 {
					t.Errorf("%s shows a raw key: %s", path, body[i:min(len(body), i+60)])
				}
			}
		}
	})
}
