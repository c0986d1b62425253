package web_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// Every link the site shows can be followed: a crawler starts at the home
// page of each language and visits every same-site link (and every option
// of a GET filter form, as the query it would send), with the API twin of
// every programme, activity, party, version and dashboard page, and no
// answer is a 4xx or 5xx. Found: three working groups whose ids were longer
// than the 63 bytes the URL check allowed could not be opened.
func TestEveryLinkTheSiteShowsAnswers(t *testing.T) {
	t.Parallel()
	seedtest.EachParallel(t, func(t *testing.T, b storetest.Backend) {
		ts, db := newServer(t, b)
		followUp(t, db)
		c := newCrawler(t, ts)
		for _, home := range []string{"/", "/es", "/en", "/pt", "/fr", "/api/v1/programmes", "/api/v1/parties"} {
			c.add(home)
		}
		c.run(6000)
		for _, kind := range []string{"/parties/", "/activities/", "/areas/", "/objectives/", "/v/", "/dashboard?", "/api/v1/parties/", "/api/v1/programmes/elac2020/progress?",
			"/elac2020/data/activities.xlsx", "/elac2020/data/datapackage.json", "/catalog.jsonld"} {
			if c.seen(kind) == 0 {
				t.Errorf("the crawl reached no %s link", kind)
			}
		}
		t.Logf("%s: %d pages crawled", b.Name, len(c.visited))
	})
}

// Every party of the register resolves on its page in every language, in
// the API, and as the party filter of the dashboard and of the progress API.
func TestEveryPartyResolves(t *testing.T) {
	t.Parallel()
	seedtest.EachParallel(t, func(t *testing.T, b storetest.Backend) {
		ts, _ := newServer(t, b)
		resp, body := get(t, ts, "GET", "/api/v1/parties")
		if resp.StatusCode != 200 {
			t.Fatalf("/api/v1/parties: %d", resp.StatusCode)
		}
		var list struct {
			Parties []struct {
				ID string `json:"id"`
			} `json:"parties"`
		}
		if err := json.Unmarshal(body, &list); err != nil {
			t.Fatal(err)
		}
		parties := list.Parties
		long := 0
		for _, p := range parties {
			if len(p.ID) > 63 {
				long++
			}
			paths := []string{"/api/v1/parties/" + p.ID, "/api/v1/programmes/elac2020/progress?party=" + url.QueryEscape(p.ID)}
			for _, lang := range []string{"es", "en", "pt", "fr"} {
				paths = append(paths, "/"+lang+"/parties/"+p.ID, "/"+lang+"/elac2020/dashboard?party="+url.QueryEscape(p.ID))
			}
			for _, path := range paths {
				if resp, body := get(t, ts, "GET", path); resp.StatusCode != 200 {
					t.Errorf("%s = %d\n%.300s", path, resp.StatusCode, body)
				}
			}
		}
		if len(parties) < 10 || long < 3 {
			t.Errorf("%d parties, %d with ids over 63 bytes: the seed changed?", len(parties), long)
		}
		// A sane bound still holds: an id longer than any the site makes
		// is malformed.
		tooLong := strings.Repeat("a", bitacora.MaxIDLength+1)
		for _, path := range []string{"/es/parties/" + tooLong, "/api/v1/parties/" + tooLong, "/es/elac2020/dashboard?party=" + tooLong, "/api/v1/programmes/elac2020/progress?party=" + tooLong} {
			if resp, _ := get(t, ts, "GET", path); resp.StatusCode != 400 {
				t.Errorf("%.60s… = %d; want 400", path, resp.StatusCode)
			}
		}
	})
}

// crawler visits same-site links breadth first, at most a bound of them.
type crawler struct {
	t       *testing.T
	ts      *httptest.Server
	queue   []string
	visited map[string]bool
}

func newCrawler(t *testing.T, ts *httptest.Server) *crawler {
	return &crawler{t: t, ts: ts, visited: map[string]bool{}}
}

var (
	hrefAttr       = regexp.MustCompile(`<a\s[^>]*href="([^"]*)"`)
	formTag        = regexp.MustCompile(`(?s)<form\s([^>]*)>(.*?)</form>`)
	selectTag      = regexp.MustCompile(`(?s)<select\s[^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	optionTag      = regexp.MustCompile(`<option\s[^>]*value="([^"]*)"`)
	selectedOption = regexp.MustCompile(`<option\s[^>]*value="([^"]*)"[^>]*\sselected`)
	actionAttr     = regexp.MustCompile(`action="([^"]*)"`)
	methodPost     = regexp.MustCompile(`method="(?i:post)"`)
)

