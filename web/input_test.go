package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// Junk text (a NUL, another control character, bytes that are not UTF-8)
// is refused at the edge, naming the field, on both databases: in a form,
// in a form with files, and in a JSON body. Nothing is stored.
func TestJunkTextIsRefusedNamingTheField(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		makeUser(t, db, "admin@example.org", bitacora.RoleAdmin)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		admin := newBrowser(t, ts)
		admin.login("admin@example.org")
		before, _ := db.VerifyAudit(ctx)

		for _, name := range []string{"Ana\x00Focal", "Ana\xffFocal", "Ana\x1bFocal"} {
			resp, body := admin.post("/es/admin/users", url.Values{"email": {"focal@isoc.example"}, "name": {name}, "lang": {"es"}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<code>name</code>") {
				t.Errorf("user name %q: %d; want 422 naming the field\n%s", name, resp.StatusCode, body)
			}
			if strings.Contains(body, "⟦") {
				t.Errorf("user name %q: a message key shows", name)
			}
		}
		if _, err := db.UserByEmail(ctx, "focal@isoc.example"); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("a refused user was stored: %v", err)
		}
		// Tabs and line breaks are text.
		if resp, _ := admin.post("/es/admin/users", url.Values{"email": {"focal@isoc.example"}, "name": {"Ana\tFocal"}, "lang": {"es"}}); resp.StatusCode != 200 {
			t.Errorf("a name with a tab: %d", resp.StatusCode)
		}

		// A form with files: any field, and the file's name.
		sec := newBrowser(t, ts)
		sec.login("sec@example.org")
		multi := func(field, value, fileName string) (*http.Response, string) {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("csrf", sec.csrf)
			mw.WriteField(field, value)
			fw, _ := mw.CreateFormFile("file", fileName)
			fw.Write([]byte("actividad;periodo;estado;avance\n1.1;2019-H1;en curso;limitado\n"))
			mw.Close()
			req, _ := http.NewRequest("POST", ts.URL+"/es/elac2020/reports/import", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			return sec.do(req)
		}
		if resp, body := multi("note", "a\x00b", "informes.csv"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<code>note</code>") {
			t.Errorf("multipart field with a NUL: %d", resp.StatusCode)
		}
		if resp, body := multi("note", "", "inf\xf3rmes.csv"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "<code>file</code>") {
			t.Errorf("a file name in Latin-1: %d", resp.StatusCode)
		}

		// The API: a translation with \u0000 is a 422 naming "text", not a
		// 500 (PostgreSQL refuses NUL in text); so is a raw invalid byte.
		token := mintToken(t, sec, "write")
		call := func(body string) (int, map[string]string) {
			req, _ := http.NewRequest("POST", ts.URL+"/api/v1/programmes/elac2020/translations", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			resp, raw := sec.do(req)
			var out struct {
				Error struct {
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			json.Unmarshal([]byte(raw), &out)
			return resp.StatusCode, out.Error.Fields
		}
		for _, text := range []string{`Identify\u0000.`, "Identify\xff.", `Identify\u0007.`, `Identify\u009b.`} {
			status, fields := call(`{"subject":"activity:1.1","field":"text","lang":"en","text":"` + text + `"}`)
			if status != http.StatusUnprocessableEntity || len(fields) != 1 || fields["text"] == "" || strings.Contains(fields["text"], "⟦") {
				t.Errorf("translation %q: %d %v; want 422 naming text", text, status, fields)
			}
		}
		if status, fields := call(`{"subject":"activity:1.1","field":"text","lang":"en","text":"Identify.\n\tAnd analyse."}`); status != 200 {
			t.Errorf("a good translation: %d %v", status, fields)
		}
		tr, err := db.Translations(ctx, "elac2020")
		if err != nil || len(tr) != 1 {
			t.Errorf("translations stored: %v, %v; want the good one only", tr, err)
		}
		if after, _ := db.VerifyAudit(ctx); after != before+3 { // the user with a tab, its token, the translation
			t.Errorf("audit entries: %d → %d; only the accepted writes leave one", before, after)
		}
	})
}

// mintToken makes an API token in the signed-in browser's account page.
func mintToken(t *testing.T, b *browser, scope string) string {
	t.Helper()
	resp, body := b.post("/es/account/tokens", url.Values{"token_name": {"script " + scope}, "scope": {scope}})
	i := strings.Index(body, "<code>bt_")
	if resp.StatusCode != 200 || i < 0 {
		t.Fatalf("create %s token: %d", scope, resp.StatusCode)
	}
	rest := body[i+len("<code>"):]
	return rest[:strings.Index(rest, "<")]
}
