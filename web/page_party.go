package web

import (
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
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
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := partiesPage{page: s.newPage(r, l.T("parties_title"))}
		data.Description = l.T("parties_intro")
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")}, {Text: l.T("parties_title")}}
		byKind := partiesByKind(snap)
		for _, k := range bitacora.PartyKinds {
			if len(byKind[k]) == 0 {
				continue
			}
			g := partyGroup{Kind: k, Title: kindTitle(l, k, true)}
			for _, p := range byKind[k] {
				e := partyEntry{partyLink: s.registerLink(l.Lang, snap, p)}
				for _, role := range snap.Roles[p.ID] {
					if role.Role == bitacora.RoleResponsible {
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
func (s *Server) registerLink(lang string, snap *published.Snapshot, p *bitacora.Party) partyLink {
	return partyLink{Href: localURL(lang, "/parties/"+p.ID), Name: p.Name, Acronym: shownAcronym(p),
		Countries: strings.Join(p.Countries, ", "), LangAttr: langAttr(lang, partyLanguage(snap, p.ID))}
}

// partiesByKind groups the register in the directory's order.
func partiesByKind(snap *published.Snapshot) map[bitacora.PartyKind][]*bitacora.Party {
	m := map[bitacora.PartyKind][]*bitacora.Party{}
	for i := range snap.Parties {
		p := &snap.Parties[i]
		m[p.Kind] = append(m[p.Kind], p)
	}
	for _, list := range m {
		sort.SliceStable(list, func(i, j int) bool { return collateKey(list[i].Name) < collateKey(list[j].Name) })
	}
	return m
}

// partyLanguage is the language of the first programme naming the party:
// names are shown as written there.
func partyLanguage(snap *published.Snapshot, id string) string {
	if roles := snap.Roles[id]; len(roles) > 0 {
		return roles[0].Doc.Programme.Language
	}
	for _, p := range snap.Programmes {
		return p.Language
	}
	return ""
}

type roleRow struct {
	Code, Text, Href, Area, Programme, Status string
	StatusHref                                string // the report the status is from
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
	// What the register keeps: names in languages, chairs with their
	// dates, the parties merged into this one.
	Names    []partyNameView
	Chairs   []string
	Absorbed []string
}

type partyNameView struct {
	Name, Language string
	LangAttr       template.HTMLAttr
}

// registerFacts fills in what the register keeps of the party, in the
// reader's language.
func registerFacts(l *locale.Localizer, data *partyPage, p *bitacora.Party) {
	for _, n := range p.Names {
		v := partyNameView{Name: n.Name}
		if n.Lang != "" {
			v.Language, v.LangAttr = l.T("register_lang_"+n.Lang), langAttr(l.Lang, n.Lang)
		}
		data.Names = append(data.Names, v)
	}
	for _, c := range p.Chairs {
		country := c.Country
		if c.Code != "" {
			country += " (" + c.Code + ")"
		}
		if c.EndsOn == "" {
			data.Chairs = append(data.Chairs, l.T("party_chair_since", "Country", country, "From", l.Date(c.StartsOn)))
		} else {
			data.Chairs = append(data.Chairs, l.T("party_chair_dates", "Country", country, "From", l.Date(c.StartsOn), "To", l.Date(c.EndsOn)))
		}
	}
	for _, m := range p.Absorbed {
		data.Absorbed = append(data.Absorbed, l.T("register_absorbed", "Name", m.Name, "Date", l.Date(m.On)))
	}
}

// party shows one party: what it is, and everything it leads and supports.
func (s *Server) party(w http.ResponseWriter, r *http.Request) error {
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
		// A party merged into another: its address is the survivor's now.
		http.Redirect(w, r, localURL(language(r), "/parties/"+to), http.StatusMovedPermanently)
		return nil
	}
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := partyPage{page: s.newPage(r, p.Name), Party: p, Acronym: shownAcronym(p), KindName: kindTitle(l, p.Kind, false),
			Countries: strings.Join(p.Countries, ", "), LangAttr: langAttr(l.Lang, partyLanguage(snap, p.ID))}
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")},
			{Text: l.T("parties_title"), Href: localURL(l.Lang, "/parties")}, {Text: p.Name}}
		data.Feed = pageFeed(l, "/parties/"+p.ID, l.T("feed_party_title", "Party", p.Name))
		registerFacts(l, &data, p)
		if parent, ok := snap.PartyByID[p.Parent]; ok {
			link := s.registerLink(l.Lang, snap, parent)
			data.Parent = &link
		}
		for i := range snap.Parties {
			if c := &snap.Parties[i]; c.Parent == p.ID {
				data.Children = append(data.Children, s.registerLink(l.Lang, snap, c))
			}
		}
		leads := roleSection{ID: "leads", Title: l.T("party_leads")}
		supports := roleSection{ID: "supports", Title: l.T("party_supports")}
		several := len(snap.Programmes) > 1
		for _, role := range snap.Roles[p.ID] {
			row := roleRow{Code: role.Activity.Code, Text: role.Activity.Text,
				Href: localURL(l.Lang, "/"+role.Doc.Programme.Slug+"/activities/"+role.Activity.Code),
				Area: strconv.Itoa(role.Area.Number) + ". " + displayTitle(role.Doc, role.Area.Title), Status: l.T("status_not_reported")}
			if rep, ok := snap.Latest(role.Doc.Programme.Slug, role.Activity.Code); ok {
				row.Status = l.T("status_"+string(rep.Status)) + " (" + rep.Period + ")"
				row.StatusHref = localURL(l.Lang, "/"+role.Doc.Programme.Slug+"/activities/"+role.Activity.Code+"/reports/"+rep.Period)
			}
			if several {
				row.Programme = role.Doc.Programme.Symbol
			}
			if role.Role == bitacora.RoleResponsible {
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