// add queues a link found on from (a path), when it stays on the site.
func (c *crawler) add(link string) {
	u, err := url.Parse(html.UnescapeString(link))
	if err != nil {
		c.t.Errorf("unparsable link %q", link)
		return
	}
	base, _ := url.Parse(c.ts.URL)
	if u.Scheme != "" && u.Scheme != base.Scheme || u.Host != "" && u.Host != base.Host || !strings.HasPrefix(u.Path, "/") {
		return // another site, mailto:, a fragment
	}
	u.Fragment = ""
	p := u.RequestURI()
	if !c.visited[p] {
		c.visited[p] = true
		c.queue = append(c.queue, p)
	}
}

// apiTwins map a page to the API path that serves what it shows.
var apiTwins = []struct {
	page *regexp.Regexp
	api  string
}{
	{regexp.MustCompile(`^(?:/[a-z]{2})?/parties/([^/?]+)$`), "/api/v1/parties/$1"},
	{regexp.MustCompile(`^(?:/[a-z]{2})?/(elac2020)$`), "/api/v1/programmes/$1"},
	{regexp.MustCompile(`^(?:/[a-z]{2})?/(elac2020)/activities/([0-9.]+)$`), "/api/v1/programmes/$1/activities/$2"},
	{regexp.MustCompile(`^(?:/[a-z]{2})?/(elac2020)/v/([0-9]+)$`), "/api/v1/programmes/$1/versions/$2"},
	{regexp.MustCompile(`^(?:/[a-z]{2})?/(elac2020)/versions$`), "/api/v1/programmes/$1/versions"},
	{regexp.MustCompile(`^(?:/[a-z]{2})?/(elac2020)/dashboard(\?.*)?$`), "/api/v1/programmes/$1/progress$2"},
}

// fetched is one page the crawl fetched.
type fetched struct {
	path        string
	status      int
	contentType string
	body        []byte
	err         error
}

// fetch gets the paths, four at a time (the server answers requests in
// parallel, as it does for visitors), in order.
func (c *crawler) fetch(paths []string) []fetched {
	out := make([]fetched, len(paths))
	work := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f := fetched{path: paths[i]}
				resp, err := c.ts.Client().Get(c.ts.URL + paths[i])
				if err == nil {
					f.body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
					f.status, f.contentType = resp.StatusCode, resp.Header.Get("Content-Type")
				}
				f.err = err
				out[i] = f
			}
		}()
	}
	for i := range paths {
		work <- i
	}
	close(work)
	wg.Wait()
	return out
}

// run crawls breadth first, a level at a time: the links of a level's
// pages make the next level.
func (c *crawler) run(bound int) {
	for len(c.queue) > 0 {
		level := c.queue
		c.queue = nil
		for _, f := range c.fetch(level) {
			if len(c.visited) > bound {
				c.t.Fatalf("more than %d links: the crawl is not bounded by the site", bound)
			}
			c.visit(f)
		}
	}
}

// visit checks one fetched page and queues its links.
func (c *crawler) visit(f fetched) {
	p := f.path
	if f.err != nil {
		c.t.Fatalf("GET %s: %v", p, f.err)
	}
	if f.status >= 400 {
		c.t.Errorf("GET %s = %d", p, f.status)
		return
	}
	body := f.body
	if !strings.HasPrefix(f.contentType, "text/html") {
		return
	}
	page := string(body)
	for _, m := range hrefAttr.FindAllStringSubmatch(page, -1) {
		c.add(m[1])
	}
	// Filter options are taken from unfiltered pages only: their
	// combinations would be a product, each option once is the point.
	forms := formTag.FindAllStringSubmatch(page, -1)
	if strings.Contains(p, "?") {
		forms = nil
	}
	for _, f := range forms {
		attrs, inner := f[1], f[2]
		a := actionAttr.FindStringSubmatch(attrs)
		if a == nil || methodPost.MatchString(attrs) {
			continue
		}
		// The form sends every select: each option of one, with the
		// others as the page shows them.
		selects := selectTag.FindAllStringSubmatch(inner, -1)
		shown := url.Values{}
		for _, s := range selects {
			opts := optionTag.FindAllStringSubmatch(s[2], -1)
			if sel := selectedOption.FindStringSubmatch(s[2]); sel != nil {
				shown.Set(s[1], html.UnescapeString(sel[1]))
			} else if len(opts) > 0 {
				shown.Set(s[1], html.UnescapeString(opts[0][1]))
			}
		}
		for _, s := range selects {
			for _, o := range optionTag.FindAllStringSubmatch(s[2], -1) {
				q := url.Values{}
				for k, v := range shown {
					q[k] = v
				}
				q.Set(s[1], html.UnescapeString(o[1]))
				c.add(html.UnescapeString(a[1]) + "?" + q.Encode())
			}
		}
	}
	for _, tw := range apiTwins {
		if tw.page.MatchString(p) {
			c.add(tw.page.ReplaceAllString(p, tw.api))
		}
	}
}

// seen counts the visited paths that contain s.
func (c *crawler) seen(s string) int {
	n := 0
	for p := range c.visited {
		if strings.Contains(p, s) {
			n++
		}
	}
	return n
}
