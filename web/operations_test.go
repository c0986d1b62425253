package web_test

import (
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// The secretariat's workspace: a file with problems lists them by line
// and links nothing; a good file is previewed with a choice of programme
// activity for each of its operations (by code and text, never an id),
// saved, shown on the activity page, unlinked; the report's cover is set
// and the follow-up report shows it. Nobody else may use the page.
func TestOperationsWorkspace(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		makeUser(t, db, "bureau@example.org", bitacora.RoleBureau)
		other := newBrowser(t, ts)
		other.login("bureau@example.org")
		if resp, _ := other.get("/es/elac2020/operations"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the Bureau opens the operations page: %d", resp.StatusCode)
		}
		b := newBrowser(t, ts)
		b.login("sec@example.org")
		if resp, page := b.get("/es/elac2020/operations"); resp.StatusCode != 200 || !strings.Contains(page, `<option value="30.1">30.1 — `) {
			t.Fatalf("operations page: %d", resp.StatusCode)
		}

		broken, _ := os.ReadFile("../iatiread/testdata/broken.xml")
		resp, page := b.postFile("/es/elac2020/operations/preview", url.Values{"activity": {"1.1"}}, "file", "broken.xml", broken)
		if resp.StatusCode != 422 || !strings.Contains(html.UnescapeString(page), `Línea 6, <activity-date>: "2019-13-45" is not a date`) || strings.Contains(page, `name="link_0"`) {
			t.Fatalf("broken file: %d\n%s", resp.StatusCode, problemsOf(page))
		}

		raw, _ := os.ReadFile("../iatiread/testdata/caf-2.03-extension.xml")
		resp, page = b.postFile("/es/elac2020/operations/preview", url.Values{"activity": {"1.1"}}, "file", "caf.xml", raw)
		if resp.StatusCode != 200 || !strings.Contains(page, "Cable submarino de fibra óptica del Pacífico Sur") ||
			!strings.Contains(page, `<option value="1.1" selected>`) || !strings.Contains(page, `name="link_1"`) {
			t.Fatalf("preview: %d", resp.StatusCode)
		}
		if ops, _ := db.Operations(t.Context(), "elac2020"); len(ops) != 0 {
			t.Fatal("the preview linked something")
		}
		file := html.UnescapeString(regexp.MustCompile(`name="file" value="([^"]*)"`).FindStringSubmatch(page)[1])
		// The first operation to 1.1, the second to 2.1.
		resp, _ = b.post("/es/elac2020/operations", url.Values{"file": {file}, "name": {"caf.xml"}, "link_0": {"1.1"}, "link_1": {"2.1"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		ops, _ := db.Operations(t.Context(), "elac2020")
		if len(ops["1.1"]) != 1 || len(ops["2.1"]) != 1 || ops["2.1"][0].IATI.Identifier != "XM-EXAMPLE-CAF-CFA-10988" || ops["1.1"][0].Source != "caf.xml" {
			t.Fatalf("linked: %+v", ops)
		}
		// An unknown activity code refuses everything and keeps the choices.
		resp, page = b.post("/es/elac2020/operations", url.Values{"file": {file}, "name": {"caf.xml"}, "link_0": {"99.9"}})
		if resp.StatusCode != 422 && resp.StatusCode != 200 || !strings.Contains(page, `name="link_0"`) {
			t.Errorf("an unknown activity: %d", resp.StatusCode)
		}
		_, page = b.get("/es/elac2020/activities/2.1")
		if !strings.Contains(page, "Fondo de acceso universal a banda ancha") {
			t.Error("the activity page does not show its operation")
		}

		resp, _ = b.post("/es/elac2020/operations/unlink", url.Values{"activity": {"2.1"}, "identifier": {"XM-EXAMPLE-CAF-CFA-10988"}})
		if ops, _ := db.Operations(t.Context(), "elac2020"); resp.StatusCode != http.StatusSeeOther || len(ops["2.1"]) != 0 {
			t.Errorf("unlink: %d, %v", resp.StatusCode, ops["2.1"])
		}

		resp, page = b.post("/es/elac2020/followup/cover", url.Values{"title_es": {"Informe de la Mesa Directiva a la Conferencia"}, "date": {"31/12/2019"}})
		if resp.StatusCode != 422 || !strings.Contains(page, `id="e-date"`) {
			t.Errorf("a malformed date: %d", resp.StatusCode)
		}
		resp, _ = b.post("/es/elac2020/followup/cover", url.Values{"title_es": {"Informe de la Mesa Directiva a la Conferencia"}, "date": {"2020-04-22"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("cover: %d", resp.StatusCode)
		}
		_, page = b.get("/es/elac2020/followup?period=2019-H2")
		if !strings.Contains(page, "<h1>Informe de la Mesa Directiva a la Conferencia</h1>") || !strings.Contains(page, "22 de abril de 2020") {
			t.Error("the follow-up report does not show the cover set")
		}
		_, page = b.get("/en/elac2020/followup?period=2019-H2")
		if !strings.Contains(page, "<h1>Follow-up report: eLAC2020</h1>") {
			t.Error("a language without a title set does not get the usual one")
		}
	})
}
