package web

import (
	"html/template"
	"net/http"
)

type myRow struct {
	Code, Text, Href, Role string
	Reports                []periodLink
}

type periodLink struct{ Period, Href string }

type myGroup struct {
	ID, Title string
	Rows      []myRow
}

type myActivitiesPage struct {
	page
	LangAttr template.HTMLAttr
	Groups   []myGroup
}

// myActivities lists, for a focal point, the activities their parties lead
// (they report on those) and co-lead (they contribute).
func (s *Server) myActivities(w http.ResponseWriter, r *http.Request) error {
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	l := s.localizer(r)
	data := myActivitiesPage{page: s.newPage(r, l.T("my_activities_title"))}
	for _, id := range p.Parties() {
		party, ok := snap.PartyByID[id]
		if !ok {
			continue
		}
		g := myGroup{ID: id, Title: party.Name}
		for _, role := range snap.Roles[id] {
			row := myRow{Code: role.Activity.Code, Text: role.Activity.Text,
				Href: localURL(l.Lang, "/"+role.Doc.Programme.Slug+"/activities/"+role.Activity.Code), Role: l.T("my_role_contributes")}
			if p.CanReportOn(role.Activity) {
				row.Role = l.T("my_role_reports")
			}
			for _, per := range snap.Periods[role.Doc.Programme.Slug] {
				row.Reports = append(row.Reports, periodLink{Period: per.Key,
					Href: localURL(l.Lang, "/"+role.Doc.Programme.Slug+"/activities/"+role.Activity.Code+"/reports/"+per.Key)})
			}
			data.LangAttr = langAttr(l.Lang, role.Doc.Programme.Language)
			g.Rows = append(g.Rows, row)
		}
		data.Groups = append(data.Groups, g)
	}
	body, err := s.render("my_activities", data)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
	return nil
}
