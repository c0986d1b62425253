package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/indicatorfile"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// The API defines an indicator and uploads Our World in Data's file and
// the World Bank API's JSON as the bodies: with a write token of the
// secretariat; a read token writes nothing; a dry run stores nothing; a
// refused file answers 422 with its problems by line and column.
func TestIndicatorAPI(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")
		mint := func(scope string) string {
			_, body := b.post("/es/account/tokens", url.Values{"token_name": {"script " + scope}, "scope": {scope}})
			m := regexp.MustCompile(`<code>(bt_[^<]+)</code>`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("create %s token", scope)
			}
			return m[1]
		}
		read, write := mint("read"), mint("write")
		call := func(token, method, path, contentType string, body []byte) (int, string) {
			req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(string(body)))
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			req.Header.Set("Content-Type", contentType)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			out, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(out)
		}
		def := []byte(`{"code":"BB","name":{"es":"Banda ancha fija","en":"Fixed broadband"},"unit":"por 100 habitantes","source":"UIT",
			"direction":"higher","measures":[{"programme":"elac2020","objective":29,"activity":"29.1"}],
			"goals":[{"programme":"elac2020","baseline":{"value":10.6,"year":2015},"target":{"value":20,"year":2022}}]}`)
		if status, body := call(read, "POST", "/api/v1/indicators", "application/json", def); status != http.StatusForbidden {
			t.Errorf("a read token defines an indicator: %d %s", status, body)
		}
		if status, body := call("", "POST", "/api/v1/indicators", "application/json", def); status != http.StatusUnauthorized {
			t.Errorf("no token defines an indicator: %d %s", status, body)
		}
		if status, body := call(write, "POST", "/api/v1/indicators", "application/json", def); status != http.StatusCreated || !strings.Contains(body, `"code": "BB"`) {
			t.Fatalf("define: %d %s", status, body)
		}
		owid, _ := os.ReadFile(filepath.Join("..", "indicatorfile", "testdata", "owid.csv"))
		if status, body := call(write, "POST", "/api/v1/indicators/BB/observations?dry_run=1", "text/csv", owid); status != 200 || !strings.Contains(body, `"stored": false`) {
			t.Errorf("dry run: %d %s", status, body)
		}
		if obs, _ := db.Observations(t.Context(), "BB"); len(obs) != 0 {
			t.Errorf("a dry run stored %d observations", len(obs))
		}
		status, body := call(write, "POST", "/api/v1/indicators/BB/observations?programme=elac2020", "text/csv", []byte("iso3,year,value\nCHL,2019,1.5\nCHL,2019,2\n"))
		var refused struct{ Problems []indicatorfile.Problem }
		json.Unmarshal([]byte(body), &refused)
		if status != http.StatusUnprocessableEntity || len(refused.Problems) != 1 ||
			refused.Problems[0] != (indicatorfile.Problem{Line: 3, Column: 3, Kind: "duplicate", Text: "CHL 2019 (line 2)"}) {
			t.Errorf("a duplicate: %d %s", status, body)
		}
		wb, _ := os.ReadFile(filepath.Join("..", "indicatorfile", "testdata", "worldbank_api.json"))
		if status, body := call(write, "POST", "/api/v1/indicators/BB/observations?programme=elac2020", "application/json", wb); status != 200 || !strings.Contains(body, `"stored": true`) {
			t.Fatalf("import: %d %s", status, body)
		}
		status, body = call("", "GET", "/api/v1/indicators/BB", "", nil)
		var s bitacora.Series
		if err := json.Unmarshal([]byte(body), &s); status != 200 || err != nil {
			t.Fatalf("series: %d %v %s", status, err, body)
		}
		if len(s.Regional) != 2 || s.Regional[1].Value != "17.6134471893311" || len(s.Latest) != 2 || s.Latest[1].Country != "HTI" || s.Latest[1].Value != "0" {
			t.Errorf("series: %+v", s)
		}
		if !strings.Contains(body, `"value": 17.6134471893311`) {
			t.Errorf("values are not JSON numbers: %s", body)
		}
		if status, body := call("", "GET", "/api/v1/indicators", "", nil); status != 200 || !strings.Contains(body, `"code": "BB"`) {
			t.Errorf("list: %d %s", status, body)
		}
		upd := []byte(`{"name":{"es":"Banda ancha fija"},"unit":"%","source":"UIT","direction":"higher"}`)
		if status, body := call(write, "PUT", "/api/v1/indicators/BB", "application/json", upd); status != 200 || !strings.Contains(body, `"unit": "%"`) {
			t.Errorf("update: %d %s", status, body)
		}
	})
}
