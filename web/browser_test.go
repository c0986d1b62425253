package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/browsertest"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// These tests open every page type in real Chromium and check it with
// axe-core (WCAG 2.1 A and AA, and best practices) and with the Nu HTML
// Checker. `make test` installs what they need; CI fails without it.

var shared browsertest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	shared.Close()
	storetest.RemoveTemplates()
	os.Exit(code)
}

func siteServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts, _ := newServer(t, seedtest.SQLite(t))
	return ts
}

func TestAccessibilityOfEveryPageType(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	ts := siteServer(t)
	var names []string
	for _, pt := range pageTypes {
		for _, lang := range []string{"es", "en"} {
			names = append(names, pt.name+"/"+lang)
		}
	}
	sideBySide(t, names, func(t *testing.T, i int) {
		pt, lang := pageTypes[i/2], []string{"es", "en"}[i%2]
		opts := []browsertest.Option{}
		if pt.name == "not found" {
			opts = append(opts, browsertest.WantStatus(404))
		}
		url := ts.URL + "/" + lang + pt.path
		for _, v := range b.Axe(t, url, opts...) {
			t.Errorf("%s (%s): %s", pt.name, lang, v)
		}
		// And on a phone, where the layout reflows.
		if lang == "es" {
			for _, v := range b.Axe(t, url, append(opts, browsertest.Phone())...) {
				t.Errorf("%s (phone): %s", pt.name, v)
			}
		}
	})
}

// sideBySide runs check(t, i) as a subtest named names[i] for each name,
// two at a time, within the calling test's own turn. Subtests marked
// parallel would queue behind every other test of the package and run
// last, alone, with the machine's other core idle; most of their time goes
// to the browser, which a subtest's goroutine only waits for.
func sideBySide(t *testing.T, names []string, check func(t *testing.T, i int)) {
	t.Helper()
	var wg sync.WaitGroup
	turns := make(chan struct{}, 2)
	for i, name := range names {
		turns <- struct{}{}
		wg.Go(func() {
			defer func() { <-turns }()
			t.Run(name, func(t *testing.T) { check(t, i) })
		})
	}
	wg.Wait()
}

// axeEach checks each page (base + path) with axe-core, two tabs side by
// side, and returns when all are done.
func axeEach(t *testing.T, b *browsertest.Browser, base string, paths []string, opts ...browsertest.Option) {
	t.Helper()
	t.Run("axe", func(t *testing.T) {
		sideBySide(t, paths, func(t *testing.T, i int) {
			for _, v := range b.Axe(t, base+paths[i], opts...) {
				t.Errorf("%s: %s", paths[i], v)
			}
		})
	})
}

