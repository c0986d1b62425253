package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// flashOf returns the text of the page's flash (the status message at the
// top of main), "" for none.
func flashOf(page string) string {
	m := regexp.MustCompile(`<div class="notice flash" role="status" aria-live="polite"><p>([^<]*)</p></div>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return m[1]
}

// Every save, submission, review and approval says what it did, once, on
// the page it leads to, as a status message; the URL carries nothing of
// it, and a cached public page never shows it.
func TestConfirmationAfterEveryChange(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		focal := makeUser(t, db, "focal@mtic.example")
		if _, err := db.AddMembership(t.Context(), focal.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)
		makeUser(t, db, "mesa2@example.org", bitacora.RoleBureau)
		fp, bureau, bureau2, public := newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts)
		fp.login("focal@mtic.example")
		bureau.login("mesa@example.org")
		bureau2.login("mesa2@example.org")
		path := "/es/elac2020/activities/1.1/reports/2019-H1"
		version := func(b *browser) string {
			_, page := b.get(path)
			return regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		}
		// step sends a form and follows its redirect: the page it lands on
		// says want, and says it once.
		step := func(b *browser, send func() *http.Response, want string) {
			t.Helper()
			resp := send()
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || strings.Contains(loc, "?") && !strings.Contains(loc, "/diff?") {
				t.Fatalf("%q: %d → %q; want a 303 to a plain URL", want, resp.StatusCode, loc)
			}
			resp, page := b.get(loc)
			if got := flashOf(page); resp.StatusCode != 200 || got != want {
				t.Fatalf("after %q: %d, flash %q", want, resp.StatusCode, got)
			}
			if resp.Header.Get("Cache-Control") != "private, no-store" {
				t.Errorf("a page with a flash is %q; want private, no-store", resp.Header.Get("Cache-Control"))
			}
			if _, again := b.get(loc); flashOf(again) != "" {
				t.Errorf("the flash %q shows twice", want)
			}
		}
		save := func(narrative string) func() *http.Response {
			return func() *http.Response {
				resp, _ := fp.postMultipart(path, url.Values{"version": {version(fp)}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {narrative}}, "", nil)
				return resp
			}
		}
		post := func(b *browser, to string, form url.Values) func() *http.Response {
			return func() *http.Response {
				form.Set("version", version(b))
				resp, _ := b.post(to, form)
				return resp
			}
		}
		step(fp, save("Primera versión."), "Informe guardado.")
		step(fp, post(fp, path+"/submit", url.Values{}), "Informe enviado a la Mesa Directiva para su revisión.")
		step(bureau, post(bureau, path+"/review", url.Values{"decision": {"return"}, "comment": {"Falta el detalle."}}), "Informe devuelto con su comentario.")
		step(fp, save("Segunda versión."), "Informe guardado.")
		step(fp, post(fp, path+"/submit", url.Values{}), "Informe enviado a la Mesa Directiva para su revisión.")
		step(bureau, post(bureau, path+"/review", url.Values{"decision": {"accept"}}), "Informe aceptado: ya es público.")

		// A revision: created, changed, approved; the approval lands on the
		// public diff page, which the public then reads from the cache
		// without anyone's flash, and which the approver's flash did not
		// enter.
		resp, _ := bureau.post("/es/elac2020/revisions", url.Values{"title": {"Revisión"}})
		draft := resp.Header.Get("Location")
		if _, page := bureau.get(draft); flashOf(page) != "Borrador de revisión creado." {
			t.Errorf("after creating a revision: flash %q", flashOf(page))
		}
		revVersion := func() string {
			_, page := bureau.get(draft + "?op=retire_activity&activity=1.1")
			return regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		}
		step(bureau, func() *http.Response {
			resp, _ := bureau.post(draft+"/changes", url.Values{"version": {revVersion()}, "op": {"set_parties"}, "activity": {"1.4"},
				"responsible": {"cepal"}, "reason": {"CEPAL conduce el estudio."}})
			return resp
		}, "Borrador de revisión guardado.")
		if _, page := public.get("/es/elac2020/diff?from=1&to=1"); flashOf(page) != "" {
			t.Fatal("a public page shows a flash")
		}
		step(bureau, func() *http.Response {
			resp, _ := bureau.post(draft+"/propose", url.Values{"version": {revVersion()}})
			return resp
		}, "Revisión enviada a la Mesa Directiva.")
		step(bureau2, func() *http.Response {
			resp, _ := bureau2.post(draft+"/approve", url.Values{"version": {revVersion()}, "approved_on": {"2019-11-20"}})
			return resp
		}, "Revisión aprobada: es la nueva versión del programa.")
		if resp, page := public.get("/es/elac2020/diff?from=1&to=2"); resp.StatusCode != 200 || flashOf(page) != "" || strings.Contains(page, "Revisión aprobada") {
			t.Errorf("the public diff page: %d, flash %q", resp.StatusCode, flashOf(page))
		}

		// A flash cookie naming no message of the site shows nothing.
		forged := newBrowser(t, ts)
		u, _ := url.Parse(ts.URL)
		forged.c.Jar.SetCookies(u, []*http.Cookie{{Name: "bitacora_flash", Value: "<script>"}})
		if _, page := forged.get("/es/elac2020"); flashOf(page) != "" || strings.Contains(page, "<script>") {
			t.Error("a forged flash shows")
		}
	})
}
