package web

import (
	"github.com/elac/bitacora/pagecache"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/store"
)

type queueRow struct {
	Code, Period, Party, Submitted string
	Text                           text
	Days                           int
	Href                           string // the report's review form
	OwnParty                       bool   // separation of duties: another member reviews it
}

type reviewQueuePage struct {
	page
	LangAttr template.HTMLAttr
	Action   string
	Filters  []fieldView
	Rows     []queueRow
}

// reviewQueue lists, for the Bureau, the reports submitted and not yet
// reviewed, oldest first, with a link to each one's review form. A GET
// form narrows it by area, party and period (the dashboard's filters).
func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	slug := doc.Programme.Slug
	f, err := param.ProgressFilter(r, doc, snap.Periods[slug])
	if err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	states, err := s.store.ReportStates(r.Context(), store.ReportStateFilter{Programme: slug, State: bitacora.StateSubmitted, Period: f.Period})
	if err != nil {
		return err
	}
	// The filter's area and party narrow the document; the queue keeps
	// the reports of the activities left in it.
	fdoc, _ := f.Apply(doc, nil)
	kept := activitiesByCode(fdoc)
	sort.SliceStable(states, func(i, j int) bool { return states[i].SubmittedAt < states[j].SubmittedAt })

	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	data := reviewQueuePage{page: s.newPage(r, l.T("reviews_title")), LangAttr: v.langAttr(),
		Action: v.url(v.programmePath() + "/reviews"), Filters: v.filterFields(f)}
	data.Filters[2].Label = l.T("report_period") // one period, not "up to" as on the dashboard
	data.Crumbs = v.crumbs(crumb{Text: data.Title})
	now := time.Now()
	for _, rs := range states {
		a := kept[rs.Key.Activity]
		if a == nil {
			continue
		}
		var parties []string
		for _, id := range a.Responsible {
			parties = append(parties, v.party(id).Name)
		}
		row := queueRow{Code: a.Code, Text: v.text("activity:"+a.Code, "text", a.Text), Period: periodOf(l, snap.Periods[doc.Programme.Slug], rs.Key.Period),
			Party: strings.Join(parties, "; "), Days: bitacora.DaysSince(rs.SubmittedAt, now),
			Href:     v.url(v.programmePath()+"/activities/"+a.Code+"/reports/"+rs.Key.Period) + "#review-h",
			OwnParty: !p.CanReviewReport(a, nil)}
		if len(rs.SubmittedAt) >= 10 {
			row.Submitted = l.Date(rs.SubmittedAt[:10])
		}
		data.Rows = append(data.Rows, row)
	}
	return s.writePrivate(w, "reviews", data)
}

// activitiesByCode indexes a document's activities.
func activitiesByCode(doc *bitacora.Document) map[string]*bitacora.Activity {
	m := map[string]*bitacora.Activity{}
	for i := range doc.Areas {
		for j := range doc.Areas[i].Objectives {
			o := &doc.Areas[i].Objectives[j]
			for k := range o.Activities {
				m[o.Activities[k].Code] = &o.Activities[k]
			}
		}
	}
	return m
}

// writePrivate renders a page of someone's workspace: never kept by a
// cache, shared or not.
func (s *Server) writePrivate(w http.ResponseWriter, name string, data any) error {
	body, err := s.render(name, data)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header()["Cache-Control"] = pagecache.Private
	w.Write(body)
	return nil
}
