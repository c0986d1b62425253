package browsertest

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAxeFindsNothingOnGoodPage(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	srv := site(t)
	for name, opts := range map[string][]AxeOption{
		"desktop": nil,
		"phone":   {Phone()},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			vs := b.Axe(t, srv.URL+"/good", opts...)
			t.Logf("axe run in %v", time.Since(start).Round(time.Millisecond))
			for _, v := range vs {
				t.Error(v)
			}
		})
	}
}

func TestAxeFindsBadPageViolations(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	srv := site(t)
	vs := b.Axe(t, srv.URL+"/bad")
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
		t.Logf("found, as it should:\n%v", v)
	}
	for _, want := range []string{"image-alt", "label", "color-contrast"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe found %q, want %s among them", ids, want)
		}
	}
	for _, v := range vs {
		if v.ID != "color-contrast" {
			continue
		}
		s := v.String()
		for _, want := range []string{srv.URL + "/bad", "color-contrast", v.HelpURL, ".faint", "contrast"} {
			if !strings.Contains(s, want) {
				t.Errorf("String() = %q, want it to contain %q", s, want)
			}
		}
		if v.Impact == "" || len(v.Nodes) == 0 || v.Nodes[0].HTML == "" {
			t.Errorf("violation lacks detail: %+v", v)
		}
	}
}

func TestAxeBestPracticeIsOptional(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	url := site(t).URL + "/no-landmarks"
	if vs := b.Axe(t, url); len(vs) == 0 {
		t.Error("axe found nothing on a page without landmarks, want best-practice violations")
	}
	for _, v := range b.Axe(t, url, WithoutBestPractice()) {
		t.Errorf("WithoutBestPractice still reports %v", v)
	}
}

// Axe loads its pages one after another in the tab it keeps per viewport,
// and each page is checked afresh: what one page broke is not reported on
// the next, and a page after a good one is still checked.
func TestAxeKeepsATabPerViewport(t *testing.T) {
	t.Parallel()
	b := sharedBrowser(t)
	srv := site(t)
	for i, page := range []string{"/good", "/bad", "/good", "/bad"} {
		vs := b.Axe(t, srv.URL+page, Phone())
		if bad := page == "/bad"; bad != (len(vs) > 0) {
			t.Errorf("check %d, %s: %d violations", i, page, len(vs))
		}
	}
	if vs := b.Axe(t, srv.URL+"/bad"); len(vs) == 0 {
		t.Error("the bad page on a desktop: no violations")
	}
	b.axeTabs.mu.Lock()
	defer b.axeTabs.mu.Unlock()
	phone := viewport{PhoneWidth, PhoneHeight, true}
	if n := len(b.axeTabs.idle[phone]); n != 1 {
		t.Errorf("%d phone tabs kept after four checks one after another, want 1", n)
	}
	if n := len(b.axeTabs.idle[viewport{}]); n != 1 {
		t.Errorf("%d desktop tabs kept, want 1", n)
	}
}
