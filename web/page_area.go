package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/store"
)

type areaPage struct {
	page
	Area       bitacora.AreaRef
	AreaTitle  text
	LangAttr   template.HTMLAttr
	Source     sourceLink
	Objectives []objectiveView
}

// area shows one action area with all its objectives and activities.
func (s *Server) area(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	n, err := param.Int(r, "number")
	if err != nil {
		return err
	}
	var area *bitacora.Area
	for i := range doc.Areas {
		if doc.Areas[i].Number == n {
			area = &doc.Areas[i]
		}
	}
	if area == nil {
		return bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no area %d", doc.Programme.Slug, n).WithKey("error_no_area", "Programme", doc.Programme.Slug, "Area", n)
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		v := viewer{l: s.localizer(r), snap: snap, doc: doc}
		heading := v.l.T("area_heading", "Number", area.Number) + " " + displayTitle(doc, area.Title)
		data := areaPage{page: s.newPage(r, heading), Area: bitacora.AreaRef{Number: area.Number, Title: displayTitle(doc, area.Title)},
			AreaTitle: v.areaTitle(area), LangAttr: v.langAttr(), Source: v.source(area.Source)}
		data.Crumbs = v.crumbs(crumb{Text: v.l.T("area_heading", "Number", area.Number)})
		for i := range area.Objectives {
			data.Objectives = append(data.Objectives, v.objective(&area.Objectives[i], 3))
		}
		return s.render("area", data)
	})
}

type objectivePage struct {
	page
	Objective     bitacora.ObjectiveRef
	ObjectiveText text
	AreaTitle     text
	Area          bitacora.AreaRef
	AreaHref      string
	LangAttr      template.HTMLAttr
	Source        sourceLink
	Activities    []activityView
	// Indicators that measure the objective or its activities.
	Indicators []indicatorLink
}

func (s *Server) objective(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	n, err := param.Int(r, "number")
	if err != nil {
		return err
	}
	for ai := range doc.Areas {
		area := &doc.Areas[ai]
		for oi := range area.Objectives {
			o := &area.Objectives[oi]
			if o.Number != n {
				continue
			}
			return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
				v := viewer{l: s.localizer(r), snap: snap, doc: doc}
				ov := v.objective(o, 3)
				data := objectivePage{page: s.newPage(r, v.l.T("objective_heading", "Number", o.Number)),
					Objective: bitacora.ObjectiveRef{Number: o.Number, Text: o.Text},
					Area:      bitacora.AreaRef{Number: area.Number, Title: displayTitle(doc, area.Title)},
					AreaHref:  v.url(v.programmePath() + "/areas/" + strconv.Itoa(area.Number)),
					LangAttr:  v.langAttr(), Source: v.source(o.Source), Activities: ov.Activities,
					ObjectiveText: ov.Text, AreaTitle: v.areaTitle(area)}
				data.Description = param.Truncate(o.Text, 160)
				inds, err := s.store.Indicators(r.Context())
				if err != nil {
					return nil, err
				}
				for _, i := range indicatorsOf(inds, doc.Programme.Slug, o.Number) {
					data.Indicators = append(data.Indicators, s.indicatorLinkFor(v.l, i))
				}
				data.Crumbs = v.crumbs(crumb{Text: v.l.T("area_heading", "Number", area.Number), Href: data.AreaHref},
					crumb{Text: v.l.T("objective_heading", "Number", o.Number)})
				return s.render("objective", data)
			})
		}
	}
	return bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no objective %d", doc.Programme.Slug, n).WithKey("error_no_objective", "Programme", doc.Programme.Slug, "Objective", n)
}

// periodStatus is an activity's accepted status in one period.
type periodStatus struct {
	Period, Status, Completion, Href string
}

type activityPage struct {
	page
	// Operations are the partners' IATI operations linked to the
	// activity, shown as evidence of what carries it out.
	Operations    template.HTML
	History       []historyRow
	Latest        *periodStatus
	Periods       []periodStatus
	Activity      activityView
	ObjectiveText text
	AreaTitle     text
	Objective     bitacora.ObjectiveRef
	Area          bitacora.AreaRef
	ObjectiveHref string
	AreaHref      string
}

func (s *Server) activity(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	code, err := param.Path(r, "code", param.Code)
	if err != nil {
		return err
	}
	for ai := range doc.Areas {
		area := &doc.Areas[ai]
		for oi := range area.Objectives {
			o := &area.Objectives[oi]
			for ti := range o.Activities {
				a := &o.Activities[ti]
				if a.Code != code {
					continue
				}
				return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
					v := viewer{l: s.localizer(r), snap: snap, doc: doc}
					data := activityPage{page: s.newPage(r, v.l.T("activity_heading", "Code", a.Code)),
						Activity:      v.activity(a, 2),
						Objective:     bitacora.ObjectiveRef{Number: o.Number, Text: o.Text},
						Area:          bitacora.AreaRef{Number: area.Number, Title: displayTitle(doc, area.Title)},
						ObjectiveHref: v.url(v.programmePath() + "/objectives/" + strconv.Itoa(o.Number)),
						AreaHref:      v.url(v.programmePath() + "/areas/" + strconv.Itoa(area.Number)),
						ObjectiveText: v.objectiveText(o),
						AreaTitle:     v.areaTitle(area),
					}
					data.Description = param.Truncate(a.Text, 160)
					data.Feed = pageFeed(v.l, v.programmePath()+"/activities/"+a.Code, v.l.T("feed_activity_title", "Code", a.Code, "Programme", doc.Programme.Symbol))
					data.Crumbs = v.crumbs(crumb{Text: v.l.T("area_heading", "Number", area.Number), Href: data.AreaHref},
						crumb{Text: v.l.T("objective_heading", "Number", o.Number), Href: data.ObjectiveHref},
						crumb{Text: v.l.T("activity_heading", "Code", a.Code)})
					if err := s.activityStatus(r, v, a, &data); err != nil {
						return nil, err
					}
					var err error
					if data.Operations, err = s.activityOperations(r, v, a.Code); err != nil {
						return nil, err
					}
					if data.History, err = s.history(r, v.l, store.ActivitySubject(doc.Programme.Slug, a.Code),
						store.ProgrammeSubject(doc.Programme.Slug)); err != nil {
						return nil, err
					}
					return s.render("activity", data)
				})
			}
		}
	}
	return bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no activity %q", doc.Programme.Slug, code).WithKey("error_no_activity", "Programme", doc.Programme.Slug, "Activity", code)
}

// activityStatus fills the activity's accepted status in every period and
// the latest one.
func (s *Server) activityStatus(r *http.Request, v viewer, a *bitacora.Activity, data *activityPage) error {
	slug := v.doc.Programme.Slug
	periods, accepted := v.snap.Periods[slug], v.snap.StandingsOf(slug, a.Code)
	for _, p := range periods {
		ps := periodStatus{Period: periodText(v.l, p), Status: v.l.T("status_not_reported")}
		for _, rep := range accepted {
			if rep.Activity == a.Code && rep.Period == p.Key {
				ps.Status, ps.Completion = v.l.T("status_"+string(rep.Status)), v.l.T("completion_"+string(rep.Completion))
				ps.Href = v.url(v.programmePath() + "/activities/" + a.Code + "/reports/" + p.Key)
				latest := ps
				data.Latest = &latest
			}
		}
		data.Periods = append(data.Periods, ps)
	}
	return nil
}
