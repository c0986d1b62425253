package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

// calendar serves a person's deadlines as an iCalendar feed, at the address
// made on their account page (a calendar program cannot sign in: the
// address's secret stands for the person): one all-day event per report
// they write — the activities their parties lead today, every period — on
// its deadline day (an extension's, if the secretariat moved it), in the
// language of the address, with the report's state and link. The events'
// ids never change, so that a calendar updates them in place.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) error {
	u, err := s.store.CalendarUser(r.Context(), r.PathValue("secret"))
	if err != nil {
		return err
	}
	p := bitacora.Public()
	p.User = u
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	states, err := s.store.ReportStates(r.Context(), store.ReportStateFilter{Parties: p.Parties()})
	if err != nil {
		return err
	}
	byKey := map[bitacora.ReportKey]*bitacora.ReportState{}
	for i := range states {
		byKey[states[i].Key] = &states[i]
	}
	l := s.localizer(r)
	host := strings.TrimPrefix(strings.TrimPrefix(s.baseURL, "https://"), "http://")
	cal := ics.NewCalendarFor("Bitácora")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(l.T("calendar_name"))
	cal.SetXWRCalName(l.T("calendar_name"))
	cal.SetRefreshInterval("PT6H")
	now := time.Now().UTC()
	deadlines := s.deadlineBook(r.Context())
	seen := map[bitacora.ReportKey]bool{}
	for _, party := range p.Parties() {
		for _, role := range snap.Roles[party] {
			if role.Role != bitacora.RoleResponsible {
				continue
			}
			slug := role.Doc.Programme.Slug
			dl, err := deadlines.of(slug)
			if err != nil {
				return err
			}
			for _, per := range snap.Periods[slug] {
				k := bitacora.ReportKey{Programme: slug, Activity: role.Activity.Code, Period: per.Key}
				if seen[k] {
					continue
				}
				seen[k] = true
				day, err := time.Parse("2006-01-02", dl.Deadline(k, per))
				if err != nil {
					continue
				}
				stage := byKey[k].Stage()
				e := cal.AddEvent(slug + "/" + k.Activity + "/" + k.Period + "@" + host)
				e.SetDtStampTime(now)
				e.SetAllDayStartAt(day)
				e.SetAllDayEndAt(day.AddDate(0, 0, 1))
				e.SetSummary(l.T("calendar_event", "Activity", k.Activity, "Period", periodText(l, per), "Programme", role.Doc.Programme.Symbol))
				e.SetDescription(l.T("calendar_event_description", "Stage", l.T("stage_"+string(stage)), "Activity", k.Activity, "Text", role.Activity.Text))
				e.SetURL(s.baseURL + localURL(l.Lang, "/"+url.PathEscape(slug)+"/activities/"+url.PathEscape(k.Activity)+"/reports/"+url.PathEscape(k.Period)))
			}
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return cal.SerializeTo(w)
}
