package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	validator "github.com/pb33f/libopenapi-validator"

	"github.com/pb33f/libopenapi"

	"github.com/elac/bitacora/api"
)

// Every response the test suite receives from the API is checked against
// the API's description (api/openapi.json): checkAPI wraps every test
// server's handler (serve, and the tests that build their own), and a
// response the description does not allow — an undocumented status, a
// content type or a body its schema refuses — fails the test that got it.
// So the description and the code cannot drift apart unnoticed.

// openAPI is the description read once for the whole test binary: a
// validator (safe for concurrent use) and the operations it describes.
var openAPI = sync.OnceValues(func() (*describedAPI, error) {
	doc, err := libopenapi.NewDocument(api.OpenAPI())
	if err != nil {
		return nil, err
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		return nil, fmt.Errorf("openapi.json: %v", errs)
	}
	var paths struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &paths); err != nil {
		return nil, err
	}
	d := &describedAPI{v: v}
	for p, item := range paths.Paths {
		pattern := "^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(regexp.QuoteMeta(p), `[^/]+`) + "$"
		op := describedPath{re: regexp.MustCompile(pattern), methods: map[string]bool{}}
		for m := range item {
			op.methods[strings.ToUpper(m)] = true
		}
		d.paths = append(d.paths, op)
	}
	return d, nil
})

type describedAPI struct {
	v     validator.Validator
	paths []describedPath
}

type describedPath struct {
	re      *regexp.Regexp
	methods map[string]bool
}

// describes reports whether the description has an operation for method
// and path.
func (d *describedAPI) describes(method, path string) bool {
	if method == http.MethodHead {
		method = http.MethodGet // every GET answers HEAD too
	}
	for _, p := range d.paths {
		if p.re.MatchString(path) && p.methods[method] {
			return true
		}
	}
	return false
}

// problem returns what the description does not allow in a response to
// r ("" when it allows it all).
func (d *describedAPI) problem(r *http.Request, status int, header http.Header, body []byte) string {
	if header.Get("Content-Encoding") == "gzip" && len(body) > 0 {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return "gzip: " + err.Error()
		}
		if body, err = io.ReadAll(zr); err != nil {
			return "gzip: " + err.Error()
		}
	}
	if !d.describes(r.Method, r.URL.Path) {
		// Outside the description (an unknown path, a method the path does
		// not take, a CORS preflight): only a 404 or 405 in the error
		// shape, or a preflight's empty 204, may answer.
		switch {
		case r.Method == http.MethodOptions && status == http.StatusNoContent && len(body) == 0:
			return ""
		case status != http.StatusNotFound && status != http.StatusMethodNotAllowed:
			return fmt.Sprintf("status %d for an operation the description lacks", status)
		}
		var e struct {
			Error struct {
				Code, Message string
			} `json:"error"`
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			return fmt.Sprintf("not the error shape: %q", body)
		}
		return ""
	}
	if r.Method == http.MethodHead {
		// No body to check: its GET is checked.
		return ""
	}
	req := httptest.NewRequest(r.Method, r.URL.RequestURI(), nil)
	resp := &http.Response{StatusCode: status, Header: header.Clone(), Body: io.NopCloser(bytes.NewReader(body)), Request: req}
	resp.Header.Del("Content-Encoding")
	ok, errs := d.v.ValidateHttpResponse(req, resp)
	if ok {
		return ""
	}
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%s (%s)", e.Message, e.Reason)
		for _, f := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "; at %s: %s", f.FieldPath, f.Reason)
		}
	}
	return b.String()
}

// teeWriter passes a response through and keeps a copy of its status and
// body.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *teeWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *teeWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

// checkAPI wraps a test server's handler: each response under /api/v1 is
// checked against the description, and t fails with the method, path,
// status and the validator's words when the description does not allow
// it.
func checkAPI(t testing.TB, next http.Handler) http.Handler {
	d, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/v1") {
			next.ServeHTTP(w, r)
			return
		}
		tw := &teeWriter{ResponseWriter: w}
		next.ServeHTTP(tw, r)
		if tw.status == 0 {
			tw.status = http.StatusOK
		}
		if msg := d.problem(r, tw.status, w.Header(), tw.body.Bytes()); msg != "" {
			t.Errorf("API response outside its description: %s %s → %d: %s", r.Method, r.URL.RequestURI(), tw.status, msg)
		}
	})
}

// The check bites: answers the description forbids are refused, and
// the same answers put right pass.
func TestAPIResponsesOutsideTheDescriptionAreRefused(t *testing.T) {
	d, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	jsonHeader := func() http.Header { return http.Header{"Content-Type": {"application/json; charset=utf-8"}} }
	for _, tc := range []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		refused            bool
	}{
		{"a programme list as described", "GET", "/api/v1/programmes", 200, jsonHeader(),
			`{"programmes":[{"slug":"elac2020","symbol":"LC/CMSI.6/4","title":"eLAC2020","language":"es","start_year":2018,"end_year":2020,"adopted":"2018-04-20","areas":8,"objectives":30,"activities":95}]}`, false},
		{"a slug that is a number", "GET", "/api/v1/programmes", 200, jsonHeader(),
			`{"programmes":[{"slug":1,"symbol":"LC/CMSI.6/4","title":"eLAC2020","language":"es","start_year":2018,"end_year":2020,"adopted":"2018-04-20","areas":8,"objectives":30,"activities":95}]}`, true},
		{"a required field missing", "GET", "/api/v1/programmes", 200, jsonHeader(), `{"programmes":[{"slug":"elac2020"}]}`, true},
		{"links as strings in a report", "GET", "/api/v1/programmes/elac2020/activities/1.1/reports/2019-H1", 200, jsonHeader(),
			`{"accepted":{"programme":"elac2020","activity":"1.1","period":"2019-H1","version":3,"state":"accepted","links":["https://www.cepal.org"]}}`, true},
		{"an error in another shape", "GET", "/api/v1/programmes/nothing", 404, jsonHeader(), `{"error":"not found"}`, true},
		{"an error in the shape", "GET", "/api/v1/programmes/nothing", 404, jsonHeader(), `{"error":{"code":"not_found","message":"No such programme."}}`, false},
		{"an undocumented status", "GET", "/api/v1/programmes", 418, jsonHeader(), `{"error":{"code":"internal","message":"teapot"}}`, true},
		{"HTML for JSON", "GET", "/api/v1/parties", 200, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, `<p>parties</p>`, true},
		{"a 200 where nothing is described", "GET", "/api/v1/secrets", 200, jsonHeader(), `{}`, true},
		{"a 404 where nothing is described", "GET", "/api/v1/secrets", 404, jsonHeader(), `{"error":{"code":"not_found","message":"No."}}`, false},
	} {
		r := httptest.NewRequest(tc.method, tc.path, nil)
		msg := d.problem(r, tc.status, tc.header, []byte(tc.body))
		if (msg != "") != tc.refused {
			t.Errorf("%s: refused %v (%s); want %v", tc.name, msg != "", msg, tc.refused)
		}
	}
}
