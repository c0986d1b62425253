package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

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
	var raw []byte
	err = b.visit(url, c, func(ctx context.Context) error {
		if c.noJS {
			// The page loaded without its scripts, which is what is
			// checked; axe-core needs timers, so turn scripts back on.
			if err := chromedp.Do(ctx, scriptExecution(true)); err != nil {
				return err
			}
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			return fmt.Errorf("loading axe-core: %w", err)
		}
		raw, err = evaluate(ctx, fmt.Sprintf(axeRun, tagsJSON))
		if err != nil {
			return fmt.Errorf("running axe-core: %w", err)
		}
		return nil
	})
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
