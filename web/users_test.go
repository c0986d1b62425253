package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// One form invites someone with their roles and the party they are focal
// point of, named as people name it; a party the register does not know
// makes nothing and gives back what was typed. Languages are named, not
// coded; after each change the admin lands on the user's page, told what
// it did, by a redirect (issue 13, users).
func TestInviteWithRolesAndPartyInOneForm(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		admin := newBrowser(t, ts)
		admin.login("admin@example.org")

		_, page := admin.get("/es/admin/users")
		for _, want := range []string{`<option value="es" selected>Español</option>`, `<option value="en">English</option>`,
			`<option value="pt">Português</option>`, `<option value="fr">Français</option>`, `<td>Español</td>`,
			`<input id="f-party" name="party" type="text" list="register"`, `<option value="Internet Society"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the users page lacks %s", want)
			}
		}

		// A party the register does not know: nothing is made, and the
		// form comes back as it was typed.
		bad := url.Values{"email": {"rosa@example.org"}, "name": {"Rosa Pérez"}, "lang": {"pt"}, "roles": {"secretariat"},
			"party": {"Sociedad Imaginaria"}, "starts_on": {"2019-03-01"}}
		resp, page := admin.post("/es/admin/users", bad)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("an unknown party: %d; want 422", resp.StatusCode)
		}
		for _, want := range []string{`value="rosa@example.org"`, `value="Rosa Pérez"`, `value="Sociedad Imaginaria"`, `value="2019-03-01"`,
			`<option value="pt" selected>Português</option>`, `value="secretariat" checked`, `id="e-party"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the refused form lost %s", want)
			}
		}
		if _, err := db.UserByEmail(ctx, "rosa@example.org"); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Fatalf("a refused invitation made an account: %v", err)
		}

		// The same, with the party named by its acronym: account, role
		// and membership at once.
		good := url.Values{"email": {"rosa@example.org"}, "name": {"Rosa Pérez"}, "lang": {"pt"}, "roles": {"secretariat"},
			"party": {"isoc"}, "starts_on": {"2019-03-01"}}
		resp, page = admin.post("/es/admin/users", good)
		if resp.StatusCode != 200 || !strings.Contains(page, "/pt/password/set?token=") || !strings.Contains(page, "<h1>Rosa Pérez</h1>") {
			t.Fatalf("invite: %d; want the user's page with the one-time link (no mail here)", resp.StatusCode)
		}
		u, err := db.UserByEmail(ctx, "rosa@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if len(u.Roles) != 1 || u.Roles[0] != bitacora.RoleSecretariat || len(u.Memberships) != 1 ||
			u.Memberships[0].PartyID != "isoc" || u.Memberships[0].StartsOn != "2019-03-01" {
			t.Fatalf("invited: roles %v, memberships %+v", u.Roles, u.Memberships)
		}
		userPath := "/es/admin/users/" + itoa(u.ID)

		// Each change lands on the user's page with its flash, once.
		changes := []struct {
			path  string
			form  url.Values
			flash string
		}{
			{userPath, url.Values{"name": {"Rosa Pérez Soto"}, "lang": {"fr"}, "roles": {"secretariat"}}, "Cambios guardados."},
			{userPath + "/memberships", url.Values{"party": {"Alianza para el Internet Asequible"}, "starts_on": {"2020-01-01"}}, "Ahora es punto focal del participante."},
			{userPath + "/link", url.Values{}, "El enlace saldrá por correo en unos instantes (vea el buzón de salida)."},
		}
		for _, c := range changes {
			resp, page := admin.landed(admin.post(c.path, c.form))
			if resp.Request.URL.Path != userPath || !strings.HasPrefix(flashOf(page), c.flash) {
				t.Errorf("POST %s landed on %s with flash %q; want %s with %q", c.path, resp.Request.URL.Path, flashOf(page), userPath, c.flash)
			}
			if _, again := admin.get(userPath); flashOf(again) != "" {
				t.Errorf("POST %s: the flash shows twice", c.path)
			}
		}
		_, page = admin.get(userPath)
		if !strings.Contains(page, `<option value="fr" selected>Français</option>`) || !strings.Contains(page, "Alianza para el Internet Asequible") {
			t.Error("the user's page does not show the changes by name")
		}
		end := regexp.MustCompile(`<form method="post" action="(/es/admin/memberships/\d+/end\?user=\d+)">`).FindStringSubmatch(page)
		if end == nil {
			t.Fatal("no form to end a membership")
		}
		resp, page = admin.landed(admin.post(strings.ReplaceAll(end[1], "&amp;", "&"), url.Values{"ends_on": {"2021-01-01"}}))
		if resp.Request.URL.Path != userPath || flashOf(page) != "Membresía terminada." {
			t.Errorf("ending a membership landed on %s with %q", resp.Request.URL.Path, flashOf(page))
		}
		// A party the register does not know, on the user's page: refused,
		// with what was typed.
		resp, page = admin.post(userPath+"/memberships", url.Values{"party": {"Nadie"}, "starts_on": {"2020-01-01"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `value="Nadie"`) {
			t.Errorf("an unknown party on the user's page: %d", resp.StatusCode)
		}
	})
}
