package browsertest

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Screenshot opens url in a viewport of width x height CSS pixels and writes
// a PNG of it to path, creating path's folder. The image is width pixels
// wide; it is height pixels high, or with fullPage as high as the page (and
// at least height). Options other than the viewport ones apply, such as
// [WithoutJS].
func (b *Browser) Screenshot(t testing.TB, url string, width, height int, fullPage bool, path string, opts ...Option) {
	t.Helper()
	if width <= 0 || height <= 0 {
		t.Fatalf("browsertest: screenshot of %s: size %dx%d", url, width, height)
	}
	c := newPageConfig(append(opts[:len(opts):len(opts)], Viewport(width, height)))
	var png []byte
	err := b.visit(url, c, func(ctx context.Context) error {
		// Web fonts may still be loading after the load event.
		if _, err := evaluate(ctx, `document.fonts.ready.then(() => true)`); err != nil {
			return fmt.Errorf("waiting for fonts: %w", err)
		}
		var err error
		png, err = chromedp.Run(ctx, capture(float64(width), float64(height), fullPage))
		return err
	})
	if err != nil {
		t.Fatalf("browsertest: screenshot of %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("browsertest: screenshot of %s: %v", url, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: screenshot of %s: %v", url, err)
	}
}

// capture takes a PNG of the top-left width x height of the page, or of its
// whole height with fullPage.
func capture(width, height float64, fullPage bool) chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		if fullPage {
			m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
			if err != nil {
				return nil, err
			}
			if m.CSSContentSize != nil {
				height = max(height, math.Ceil(m.CSSContentSize.Height))
			}
		}
		beyond := fullPage
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  &page.Viewport{Width: width, Height: height, Scale: 1},
			CaptureBeyondViewport: &beyond,
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}
