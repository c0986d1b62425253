package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
	"github.com/elac/bitacora/web"
)

// do sends a request with headers, without the client's own gzip.
func do(t *testing.T, ts *httptest.Server, method, path string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// The "done when": a data journalist with no account finds the
// open data page from the home page, downloads eLAC2020's activities with
// their parties as XLSX — accents intact, numbers as numbers, dates as
// dates, the header row bold and frozen — and gets the same rows as JSON.
func TestOpenDataJournalist(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, _ := newServer(t, b)
		_, home := get(t, ts, "GET", "/es/")
		if !bytes.Contains(home, []byte(`href="/es/elac2020/data"`)) || !bytes.Contains(home, []byte(`href="/es/data"`)) {
			t.Fatal("the home page links to neither the programme's open data page nor the site's")
		}
		resp, page := get(t, ts, "GET", "/es/elac2020/data")
		if resp.StatusCode != 200 {
			t.Fatalf("open data page: %d", resp.StatusCode)
		}
		for _, want := range []string{`href="/elac2020/data/activities.xlsx"`, `href="/elac2020/data/activities.json"`, `href="/elac2020/data/activity_parties.csv"`,
			`href="/api/v1/programmes/elac2020/iati.xml"`, `href="/elac2020/data/datapackage.json"`, `href="/catalog.jsonld"`,
			"https://creativecommons.org/licenses/by/4.0/", "provisionales", "Último cambio"} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("the open data page lacks %s", want)
			}
		}
		resp, xl := get(t, ts, "GET", "/elac2020/data/activities.xlsx")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Disposition") != `attachment; filename="elac2020-activities.xlsx"` ||
			resp.Header.Get("Access-Control-Allow-Origin") != "*" || resp.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Fatalf("activities.xlsx: %d, %q, CORS %q", resp.StatusCode, resp.Header.Get("Content-Disposition"), resp.Header.Get("Access-Control-Allow-Origin"))
		}
		f, err := excelize.OpenReader(bytes.NewReader(xl))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); len(got) != 5 || got[0] != "activities" || got[1] != "activity_parties" || got[4] != "about" {
			t.Errorf("sheets %q", got)
		}
		panes, err := f.GetPanes("activities")
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("the header row is not frozen: %+v %v", panes, err)
		}
		style, _ := f.GetCellStyle("activities", "A1")
		if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
			t.Errorf("the header is not bold: %+v %v", s, err)
		}
		rows, err := f.GetRows("activities")
		if err != nil {
			t.Fatal(err)
		}
		// The same rows as JSON.
		_, js := get(t, ts, "GET", "/elac2020/data/activities.json")
		var doc struct {
			License struct{ Name, Path string }
			Tables  map[string][]map[string]any
		}
		if err := json.Unmarshal(js, &doc); err != nil {
			t.Fatal(err)
		}
		acts := doc.Tables["activities"]
		if doc.License.Name != "CC-BY-4.0" || len(acts) < 50 || len(rows) != len(acts)+1 {
			t.Fatalf("JSON: licence %q, %d activities; XLSX %d rows", doc.License.Name, len(acts), len(rows))
		}
		header := rows[0]
		accents := false
		for i, a := range acts {
			row := rows[i+1]
			for j, name := range header {
				want := ""
				switch v := a[name].(type) {
				case string:
					want = v
				case float64:
					want = strconv.FormatFloat(v, 'f', -1, 64)
				}
				got := ""
				if j < len(row) {
					got = row[j]
				}
				if got != want {
					t.Fatalf("activity %v, %s: XLSX %q, JSON %q", a["code"], name, got, want)
				}
			}
			accents = accents || strings.ContainsAny(a["text"].(string), "áéíóúñ")
		}
		if !accents {
			t.Error("no activity text with an accent: the comparison proves nothing about accents")
		}
		// Types kept: the code is text (1.1 is no number), the area a number.
		if ty, _ := f.GetCellType("activities", "A2"); ty != excelize.CellTypeSharedString && ty != excelize.CellTypeInlineString {
			t.Errorf("the code cell's type is %v; want text", ty)
		}
		if ty, _ := f.GetCellType("activities", "B2"); ty != excelize.CellTypeUnset && ty != excelize.CellTypeNumber {
			t.Errorf("the area cell's type is %v; want a number", ty)
		}
		if v, _ := f.GetCellValue("activities", "B2", excelize.Options{RawCellValue: true}); v != "1" {
			t.Errorf("area of the first activity: %q; want the number 1", v)
		}
		// Dates are dates: the versions' approval day is a serial number
		// with a date format, shown as the day.
		_, vx := get(t, ts, "GET", "/elac2020/data/versions.xlsx")
		fv, err := excelize.OpenReader(bytes.NewReader(vx))
		if err != nil {
			t.Fatal(err)
		}
		defer fv.Close()
		raw, _ := fv.GetCellValue("versions", "B2", excelize.Options{RawCellValue: true})
		shown, _ := fv.GetCellValue("versions", "B2")
		ds, _ := fv.GetCellStyle("versions", "B2")
		st, _ := fv.GetStyle(ds)
		if _, err := strconv.ParseFloat(raw, 64); err != nil || st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "yyyy-mm-dd" || len(shown) != 10 {
			t.Errorf("approved_on: raw %q, shown %q, style %+v; want a date serial shown yyyy-mm-dd", raw, shown, st)
		}
		props, err := f.GetDocProps()
		if err != nil || !strings.Contains(props.Description, "CC-BY-4.0") || props.Creator != web.DefaultPublisher {
			t.Errorf("document properties: %+v %v", props, err)
		}
	})
}

