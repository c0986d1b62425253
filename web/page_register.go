package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
)

// The register of parties as the secretariat keeps it: the list with a
// search and the form to add a party, and a party's page with its forms
// (what it is, its names in languages, its chairs, a merge). Parties are
// always picked by name; an id is never asked for.

type registerRow struct {
	Href, Name, Acronym, Kind, Aliases string
}

type adminPartiesPage struct {
	formPage
	Query         string
	Rows          []registerRow
	Total         int
	KindOptions   []option
	ParentOptions []option
}

// adminParties lists the register, filtered by the search box, with the
// form to add a party.
func (s *Server) adminParties(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminParties(w, r, nil)
}

func (s *Server) renderAdminParties(w http.ResponseWriter, r *http.Request, fill func(*adminPartiesPage)) error {
	l := s.localizer(r)
	parties, err := s.store.Parties(r.Context())
	if err != nil {
		return err
	}
	sortByName(parties)
	data := adminPartiesPage{formPage: s.newFormPage(w, r, l.T("register_title")), Total: len(parties)}
	data.Crumbs = []crumb{{Text: l.T("nav_account"), Href: localURL(l.Lang, "/account")}, {Text: l.T("register_title")}}
	data.Query = strings.TrimSpace(r.URL.Query().Get("q"))
	q := foldForSearch(data.Query)
	for i := range parties {
		p := &parties[i]
		if q != "" && !partyMatches(p, q) {
			continue
		}
		data.Rows = append(data.Rows, registerRow{Href: localURL(l.Lang, "/admin/parties/"+p.ID), Name: p.Name, Acronym: shownAcronym(p),
			Kind: kindTitle(l, p.Kind, false), Aliases: strings.Join(names(p), "; ")})
	}
	data.Values["kind"] = string(bitacora.KindOrganisation)
	if fill != nil {
		fill(&data)
	}
	data.KindOptions = kindOptions(l, bitacora.PartyKind(data.Values["kind"]))
	data.ParentOptions = parentOptions(l, parties, "", data.Values["parent"])
	return s.renderForm(w, r, http.StatusOK, "admin_parties", &data.formPage, data)
}

func sortByName(parties []bitacora.Party) {
	sort.SliceStable(parties, func(i, j int) bool { return collateKey(parties[i].Name) < collateKey(parties[j].Name) })
}

// foldForSearch makes a search match whatever the case and accents.
func foldForSearch(s string) string {
	return strings.Join(strings.Fields(bitacora.FoldAccents(strings.ToLower(s))), " ")
}

// partyMatches reports whether the party's name, acronym or any of its
// names holds q (folded).
func partyMatches(p *bitacora.Party, q string) bool {
	all := append([]string{p.Name, p.Acronym, p.ID}, p.Aliases...)
	for _, n := range p.Names {
		all = append(all, n.Name)
	}
	for _, s := range all {
		if strings.Contains(foldForSearch(s), q) {
			return true
		}
	}
	return false
}

func kindOptions(l *locale.Localizer, selected bitacora.PartyKind) []option {
	var opts []option
	for _, k := range bitacora.PartyKinds {
		opts = append(opts, option{Value: string(k), Label: kindTitle(l, k, false), Selected: k == selected})
	}
	return opts
}

// partyLabel is how a party is offered in a list: its name, and its
// acronym when the name is not it.
func partyLabel(p *bitacora.Party) string {
	if a := shownAcronym(p); a != "" {
		return p.Name + " (" + a + ")"
	}
	return p.Name
}

// parentOptions offers every party but except as a parent, after "none".
func parentOptions(l *locale.Localizer, parties []bitacora.Party, except, selected string) []option {
	opts := []option{{Value: "", Label: l.T("register_parent_none"), Selected: selected == ""}}
	for i := range parties {
		if p := &parties[i]; p.ID != except {
			opts = append(opts, option{Value: p.ID, Label: partyLabel(p), Selected: p.ID == selected})
		}
	}
	return opts
}

type aliasRow struct {
	Index                  int
	Name, Error, LangError string
	Langs                  []option
}

type chairRow struct {
	Index                                int
	Country, Code, StartsOn, EndsOn      string
	CountryError, CodeError, StartsError string
	EndsError                            string
	New                                  bool
}

type absorbedRow struct{ Name, On string }

// mergeConfirm is the second step of a merge: what will move, and the
// button that does it.
type mergeConfirm struct {
	ID, Name string
	Moves    []string
}

type adminPartyPage struct {
	formPage
	Party                                            *bitacora.Party
	Action, AliasesAction, ChairsAction, MergeAction string
	PublicHref                                       string
	KindOptions, ParentOptions, MergeOptions         []option
	Aliases                                          []aliasRow
	Chairs                                           []chairRow
	Absorbed                                         []absorbedRow
	Confirm                                          *mergeConfirm
}

// adminParty is a party's page in the register, with its forms.
func (s *Server) adminParty(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminParty(w, r, nil)
}

