package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Violation is one axe-core rule that a page breaks, with every element that
// breaks it.
type Violation struct {
	Page    string `json:"-"`      // the URL checked
	ID      string `json:"id"`     // the rule, such as "color-contrast"
	Impact  string `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []Node `json:"nodes"`
}

// Node is an element that breaks a rule.
type Node struct {
	// Target is axe-core's CSS selector of the element. The parts of a
	// selector into a frame or a shadow root are joined with " >>> ".
	Target string `json:"target"`
	// HTML is the element's start tag and the start of its content.
	HTML string `json:"html"`
	// FailureSummary is axe-core's account of what is wrong and how to
	// fix it, such as the contrast ratio found and the one needed.
	FailureSummary string `json:"failureSummary"`
}

// String tells, over several lines, the page, the rule and where to read
// about it, and each element with what to fix: enough to act on from a
// failed test's output.
func (v Violation) String() string {
	var b strings.Builder
	if v.Page != "" {
		fmt.Fprintf(&b, "%s: ", v.Page)
	}
	fmt.Fprintf(&b, "axe %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n  - %s\n      %s", n.Target, n.HTML)
		for line := range strings.Lines(n.FailureSummary) {
			if line = strings.TrimSpace(line); line != "" {
				fmt.Fprintf(&b, "\n      %s", line)
			}
		}
	}
	return b.String()
}

// Tags of the rules that Axe runs: WCAG 2.0 and 2.1, levels A and AA.
var axeWCAGTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeRun runs axe-core over the document and shapes its violations as
// Violation decodes them. resultTypes keeps axe from detailing the passes.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: %s},
	resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || '',
	help: v.help,
	helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({
		target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)).join(' >>> '),
		html: n.html,
		failureSummary: n.failureSummary || '',
	})),
})))`

// Axe opens url, waits for it to load, runs axe-core on it with the WCAG 2.1
// A and AA rules and, unless [WithoutBestPractice], the best-practice ones,
// and returns what it breaks. An empty result means the page passed.
//
//	for _, v := range b.Axe(t, url, browsertest.Phone()) {
//		t.Error(v)
//	}
func (b *Browser) Axe(t testing.TB, url string, opts ...AxeOption) []Violation {
	t.Helper()
	src, err := b.axeSource()
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	c := newPageConfig(opts)
	tags := axeWCAGTags
	if c.bestPractice {
		tags = append(tags[:len(tags):len(tags)], "best-practice")
	}
	tagsJSON, err := json.Marshal(tags)
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	run := fmt.Sprintf(axeRun, tagsJSON)
	var raw []byte
	if c.noJS {
		err = b.visit(url, c, func(ctx context.Context) error {
			// The page loaded without its scripts, which is what is
			// checked; axe-core needs timers, so turn scripts back on.
			if err := chromedp.Do(ctx, scriptExecution(true)); err != nil {
				return err
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
				return fmt.Errorf("loading axe-core: %w", err)
			}
			raw, err = evaluate(ctx, run)
			return err
		})
	} else {
		err = b.visitAxeTab(url, c, src, func(ctx context.Context) error {
			raw, err = evaluate(ctx, run)
			return err
		})
	}
	if err != nil {
		t.Fatalf("browsertest: axe on %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatalf("browsertest: axe on %s: decoding %s: %v", url, raw, err)
	}
	for i := range vs {
		vs[i].Page = url
	}
	return vs
}

// axeSource reads axe.min.js once per browser, to be sent to each tab.
func (b *Browser) axeSource() (string, error) {
	b.axeOnce.Do(func() {
		src, err := os.ReadFile(b.tools.AxeJS)
		if err != nil {
			b.axeErr = fmt.Errorf("reading axe-core: %w", err)
			return
		}
		b.axeJS = string(src)
	})
	return b.axeJS, b.axeErr
}

// tabPool keeps the tabs Axe has finished with, by viewport, for its next
// pages. A new tab costs a renderer and a cold compile of axe-core's 500 KB;
// a used one has both warm. Measured on two cores, one small page ten times
// over: 1.5 s a check in a new tab each time (tab 0.38 s, load 0.16 s,
// axe-core loaded 0.65 s, run 0.24 s), 0.33 s in a kept tab with axe-core
// added to each new document (load 0.21 s, run 0.12 s).
type tabPool struct {
	mu   sync.Mutex
	idle map[viewport][]keptTab
}

type viewport struct {
	width, height int64
	mobile        bool
}

type keptTab struct {
	ctx   context.Context // chromedp's context of the tab
	close context.CancelFunc
}

// visitAxeTab is visit in a kept tab of the viewport c asks for, with
// axe-core evaluated in every document the tab loads, before the page's own
// scripts (it only defines window.axe). A tab whose check failed is closed,
// not kept: it may be anywhere.
func (b *Browser) visitAxeTab(url string, c pageConfig, axeJS string, do func(ctx context.Context) error) error {
	vp := viewport{c.width, c.height, c.mobile}
	tab, err := b.axeTab(vp, c, axeJS)
	if err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	// Only a context made by chromedp.NewContext closes its tab when done;
	// this one bounds the check.
	ctx, cancel := context.WithTimeout(tab.ctx, c.timeout)
	defer cancel()
	err = navigate(ctx, url, c)
	if err == nil {
		err = do(ctx)
	}
	if err != nil {
		tab.close()
		return visitError(ctx, url, c, err)
	}
	b.axeTabs.mu.Lock()
	defer b.axeTabs.mu.Unlock()
	if b.axeTabs.idle == nil {
		b.axeTabs.idle = map[viewport][]keptTab{}
	}
	b.axeTabs.idle[vp] = append(b.axeTabs.idle[vp], tab)
	return nil
}

// axeTab takes an idle tab of the viewport, or opens one. The tabs end with
// the browser (or the test's browser context).
func (b *Browser) axeTab(vp viewport, c pageConfig, axeJS string) (keptTab, error) {
	b.axeTabs.mu.Lock()
	if tabs := b.axeTabs.idle[vp]; len(tabs) > 0 {
		tab := tabs[len(tabs)-1]
		b.axeTabs.idle[vp] = tabs[:len(tabs)-1]
		b.axeTabs.mu.Unlock()
		return tab, nil
	}
	b.axeTabs.mu.Unlock()
	ctx, closeTab := chromedp.NewContext(b.ctx)
	// The first run attaches the tab for as long as its context lives, so
	// it cannot take a deadline; a tab that does not open in time is closed.
	timer := time.AfterFunc(c.timeout, closeTab)
	defer timer.Stop()
	setup := append(viewportSetup(c), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axeJS})
		return err
	}))
	if err := chromedp.Do(ctx, setup...); err != nil {
		closeTab()
		return keptTab{}, fmt.Errorf("opening a tab: %w", err)
	}
	return keptTab{ctx, closeTab}, nil
}
