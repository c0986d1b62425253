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

// wantStatus fails unless resp has the status (and, for a redirect, goes
// to a location ending so).
func wantStatus(t *testing.T, what string, resp *http.Response, body string, status int, location string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: %d; want %d\n%.2000s", what, resp.StatusCode, status, body)
	}
	if location != "" && !strings.HasSuffix(resp.Header.Get("Location"), location) {
		t.Fatalf("%s: to %q; want %q", what, resp.Header.Get("Location"), location)
	}
}

func wantBody(t *testing.T, what, body string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

// The secretariat keeps the register in the browser: adds a party, renames
// it (same address), gives it names in languages and chairs, and merges
// another party into it after seeing what moves; the merged party's
// addresses then lead to the survivor, whose public page tells the merge.
// Forms with errors come back with them.
func TestRegisterPagesAsSecretariat(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")

		resp, body := b.get("/es/admin/parties?q=cepal")
		wantStatus(t, "register searched", resp, body, 200, "")
		wantBody(t, "register searched for cepal", body, `href="/es/admin/parties/cepal"`, "coincide")
		if strings.Contains(body, `href="/es/admin/parties/isoc"`) {
			t.Error("the search for cepal lists ISOC")
		}

		// Add, with an error first.
		resp, body = b.post("/es/admin/parties", url.Values{"name": {""}, "acronym": {"OPR"}, "kind": {"organisation"}})
		wantStatus(t, "add without a name", resp, body, http.StatusUnprocessableEntity, "")
		wantBody(t, "add without a name", body, "Escriba un nombre.", `value="OPR"`)
		resp, body = b.post("/es/admin/parties", url.Values{"name": {"Organización de Prueba"}, "acronym": {"OPR"}, "kind": {"organisation"}, "parent": {""}})
		wantStatus(t, "add", resp, body, http.StatusSeeOther, "/es/admin/parties/opr")
		resp, body = b.get("/es/admin/parties/opr")
		wantStatus(t, "added party's page", resp, body, 200, "")
		wantBody(t, "added party's page", body, "Participante añadido al registro.", `value="Organización de Prueba"`, "Español", "English", "Português", "Français")
		if strings.Contains(body, `name="parent" type="text"`) || strings.Contains(body, `name="merged" type="text"`) {
			t.Error("a party is asked for by typing, not picked by name")
		}

		// Rename: same address, new name on the public page at once.
		resp, body = b.post("/es/admin/parties/opr", url.Values{"name": {"Organización Renombrada"}, "acronym": {"OPR"}, "kind": {"network"}, "parent": {""}})
		wantStatus(t, "rename", resp, body, http.StatusSeeOther, "/es/admin/parties/opr")
		resp, body = b.get("/es/parties/opr")
		wantStatus(t, "renamed party's public page", resp, body, 200, "")
		wantBody(t, "renamed party's public page", body, "Organización Renombrada", "Red")

		// Names in languages and chairs.
		resp, body = b.post("/es/admin/parties/opr/aliases", url.Values{"alias": {"Test Organisation", ""}, "alias_lang": {"en", ""}})
		wantStatus(t, "aliases", resp, body, http.StatusSeeOther, "/es/admin/parties/opr#aliases")
		resp, body = b.post("/es/admin/parties/opr/chairs", url.Values{"chair_country": {"Chile", ""}, "chair_code": {"cl", ""},
			"chair_starts": {"2019-01-01", ""}, "chair_ends": {"", ""}})
		wantStatus(t, "chairs", resp, body, http.StatusSeeOther, "/es/admin/parties/opr#chairs")
		resp, body = b.post("/es/admin/parties/opr/chairs", url.Values{"chair_country": {"Uruguay"}, "chair_code": {"URY"}, "chair_starts": {"2020-01-01"}, "chair_ends": {"2019-01-01"}})
		wantStatus(t, "chairs with errors", resp, body, http.StatusUnprocessableEntity, "")
		wantBody(t, "chairs with errors", body, "El código ISO tiene dos letras", `value="Uruguay"`, `aria-invalid="true"`)
		resp, body = b.get("/es/parties/opr")
		wantStatus(t, "public page", resp, body, 200, "")
		wantBody(t, "public page", body, `<span lang="en">Test Organisation</span> (English)`, "Chile (CL), desde el")

		// Merge ISOC into it: first what moves, nothing merged yet.
		resp, body = b.post("/es/admin/parties/opr/merge", url.Values{"merged": {"isoc"}})
		wantStatus(t, "merge, first step", resp, body, 200, "")
		wantBody(t, "merge, first step", body, "¿Fusionar Internet Society (ISOC) en Organización Renombrada?", "funciones en actividades", `name="confirm" value="1"`)
		if resp, _ := b.get("/es/parties/isoc"); resp.StatusCode != 200 {
			t.Fatalf("ISOC after the first step: %d; nothing is merged before the confirmation", resp.StatusCode)
		}
		resp, body = b.post("/es/admin/parties/opr/merge", url.Values{"merged": {"isoc"}, "confirm": {"1"}})
		wantStatus(t, "merge", resp, body, http.StatusSeeOther, "/es/admin/parties/opr")
		resp, body = b.get("/es/parties/isoc")
		wantStatus(t, "merged party's page", resp, body, http.StatusMovedPermanently, "/es/parties/opr")
		resp, body = b.get("/api/v1/parties/isoc")
		wantStatus(t, "merged party in the API", resp, body, http.StatusPermanentRedirect, "/api/v1/parties/opr")
		resp, body = b.get("/es/admin/parties/isoc")
		wantStatus(t, "merged party's register page", resp, body, http.StatusSeeOther, "/es/admin/parties/opr")
		resp, body = b.get("/es/parties/opr")
		wantStatus(t, "survivor's page", resp, body, 200, "")
		wantBody(t, "survivor's page", body, "Absorbió a Internet Society", `href="/es/elac2020/activities/1.1"`, "Otro participante fusionado en este")
		resp, body = b.get("/api/v1/parties/opr")
		wantStatus(t, "survivor in the API", resp, body, 200, "")
		wantBody(t, "survivor in the API", body, `"activity_code": "1.1"`, `"absorbed"`)

		// Refused: into itself, and a merged party again.
		resp, body = b.post("/es/admin/parties/opr/merge", url.Values{"merged": {"opr"}, "confirm": {"1"}})
		wantStatus(t, "merge into itself", resp, body, http.StatusUnprocessableEntity, "")
		wantBody(t, "merge into itself", body, "no puede fusionarse consigo mismo")
		resp, body = b.post("/es/admin/parties/cepal/merge", url.Values{"merged": {"isoc"}, "confirm": {"1"}})
		wantStatus(t, "merge of a merged party", resp, body, http.StatusUnprocessableEntity, "")
		wantBody(t, "merge of a merged party", body, "ya se fusionó en otro")
	})
}

