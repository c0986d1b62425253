package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/gorilla/feeds"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
	"github.com/elac/bitacora/store"
)

// Atom feeds let anyone follow a programme, a party or an activity
// without an account: accepted reports (and, for a programme, its
// approved versions), in the feed's language, at the page's address plus
// /feed.atom (/es/elac2020/feed.atom, /en/parties/isoc/feed.atom,
// /fr/elac2020/activities/1.1/feed.atom). They hold public data only —
// the latest accepted version of each report, never a draft — and are
// served from the published snapshot's page cache like the pages.

// feedEntries is how many entries a feed holds: the most recent.
const feedEntries = 50

const atomType = "application/atom+xml; charset=utf-8"

// feedLink is a page's feed, for its <link rel="alternate">.
type feedLink struct{ Href, Title string }

// langFeed is an Atom feed with its language (xml:lang) and its own
// address (rel="self"), which gorilla/feeds does not write.
type langFeed struct {
	XMLName xml.Name `xml:"feed"`
	Lang    string   `xml:"xml:lang,attr"`
	*feeds.AtomFeed
	Links []*feeds.AtomLink `xml:"link"` // in place of AtomFeed's one: the page, and the feed itself
}

// writeFeed renders f as Atom in lang, with self as its address; the
// feed's id is its page's canonical address.
func writeFeed(f *feeds.Feed, lang, self string) ([]byte, error) {
	af := (&feeds.Atom{Feed: f}).AtomFeed()
	page := af.Link
	page.Rel, page.Type = "alternate", "text/html"
	af.Link = nil
	out := langFeed{Lang: lang, AtomFeed: af, Links: []*feeds.AtomLink{page, {Href: self, Rel: "self", Type: "application/atom+xml"}}}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// reportItem is the entry of an accepted report version: its id is the
// report page's canonical address and the version, so that a new
// acceptance is a new entry and the same one keeps its id.
func (s *Server) reportItem(l *locale.Localizer, snap *published.Snapshot, rep *bitacora.Report) *feeds.Item {
	page := s.baseURL + localURL(l.Lang, "/"+rep.Programme+"/activities/"+rep.Activity+"/reports/"+rep.Period)
	at, _ := time.Parse(bitacora.AuditTimeFormat, rep.AcceptedAt)
	title := l.T("feed_report_title", "Code", rep.Activity, "Period", periodOf(l, snap.Periods[rep.Programme], rep.Period))
	if doc := snap.Docs[rep.Programme]; doc != nil && len(snap.Docs) > 1 {
		title += " · " + doc.Programme.Symbol
	}
	var content bytes.Buffer
	content.WriteString("<p>" + xmlEscape(l.T("status_"+string(rep.Status))+" · "+l.T("completion_"+string(rep.Completion))) + "</p>")
	content.WriteString(string(renderMarkdown(rep.Narrative)))
	return &feeds.Item{Title: title, Link: &feeds.Link{Href: page}, Id: page + "#v" + strconv.Itoa(rep.Version),
		Updated: at, Description: l.T("status_"+string(rep.Status)) + " · " + l.T("completion_"+string(rep.Completion)),
		Content: content.String()}
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// serveFeed answers a feed from the snapshot's cache: build gives its
// title, page and entries.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, snap *published.Snapshot, build func(l *locale.Localizer) (*feeds.Feed, error)) error {
	return s.serveCached(w, r, snap, nil, "", atomType, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		f, err := build(l)
		if err != nil {
			return nil, err
		}
		sort.SliceStable(f.Items, func(i, j int) bool { return f.Items[i].Updated.After(f.Items[j].Updated) })
		if len(f.Items) > feedEntries {
			f.Items = f.Items[:feedEntries]
		}
		if len(f.Items) > 0 {
			f.Updated = f.Items[0].Updated
		}
		return writeFeed(f, l.Lang, s.baseURL+r.URL.Path)
	})
}

