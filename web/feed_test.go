package web_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// parseFeed fetches a feed and parses it with a feed reader's parser.
func parseFeed(t *testing.T, b *browser, path string) (*gofeed.Feed, string) {
	t.Helper()
	resp, body := b.get(path)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", path, err, body)
	}
	if f.FeedType != "atom" {
		t.Fatalf("%s is %s", path, f.FeedType)
	}
	return f, body
}

func entryByTitle(f *gofeed.Feed, title string) *gofeed.Item {
	for _, it := range f.Items {
		if it.Title == title {
			return it
		}
	}
	return nil
}

// The public follows a programme, a party and an activity through Atom
// feeds in its language: accepted report versions and approved programme
// versions, each entry with a stable id; a draft, a report under review
// or a new draft of an accepted report never shows.
func TestAtomFeeds(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db, srv := newSite(t, backend)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		accepted := acceptOn(t, db, reportKey("1.1", "2019-H1"), "Hoja de ruta regional de banda ancha.")
		acceptOn(t, db, reportKey("10.1", "2019-H1"), "Red GEALC informa.")
		acceptOn(t, db, reportKey("1.1", "2019-H2"), "Segundo semestre aceptado.")
		// What the public must not see: a draft, a report with the
		// Bureau, and a new draft of an accepted report.
		if _, err := db.SaveReport(ctx, reportKey("1.2", "2019-H1"), 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay,
			Completion: bitacora.CompletionLimited, Narrative: "SECRETO-BORRADOR"}, nil); err != nil {
			t.Fatal(err)
		}
		r, err := db.SaveReport(ctx, reportKey("1.3", "2019-H1"), 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay,
			Completion: bitacora.CompletionLimited, Narrative: "SECRETO-ENVIADO"}, nil)
		if err == nil {
			_, err = db.Submit(ctx, reportKey("1.3", "2019-H1"), r.Version, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		h2, _ := db.Report(ctx, reportKey("1.1", "2019-H2"))
		if _, err := db.SaveReport(ctx, reportKey("1.1", "2019-H2"), h2.Version, bitacora.ReportContent{Status: bitacora.StatusDelayed,
			Completion: bitacora.CompletionLimited, Narrative: "SECRETO-NUEVO-BORRADOR"}, nil); err != nil {
			t.Fatal(err)
		}
		text := "Observatorio regional"
		rev, err := db.CreateRevision(ctx, "elac2020", "Revisión de 2019", []bitacora.Change{
			{Op: bitacora.OpAddActivity, Objective: 1, Code: "1.6", Text: &text, Responsible: []string{"cepal"}, Reason: "Acordado."}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, propose(t, db, "elac2020", rev), "2019-11-20", nil); err != nil {
			t.Fatal(err)
		}

		const base = web.DefaultBaseURL
		public := newBrowser(t, ts)
		f, body := parseFeed(t, public, "/es/elac2020/feed.atom")
		if strings.Contains(body, "SECRETO") {
			t.Errorf("the programme's feed shows a draft or a report under review:\n%s", body)
		}
		if f.Language != "es" || !strings.Contains(f.Title, "informes aceptados y versiones aprobadas") || f.Link != base+"/es/elac2020" ||
			f.FeedLink != base+"/es/elac2020/feed.atom" {
			t.Errorf("feed: language %q, title %q", f.Language, f.Title)
		}
		var titles []string
		for _, it := range f.Items {
			titles = append(titles, it.Title)
		}
		for _, want := range []string{"Informe aceptado: actividad 1.1, 1.er semestre de 2019", "Informe aceptado: actividad 1.1, 2.º semestre de 2019",
			"Informe aceptado: actividad 10.1, 1.er semestre de 2019", "Versión 2 del programa aprobada"} {
			if !slices.Contains(titles, want) {
				t.Errorf("the programme's feed lacks %q: %q", want, titles)
			}
		}
		if len(titles) != 4 {
			t.Errorf("the programme's feed: %q; want 3 reports and 1 version", titles)
		}
		page := base + "/es/elac2020/activities/1.1/reports/2019-H1"
		it := entryByTitle(f, "Informe aceptado: actividad 1.1, 1.er semestre de 2019")
		if it == nil || it.GUID != page+"#v"+strconv.Itoa(accepted.Version) || it.Link != page || it.UpdatedParsed == nil ||
			!strings.Contains(it.Content, "Hoja de ruta regional") {
			t.Fatalf("the 1.1 entry: %+v", it)
		}
		if v := entryByTitle(f, "Versión 2 del programa aprobada"); v == nil || v.GUID != base+"/es/elac2020/v/2" ||
			v.Link != base+"/es/elac2020/diff?from=1&to=2" || v.UpdatedParsed == nil || v.UpdatedParsed.Format("2006-01-02") != "2019-11-20" {
			t.Errorf("the version entry: %+v", v)
		}
		// Served from the snapshot's cache, the same ids every time.
		if !slices.Contains(web.CachedKeys(srv, "elac2020"), "es/es/elac2020/feed.atom") {
			t.Errorf("the feed is not in the programme's page cache: %q", web.CachedKeys(srv, "elac2020"))
		}
		again, _ := parseFeed(t, public, "/es/elac2020/feed.atom")
		if again.Items[0].GUID != f.Items[0].GUID {
			t.Error("ids change between two reads")
		}
		// In English, in English.
		en, _ := parseFeed(t, public, "/en/elac2020/feed.atom")
		if en.Language != "en" || entryByTitle(en, "Report accepted: activity 1.1, First half of 2019") == nil {
			t.Errorf("the English feed: %q, %+v", en.Language, en.Items)
		}

		// A party's feed and an activity's.
		party, body := parseFeed(t, public, "/es/parties/red-gealc/feed.atom")
		if len(party.Items) != 1 || party.Items[0].Title != "Informe aceptado: actividad 10.1, 1.er semestre de 2019" || strings.Contains(body, "SECRETO") {
			t.Errorf("Red GEALC's feed: %+v", party.Items)
		}
		group, body := parseFeed(t, public, "/es/parties/"+accessGroup+"/feed.atom")
		if len(group.Items) != 2 || strings.Contains(body, "SECRETO") {
			t.Errorf("the access group's feed: %d entries", len(group.Items))
		}
		act, body := parseFeed(t, public, "/es/elac2020/activities/1.1/feed.atom")
		if len(act.Items) != 2 || strings.Contains(body, "SECRETO") || !strings.Contains(body, "Segundo semestre aceptado.") {
			t.Errorf("1.1's feed: %d entries\n%s", len(act.Items), body)
		}
		if resp, _ := public.get("/es/elac2020/activities/99.9/feed.atom"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("the feed of no activity: %d", resp.StatusCode)
		}
		if resp, _ := public.get("/es/parties/nobody/feed.atom"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("the feed of no party: %d", resp.StatusCode)
		}

		// Each page links its feed.
		for path, feed := range map[string]string{"/es/elac2020": "/es/elac2020/feed.atom", "/es/parties/red-gealc": "/es/parties/red-gealc/feed.atom",
			"/es/elac2020/activities/1.1": "/es/elac2020/activities/1.1/feed.atom"} {
			_, page := public.get(path)
			if !strings.Contains(page, `<link rel="alternate" type="application/atom+xml" title="`) || !strings.Contains(page, `href="`+feed+`">`) {
				t.Errorf("%s does not link its feed %s", path, feed)
			}
		}

		// Once the draft is accepted, it shows.
		acceptOn(t, db, reportKey("1.2", "2019-H1"), "Ya aceptado.")
		f, body = parseFeed(t, public, "/es/elac2020/feed.atom")
		if entryByTitle(f, "Informe aceptado: actividad 1.2, 1.er semestre de 2019") == nil || !strings.Contains(body, "Ya aceptado.") {
			t.Errorf("a report accepted since is not in the feed")
		}
	})
}
