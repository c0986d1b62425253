package web

import (
	"context"
	"html/template"
	"net/http"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

type myRow struct {
	Code, Text, Href, Role string
	Reports                []myReport
}

// myReport is one period of an activity on the work list: where its
// report stands, when it is due, and the link to write, fix or read it.
type myReport struct {
	Period, Href, Action string
	Stage, StageLabel    string
	Deadline             string
	DaysLeft             int
	ShowDue, Overdue     bool
	ReviewComment        string
}

type myGroup struct {
	ID, Title string
	Rows      []myRow
}

type myActivitiesPage struct {
	page
	LangAttr template.HTMLAttr
	Groups   []myGroup
	Work     []workLink // the other pages of the workspace the user may open
}

// myActivities is a focal point's work list: the activities their
// parties lead (they report on those) and co-lead (they contribute), and
// for each period where its report stands, its deadline and the days
// left or overdue, with one link to write, fix or read it. The report
// states come in one query, for all the user's parties.
func (s *Server) myActivities(w http.ResponseWriter, r *http.Request) error {
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	states, err := s.store.ReportStates(r.Context(), store.ReportStateFilter{Parties: p.Parties()})
	if err != nil {
		return err
	}
	byKey := make(map[bitacora.ReportKey]*bitacora.ReportState, len(states))
	for i := range states {
		byKey[states[i].Key] = &states[i]
	}
	l := s.localizer(r)
	now := time.Now()
	deadlines := s.deadlineBook(r.Context())
	data := myActivitiesPage{page: s.newPage(r, l.T("my_activities_title")), Work: s.workLinks(l, p, snap.Programmes)}
	for _, id := range p.Parties() {
		party, ok := snap.PartyByID[id]
		if !ok {
			continue
		}
		g := myGroup{ID: id, Title: party.Name}
		for _, role := range snap.Roles[id] {
			slug := role.Doc.Programme.Slug
			reports := p.CanReportOn(role.Activity)
			row := myRow{Code: role.Activity.Code, Text: role.Activity.Text,
				Href: localURL(l.Lang, "/"+slug+"/activities/"+role.Activity.Code), Role: l.T("my_role_contributes")}
			if reports {
				row.Role = l.T("my_role_reports")
			}
			dl, err := deadlines.of(slug)
			if err != nil {
				return err
			}
			for _, per := range snap.Periods[slug] {
				k := bitacora.ReportKey{Programme: slug, Activity: role.Activity.Code, Period: per.Key}
				rs := byKey[k]
				row.Reports = append(row.Reports, workItem(role.Activity.Code, l, rs, k, per, dl, reports, now,
					localURL(l.Lang, "/"+slug+"/activities/"+role.Activity.Code+"/reports/"+per.Key)))
			}
			data.LangAttr = langAttr(l.Lang, role.Doc.Programme.Language)
			g.Rows = append(g.Rows, row)
		}
		data.Groups = append(data.Groups, g)
	}
	return s.writePrivate(w, "my_activities", data)
}

// workItem is one period of an activity on a focal point's work list.
// The deadline counts while the report waits on its authors (not
// started, a draft, returned); reports says whether the user writes it
// (else they contribute).
func workItem(code string, l interface {
	T(string, ...any) string
	Date(string) string
	Period(key, startsOn, endsOn string) string
}, rs *bitacora.ReportState, k bitacora.ReportKey, per bitacora.Period, dl *bitacora.Deadlines, reports bool, now time.Time, href string) myReport {
	stage := rs.Stage()
	said := l.Period(per.Key, per.StartsOn, per.EndsOn)
	it := myReport{Period: said, Href: href, Stage: string(stage), StageLabel: l.T("stage_" + string(stage)), Deadline: l.Date(dl.Deadline(k, per))}
	switch stage {
	case bitacora.StateNotStarted, bitacora.StateDraft, bitacora.StateReturned:
		if !rs.Reported() {
			it.ShowDue = true
			it.DaysLeft = bitacora.DaysLeft(dl.Due(k, per), now)
			it.Overdue = it.DaysLeft < 0
			if it.Overdue {
				it.DaysLeft = -it.DaysLeft
			}
		}
	}
	if stage == bitacora.StateReturned {
		it.ReviewComment = rs.ReviewComment
	}
	action := "my_action_view"
	switch {
	case reports && stage == bitacora.StateNotStarted:
		action = "my_action_write"
	case reports && stage == bitacora.StateDraft:
		action = "my_action_continue"
	case reports && stage == bitacora.StateReturned:
		action = "my_action_fix"
	case !reports && stage != bitacora.StateNotStarted && stage != bitacora.StateAccepted:
		action = "my_action_contribute"
	}
	it.Action = l.T(action, "Code", code, "Period", said)
	return it
}

// deadlineBook reads each programme's deadlines (its time zone and
// extensions) once for a request that shows several programmes' reports.
type deadlineBook struct {
	ctx context.Context
	db  *store.DB
	by  map[string]*bitacora.Deadlines
}

func (s *Server) deadlineBook(ctx context.Context) *deadlineBook {
	return &deadlineBook{ctx: ctx, db: s.store, by: map[string]*bitacora.Deadlines{}}
}

func (b *deadlineBook) of(slug string) (*bitacora.Deadlines, error) {
	if dl, ok := b.by[slug]; ok {
		return dl, nil
	}
	dl, err := b.db.Deadlines(b.ctx, slug)
	if err == nil {
		b.by[slug] = dl
	}
	return dl, err
}
