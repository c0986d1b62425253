package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Option changes how a check opens its page. Every check takes the same
// options; one that means nothing to a check (WithoutBestPractice to Eval,
// say) is ignored.
type Option func(*pageConfig)

// AxeOption is an Option given to [Browser.Axe].
type AxeOption = Option

type pageConfig struct {
	width, height int64 // 0: the browser's own window
	mobile        bool
	noJS          bool
	bestPractice  bool
	status        int // 0: any status below 400
	timeout       time.Duration
}

func newPageConfig(opts []Option) pageConfig {
	c := pageConfig{bestPractice: true, timeout: time.Minute}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// PhoneWidth and PhoneHeight are the viewport of [Phone], an iPhone X's in
// CSS pixels: the narrow screen a page must reflow to (WCAG 1.4.10).
const (
	PhoneWidth  = 375
	PhoneHeight = 812
)

// Phone opens the page as a phone would: a 375x812 viewport, mobile (the
// page's <meta name="viewport"> applies) and touch.
func Phone() Option {
	return func(c *pageConfig) {
		c.width, c.height, c.mobile = PhoneWidth, PhoneHeight, true
	}
}

// Viewport opens the page in a desktop viewport of the size, in CSS pixels.
func Viewport(width, height int) Option {
	return func(c *pageConfig) {
		c.width, c.height, c.mobile = int64(width), int64(height), false
	}
}

// WithoutJS opens the page with the page's own scripts turned off
// (Emulation.setScriptExecutionDisabled), to check that it works without
// them. The harness's own evaluations, axe-core's included, still run.
func WithoutJS() Option {
	return func(c *pageConfig) { c.noJS = true }
}

// WithoutBestPractice makes [Browser.Axe] run only the WCAG 2.1 A and AA
// rules, without axe-core's best-practice ones.
func WithoutBestPractice() Option {
	return func(c *pageConfig) { c.bestPractice = false }
}

// WantStatus makes the check accept the page only with this HTTP status; by
// default any status below 400 is accepted, so that an error page is not
// checked by mistake. Use it to check the error pages themselves.
func WantStatus(code int) Option {
	return func(c *pageConfig) { c.status = code }
}

// Timeout bounds the whole check, from opening the tab to closing it; the
// default is a minute.
func Timeout(d time.Duration) Option {
	return func(c *pageConfig) { c.timeout = d }
}

// visit opens url in a new tab set up as c says, waits for the load event,
// runs do in that tab and closes it.
func (b *Browser) visit(url string, c pageConfig, do func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(b.ctx, c.timeout)
	defer cancel()
	tab, closeTab := chromedp.NewContext(ctx)
	defer closeTab()
	if err := open(tab, url, c); err != nil {
		return visitError(ctx, url, c, err)
	}
	if err := do(tab); err != nil {
		return visitError(ctx, url, c, err)
	}
	return nil
}

// open sets the new tab up and loads url in it.
func open(tab context.Context, url string, c pageConfig) error {
	setup := viewportSetup(c)
	if c.noJS {
		setup = append(setup, scriptExecution(false))
	}
	if err := chromedp.Do(tab, setup...); err != nil {
		return fmt.Errorf("setting up the tab: %w", err)
	}
	return navigate(tab, url, c)
}

// viewportSetup sets a tab's viewport as c says; none for the browser's own
// window.
func viewportSetup(c pageConfig) []chromedp.Action[chromedp.Void] {
	if c.width == 0 {
		return nil
	}
	var opts []chromedp.EmulateViewportOption
	if c.mobile {
		opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(c.width, c.height, opts...)}
}

// navigate loads url in the tab and checks the response's status.
func navigate(tab context.Context, url string, c pageConfig) error {
	resp, err := chromedp.Run(tab, chromedp.NavigateResponse(url))
	if err != nil {
		return err
	}
	if resp != nil {
		switch status := int(resp.Status); {
		case c.status != 0 && status != c.status:
			return fmt.Errorf("status %d, want %d", status, c.status)
		case c.status == 0 && status >= 400:
			return fmt.Errorf("status %d (use WantStatus to check an error page)", status)
		}
	}
	return nil
}

// visitError names the page, and says so when the check ran out of time.
func visitError(ctx context.Context, url string, c pageConfig, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: not done within %v: %w", url, c.timeout, err)
	}
	return fmt.Errorf("%s: %w", url, err)
}

// scriptExecution turns the page's scripts on or off. Off, no timer fires
// either, so a promise that waits on one never settles; the DevTools
// protocol's own evaluations still run.
func scriptExecution(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// evaluate runs the expression in the tab, awaiting it if it is a promise,
// and gives its value as JSON (nil for undefined).
func evaluate(ctx context.Context, js string) ([]byte, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
}

// Eval opens url, evaluates the JavaScript expression in the loaded page and
// decodes its value, as JSON, into out (which may be nil to ignore it). A
// promise is awaited. With [WithoutJS] the expression still runs, but the
// page's own scripts have not, and no timer fires: an expression that waits
// on setTimeout never ends.
func (b *Browser) Eval(t testing.TB, url, js string, out any, opts ...Option) {
	t.Helper()
	var raw []byte
	err := b.visit(url, newPageConfig(opts), func(ctx context.Context) error {
		var err error
		raw, err = evaluate(ctx, js)
		return err
	})
	if err != nil {
		t.Fatalf("browsertest: eval on %v", err)
	}
	if out == nil {
		return
	}
	if raw == nil {
		t.Fatalf("browsertest: eval on %s: %q is undefined", url, js)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("browsertest: eval on %s: decoding %s: %v", url, raw, err)
	}
}

// Visit opens url as the other checks do and hands the tab's context to do,
// for what they do not cover (keys, clicks, focus): run chromedp actions on
// it, such as chromedp.Run(ctx, chromedp.KeyEvent("\t")).
func (b *Browser) Visit(t testing.TB, url string, do func(ctx context.Context) error, opts ...Option) {
	t.Helper()
	if err := b.visit(url, newPageConfig(opts), do); err != nil {
		t.Fatalf("browsertest: visit %v", err)
	}
}
