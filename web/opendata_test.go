package web_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/piprate/json-gold/ld"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/xuri/excelize/v2"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/opendata"
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

// The data package validates against the official Data Package v2 JSON
// Schemas (kept in standards/frictionless-2.0, loaded offline), and every
// CSV against its Table Schema: header names and order, each cell of its
// field's type, required and unique fields, the primary key; and the
// size and hash the package gives.
func TestDataPackageValidates(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db := newServer(t, b)
		acceptReport(t, db, "elac2020", "1.1", bitacora.StatusCompleted)
		acceptReport(t, db, "elac2020", "2.1", bitacora.StatusUnderWay)
		_, body := get(t, ts, "GET", "/elac2020/data/datapackage.json")
		schemas := map[string]*jsonschema.Schema{}
		c := jsonschema.NewCompiler()
		// The profiles' patterns use lookaheads (ECMA-262, as JSON Schema
		// asks), which Go's regexp lacks.
		c.UseRegexpEngine(func(expr string) (jsonschema.Regexp, error) {
			re, err := regexp2.Compile(expr, regexp2.ECMAScript)
			if err != nil {
				return nil, err
			}
			return ecmaRegexp{re}, nil
		})
		for _, name := range []string{"datapackage", "dataresource", "tableschema", "tabledialect"} {
			f, err := os.Open("../standards/frictionless-2.0/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			url := "https://datapackage.org/profiles/2.0/" + name + ".json"
			if err := c.AddResource(url, doc); err != nil {
				t.Fatal(err)
			}
			if schemas[name], err = c.Compile(url); err != nil {
				t.Fatal(err)
			}
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas["datapackage"].Validate(inst); err != nil {
			t.Fatalf("datapackage.json: %v", err)
		}
		resources := inst.(map[string]any)["resources"].([]any)
		for _, r := range resources {
			res := r.(map[string]any)
			for part, schema := range map[string]string{"": "dataresource", "schema": "tableschema", "dialect": "tabledialect"} {
				v := any(res)
				if part != "" {
					v = res[part]
				}
				if err := schemas[schema].Validate(v); err != nil {
					t.Errorf("resource %v, %s: %v", res["name"], schema, err)
				}
			}
		}
		var pkg opendata.Descriptor
		if err := json.Unmarshal(body, &pkg); err != nil {
			t.Fatal(err)
		}
		if len(pkg.Resources) != 12 {
			t.Errorf("%d resources; want a CSV for each of the 12 tables", len(pkg.Resources))
		}
		checked := 0
		for i, res := range pkg.Resources {
			_, csvBody := get(t, ts, "GET", "/elac2020/data/"+res.Path)
			raw := resources[i].(map[string]any)
			if sum := sha256.Sum256(csvBody); raw["hash"] != "sha256:"+hex.EncodeToString(sum[:]) || fmt.Sprint(raw["bytes"]) != strconv.Itoa(len(csvBody)) {
				t.Errorf("%s: hash or size is not the file's", res.Path)
			}
			checked += checkTable(t, res.Path, csvBody, res)
		}
		if checked < 200 {
			t.Errorf("only %d cells checked: the CSVs are nearly empty", checked)
		}
	})
}

// ecmaRegexp is a regexp2 expression as jsonschema wants it.
type ecmaRegexp struct{ re *regexp2.Regexp }

func (e ecmaRegexp) MatchString(s string) bool {
	ok, err := e.re.MatchString(s)
	return ok && err == nil
}

func (e ecmaRegexp) String() string { return e.re.String() }

