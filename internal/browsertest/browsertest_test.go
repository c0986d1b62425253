package browsertest

import (
	"embed"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

//go:embed testdata/*.html
var testdata embed.FS

// chromium is the one browser of this package's tests.
var chromium Shared

func TestMain(m *testing.M) {
	code := m.Run()
	if err := chromium.Close(); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		code = 1
	}
	os.Exit(code)
}

// sharedBrowser gives the package's browser, logging how long it took to
// start when this call started it.
func sharedBrowser(t *testing.T) *Browser {
	t.Helper()
	start := time.Now()
	b := chromium.Browser(t)
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Logf("chromium started in %v", d.Round(time.Millisecond))
	}
	return b
}

// noLandmarks breaks only best-practice rules (no main, no h1, content
// outside landmarks).
const noLandmarks = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>No landmarks</title></head>
<body><p>Nothing but a paragraph.</p></body></html>`

// site serves the test pages: /good, /bad, /no-landmarks, and 404 elsewhere.
func site(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for path, file := range map[string]string{"/good": "testdata/good.html", "/bad": "testdata/bad.html"} {
		page, err := testdata.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		})
	}
	mux.HandleFunc("GET /no-landmarks", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(noLandmarks))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