func TestValidHTMLOfEveryPageType(t *testing.T) {
	t.Parallel()
	tools := browsertest.Require(t)
	ts := siteServer(t)
	docs := map[string][]byte{}
	for _, pt := range pageTypes {
		for _, lang := range []string{"es", "fr"} {
			resp, err := http.Get(ts.URL + "/" + lang + pt.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			docs[lang+" "+pt.name] = body
		}
	}
	for name, msgs := range tools.VNU(t, docs) {
		for _, m := range browsertest.Errors(msgs) {
			t.Errorf("%s: %s", name, m)
		}
	}
}

// A keyboard user reaches the content first: Tab lands on the skip link,
// Enter moves focus to the main content.
func TestSkipLinkWithKeyboard(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	ts := siteServer(t)
	b.Visit(t, ts.URL+"/es/elac2020/activities/1.1", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			return err
		}
		first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className`))
		if err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.Sleep(100*time.Millisecond)); err != nil {
			return err
		}
		after, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
		if err != nil {
			return err
		}
		if first != "skip" || after != "main" {
			t.Errorf("Tab focused %q, Enter moved focus to %q; want the skip link, then main", first, after)
		}
		return nil
	})
}

// With JavaScript off the site works the same: the search form submits and
// the results show, marked.
func TestSearchWithoutJavaScript(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	ts := siteServer(t)
	b.Visit(t, ts.URL+"/es/elac2020", func(ctx context.Context) error {
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("site-q"), "politica"),
			chromedp.Submit(chromedp.ID("site-q")),
			chromedp.WaitVisible(chromedp.CSS("ol.results")),
		); err != nil {
			return err
		}
		url, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			return err
		}
		marked, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.results mark")))
		if err != nil {
			return err
		}
		if !strings.Contains(url, "/es/search?q=politica") || !strings.HasPrefix(strings.ToLower(marked), "pol") {
			t.Errorf("search without JS went to %s and marked %q", url, marked)
		}
		return nil
	}, browsertest.WithoutJS())
}

// Screenshots of the main pages at desktop and phone widths, for the
// README: BITACORA_SCREENSHOTS=docs/screenshots go test ./web -run Screenshots
func TestScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("BITACORA_SCREENSHOTS")
	if dir == "" {
		t.Skip("set BITACORA_SCREENSHOTS to a folder to write the README's screenshots")
	}
	b := shared.Browser(t)
	ts, db := newServer(t, seedtest.SQLite(t))
	followUp(t, db)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct{ name, path string }{
		{"dashboard", "/es/elac2020/dashboard"},
		{"diff", "/es/elac2020/diff?from=1&to=2"},
		{"programme", "/es/elac2020"},
		{"area", "/es/elac2020/areas/4"},
		{"activity", "/en/elac2020/activities/1.3"},
		{"party", "/es/parties/isoc"},
		{"search", "/es/search?q=politica"},
	} {
		b.Screenshot(t, ts.URL+s.path, 1280, 900, false, filepath.Join(dir, s.name+"-desktop.png"))
		b.Screenshot(t, ts.URL+s.path, browsertest.PhoneWidth, browsertest.PhoneHeight, false,
			filepath.Join(dir, s.name+"-phone.png"), browsertest.Phone())
	}
}

// The signed-in pages and their forms pass axe and the Nu checker too.
func TestAccessibilityOfAccountPages(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	tools := browsertest.Require(t)
	ts, db := newServer(t, seedtest.SQLite(t))
	admin := makeUser(t, db, "admin@example.org", bitacora.RoleAdmin, bitacora.RoleSecretariat, bitacora.RoleBureau)
	if _, err := db.AddMembership(context.Background(), admin.ID, "isoc", "2018-01-01", ""); err != nil {
		t.Fatal(err)
	}
	seedIndicator(t, db) // the indicators' workspace and public pages (issue 14)
	// The register's forms and the public page show names in languages,
	// chairs and a merge.
	rctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	if err := db.SetPartyNames(rctx, "red-gealc", []bitacora.PartyName{{Name: "eGovernment Network", Lang: "en"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetChairs(rctx, "red-gealc", []bitacora.Chair{{Country: "Panamá", Code: "PA", StartsOn: "2018-04-01", EndsOn: "2019-10-31"}, {Country: "Uruguay", Code: "UY", StartsOn: "2019-11-01"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddParty(rctx, bitacora.PartyEdit{Name: "Red de Gobierno Digital", Kind: bitacora.KindNetwork}); err != nil {
		t.Fatal(err)
	}
	if err := db.MergeParties(rctx, "red-gealc", "red-de-gobierno-digital"); err != nil {
		t.Fatal(err)
	}
	text := "Observatorio regional"
	rev, err := db.CreateRevision(context.Background(), "elac2020", "Revisión", []bitacora.Change{
		{Op: bitacora.OpAddActivity, Objective: 1, Code: "1.6", Text: &text, Responsible: []string{"cepal"}, Reason: "Acordado."}})
	if err != nil {
		t.Fatal(err)
	}
	// A revision sent to the Bureau: its approval and return forms.
	proposed, err := db.CreateRevision(actxFor("test"), "elac2020", "Revisión enviada", []bitacora.Change{
		{Op: bitacora.OpSetParties, Activity: "1.4", Responsible: []string{"cepal"}, CoResponsible: bitacora.PartyList(), Reason: "Acordado."}})
	if err == nil {
		_, err = db.ProposeRevision(actxFor("test"), "elac2020", proposed.ID, proposed.Version)
	}
	if err != nil {
		t.Fatal(err)
	}
	// A report waiting for review, and one returned: the queue, the work
	// list and the cycle view have rows.
	actx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	for _, code := range []string{"1.1", "1.2"} {
		k := bitacora.ReportKey{Programme: "elac2020", Activity: code, Period: "2019-H1"}
		r, err := db.SaveReport(actx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited}, nil)
		if err == nil {
			r, err = db.Submit(actx, k, r.Version, nil)
		}
		if err == nil && code == "1.2" {
			_, err = db.Review(actx, k, r.Version, false, "Falta el detalle.", nil)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// Evidence (issue 13): a report of an activity the admin's party
	// leads, with an accepted version whose file the secretariat may
	// withdraw, a trail, and a draft with files to remove or replace;
	// and a withdrawn file's page (410).
	lead, err := db.Document(context.Background(), "elac2020")
	if err != nil {
		t.Fatal(err)
	}
	evParty := lead.Activity("1.3").Responsible[0]
	if _, err := db.AddMembership(context.Background(), admin.ID, evParty, "2018-01-01", ""); err != nil {
		t.Fatal(err)
	}
	var withdrawn int64
	for _, period := range []string{"2019-H2", "2019-H1"} {
		k := bitacora.ReportKey{Programme: "elac2020", Activity: "1.3", Period: period}
		r, err := db.SaveReport(actx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Avance."}, nil)
		if err == nil {
			r, err = db.AddFile(actx, k, r.Version, "acta-del-taller.pdf", "application/pdf", []byte("%PDF-1.4\n% acta "+period+"\n"), nil)
		}
		if err == nil {
			r, err = db.Submit(actx, k, r.Version, nil)
		}
		if err == nil {
			r, err = db.Review(actx, k, r.Version, true, "", nil)
		}
		if err == nil && period == "2019-H2" {
			_, err = db.AddFile(actx, k, r.Version, "lista-de-asistentes.pdf", "application/pdf", []byte("%PDF-1.4\n% lista\n"), nil)
		}
		if err == nil && period == "2019-H1" {
			withdrawn = r.Files[0].ID
			err = db.WithdrawFile(actx, k, withdrawn, "Publicado por error.")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	pages := []string{"/es/elac2020/activities/1.3/reports/2019-H2", "/en/elac2020/activities/1.3/reports/2019-H2", "/es/elac2020/dashboard",
		"/es/parties/" + evParty,
		"/es/account", "/es/admin/users", "/es/admin/users/" + itoa(admin.ID), "/es/my/activities",
		"/es/elac2020/periods", "/es/elac2020/revisions", "/es/elac2020/revisions/" + itoa(rev.ID), "/es/elac2020/reports/import",
		"/es/elac2020/revisions/" + itoa(rev.ID) + "?op=set_parties&activity=1.4", "/en/elac2020/revisions/" + itoa(rev.ID) + "?op=add_activity",
		"/fr/elac2020/revisions/" + itoa(rev.ID) + "?op=edit_activity", "/pt/elac2020/revisions/" + itoa(rev.ID) + "?op=edit_programme",
		"/es/elac2020/revisions/" + itoa(proposed.ID), "/es/admin/programmes/new",
		"/es/elac2020/reviews", "/es/elac2020/cycle?period=2019-H1", "/en/account/mail", "/fr/admin/outbox",
		"/pt/elac2020/activities/4.5/reports/2019-H1", "/es/admin/parties", "/en/admin/parties?q=red", "/fr/admin/parties/red-gealc", "/pt/parties/red-gealc",
		"/es/elac2020/translations", "/en/elac2020/translations/en", "/fr/elac2020/translations/pt?show=missing", "/es/elac2020/weights",
		"/es/elac2020/operations",
		"/es/admin/indicators", "/en/admin/indicators/IT.NET.BBND.P2", "/es/indicators/IT.NET.BBND.P2", "/en/indicators/IT.NET.BBND.P2?sort=distance&order=desc",
		"/fr/countries/CHL", "/pt/elac2020/indicators", "/es/elac2020/objectives/29", "/en/elac2020/dashboard"}
	_, link, err := db.CreateUser(context.Background(), "invitee@example.org", "Invitee", "en", nil)
	if err != nil {
		t.Fatal(err)
	}
	public := []string{"/es/login", "/en/password/set?token=" + link, "/pt/password/forgot"}

	signIn(t, b, ts, "admin@example.org")
	axeEach(t, b, ts.URL, append(pages, public...))
	for _, v := range b.Axe(t, ts.URL+"/es/files/"+itoa(withdrawn), browsertest.WantStatus(410)) {
		t.Errorf("withdrawn file: %s", v)
	}
	// A used or unknown link says so without the form (410).
	for _, v := range b.Axe(t, ts.URL+"/en/password/set?token=x", browsertest.WantStatus(410)) {
		t.Errorf("invalid password link: %s", v)
	}
	web := newBrowser(t, ts)
	web.login("admin@example.org")
	docs := map[string][]byte{}
	_, body := newBrowser(t, ts).get("/en/password/set?token=x")
	docs["invalid password link"] = []byte(body)
	_, body = newBrowser(t, ts).get("/es/files/" + itoa(withdrawn))
	docs["withdrawn file"] = []byte(body)
	// The files' forms sent back with their errors.
	_, body = web.post("/es/elac2020/activities/1.3/reports/2019-H2/files/withdraw", url.Values{"file_id": {"1"}, "reason": {""}})
	docs["withdrawal without a reason"] = []byte(body)
	// A form posted after the session ended, and the page that sends it.
	ended := newBrowser(t, ts)
	_, body = ended.postMultipart("/es/elac2020/activities/1.1/reports/2019-H1", url.Values{"version": {"0"},
		"narrative": {"Un texto\nde varias líneas que no se pierde."}}, "", nil)
	docs["session ended"] = []byte(body)
	_, _, fields := formOf(t, body)
	fields.Set("email", "admin@example.org")
	fields.Set("password", testPassword)
	_, body = ended.postMultipart("/es/login", fields, "", nil)
	docs["signed in: send what you typed"] = []byte(body)
	for _, p := range append(pages, public...) {
		resp, body := web.get(p)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
		docs[p] = []byte(body)
	}
	// A form sent back with its errors too.
	_, body = web.post("/es/admin/users", url.Values{"email": {"not an address"}, "name": {""}, "lang": {"xx"}})
	docs["invite with errors"] = []byte(body)
	_, body = web.post("/es/admin/parties/red-gealc/chairs", url.Values{"chair_country": {"", "Chile"}, "chair_code": {"CHL", ""}, "chair_starts": {"2019", ""}, "chair_ends": {"", ""}})
	docs["chairs with errors"] = []byte(body)
	_, body = web.post("/es/admin/parties/red-gealc/merge", url.Values{"merged": {"cepal"}})
	docs["merge confirmation"] = []byte(body)
	// The weights' preview, a weight refused, and the editor with a field
	// refused.
	_, body = web.post("/es/elac2020/weights", url.Values{"w_1.1": {"2"}, "action": {"preview"}})
	docs["weights preview"] = []byte(body)
	_, body = web.post("/en/elac2020/weights", url.Values{"w_1.1": {"-2"}, "action": {"save"}})
	docs["weights refused"] = []byte(body)
	_, body = web.post("/es/elac2020/translations/en", url.Values{"id_3": {"activity:1.1.text"}, "hash_3": {"x"}, "text_3": {"Text"}})
	docs["translations refused"] = []byte(body)
	for name, msgs := range tools.VNU(t, docs) {
		for _, m := range browsertest.Errors(msgs) {
			t.Errorf("%s: %s", name, m)
		}
	}
}

// followUp gives a test site some accepted reports and an approved
// revision, as a programme has after a year of follow-up.
func followUp(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	statuses := []bitacora.Status{bitacora.StatusUnderWay, bitacora.StatusCompleted, bitacora.StatusDelayed, bitacora.StatusUnderWay}
	for i, code := range []string{"1.1", "1.3", "4.1", "10.1", "13.1", "20.1", "23.1", "29.1"} {
		for _, period := range []string{"2018-H2", "2019-H1"} {
			k := bitacora.ReportKey{Programme: "elac2020", Activity: code, Period: period}
			c := bitacora.ReportContent{Status: statuses[i%len(statuses)], Completion: bitacora.Completions[1+i%3], Narrative: "Avance del período."}
			r, err := db.SaveReport(ctx, k, 0, c, nil)
			if err == nil {
				r, err = db.Submit(ctx, k, r.Version, nil)
			}
			if err == nil {
				_, err = db.Review(ctx, k, r.Version, true, "", nil)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	text := "Observatorio regional de la banda ancha"
	rev, err := db.CreateRevision(ctx, "elac2020", "Revisión de 2019", []bitacora.Change{
		{Op: bitacora.OpSetParties, Activity: "1.4", Responsible: []string{"cepal"}, Reason: "CEPAL conduce el estudio sobre 5G."},
		{Op: bitacora.OpAddActivity, Objective: 1, Code: "1.6", Text: &text, Responsible: []string{"cepal"}, Reason: "Acordado por la Mesa Directiva en 2019."},
		{Op: bitacora.OpEditActivity, Activity: "2.1", Text: ptrString("Identificar, documentar y difundir buenas prácticas de proyectos locales, regionales e internacionales"), Reason: "Precisión del alcance."},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, propose(t, db, "elac2020", rev), "2019-11-20", nil); err != nil {
		t.Fatal(err)
	}
}

func ptrString(s string) *string { return &s }

// The pages that show follow-up and revisions, with data in them, pass axe
// and the Nu checker.
func TestAccessibilityOfFollowUpPages(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	tools := browsertest.Require(t)
	ts, db := newServer(t, seedtest.SQLite(t))
	followUp(t, db)
	linkOperations(t, db)
	docs := map[string][]byte{}
	paths := []string{"/es/elac2020/dashboard", "/es/elac2020/diff?from=1&to=2", "/en/elac2020/versions", "/es/elac2020/v/2",
		"/es/elac2020/activities/1.1", "/fr/elac2020/activities/1.1/reports/2019-H1", "/es/parties/cepal", "/es/elac2020",
		"/en/elac2020/activities/1.1", "/es/elac2020/followup?period=2019-H1", "/en/elac2020/followup"}
	axeEach(t, b, ts.URL, paths)
	for _, p := range paths {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		docs[p] = body
	}
	for name, msgs := range tools.VNU(t, docs) {
		for _, m := range browsertest.Errors(msgs) {
			t.Errorf("%s: %s", name, m)
		}
	}
}

// No page scrolls sideways or clips its content, on a phone (375 px, WCAG
// 1.4.10 reflow) or on a desktop (1280 px), in any language, signed in or
// not: the document is no wider than the viewport, and no element with
// overflow hidden cuts off what it holds. Wide tables may scroll inside
// their own region on a phone (.scroll), never on a desktop.
func TestReflowOnPhones(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	ts, db := newServer(t, seedtest.SQLite(t))
	followUp(t, db)
	signedIn := signedInPages(t, db)
	signIn(t, b, ts, "admin@example.org")
	type check struct{ name, path string }
	var checks []check
	for _, pt := range pageTypes {
		if pt.name != "not found" {
			checks = append(checks, check{pt.name, pt.path})
		}
	}
	for _, p := range signedIn {
		checks = append(checks, check{p, p})
	}
	// One tab per width, every page loaded in turn: a tab per page would
	// take minutes. The two tabs side by side.
	widths := []int{browsertest.PhoneWidth, 1280}
	sideBySide(t, []string{strconv.Itoa(widths[0]), strconv.Itoa(widths[1])}, func(t *testing.T, i int) {
		width := widths[i]
		// Every page in four languages in one tab: more than the default
		// minute on a busy machine.
		opts := []browsertest.Option{browsertest.Phone(), browsertest.Timeout(5 * time.Minute)}
		if width != browsertest.PhoneWidth {
			opts = []browsertest.Option{browsertest.Viewport(width, 900), browsertest.Timeout(5 * time.Minute)}
		}
		b.Visit(t, ts.URL+"/es", func(ctx context.Context) error {
			for _, lang := range locale.Supported {
				for _, c := range checks {
					url := ts.URL + "/" + lang + c.path
					resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
					if err != nil {
						return err
					}
					if resp == nil || resp.Status != 200 {
						t.Errorf("%s: not 200", url)
						continue
					}
					problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](clippedJS(width > browsertest.PhoneWidth)))
					if err != nil {
						return fmt.Errorf("%s: %w", url, err)
					}
					for _, p := range problems {
						t.Errorf("%s (%s, %d px): %s", c.name, lang, width, p)
					}
				}
			}
			return nil
		}, opts...)
	})
}

// clippedJS lists what scrolls sideways or is cut off in the page: the
// document wider than the viewport; an element with overflow hidden or clip
// whose content is wider than it (the visually hidden ones, 1 px wide,
// aside); on a desktop, also a scroll region that has to scroll.
func clippedJS(desktop bool) string {
	return `(() => {
	const out = [], desktop = ` + fmt.Sprint(desktop) + `;
	const vw = document.documentElement.clientWidth;
	const sw = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
	if (sw > vw) out.push("the page is " + sw + " px wide in a " + vw + " px viewport");
	const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
	for (const el of document.body.querySelectorAll("*")) {
		if (el.clientWidth <= 1 || el.closest(".visually-hidden")) continue;
		const ox = getComputedStyle(el).overflowX;
		const over = el.scrollWidth - el.clientWidth;
		if (over <= 1) continue;
		if (ox === "hidden" || ox === "clip") out.push(name(el) + " cuts off " + over + " px of its content");
		else if (desktop && (ox === "auto" || ox === "scroll")) out.push(name(el) + " scrolls by " + over + " px on a desktop");
	}
	return out;
})()`
}

// signedInPages gives the site a user who is admin, secretariat, Bureau and
// focal point of ISOC and of the working group that leads 1.1, and a draft revision, and returns the signed-in pages
// (without language prefix).
func signedInPages(t *testing.T, db *store.DB) []string {
	t.Helper()
	admin := makeUser(t, db, "admin@example.org", bitacora.RoleAdmin, bitacora.RoleSecretariat, bitacora.RoleBureau)
	for _, party := range []string{"isoc", "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital"} {
		if _, err := db.AddMembership(context.Background(), admin.ID, party, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
	}
	// The register's forms and the public page show names in languages,
	// chairs and a merge.
	rctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	if err := db.SetPartyNames(rctx, "red-gealc", []bitacora.PartyName{{Name: "eGovernment Network", Lang: "en"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetChairs(rctx, "red-gealc", []bitacora.Chair{{Country: "Panamá", Code: "PA", StartsOn: "2018-04-01", EndsOn: "2019-10-31"}, {Country: "Uruguay", Code: "UY", StartsOn: "2019-11-01"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddParty(rctx, bitacora.PartyEdit{Name: "Red de Gobierno Digital", Kind: bitacora.KindNetwork}); err != nil {
		t.Fatal(err)
	}
	if err := db.MergeParties(rctx, "red-gealc", "red-de-gobierno-digital"); err != nil {
		t.Fatal(err)
	}
	text := "Observatorio regional"
	rev, err := db.CreateRevision(context.Background(), "elac2020", "Revisión", []bitacora.Change{
		{Op: bitacora.OpAddActivity, Objective: 1, Code: "1.7", Text: &text, Responsible: []string{"cepal"}, Reason: "Acordado."}})
	if err != nil {
		t.Fatal(err)
	}
	return []string{"/account", "/admin/users", "/admin/users/" + itoa(admin.ID), "/my/activities",
		"/elac2020/activities/1.1/reports/2020-H1", "/elac2020/periods", "/elac2020/revisions",
		"/elac2020/revisions/" + itoa(rev.ID), "/elac2020/reports/import", "/elac2020/reviews", "/elac2020/cycle",
		"/elac2020/translations", "/elac2020/translations/en", "/elac2020/weights", "/elac2020/operations"}
}

// signIn signs the shared browser in through the form, as a person would.
func signIn(t *testing.T, b *browsertest.Browser, ts *httptest.Server, email string) {
	t.Helper()
	b.Visit(t, ts.URL+"/es/login", func(ctx context.Context) error {
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("f-email"), email),
			chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
			chromedp.Submit(chromedp.ID("f-password")),
		); err != nil {
			return err
		}
		// Signed in once the browser has followed the redirect to the
		// workspace.
		return waitPath(ctx, "/es/account")
	})
	var h1 string
	b.Eval(t, ts.URL+"/es/account", `document.querySelector("h1").textContent`, &h1)
	if h1 != "Área de trabajo" {
		t.Fatalf("the browser is not signed in: the account page shows %q", h1)
	}
}

// actxFor is a context whose writes are made by name.
func actxFor(name string) context.Context {
	return bitacora.WithActor(context.Background(), bitacora.Actor{Name: name})
}