// checkTable checks a CSV against its Table Schema and returns the number
// of cells it checked.
func checkTable(t *testing.T, name string, body []byte, res struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Schema struct {
		Fields []struct {
			Name        string        `json:"name"`
			Type        opendata.Type `json:"type"`
			Constraints struct {
				Required bool `json:"required"`
				Unique   bool `json:"unique"`
			} `json:"constraints"`
		} `json:"fields"`
		PrimaryKey    []string `json:"primaryKey"`
		MissingValues []string `json:"missingValues"`
	} `json:"schema"`
}) int {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Errorf("%s: %v, %d rows", name, err, len(rows))
		return 0
	}
	fields := res.Schema.Fields
	if len(rows[0]) != len(fields) {
		t.Errorf("%s: header %q; schema has %d fields", name, rows[0], len(fields))
		return 0
	}
	col := map[string]int{}
	for i, f := range fields {
		col[f.Name] = i
		if rows[0][i] != f.Name {
			t.Errorf("%s: column %d is %q; the schema says %q", name, i+1, rows[0][i], f.Name)
		}
	}
	missing := func(s string) bool { return slices.Contains(res.Schema.MissingValues, s) }
	seen := make([]map[string]bool, len(fields))
	keys := map[string]bool{}
	cells := 0
	for n, row := range rows[1:] {
		line := n + 2
		for i, f := range fields {
			v := row[i]
			cells++
			if missing(v) {
				if f.Constraints.Required {
					t.Errorf("%s line %d: required %s is missing", name, line, f.Name)
				}
				continue
			}
			var err error
			switch f.Type {
			case opendata.Integer:
				_, err = strconv.Atoi(v)
			case opendata.Number:
				_, err = strconv.ParseFloat(v, 64)
			case opendata.DateT:
				_, err = time.Parse(time.DateOnly, v)
			case opendata.String:
			default:
				err = fmt.Errorf("type %q not checked", f.Type)
			}
			if err != nil {
				t.Errorf("%s line %d, %s = %q: not a %s: %v", name, line, f.Name, v, f.Type, err)
			}
			if f.Constraints.Unique {
				if seen[i] == nil {
					seen[i] = map[string]bool{}
				}
				if seen[i][v] {
					t.Errorf("%s line %d: %s %q is not unique", name, line, f.Name, v)
				}
				seen[i][v] = true
			}
		}
		if len(res.Schema.PrimaryKey) > 0 {
			var key []string
			for _, k := range res.Schema.PrimaryKey {
				v := row[col[k]]
				if missing(v) {
					t.Errorf("%s line %d: primary key field %s is missing", name, line, k)
				}
				key = append(key, v)
			}
			if k := strings.Join(key, "\x00"); keys[k] {
				t.Errorf("%s line %d: primary key %q repeated", name, line, key)
			} else {
				keys[k] = true
			}
		}
	}
	return cells
}

// readMandatory reads the DCAT-AP mandatory properties kept in the
// repository: class IRI → property IRIs.
func readMandatory(t *testing.T) map[string][]string {
	t.Helper()
	data, err := os.ReadFile("../standards/dcat-ap-3.0/mandatory.tsv")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		class, prop, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("mandatory.tsv: %q", line)
		}
		out[class] = append(out[class], prop)
	}
	return out
}

// offlineLoader serves the catalogue's context, kept in the repository,
// and nothing else: the expansion never reaches the network.
type offlineLoader struct{ url string }

func (o offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if u != o.url {
		return nil, fmt.Errorf("offline: no document %s", u)
	}
	doc, err := ld.DocumentFromReader(bytes.NewReader(opendata.Context))
	if err != nil {
		return nil, err
	}
	return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// The DCAT-AP catalogue, expanded offline with its kept context, has a
// node of each class it describes, and every node of each class holds
// each property DCAT-AP 3 makes mandatory for it; every dataset file is
// a distribution with its size.
func TestCatalogueHasDCATAPMandatoryProperties(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, _ := newServer(t, b)
		resp, body := get(t, ts, "GET", "/catalog.jsonld")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/ld+json" || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Fatalf("/catalog.jsonld: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if _, ctx := get(t, ts, "GET", "/catalog.context.jsonld"); !bytes.Equal(ctx, opendata.Context) {
			t.Error("the served context is not the kept one")
		}
		var doc any
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		opts := ld.NewJsonLdOptions("")
		opts.DocumentLoader = offlineLoader{web.DefaultBaseURL + opendata.ContextPath}
		expanded, err := ld.NewJsonLdProcessor().Expand(doc, opts)
		if err != nil {
			t.Fatal(err)
		}
		mandatory := readMandatory(t)
		count := map[string]int{}
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case []any:
				for _, x := range v {
					walk(x)
				}
			case map[string]any:
				types, _ := v["@type"].([]any)
				for _, ty := range types {
					count[ty.(string)]++
					for _, prop := range mandatory[ty.(string)] {
						if vals, _ := v[prop].([]any); len(vals) == 0 {
							t.Errorf("%v (%s) has no %s", v["@id"], ty, prop)
						}
					}
				}
				for k, x := range v {
					if k != "@type" {
						walk(x)
					}
				}
			}
		}
		walk(expanded)
		for class := range mandatory {
			if count[class] == 0 {
				t.Errorf("no node of class %s", class)
			}
		}
		// 6 datasets; per dataset an XLSX, a JSON and a CSV per table (12
		// tables), and the IATI file.
		if count["http://www.w3.org/ns/dcat#Dataset"] != 6 || count["http://www.w3.org/ns/dcat#Distribution"] != 6*2+12+1 {
			t.Errorf("%d datasets, %d distributions", count["http://www.w3.org/ns/dcat#Dataset"], count["http://www.w3.org/ns/dcat#Distribution"])
		}
		if !bytes.Contains(body, []byte(`"byteSize"`)) || !bytes.Contains(body, []byte(`"es": "Estructura del programa`)) {
			t.Error("the catalogue lacks sizes or Spanish titles")
		}
	})
}

