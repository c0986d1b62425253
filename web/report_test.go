package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// postMultipart sends the report form as a browser would.
func (b *browser) postMultipart(path string, fields url.Values, fileName string, file []byte) (*http.Response, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fields.Set("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// Two focal points edit the same version: the second save answers 409,
// keeps its text in the form and shows the version it ran into; nothing is
// overwritten. The API answers the same with the current report.
func TestStaleReportEdits(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		for _, email := range []string{"uno@mtic.example", "dos@mtic.example"} {
			u := makeUser(t, db, email)
			if _, err := db.AddMembership(ctx, u.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
				t.Fatal(err)
			}
		}
		one, two := newBrowser(t, ts), newBrowser(t, ts)
		one.login("uno@mtic.example")
		two.login("dos@mtic.example")
		path := "/es/elac2020/activities/1.2/reports/2019-H1"
		form := func(narrative string) url.Values {
			return url.Values{"version": {"0"}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {narrative}}
		}
		if resp, body := one.postMultipart(path, form("Primera versión."), "", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d %s", resp.StatusCode, body)
		}
		resp, body := two.postMultipart(path, form("Texto de la segunda persona."), "", nil)
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("stale save: %d; want 409", resp.StatusCode)
		}
		for _, want := range []string{"Texto de la segunda persona.", "Primera versión.", "La versión actual", `name="version" value="1"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the 409 page lacks %q", want)
			}
		}
		rep, err := db.Report(ctx, reportKey("1.2", "2019-H1"))
		if err != nil || rep.Narrative != "Primera versión." || rep.Version != 1 {
			t.Fatalf("the stale save overwrote the report: %+v %v", rep, err)
		}

		// Wrong file type and bad fields: 422, nothing stored.
		resp, body = one.postMultipart(path, url.Values{"version": {"1"}, "status": {"finished"}, "completion": {"limited"},
			"links": {"javascript:alert(1)"}}, "virus.exe", []byte("MZ\x90\x00"))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Adjunte un PDF") || !strings.Contains(body, "http://") {
			t.Errorf("invalid save: %d", resp.StatusCode)
		}
		if rep, _ := db.Report(ctx, reportKey("1.2", "2019-H1")); rep.Version != 1 {
			t.Errorf("an invalid save changed the report to version %d", rep.Version)
		}

		// Through the API with a token.
		focal, _ := db.UserByEmail(ctx, "dos@mtic.example")
		token, err := db.CreateToken(ctx, focal.ID, "script", bitacora.ScopeWrite)
		if err != nil {
			t.Fatal(err)
		}
		put := func(version int) (*http.Response, map[string]json.RawMessage) {
			body, _ := json.Marshal(map[string]any{"version": version, "status": "delayed", "completion": "limited", "narrative": "Por API."})
			req, _ := http.NewRequest("PUT", ts.URL+"/api/v1/programmes/elac2020/activities/1.2/reports/2019-H1", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			resp, raw := one.do(req)
			var out map[string]json.RawMessage
			json.Unmarshal([]byte(raw), &out)
			return resp, out
		}
		resp, out := put(0)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(string(out["current"]), `"version": 1,`) {
			t.Fatalf("stale API save: %d %s", resp.StatusCode, out["current"])
		}
		if resp, _ := put(1); resp.StatusCode != http.StatusOK {
			t.Fatalf("API save from the current version: %d", resp.StatusCode)
		}
		// A focal point of a party with no part in the activity: 403.
		other := makeUser(t, db, "otro@isoc.example")
		if _, err := db.AddMembership(ctx, other.ID, "isoc", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		third := newBrowser(t, ts)
		third.login("otro@isoc.example")
		if resp, _ := third.postMultipart("/es/elac2020/activities/1.2/reports/2019-H1", form("x"), "", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a focal point of another party reports: %d; want 403", resp.StatusCode)
		}
		// Unknown period or activity: 404 pages.
		for _, p := range []string{"/es/elac2020/activities/1.2/reports/1999-H1", "/es/elac2020/activities/99.1/reports/2019-H1"} {
			if resp, _ := one.get(p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d; want 404", p, resp.StatusCode)
			}
		}
	})
}

func reportKey(code, period string) bitacora.ReportKey {
	return bitacora.ReportKey{Programme: "elac2020", Activity: code, Period: period}
}

// Narratives are the authors' Markdown; what reaches the page is safe HTML.
func TestNarrativeIsSanitised(t *testing.T) {
	t.Parallel()
	html := string(web.RenderMarkdown("**Hecho.** <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n- uno"))
	for _, bad := range []string{"<script", "javascript:", "onerror", "<img"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered narrative keeps %q: %s", bad, html)
		}
	}
	if !strings.Contains(html, "<strong>Hecho.</strong>") || !strings.Contains(html, "<li>uno</li>") {
		t.Errorf("Markdown not rendered: %s", html)
	}
}

// Weights set by the secretariat change the mean completion; without them
// every activity weighs the same.
func TestWeightsChangeProgress(t *testing.T) {
	t.Parallel()
	ts, db := newServer(t, seedtest.SQLite(t))
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	for code, c := range map[string]bitacora.Completion{"1.1": bitacora.CompletionComplete, "1.2": bitacora.CompletionNotStarted} {
		k := bitacora.ReportKey{Programme: "elac2020", Activity: code, Period: "2019-H1"}
		r, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: c}, nil)
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
	completion := func() float64 {
		time.Sleep(30 * time.Millisecond)
		resp, err := http.Get(ts.URL + "/api/v1/programmes/elac2020/progress?area=1")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var p struct {
			Completion float64 `json:"completion"`
		}
		json.NewDecoder(resp.Body).Decode(&p)
		return p.Completion
	}
	if got := completion(); got != 1.5 {
		t.Fatalf("equal weights: completion %.2f; want 1.50 (3 and 0 over two reported activities)", got)
	}
	if err := db.SetWeights(ctx, "elac2020", map[string]float64{"1.1": 3}); err != nil {
		t.Fatal(err)
	}
	if got := completion(); got != 2.25 {
		t.Errorf("1.1 weighing 3: completion %.2f; want 2.25", got)
	}
}

// The secretariat changes the reporting periods through the page.
func TestPeriodsPage(t *testing.T) {
	t.Parallel()
	ts, db := newServer(t, seedtest.SQLite(t))
	makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
	b := newBrowser(t, ts)
	b.login("sec@example.org")
	resp, page := b.get("/es/elac2020/periods")
	if resp.StatusCode != 200 || !strings.Contains(page, `value="2020-H2"`) || !strings.Contains(page, `name="key_5"`) {
		t.Fatalf("periods page: %d", resp.StatusCode)
	}
	form := url.Values{}
	ps, _ := db.Periods(context.Background(), "elac2020")
	for i, p := range ps {
		n := strconv.Itoa(i)
		form.Set("key_"+n, p.Key)
		form.Set("starts_"+n, p.StartsOn)
		form.Set("ends_"+n, p.EndsOn)
		form.Set("deadline_"+n, p.Deadline)
	}
	form.Set("deadline_1", "2019-09-30")
	form.Set("key_5", "2021-H1")
	form.Set("starts_5", "2021-01-01")
	form.Set("ends_5", "2021-06-30")
	form.Set("deadline_5", "2021-08-15")
	if resp, body := b.post("/es/elac2020/periods", form); resp.StatusCode != 200 || !strings.Contains(body, "Cambios guardados") {
		t.Fatalf("save periods: %d %s", resp.StatusCode, regexp.MustCompile(`(?s)<main.*</main>`).FindString(body))
	}
	ps, _ = db.Periods(context.Background(), "elac2020")
	if len(ps) != 6 || ps[1].Deadline != "2019-09-30" || ps[5].Key != "2021-H1" {
		t.Fatalf("periods after saving: %+v", ps)
	}
	form.Set("starts_5", "2020-12-01") // overlaps 2020-H2
	resp, body := b.post("/es/elac2020/periods", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "no pueden superponerse") {
		t.Errorf("overlapping periods: %d", resp.StatusCode)
	}
	if ps, _ := db.Periods(context.Background(), "elac2020"); ps[5].StartsOn != "2021-01-01" {
		t.Error("a refused change was stored")
	}
}