// Every dataset answers conditional requests (ETag and Last-Modified, a
// 304), gzip when asked, byte ranges, HEAD; a write the public sees
// changes the files it touched.
func TestOpenDataFilesRevalidate(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db := newServer(t, b)
		for _, path := range []string{"/elac2020/data/activities.csv", "/elac2020/data/activities.json", "/elac2020/data/activities.xlsx",
			"/elac2020/data/reports.csv", "/elac2020/data/changes.json", "/elac2020/data/datapackage.json"} {
			resp, body := do(t, ts, "GET", path, nil)
			etag, modified := resp.Header.Get("Etag"), resp.Header.Get("Last-Modified")
			if resp.StatusCode != 200 || etag == "" || modified == "" || resp.Header.Get("Access-Control-Allow-Origin") != "*" || len(body) == 0 {
				t.Errorf("%s: %d, ETag %q, Last-Modified %q", path, resp.StatusCode, etag, modified)
				continue
			}
			if nm, _ := do(t, ts, "GET", path, map[string]string{"If-None-Match": etag}); nm.StatusCode != http.StatusNotModified {
				t.Errorf("%s with its ETag: %d", path, nm.StatusCode)
			}
			if ims, _ := do(t, ts, "GET", path, map[string]string{"If-Modified-Since": modified}); ims.StatusCode != http.StatusNotModified {
				t.Errorf("%s If-Modified-Since its date: %d", path, ims.StatusCode)
			}
			part, got := do(t, ts, "GET", path, map[string]string{"Range": "bytes=10-19", "Accept-Encoding": "gzip"})
			if part.StatusCode != http.StatusPartialContent || !bytes.Equal(got, body[10:20]) || part.Header.Get("Content-Encoding") != "" {
				t.Errorf("%s bytes 10-19: %d %q", path, part.StatusCode, got)
			}
			head, hb := do(t, ts, "HEAD", path, nil)
			if head.StatusCode != 200 || len(hb) != 0 || head.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Errorf("%s HEAD: %d, %d bytes, length %q", path, head.StatusCode, len(hb), head.Header.Get("Content-Length"))
			}
			if strings.HasSuffix(path, ".xlsx") || len(body) < 1000 {
				continue // a zip already; too small to gain from gzip
			}
			gz, zb := do(t, ts, "GET", path, map[string]string{"Accept-Encoding": "gzip"})
			zr, err := gzip.NewReader(bytes.NewReader(zb))
			if gz.Header.Get("Content-Encoding") != "gzip" || err != nil {
				t.Errorf("%s with gzip: %q %v", path, gz.Header.Get("Content-Encoding"), err)
				continue
			}
			if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, body) {
				t.Errorf("%s: gzip gives other bytes", path)
			}
		}
		if resp, _ := do(t, ts, "GET", "/elac2020/data/nothing.csv", nil); resp.StatusCode != 404 {
			t.Errorf("an unknown file: %d", resp.StatusCode)
		}
		reports, _ := do(t, ts, "GET", "/elac2020/data/reports.csv", nil)
		structure, _ := do(t, ts, "GET", "/elac2020/data/activities.csv", nil)
		acceptReport(t, db, "elac2020", "1.1", bitacora.StatusCompleted)
		after, body := do(t, ts, "GET", "/elac2020/data/reports.csv", nil)
		if after.Header.Get("Etag") == reports.Header.Get("Etag") || !bytes.Contains(body, []byte("\n1.1,")) || !bytes.Contains(body, []byte(",completed,")) {
			t.Errorf("an accepted report did not change reports.csv:\n%s", body)
		}
		if same, _ := do(t, ts, "GET", "/elac2020/data/activities.csv", nil); same.Header.Get("Etag") != structure.Header.Get("Etag") {
			t.Error("an accepted report changed the structure's bytes")
		}
	})
}
