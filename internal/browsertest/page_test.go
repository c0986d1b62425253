package browsertest

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWithoutJSThePageScriptDoesNotRun(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	url := site(t).URL + "/good"
	const marker = `document.documentElement.dataset.js || "off"`

	var got string
	b.Eval(t, url, marker, &got)
	if got != "on" {
		t.Errorf("with JavaScript, the marker is %q, want on", got)
	}
	b.Eval(t, url, marker, &got, WithoutJS())
	if got != "off" {
		t.Errorf("without JavaScript, the marker is %q, want off", got)
	}
	// axe-core is the harness's script, not the page's: it still runs.
	for _, v := range b.Axe(t, url, WithoutJS()) {
		t.Error(v)
	}
}

func TestScreenshot(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	url := site(t).URL + "/good"
	dir := t.TempDir()
	for _, tc := range []struct {
		name          string
		width, height int
		fullPage      bool
	}{
		{"desktop", 1024, 700, false},
		{"phone-full", PhoneWidth, PhoneHeight, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name, "shot.png")
			b.Screenshot(t, url, tc.width, tc.height, tc.fullPage, path)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
				t.Fatalf("%s does not start with the PNG signature: % x", path, data[:min(8, len(data))])
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			size := img.Bounds().Size()
			if size.X != tc.width {
				t.Errorf("width = %d, want %d", size.X, tc.width)
			}
			switch {
			case !tc.fullPage && size.Y != tc.height:
				t.Errorf("height = %d, want %d", size.Y, tc.height)
			case tc.fullPage && size.Y <= tc.height:
				// The page is over 1500px high.
				t.Errorf("full-page height = %d, want more than the %d of the viewport", size.Y, tc.height)
			}
		})
	}
}

func TestVisitRefusesErrorPages(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	url := site(t).URL + "/missing"
	noop := func(context.Context) error { return nil }
	err := b.visit(url, newPageConfig(nil), noop)
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("visit of a 404 page: error %v, want one that says 404", err)
	}
	if err := b.visit(url, newPageConfig([]Option{WantStatus(404)}), noop); err != nil {
		t.Errorf("visit with WantStatus(404): %v", err)
	}
	if err := b.visit(site(t).URL+"/good", newPageConfig([]Option{WantStatus(404)}), noop); err == nil {
		t.Error("visit of a 200 page with WantStatus(404) did not fail")
	}
}

// TestNewBrowser checks the browser a single test owns: it starts, works,
// and is gone with its user data directory when the test ends.
func TestNewBrowser(t *testing.T) {
	t.Parallel()
	b := Require(t).NewBrowser(t)
	var title string
	b.Eval(t, site(t).URL+"/good", "document.title", &title)
	if !strings.HasPrefix(title, "Activities") {
		t.Errorf("title = %q, want the good page's", title)
	}
}
