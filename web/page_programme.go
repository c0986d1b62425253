package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

type programmeCard struct {
	bitacora.ProgrammeSummary
	DisplayTitle string
}

type siteHomePage struct {
	page
	Programmes []programmeCard
}

// siteHome lists the programmes.
func (s *Server) siteHome(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := siteHomePage{page: s.newPage(r, l.T("home_title"))}
		data.Description = l.T("home_intro")
		for _, p := range snap.Programmes {
			data.Programmes = append(data.Programmes, programmeCard{p, displayTitle(snap.Docs[p.Slug], p.Title)})
		}
		return s.render("sitehome", data)
	})
}

// programmeDoc returns the snapshot and the programme the path names.
func (s *Server) programmeDoc(r *http.Request) (*published.Snapshot, *bitacora.Document, error) {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return nil, nil, err
	}
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return nil, nil, err
	}
	doc, err := snap.Document(slug)
	if err != nil {
		return nil, nil, err
	}
	return snap, doc, nil
}

// crumbs starts the breadcrumb trail of a programme's pages.
func (v viewer) crumbs(more ...crumb) []crumb {
	c := []crumb{{Text: v.l.T("nav_programmes"), Href: v.url("/")},
		{Text: v.doc.Programme.Symbol + " · " + strconv.Itoa(v.doc.Programme.StartYear) + "–" + strconv.Itoa(v.doc.Programme.EndYear), Href: v.url(v.programmePath())}}
	return append(c, more...)
}

type areaRow struct {
	Number, Objectives, Activities int
	Title                          text
}

type programmePage struct {
	page
	Doc          *bitacora.Document
	DisplayTitle string
	Areas        []areaRow
	// The follow-up in two sentences, and where to see it all.
	Reported, Completion, DashboardHref string
	FollowupHref, FollowupPDFHref       string
}

func (s *Server) programme(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		v := viewer{l: s.localizer(r), snap: snap, doc: doc}
		title := displayTitle(doc, doc.Programme.Title)
		data := programmePage{page: s.newPage(r, title), Doc: doc, DisplayTitle: title}
		data.Description = doc.Programme.Agenda
		data.Feed = pageFeed(v.l, v.programmePath(), v.l.T("feed_programme_title", "Programme", doc.Programme.Symbol))
		data.Crumbs = v.crumbs()
		data.Crumbs[len(data.Crumbs)-1].Href = ""
		data.Reported, data.Completion = v.summary(snap.Summary(doc))
		data.DashboardHref = v.url(v.programmePath() + "/dashboard")
		data.FollowupHref, data.FollowupPDFHref = v.url(v.programmePath()+"/followup"), v.url(v.programmePath()+"/followup.pdf")
		for i, a := range doc.Areas {
			row := areaRow{Number: a.Number, Title: v.areaTitle(&doc.Areas[i]), Objectives: len(a.Objectives)}
			for _, o := range a.Objectives {
				row.Activities += len(o.Activities)
			}
			data.Areas = append(data.Areas, row)
		}
		return s.render("programme", data)
	})
}

type areaSection struct {
	Area       bitacora.AreaRef
	Title      text
	Href       string
	Objectives []objectiveView
}

type fullPage struct {
	page
	Banner       string // which version this is, when not the current one
	Doc          *bitacora.Document
	DisplayTitle string
	LangAttr     template.HTMLAttr
	Areas        []areaSection
	Notes        []bitacora.Note
	Pager        *pager // for a programme too long for one page
}

// full shows the whole programme on one page, to read through or print.
func (s *Server) full(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	n, err := param.Page(r)
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, pageQuery(n), func(r *http.Request) ([]byte, error) {
		data, err := s.fullPageOf(r, snap, doc, n)
		if err != nil {
			return nil, err
		}
		return s.render("full", data)
	})
}

// pageQuery is the query of the n-th page of a paged page: none for the
// first.
func pageQuery(n int) url.Values {
	if n <= 1 {
		return nil
	}
	return url.Values{"page": {strconv.Itoa(n)}}
}

// fullActivities is about how many activities a page of the whole
// programme shows: all of eLAC2020's 53 on one page; a programme of 1,000
// in pages of whole areas (an area larger than that is a page of its own).
const fullActivities = 100

// fullPages splits doc's areas into pages: the index of each page's first
// area, and len(doc.Areas) at the end.
func fullPages(doc *bitacora.Document) []int {
	starts, count := []int{0}, 0
	for i, a := range doc.Areas {
		n := 0
		for _, o := range a.Objectives {
			n += len(o.Activities)
		}
		if count > 0 && count+n > fullActivities {
			starts, count = append(starts, i), 0
		}
		count += n
	}
	return append(starts, len(doc.Areas))
}

// fullPageOf lays out the n-th page of a whole programme: the current one,
// or a version.
func (s *Server) fullPageOf(r *http.Request, snap *published.Snapshot, doc *bitacora.Document, n int) (fullPage, error) {
	v := viewer{l: s.localizer(r), snap: snap, doc: doc}
	title := displayTitle(doc, doc.Programme.Title)
	data := fullPage{page: s.newPage(r, v.l.T("programme_full")), Doc: doc, DisplayTitle: title, LangAttr: v.langAttr()}
	data.Crumbs = v.crumbs(crumb{Text: v.l.T("programme_full")})
	pages := fullPages(doc)
	if n > len(pages)-1 {
		return data, bitacora.Errorf(bitacora.ENOTFOUND, "the programme has %d pages", len(pages)-1).WithKey("error_no_page", "Count", len(pages)-1)
	}
	from, to := pages[n-1], pages[n]
	if to == len(doc.Areas) {
		data.Notes = doc.Notes // after the last area
	}
	if len(pages) > 2 {
		info := v.l.T("pager_areas_info", "From", v.l.Number(from+1), "To", v.l.Number(to), "Total", v.l.Number(len(doc.Areas)))
		data.Pager = newPager(v.l.T("pager_label_full"), info, n, len(pages)-1, func(page int) string {
			if page > 1 {
				return r.URL.Path + "?page=" + strconv.Itoa(page)
			}
			return r.URL.Path
		})
	}
	for ai := from; ai < to; ai++ {
		a := &doc.Areas[ai]
		sec := areaSection{Area: bitacora.AreaRef{Number: a.Number, Title: displayTitle(doc, a.Title)}, Href: v.url(v.programmePath() + "/areas/" + strconv.Itoa(a.Number)), Title: v.areaTitle(a)}
		for oi := range a.Objectives {
			sec.Objectives = append(sec.Objectives, v.objective(&a.Objectives[oi], 4))
		}
		data.Areas = append(data.Areas, sec)
	}
	return data, nil
}
