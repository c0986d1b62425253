package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// Separation of duties, through the pages and the API: nobody accepts or
// returns a report of a party they are a focal point of (its lead, or a
// party that contributed to it), nobody approves a revision they drafted
// or edited unless the programme allows a single-member Bureau, and the
// admin is warned about a user who holds both roles.
func TestSeparationOfDuties(t *testing.T) {
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
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		self := makeUser(t, db, "mesa-y-punto-focal@example.org", bitacora.RoleBureau) // also the lead's focal point
		other := makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)
		contributor := makeUser(t, db, "mesa-isoc@example.org", bitacora.RoleBureau) // also ISOC's focal point
		_, err := db.AddMembership(ctx, self.ID, lead11, "2018-01-01", "")
		must(err)
		_, err = db.AddMembership(ctx, contributor.ID, co11, "2018-01-01", "")
		must(err)
		selfTok, otherTok, contribTok := token(t, db, self, bitacora.ScopeWrite), token(t, db, other, bitacora.ScopeWrite), token(t, db, contributor, bitacora.ScopeWrite)
		admin, selfB, otherB := newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts)
		admin.login("admin@example.org")
		selfB.login("mesa-y-punto-focal@example.org")
		otherB.login("mesa@example.org")

		// Reports of 1.1 submitted; ISOC contributed to the first one.
		submitted := func(period string, contribute bool) int {
			k := reportKey("1.1", period)
			rep, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "x"}, nil)
			must(err)
			if contribute {
				rep, err = db.Contribute(ctx, k, rep.Version, co11, "Aporte de ISOC.", nil)
				must(err)
			}
			rep, err = db.Submit(ctx, k, rep.Version, nil)
			must(err)
			return rep.Version
		}
		v1, v2 := submitted("2019-H1", true), submitted("2019-H2", false)
		api := "/api/v1/programmes/elac2020/activities/1.1/reports/"
		review := func(version int) map[string]any {
			return map[string]any{"version": version, "decision": "accept", "comment": ""}
		}
		if code, body := apiCall(t, selfB, "POST", api+"2019-H1/review", selfTok, review(v1)); code != http.StatusForbidden {
			t.Errorf("API: the lead's focal point reviews their own report: %d %s; want 403", code, body)
		}
		if code, body := apiCall(t, selfB, "POST", api+"2019-H1/review", contribTok, review(v1)); code != http.StatusForbidden {
			t.Errorf("API: a contributor's focal point reviews the report: %d %s; want 403", code, body)
		}
		if resp, _ := selfB.post("/es/elac2020/activities/1.1/reports/2019-H2/review", url.Values{"version": {strconv.Itoa(v2)}, "decision": {"accept"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("page: the lead's focal point reviews their own report: %d; want 403", resp.StatusCode)
		}
		if _, body := selfB.get("/es/elac2020/activities/1.1/reports/2019-H2"); strings.Contains(body, `action="/es/elac2020/activities/1.1/reports/2019-H2/review"`) || !strings.Contains(body, "otro miembro de la Mesa Directiva debe examinarlo") {
			t.Errorf("page: the report shows its own focal point the review form, or no notice")
		}
		for _, period := range []string{"2019-H1", "2019-H2"} {
			if rep, _ := db.Report(ctx, reportKey("1.1", period)); rep.State != bitacora.StateSubmitted {
				t.Errorf("%s: a refused review changed the report to %s", period, rep.State)
			}
		}
		if code, body := apiCall(t, otherB, "POST", api+"2019-H1/review", otherTok, review(v1)); code != http.StatusOK {
			t.Errorf("API: another Bureau member reviews: %d %s; want 200", code, body)
		}
		if resp, body := otherB.post("/es/elac2020/activities/1.1/reports/2019-H2/review", url.Values{"version": {strconv.Itoa(v2)}, "decision": {"accept"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("page: another Bureau member reviews: %d %s; want 303", resp.StatusCode, body)
		}

		// Revisions. 1: drafted by self; self may not approve it, another
		// member may.
		revAPI := "/api/v1/programmes/elac2020/revisions"
		drafts := 0
		oneChange := func() []any {
			drafts++
			return []any{map[string]any{"op": "edit_objective", "objective": 1, "text": "Objetivo revisado " + strconv.Itoa(drafts), "reason": "Ajuste."}}
		}
		// propose sends a draft to the Bureau, as the drafters do before
		// anyone may approve it.
		propose := func(tok string, id int64, version int) int {
			t.Helper()
			code, body := apiCall(t, selfB, "POST", revAPI+"/"+strconv.FormatInt(id, 10)+"/propose", tok, map[string]any{"version": version})
			if code != http.StatusOK {
				t.Fatalf("propose: %d %s", code, body)
			}
			return version + 1
		}
		create := func(tok string) (id int64, version int) {
			t.Helper()
			code, body := apiCall(t, selfB, "POST", revAPI, tok, map[string]any{"title": "Revisión", "changes": oneChange()})
			var rev struct {
				ID      int64 `json:"id"`
				Version int   `json:"version"`
			}
			if json.Unmarshal([]byte(body), &rev); code != http.StatusCreated {
				t.Fatalf("draft a revision: %d %s", code, body)
			}
			return rev.ID, rev.Version
		}
		approveAPI := func(tok string, id int64, version int) (int, string) {
			return apiCall(t, selfB, "POST", revAPI+"/"+strconv.FormatInt(id, 10)+"/approve", tok, map[string]any{"version": version, "approved_on": "2019-11-20"})
		}
		approvePage := func(b *browser, id int64, version int) int {
			resp, _ := b.post("/es/elac2020/revisions/"+strconv.FormatInt(id, 10)+"/approve", url.Values{"version": {strconv.Itoa(version)}, "approved_on": {"2019-11-20"}})
			return resp.StatusCode
		}
		id, ver := create(selfTok)
		ver = propose(selfTok, id, ver)
		if code, body := approveAPI(selfTok, id, ver); code != http.StatusForbidden {
			t.Errorf("API: the drafter approves: %d %s; want 403", code, body)
		}
		if code := approvePage(selfB, id, ver); code != http.StatusForbidden {
			t.Errorf("page: the drafter approves: %d; want 403", code)
		}
		if _, body := selfB.get("/es/elac2020/revisions/" + strconv.FormatInt(id, 10)); strings.Contains(body, "/approve") || !strings.Contains(body, "otro miembro de la Mesa Directiva debe aprobarla") {
			t.Errorf("page: the drafter is shown the approval form, or no notice")
		}
		if code, body := approveAPI(otherTok, id, ver); code != http.StatusOK {
			t.Errorf("API: another Bureau member approves: %d %s; want 200", code, body)
		}

		// 2: drafted by the other member, edited by self: self may not
		// approve it, until an admin allows a single-member Bureau.
		id, ver = create(otherTok)
		code, body := apiCall(t, selfB, "PUT", revAPI+"/"+strconv.FormatInt(id, 10), selfTok, map[string]any{"version": ver, "title": "Revisión corregida", "changes": oneChange()})
		if code != http.StatusOK {
			t.Fatalf("edit the draft: %d %s", code, body)
		}
		ver = propose(otherTok, id, ver+1)
		if code, body := approveAPI(selfTok, id, ver); code != http.StatusForbidden {
			t.Errorf("API: an editor approves: %d %s; want 403", code, body)
		}
		if code := approvePage(selfB, id, ver); code != http.StatusForbidden {
			t.Errorf("page: an editor approves: %d; want 403", code)
		}
		if resp, _ := selfB.post("/es/admin/programmes/elac2020/settings", url.Values{"single_member_bureau": {"1"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a Bureau member changes the programme's settings: %d; want 403", resp.StatusCode)
		}
		if resp, body := admin.post("/es/admin/programmes/elac2020/settings", url.Values{"single_member_bureau": {"1"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the admin allows a single-member Bureau: %d %s", resp.StatusCode, body)
		}
		if _, body := admin.get("/es/admin/users"); !strings.Contains(body, `name="single_member_bureau" value="1" checked`) {
			t.Errorf("the admin page does not show the setting on")
		}
		if code := approvePage(selfB, id, ver); code != http.StatusSeeOther {
			t.Errorf("page: the editor approves with a single-member Bureau allowed: %d; want 303", code)
		}
		id, ver = create(selfTok)
		ver = propose(selfTok, id, ver)
		if code, body := approveAPI(selfTok, id, ver); code != http.StatusOK {
			t.Errorf("API: the drafter approves with a single-member Bureau allowed: %d %s; want 200", code, body)
		}
		entries, err := db.History(ctx, "programme:elac2020")
		must(err)
		found := false
		for _, e := range entries {
			found = found || e.Action == bitacora.ActionProgrammeSettings && strings.Contains(string(e.After), `"single_member_bureau":true`)
		}
		if !found {
			t.Errorf("the change of the setting is not in the change record")
		}

		// The admin is warned about the user who holds both roles, not
		// about the others.
		for u, want := range map[*bitacora.User]bool{self: true, contributor: true, other: false} {
			_, body := admin.get("/es/admin/users/" + itoa(u.ID))
			if got := strings.Contains(body, "es miembro de la Mesa Directiva y punto focal"); got != want {
				t.Errorf("admin page of %s: warning %v; want %v", u.Email, got, want)
			}
		}
	})
}