// Without a publisher identifier the IATI file says in a comment that its
// identifiers are provisional, and so does the open data page; with one,
// the identifiers use it and nothing says provisional.
func TestIATIPublisherFromConfiguration(t *testing.T) {
	t.Parallel()
	seedtest.On(t, "sqlite", func(t *testing.T, b storetest.Backend) {
		ts, _ := newServer(t, b)
		_, xml := get(t, ts, "GET", "/api/v1/programmes/elac2020/iati.xml")
		if !bytes.Contains(xml, []byte("<!-- The identifiers in this file are provisional: XX-BITACORA")) || !bytes.Contains(xml, []byte("<iati-identifier>XX-BITACORA-elac2020-1.1<")) {
			t.Errorf("without a publisher: no provisional note, or other identifiers:\n%.600s", xml)
		}
		_, page := get(t, ts, "GET", "/en/elac2020/data")
		if !bytes.Contains(page, []byte("The identifiers in this file are provisional: XX-BITACORA is not a registered")) {
			t.Error("the open data page does not say the IATI identifiers are provisional")
		}
	})
	seedtest.On(t, "sqlite", func(t *testing.T, b storetest.Backend) {
		ts, _, _ := newSiteWith(t, b, web.Options{IATIPublisher: "XM-DAC-41122", Publisher: "CEPAL"})
		_, xml := get(t, ts, "GET", "/api/v1/programmes/elac2020/iati.xml")
		if bytes.Contains(xml, []byte("provisional")) || bytes.Contains(xml, []byte("XX-BITACORA")) ||
			!bytes.Contains(xml, []byte("<iati-identifier>XM-DAC-41122-elac2020-1.1<")) || !bytes.Contains(xml, []byte(`<reporting-org ref="XM-DAC-41122" type="40">`)) {
			t.Errorf("with a publisher:\n%.800s", xml)
		}
		_, page := get(t, ts, "GET", "/en/elac2020/data")
		if bytes.Contains(page, []byte("identifiers in this file are provisional")) || !bytes.Contains(page, []byte("IATI organisation identifier, XM-DAC-41122")) {
			t.Error("with a publisher, the open data page still says provisional, or does not name it")
		}
	})
}

// The operator's licence and attribution are in every format: the page
// and its footer, the JSON, the XLSX's properties and about sheet, the
// data package and the catalogue.
func TestOpenDataLicenceFromConfiguration(t *testing.T) {
	t.Parallel()
	seedtest.On(t, "sqlite", func(t *testing.T, b storetest.Backend) {
		lic, ok := opendata.LicenceFor("CC0-1.0", "", "Datos de la CEPAL")
		if !ok {
			t.Fatal("CC0-1.0 unknown")
		}
		ts, _, _ := newSiteWith(t, b, web.Options{DataLicence: lic})
		url := "https://creativecommons.org/publicdomain/zero/1.0/"
		for _, path := range []string{"/es/elac2020/data", "/es/parties", "/en/api", "/elac2020/data/activities.json", "/elac2020/data/datapackage.json", "/catalog.jsonld"} {
			_, body := get(t, ts, "GET", path)
			if !bytes.Contains(body, []byte(url)) || bytes.Contains(body, []byte("licenses/by/4.0")) || bytes.Contains(body, []byte("CC BY 4.0")) {
				t.Errorf("%s does not name the configured licence alone", path)
			}
			if strings.Contains(path, "/data") && !bytes.Contains(body, []byte("Datos de la CEPAL")) {
				t.Errorf("%s lacks the attribution", path)
			}
		}
		_, x := get(t, ts, "GET", "/elac2020/data/parties.xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(x))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		props, _ := f.GetDocProps()
		rows, _ := f.GetRows("about")
		about := fmt.Sprint(rows)
		if !strings.Contains(props.Description, "CC0-1.0") || !strings.Contains(props.Description, "Datos de la CEPAL") || !strings.Contains(about, url) || !strings.Contains(about, "Datos de la CEPAL") {
			t.Errorf("XLSX: properties %q, about %s", props.Description, about)
		}
	})
}
