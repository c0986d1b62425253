package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumFlags are the only flags the browser gets, besides the user data
// directory and what chromedp needs to talk to it (--remote-debugging-pipe).
// Running as root needs --no-sandbox; the machines have no network but the
// package registries, and without --disable-background-networking (and the
// flags after it) Chromium's own calls home are refused, many at a time.
var chromiumFlags = []string{
	"headless",
	"no-sandbox",
	"disable-gpu",
	"disable-quic",
	"no-first-run",
	"disable-background-networking",
	"disable-component-update",
	"disable-sync",
	// What a test browser never needs: chromedp's own defaults. Measured
	// with 15 axe runs on one browser, twice each way: 14.3 and 14.2 s of
	// Chromium's CPU without these, 13.2 and 13.0 s with them (−8 %).
	"disable-extensions",
	"disable-features=site-per-process,Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
	"disable-background-timer-throttling",
	"disable-renderer-backgrounding",
	"disable-backgrounding-occluded-windows",
	"disable-breakpad",
	"disable-client-side-phishing-detection",
	"disable-default-apps",
	"disable-hang-monitor",
	"disable-ipc-flooding-protection",
	"metrics-recording-only",
	"mute-audio",
	"password-store=basic",
	"use-mock-keychain",
	"disable-dev-shm-usage",
}

// Browser is one headless Chromium. Each check opens its own tab and closes it
// after (Axe keeps its tabs for its next pages), so a Browser serves many
// checks, also from parallel tests.
type Browser struct {
	tools  Tools
	ctx    context.Context // chromedp's context of the browser's first tab
	cancel context.CancelFunc
	dir    string // the user data directory to remove on Close, if ours

	axeOnce sync.Once
	axeJS   string
	axeErr  error

	axeTabs tabPool
}

// NewBrowser starts a browser for the test, with its user data in a
// t.TempDir, and closes it when the test and its subtests end.
func (tl Tools) NewBrowser(t testing.TB) *Browser {
	t.Helper()
	b, err := tl.startBrowser(t.TempDir(), "")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Errorf("browsertest: %v", err)
		}
	})
	return b
}

// StartBrowser starts a browser that lives until Close, for a TestMain or a
// helper that outlives one test; [Shared] uses it.
func (tl Tools) StartBrowser() (*Browser, error) {
	dir, err := os.MkdirTemp("", "browsertest-chromium-")
	if err != nil {
		return nil, fmt.Errorf("starting chromium: %w", err)
	}
	b, err := tl.startBrowser(dir, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return b, nil
}

func (tl Tools) startBrowser(userDataDir, removeOnClose string) (*Browser, error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(tl.Chromium),
		chromedp.UserDataDir(userDataDir),
	}
	for _, f := range chromiumFlags {
		if name, value, ok := strings.Cut(f, "="); ok {
			opts = append(opts, chromedp.Flag(name, value))
		} else {
			opts = append(opts, chromedp.Flag(f, true))
		}
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	b := &Browser{tools: tl, ctx: ctx, dir: removeOnClose}
	b.cancel = func() {
		cancelTab()
		cancelAlloc() // also waits for the process to end
	}
	// The first Run starts the process; its context must not time out, or
	// the browser would end with it. A browser that never answers still
	// fails, when chromedp gives up waiting for the pipe.
	if err := chromedp.Do(ctx); err != nil {
		b.cancel()
		return nil, fmt.Errorf("starting chromium %s: %w", tl.Chromium, err)
	}
	return b, nil
}

// Close stops the browser and removes what it left on disk. It can be
// called more than once.
func (b *Browser) Close() error {
	if b == nil || b.cancel == nil {
		return nil
	}
	// A graceful close first, so Chromium ends its child processes and
	// lets go of the user data directory.
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	err := chromedp.Cancel(ctx)
	if errors.Is(err, context.Canceled) {
		err = nil // already closed
	}
	b.cancel()
	b.cancel = nil
	if b.dir != "" {
		if rmErr := os.RemoveAll(b.dir); rmErr != nil && err == nil {
			err = rmErr
		}
	}
	if err != nil {
		return fmt.Errorf("closing chromium: %w", err)
	}
	return nil
}

// Shared starts one browser on first use and gives it to every test that
// asks, so a test binary pays for one start. Close it in TestMain after
// m.Run; the zero value is ready to use.
type Shared struct {
	mu      sync.Mutex
	started bool
	b       *Browser
	err     error
}

// Browser returns the shared browser, starting it if needed, seen through
// a browser context of the test's own (like a private window: its own
// cookies and storage, disposed of when the test ends), so that tests that
// run in parallel never share a sign-in — cookies are kept per host, and
// every test server is on 127.0.0.1. Like [Require], it skips or fails the
// test when the tools are missing, and it fails the test when the browser
// could not start.
func (s *Shared) Browser(t testing.TB) *Browser {
	t.Helper()
	tools := Require(t)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		s.started = true
		s.b, s.err = tools.StartBrowser()
	}
	if s.err != nil {
		t.Fatalf("browsertest: %v", s.err)
	}
	ctx, cancel := chromedp.NewContext(s.b.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("browsertest: a browser context of the test's own: %v", err)
	}
	t.Cleanup(cancel)
	return &Browser{tools: tools, ctx: ctx}
}

// Close stops the shared browser, if it started. A later Browser call
// starts a new one.
func (s *Shared) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.b
	s.started, s.b, s.err = false, nil, nil
	return b.Close()
}
