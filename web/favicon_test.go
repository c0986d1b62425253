package web_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
)

// Browsers ask for /favicon.ico on every first visit: it is an icon, not a
// 400 in the log; pages link an SVG icon the CSP allows (issue 10, 18a).
func TestFavicon(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t, seedtest.SQLite(t))
	resp, body := fetchPage(t, ts, "/favicon.ico", nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/x-icon" ||
		!bytes.HasPrefix(body, []byte{0, 0, 1, 0}) || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age=") {
		t.Fatalf("/favicon.ico = %d %q %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), len(body))
	}
	if resp, _ := fetchPage(t, ts, "/favicon.ico", map[string]string{"If-None-Match": resp.Header.Get("Etag")}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("/favicon.ico revalidated = %d; want 304", resp.StatusCode)
	}

	resp, page := fetchPage(t, ts, "/es/elac2020", nil)
	m := regexp.MustCompile(`<link rel="icon" href="(/static/favicon\.[0-9a-f]+\.svg)" type="image/svg\+xml">`).FindSubmatch(page)
	if m == nil {
		t.Fatal("the page links no SVG icon")
	}
	// The CSP allows images from the site itself only; the icon is one.
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self'") {
		t.Errorf("the CSP %q does not allow the site's own icon", csp)
	}
	resp, svg := fetchPage(t, ts, string(m[1]), nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !bytes.HasPrefix(svg, []byte("<svg")) ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("%s = %d %q %q", m[1], resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
}