// Only the secretariat keeps the register: a focal point's forms are
// refused (403) and change nothing; the public is sent to sign in.
func TestRegisterFormsRefusedToOthers(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		focal := makeUser(t, db, "focal@example.org")
		if _, err := db.AddMembership(ctx, focal.ID, "isoc", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		head := func() int64 {
			seq, _, err := db.AuditHead(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return seq
		}
		before := head()
		forms := []struct {
			path string
			form url.Values
		}{
			{"/es/admin/parties", url.Values{"name": {"Intrusa"}, "kind": {"organisation"}}},
			{"/es/admin/parties/isoc", url.Values{"name": {"Renombrada"}, "kind": {"organisation"}}},
			{"/es/admin/parties/isoc/aliases", url.Values{"alias": {"Otra"}, "alias_lang": {"es"}}},
			{"/es/admin/parties/isoc/chairs", url.Values{"chair_country": {"Chile"}, "chair_starts": {"2019-01-01"}}},
			{"/es/admin/parties/cepal/merge", url.Values{"merged": {"isoc"}, "confirm": {"1"}}},
		}
		if resp, _ := newBrowser(t, ts).get("/es/admin/parties"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "/login?next=") {
			t.Errorf("the register as the public: %d; want 303 to sign in", resp.StatusCode)
		}
		fp := newBrowser(t, ts)
		fp.login("focal@example.org")
		anon := newBrowser(t, ts)
		for _, f := range forms {
			if resp, body := fp.post(f.path, f.form); resp.StatusCode != http.StatusForbidden {
				t.Errorf("a focal point posting %s: %d; want 403\n%.500s", f.path, resp.StatusCode, body)
			}
			// A filled form from the public comes back to sign in and
			// send it again (401, what was typed kept); an empty one
			// goes to sign in.
			resp, body := anon.post(f.path, f.form)
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `name="password"`) {
				t.Errorf("the public posting %s: %d; want 401 with the sign-in form", f.path, resp.StatusCode)
			}
			resp, _ = anon.post(f.path, nil)
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "/login?next=") {
				t.Errorf("the public posting %s empty: %d to %q; want 303 to sign in", f.path, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
		if after := head(); after != before {
			t.Errorf("refused forms wrote %d entries in the change record", after-before)
		}
		if p, err := db.Party(ctx, "isoc"); err != nil || p.Party.Name != "Internet Society" {
			t.Errorf("ISOC after the refused forms: %+v %v", p, err)
		}
		if _, err := db.Party(ctx, "intrusa"); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("a party was added by a focal point: %v", err)
		}
	})
}
