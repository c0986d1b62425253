package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// The register's forms: each posts to the parties service, and on success
// answers 303 to the party's page with a flash; a form with errors comes
// back with them (422).

func fieldIndex(prefix string, i int) string { return prefix + strconv.Itoa(i) }

func partyEditFrom(r *http.Request) bitacora.PartyEdit {
	return bitacora.PartyEdit{Name: r.PostForm.Get("name"), Acronym: r.PostForm.Get("acronym"),
		Kind: bitacora.PartyKind(r.PostForm.Get("kind")), Parent: r.PostForm.Get("parent")}
}

// keepEdit puts what was typed back into a form.
func keepEdit(values map[string]string, e bitacora.PartyEdit) {
	values["name"], values["acronym"], values["kind"], values["parent"] = e.Name, e.Acronym, string(e.Kind), e.Parent
}

// addParty registers a party and goes to its page.
func (s *Server) addParty(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	e := partyEditFrom(r)
	added, err := s.svc.parties.Add(bitacora.WithPrincipal(r.Context(), p), e)
	if err != nil {
		return s.renderAdminParties(w, r, func(a *adminPartiesPage) {
			keepEdit(a.Values, e)
			a.fail(err)
		})
	}
	s.flash(w, "party_added")
	http.Redirect(w, r, localURL(language(r), "/admin/parties/"+added.ID), http.StatusSeeOther)
	return nil
}

// updateParty renames a party or changes its acronym, kind or parent.
func (s *Server) updateParty(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := param.Path(r, "id", param.Slug)
	if err != nil {
		return err
	}
	e := partyEditFrom(r)
	if err := s.svc.parties.Update(bitacora.WithPrincipal(r.Context(), p), id, e); err != nil {
		return s.renderAdminParty(w, r, func(a *adminPartyPage) {
			keepEdit(a.Values, e)
			a.fail(err)
		})
	}
	return s.partySaved(w, r, id, "party_saved", "")
}

func (s *Server) partySaved(w http.ResponseWriter, r *http.Request, id, flash, anchor string) error {
	s.flash(w, flash)
	http.Redirect(w, r, localURL(language(r), "/admin/parties/"+id)+anchor, http.StatusSeeOther)
	return nil
}

// setPartyAliases replaces the party's names in languages: the rows of
// the form, an emptied row removed.
func (s *Server) setPartyAliases(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := param.Path(r, "id", param.Slug)
	if err != nil {
		return err
	}
	langs := r.PostForm["alias_lang"]
	var names []bitacora.PartyName
	for i, name := range r.PostForm["alias"] {
		if strings.TrimSpace(name) == "" {
			continue
		}
		n := bitacora.PartyName{Name: name}
		if i < len(langs) {
			n.Lang = langs[i]
		}
		names = append(names, n)
	}
	if err := s.svc.parties.SetAliases(bitacora.WithPrincipal(r.Context(), p), id, names); err != nil {
		return s.renderAdminParty(w, r, func(a *adminPartyPage) {
			if a.fail(err) == nil {
				a.Aliases = aliasRows(a.L, names, a.Errors)
			}
		})
	}
	return s.partySaved(w, r, id, "party_saved", "#aliases")
}

// setPartyChairs replaces the countries that chair the party: the rows
// of the form, an emptied row removed.
func (s *Server) setPartyChairs(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := param.Path(r, "id", param.Slug)
	if err != nil {
		return err
	}
	f := r.PostForm
	at := func(name string, i int) string {
		if v := f[name]; i < len(v) {
			return v[i]
		}
		return ""
	}
	var chairs []bitacora.Chair
	for i := range f["chair_country"] {
		c := bitacora.Chair{Country: at("chair_country", i), Code: at("chair_code", i), StartsOn: at("chair_starts", i), EndsOn: at("chair_ends", i)}
		if strings.TrimSpace(c.Country+c.Code+c.StartsOn+c.EndsOn) == "" {
			continue
		}
		chairs = append(chairs, c)
	}
	if err := s.svc.parties.SetChairs(bitacora.WithPrincipal(r.Context(), p), id, chairs); err != nil {
		return s.renderAdminParty(w, r, func(a *adminPartyPage) {
			if a.fail(err) == nil {
				a.Chairs = chairRows(chairs, a.Errors)
			}
		})
	}
	return s.partySaved(w, r, id, "party_saved", "#chairs")
}

// mergeParty merges the party picked into this one, in two steps: the
// first shows what will move and asks to confirm; the confirmation merges.
func (s *Server) mergeParty(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := param.Path(r, "id", param.Slug)
	if err != nil {
		return err
	}
	merged := r.PostForm.Get("merged")
	if merged == "" {
		return s.renderAdminParty(w, r, func(a *adminPartyPage) {
			a.Errors["merged"] = a.L.T("register_merge_pick_error")
			a.Alert = a.L.T("form_has_errors")
		})
	}
	if r.PostForm.Get("confirm") != "1" {
		counts, err := s.store.MergePreview(r.Context(), id, merged)
		return s.renderAdminParty(w, r, func(a *adminPartyPage) {
			a.Values["merged"] = merged
			if err != nil {
				a.fail(err)
				return
			}
			other, err := s.store.Party(r.Context(), merged)
			if err != nil {
				a.fail(err)
				return
			}
			l := a.L
			c := &mergeConfirm{ID: merged, Name: partyLabel(&other.Party)}
			for _, m := range []struct {
				key string
				n   int
			}{{"register_moves_roles", counts.Roles}, {"register_moves_memberships", counts.Memberships},
				{"register_moves_contributions", counts.Contributions}, {"register_moves_names", counts.Names},
				{"register_moves_children", counts.Children}} {
				if m.n > 0 {
					c.Moves = append(c.Moves, l.N(m.key, m.n))
				}
			}
			// Always: its names find the survivor, its address leads there.
			c.Moves = append(c.Moves, l.T("register_moves_name", "Name", other.Party.Name, "Survivor", a.Party.Name),
				l.T("register_moves_redirect", "Name", other.Party.Name, "Survivor", a.Party.Name))
			a.Confirm = c
		})
	}
	if err := s.svc.parties.Merge(bitacora.WithPrincipal(r.Context(), p), id, merged); err != nil {
		return s.renderAdminParty(w, r, func(a *adminPartyPage) {
			a.Values["merged"] = merged
			a.fail(err)
		})
	}
	return s.partySaved(w, r, id, "party_merged", "")
}
