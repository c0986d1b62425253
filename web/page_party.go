package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

type partyEntry struct {
	partyLink
	Leads, Supports int
}

type partyGroup struct {
	Kind    bitacora.PartyKind
	Title   string
	Parties []partyEntry
}

type partiesPage struct {
	page
	Groups []partyGroup
}

// parties is the directory of parties, grouped by kind.
func (s *Server) parties(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.content.get(r.Context())
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := partiesPage{page: s.newPage(r, l.T("parties_title"))}
		data.Description = l.T("parties_intro")
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")}, {Text: l.T("parties_title")}}
		byKind := snap.partiesByKind()
		for _, k := range bitacora.PartyKinds {
			if len(byKind[k]) == 0 {
				continue
			}
			g := partyGroup{Kind: k, Title: kindTitle(l, k, true)}
			for _, p := range byKind[k] {
				e := partyEntry{partyLink: s.registerLink(l.Lang, snap, p)}
				for _, role := range snap.roles[p.ID] {
					if role.role == bitacora.RoleResponsible {
						e.Leads++
					} else {
						e.Supports++
					}
				}
				g.Parties = append(g.Parties, e)
			}
			data.Groups = append(data.Groups, g)
		}
		return s.render("parties", data)
	})
}

// registerLink links a party as the register writes it.
func (s *Server) registerLink(lang string, snap *snapshot, p *bitacora.Party) partyLink {
	return partyLink{Href: localURL(lang, "/parties/"+p.ID), Name: p.Name, Acronym: shownAcronym(p),
		Countries: strings.Join(p.Countries, ", "), LangAttr: langAttr(lang, snap.partyLanguage(p.ID))}
}

// partyLanguage is the language of the first programme naming the party:
// names are shown as written there.
func (snap *snapshot) partyLanguage(id string) string {
	if roles := snap.roles[id]; len(roles) > 0 {
		return roles[0].doc.Programme.Language
	}
	for _, p := range snap.programmes {
		return p.Language
	}
	return ""
}

type roleRow struct {
	Code, Text, Href, Area, Programme, Status string
}

type roleSection struct {
	ID, Title string
	Rows      []roleRow
}

type partyPage struct {
	page
	History   []historyRow
	Party     *bitacora.Party
	Acronym   string
	KindName  string
	Countries string
	LangAttr  template.HTMLAttr
	Parent    *partyLink
	Children  []partyLink
	Sections  []roleSection
}

// party shows one party: what it is, and everything it leads and supports.
func (s *Server) party(w http.ResponseWriter, r *http.Request) error {
	id, err := pathValue(r, "id", slugParam)
	if err != nil {
		return err
	}
	snap, err := s.content.get(r.Context())
	if err != nil {
		return err
	}
	p, ok := snap.partyByID[id]
	if !ok {
		return bitacora.Errorf(bitacora.ENOTFOUND, "no party %q", id).WithKey("error_no_party", "Party", id)
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := partyPage{page: s.newPage(r, p.Name), Party: p, Acronym: shownAcronym(p), KindName: kindTitle(l, p.Kind, false),
			Countries: strings.Join(p.Countries, ", "), LangAttr: langAttr(l.Lang, snap.partyLanguage(p.ID))}
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")},
			{Text: l.T("parties_title"), Href: localURL(l.Lang, "/parties")}, {Text: p.Name}}
		if parent, ok := snap.partyByID[p.Parent]; ok {
			link := s.registerLink(l.Lang, snap, parent)
			data.Parent = &link
		}
		for i := range snap.parties {
			if c := &snap.parties[i]; c.Parent == p.ID {
				data.Children = append(data.Children, s.registerLink(l.Lang, snap, c))
			}
		}
		leads := roleSection{ID: "leads", Title: l.T("party_leads")}
		supports := roleSection{ID: "supports", Title: l.T("party_supports")}
		several := len(snap.programmes) > 1
		// The latest accepted status of each activity, by programme.
		latest := map[string]map[string]bitacora.Report{}
		for slug := range snap.docs {
			latest[slug] = map[string]bitacora.Report{}
			for _, rep := range snap.accepted[slug] {
				if prev, ok := latest[slug][rep.Activity]; !ok || prev.Period < rep.Period {
					latest[slug][rep.Activity] = rep
				}
			}
		}
		for _, role := range snap.roles[p.ID] {
			row := roleRow{Code: role.activity.Code, Text: role.activity.Text,
				Href: localURL(l.Lang, "/"+role.doc.Programme.Slug+"/activities/"+role.activity.Code),
				Area: strconv.Itoa(role.area.Number) + ". " + displayTitle(role.doc, role.area.Title), Status: l.T("status_not_reported")}
			if rep, ok := latest[role.doc.Programme.Slug][role.activity.Code]; ok {
				row.Status = l.T("status_"+string(rep.Status)) + " (" + rep.Period + ")"
			}
			if several {
				row.Programme = role.doc.Programme.Symbol
			}
			if role.role == bitacora.RoleResponsible {
				leads.Rows = append(leads.Rows, row)
			} else {
				supports.Rows = append(supports.Rows, row)
			}
		}
		data.Sections = []roleSection{leads, supports}
		var err error
		if data.History, err = s.history(r, l, store.PartySubject(p.ID)); err != nil {
			return nil, err
		}
		return s.render("party", data)
	})
}