// languageOptions offers the languages a name may be in, each by its own
// name, after "any language".
func languageOptions(l *locale.Localizer, selected string) []option {
	opts := []option{{Value: "", Label: l.T("register_lang_any"), Selected: selected == ""}}
	for _, lang := range bitacora.TranslationLanguages {
		opts = append(opts, option{Value: lang, Label: l.T("register_lang_" + lang), Selected: lang == selected})
	}
	return opts
}

func (s *Server) renderAdminParty(w http.ResponseWriter, r *http.Request, fill func(*adminPartyPage)) error {
	id, err := param.Path(r, "id", param.Slug)
	if err != nil {
		return err
	}
	d, err := s.store.Party(r.Context(), id)
	if bitacora.ErrorCode(err) == bitacora.ENOTFOUND {
		if to, _ := s.store.SurvivorOf(r.Context(), id); to != "" {
			// Merged: its page is the survivor's now.
			http.Redirect(w, r, localURL(language(r), "/admin/parties/"+to), http.StatusSeeOther)
			return nil
		}
	}
	if err != nil {
		return err
	}
	parties, err := s.store.Parties(r.Context())
	if err != nil {
		return err
	}
	sortByName(parties)
	l := s.localizer(r)
	p := &d.Party
	base := localURL(l.Lang, "/admin/parties/"+p.ID)
	data := adminPartyPage{formPage: s.newFormPage(w, r, p.Name), Party: p, Action: base, AliasesAction: base + "/aliases",
		ChairsAction: base + "/chairs", MergeAction: base + "/merge", PublicHref: localURL(l.Lang, "/parties/"+p.ID)}
	data.Crumbs = []crumb{{Text: l.T("nav_account"), Href: localURL(l.Lang, "/account")},
		{Text: l.T("register_title"), Href: localURL(l.Lang, "/admin/parties")}, {Text: p.Name}}
	data.Values["name"], data.Values["acronym"], data.Values["kind"], data.Values["parent"] = p.Name, p.Acronym, string(p.Kind), p.Parent
	data.Aliases = aliasRows(l, p.Names, nil)
	data.Chairs = chairRows(p.Chairs, nil)
	for _, m := range p.Absorbed {
		data.Absorbed = append(data.Absorbed, absorbedRow{Name: m.Name, On: l.Date(m.On)})
	}
	data.MergeOptions = []option{{Value: "", Label: l.T("register_merge_pick")}}
	for i := range parties {
		if q := &parties[i]; q.ID != p.ID {
			data.MergeOptions = append(data.MergeOptions, option{Value: q.ID, Label: partyLabel(q)})
		}
	}
	if fill != nil {
		fill(&data)
	}
	data.KindOptions = kindOptions(l, bitacora.PartyKind(data.Values["kind"]))
	data.ParentOptions = parentOptions(l, parties, p.ID, data.Values["parent"])
	for i := range data.MergeOptions {
		data.MergeOptions[i].Selected = data.MergeOptions[i].Value != "" && data.MergeOptions[i].Value == data.Values["merged"]
	}
	return s.renderForm(w, r, http.StatusOK, "admin_party", &data.formPage, data)
}

// aliasRows are the rows of the names form: the names, each with its
// errors, and an empty row to add one.
func aliasRows(l *locale.Localizer, names []bitacora.PartyName, errs map[string]string) []aliasRow {
	var rows []aliasRow
	for i, n := range append(append([]bitacora.PartyName(nil), names...), bitacora.PartyName{}) {
		rows = append(rows, aliasRow{Index: i, Name: n.Name, Langs: languageOptions(l, n.Lang),
			Error: errs[fieldIndex("alias_", i)], LangError: errs[fieldIndex("alias_lang_", i)]})
	}
	return rows
}

// chairRows are the rows of the chairs form, and an empty one to add one.
func chairRows(chairs []bitacora.Chair, errs map[string]string) []chairRow {
	var rows []chairRow
	// A date field holds a date or nothing: what was not a date is not
	// put back (its error says why).
	date := func(s string) string {
		if bitacora.ValidDate(s) {
			return s
		}
		return ""
	}
	for i, c := range chairs {
		rows = append(rows, chairRow{Index: i, Country: c.Country, Code: c.Code, StartsOn: date(c.StartsOn), EndsOn: date(c.EndsOn),
			CountryError: errs[fieldIndex("chair_country_", i)], CodeError: errs[fieldIndex("chair_code_", i)],
			StartsError: errs[fieldIndex("chair_starts_", i)], EndsError: errs[fieldIndex("chair_ends_", i)]})
	}
	return append(rows, chairRow{Index: len(chairs), New: true})
}

// names are every other way the party is written: the register's names,
// then the programmes'.
func names(p *bitacora.Party) []string {
	var list []string
	for _, n := range p.Names {
		list = append(list, n.Name)
	}
	return append(list, p.Aliases...)
}