// programmeFeed: the programme's accepted reports and approved versions.
func (s *Server) programmeFeed(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	return s.serveFeed(w, r, snap, func(l *locale.Localizer) (*feeds.Feed, error) {
		slug := doc.Programme.Slug
		f := &feeds.Feed{Title: l.T("feed_programme_title", "Programme", doc.Programme.Symbol),
			Link: &feeds.Link{Href: s.baseURL + localURL(l.Lang, "/"+slug)}, Updated: dateTime(doc.Programme.Adopted)}
		reps, err := s.store.LatestAccepted(r.Context(), store.ReportStateFilter{Programme: slug}, feedEntries)
		if err != nil {
			return nil, err
		}
		for i := range reps {
			f.Items = append(f.Items, s.reportItem(l, snap, &reps[i]))
		}
		vs, err := s.store.Versions(r.Context(), slug)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.Number < 2 {
				continue // the programme as adopted: no change to follow
			}
			n := strconv.Itoa(v.Number)
			page := s.baseURL + localURL(l.Lang, "/"+slug+"/v/"+n)
			item := &feeds.Item{Title: l.T("feed_version_title", "Number", v.Number), Id: page,
				Link:    &feeds.Link{Href: s.baseURL + localURL(l.Lang, "/"+slug+"/diff") + "?from=" + strconv.Itoa(v.Number-1) + "&to=" + n},
				Updated: dateTime(v.ApprovedOn), Description: v.Title}
			f.Items = append(f.Items, item)
		}
		return f, nil
	})
}

// partyFeed: the accepted reports of the activities a party leads or
// co-leads, in every programme.
func (s *Server) partyFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := param.Path(r, "id", param.Slug)
	if err != nil {
		return err
	}
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	p, err := snap.Party(id)
	if to := published.Survivor(err); to != "" {
		// A party merged into another: its feed is the survivor's.
		http.Redirect(w, r, localURL(language(r), "/parties/"+to+"/feed.atom"), http.StatusMovedPermanently)
		return nil
	}
	if err != nil {
		return err
	}
	return s.serveFeed(w, r, snap, func(l *locale.Localizer) (*feeds.Feed, error) {
		f := &feeds.Feed{Title: l.T("feed_party_title", "Party", p.Name), Link: &feeds.Link{Href: s.baseURL + localURL(l.Lang, "/parties/"+url.PathEscape(id))}}
		// Without entries, a feed is as new as the first programme the
		// party is in.
		for _, role := range snap.Roles[id] {
			if d := dateTime(role.Doc.Programme.Adopted); f.Updated.IsZero() || d.Before(f.Updated) {
				f.Updated = d
			}
		}
		reps, err := s.store.LatestAccepted(r.Context(), store.ReportStateFilter{Parties: []string{id}}, feedEntries)
		if err != nil {
			return nil, err
		}
		for i := range reps {
			f.Items = append(f.Items, s.reportItem(l, snap, &reps[i]))
		}
		return f, nil
	})
}

// activityFeed: an activity's accepted reports.
func (s *Server) activityFeed(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	code, err := param.Path(r, "code", param.Code)
	if err != nil {
		return err
	}
	if doc.Activity(code) == nil {
		return bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no activity %q", doc.Programme.Slug, code).WithKey("error_no_activity", "Programme", doc.Programme.Slug, "Activity", code)
	}
	return s.serveFeed(w, r, snap, func(l *locale.Localizer) (*feeds.Feed, error) {
		slug := doc.Programme.Slug
		f := &feeds.Feed{Title: l.T("feed_activity_title", "Code", code, "Programme", doc.Programme.Symbol),
			Link: &feeds.Link{Href: s.baseURL + localURL(l.Lang, "/"+slug+"/activities/"+code)}, Updated: dateTime(doc.Programme.Adopted)}
		reps, err := s.store.LatestAccepted(r.Context(), store.ReportStateFilter{Programme: slug, Activity: code}, feedEntries)
		if err != nil {
			return nil, err
		}
		for i := range reps {
			f.Items = append(f.Items, s.reportItem(l, snap, &reps[i]))
		}
		return f, nil
	})
}

// dateTime is a date (YYYY-MM-DD) as the start of that day, UTC; zero
// when it is not one.
func dateTime(d string) time.Time {
	t, _ := time.Parse(time.DateOnly, d)
	return t
}

// pageFeed is the <link rel="alternate"> of a page that has a feed: its
// path (without language) plus /feed.atom.
func pageFeed(l *locale.Localizer, path, title string) *feedLink {
	return &feedLink{Href: localURL(l.Lang, path+"/feed.atom"), Title: title}
}
