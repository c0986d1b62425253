package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
)

type userRow struct {
	Href, Name, Email, Lang, Roles, Parties, State string
}

type adminUsersPage struct {
	formPage
	Users       []userRow
	LangOptions []option
	RoleOptions []option
	// Parties are the register's names, offered to the invitation's
	// party field (a name, an acronym or an alias: never an id).
	Parties   []partyChoice
	Settings  []settingsForm
	TimeZones []string
}

// settingsForm is one programme's settings as the admin page shows them.
type settingsForm struct {
	Title, Action          string
	SingleMemberBureau     bool
	TimeZone, ReminderDays string
	// ID tells apart the fields of several programmes' forms.
	ID string
}

// timeZones are offered for a programme's deadlines: those of the
// region's capitals and the secretariat's; any IANA name is accepted.
var timeZones = []string{"America/Santiago", "America/Argentina/Buenos_Aires", "America/Bogota", "America/Caracas",
	"America/Guatemala", "America/Havana", "America/La_Paz", "America/Lima", "America/Mexico_City", "America/Montevideo",
	"America/Panama", "America/Port_of_Spain", "America/Santo_Domingo", "America/Sao_Paulo", "UTC"}

// langOptions offers the interface languages by their own names
// (Español, English, Português, Français): the name a person looks for
// whatever the page's language.
func (s *Server) langOptions(selected string) []option {
	var opts []option
	for _, lang := range locale.Supported {
		opts = append(opts, option{Value: lang, Label: s.languageName(lang), Selected: lang == selected})
	}
	return opts
}

// languageName is an interface language's name in that language.
func (s *Server) languageName(lang string) string {
	return s.catalog.Localizer(lang).T("language_name")
}

func roleOptions(l *locale.Localizer, selected []bitacora.UserRole) []option {
	var opts []option
	for _, role := range bitacora.UserRoles {
		o := option{Value: string(role), Label: l.T("role_" + string(role))}
		for _, s := range selected {
			o.Selected = o.Selected || s == role
		}
		opts = append(opts, o)
	}
	return opts
}

func formRoles(r *http.Request) []bitacora.UserRole {
	var roles []bitacora.UserRole
	for _, v := range r.PostForm["roles"] {
		roles = append(roles, bitacora.UserRole(v))
	}
	return roles
}

// adminUsers lists the users, with the form to invite one.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminUsers(w, r, nil)
}

func (s *Server) renderAdminUsers(w http.ResponseWriter, r *http.Request, fill func(*adminUsersPage)) error {
	l := s.localizer(r)
	users, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	data := adminUsersPage{formPage: s.newFormPage(w, r, l.T("admin_users_title"))}
	data.Values["lang"] = l.Lang
	today := bitacora.Public().Today
	data.Values["starts_on"] = today
	for _, u := range users {
		row := userRow{Href: localURL(l.Lang, "/admin/users/"+strconv.FormatInt(u.ID, 10)), Name: u.Name, Email: u.Email, State: l.T("state_active"),
			Lang: s.languageName(u.Lang)}
		var roles, parties []string
		for _, role := range u.Roles {
			roles = append(roles, l.T("role_"+string(role)))
		}
		for _, m := range u.Memberships {
			if m.ActiveOn(today) {
				parties = append(parties, m.PartyName)
			}
		}
		row.Roles, row.Parties = strings.Join(roles, ", "), strings.Join(parties, "; ")
		switch {
		case u.Disabled:
			row.State = l.T("state_disabled")
		case !u.HasPassword:
			row.State = l.T("state_invited")
		}
		data.Users = append(data.Users, row)
	}
	data.LangOptions = s.langOptions(l.Lang)
	data.RoleOptions = roleOptions(l, nil)
	data.TimeZones = timeZones
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	data.Parties = newPartyNames(snap.Parties).choice
	for _, prog := range snap.Programmes {
		ps, err := s.store.ProgrammeSettings(r.Context(), prog.Slug)
		if err != nil {
			return err
		}
		data.Settings = append(data.Settings, settingsForm{Title: prog.Title, SingleMemberBureau: ps.SingleMemberBureau,
			TimeZone: ps.TimeZone, ReminderDays: bitacora.FormatReminderDays(ps.ReminderDays), ID: prog.Slug,
			Action: localURL(l.Lang, "/admin/programmes/"+prog.Slug+"/settings")})
	}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, http.StatusOK, "admin_users", &data.formPage, data)
}

// adminCreateUser invites someone in one form: the account, its roles
// and, if a party is named, the membership that makes them its focal
// point. Everything typed is checked before anything is made, so that a
// mistake (a party the register does not know, a bad date) leaves nothing
// half made and comes back with what was typed. The account and the
// membership are then made by their two services (Users.Create,
// Memberships.Add), each in its own transaction: the store gives no
// transaction across services, and the checks before leave only a party
// merged away in between to fail the second, which the user's page then
// says, with the membership form filled in.
func (s *Server) adminCreateUser(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	email, name, lang, roles := r.PostForm.Get("email"), r.PostForm.Get("name"), r.PostForm.Get("lang"), formRoles(r)
	partyName, starts := strings.TrimSpace(r.PostForm.Get("party")), strings.TrimSpace(r.PostForm.Get("starts_on"))
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	retry := func(err error) error {
		return s.renderAdminUsers(w, r, func(a *adminUsersPage) {
			a.Values["email"], a.Values["name"], a.Values["party"], a.Values["starts_on"] = email, name, partyName, starts
			a.LangOptions, a.RoleOptions = s.langOptions(lang), roleOptions(a.L, roles)
			a.fail(err)
		})
	}
	fe := bitacora.ValidateUser(email, name, lang, roles)
	partyID := ""
	if partyName != "" {
		if partyID = newPartyNames(snap.Parties).id(partyName); partyID == "" {
			fe["party"] = "field_party_unknown"
		}
		if !bitacora.ValidDate(starts) {
			fe["starts_on"] = "field_date_invalid"
		}
	}
	if err := fe.Check(); err != nil {
		return retry(err)
	}
	ctx := bitacora.WithPrincipal(r.Context(), p)
	u, token, err := s.svc.users.Create(ctx, email, name, lang, roles)
	if err != nil {
		return retry(err)
	}
	if partyID != "" {
		if _, err := s.svc.memberships.Add(ctx, u.ID, partyID, starts, ""); err != nil {
			return s.renderUserByID(w, r, u.ID, func(a *adminUserPage) {
				a.Values["party"], a.Values["starts_on"] = partyName, starts
				a.fail(err)
			})
		}
	}
	if s.mailEnabled {
		// The invitation goes by mail, with a link of its own.
		s.flash(w, "user_invited")
		http.Redirect(w, r, localURL(language(r), "/admin/users/"+strconv.FormatInt(u.ID, 10)), http.StatusSeeOther)
		return nil
	}
	// Without mail, the admin passes the link on. It is a secret shown
	// once: it cannot travel through a redirect (a URL or a cookie would
	// keep it), so this answer is the user's page itself, with the link.
	return s.renderUserByID(w, r, u.ID, func(a *adminUserPage) {
		a.Link = PasswordLink(s.baseURL, u.Lang, token)
	})
}

type membershipRow struct {
	Name, StartsOn, EndsOn, EndHref string
}

type adminUserPage struct {
	formPage
	Subject          *bitacora.User
	Action           string
	MembershipAction string
	Today            string
	LangOptions      []option
	RoleOptions      []option
	Parties          []partyChoice // the register's names, for the party field
	Memberships      []membershipRow
	LinkAction       string
	MailEnabled      bool
	// Link is the invitation's one-time link, shown once to the admin
	// who made the account when the site sends no mail.
	Link string
	// Warning tells the admin that the user holds both the Bureau role and
	// a focal-point membership: separation of duties will stop them
	// reviewing their parties' reports.
	Warning string
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdminUser(w, r, nil)
}

func (s *Server) renderAdminUser(w http.ResponseWriter, r *http.Request, fill func(*adminUserPage)) error {
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	return s.renderUserByID(w, r, id, fill)
}

// renderUserByID renders a user's page (with fill's changes) whatever the
// request's path: the invitation, posted to /admin/users, may answer with
// it.
func (s *Server) renderUserByID(w http.ResponseWriter, r *http.Request, id int64, fill func(*adminUserPage)) error {
	u, err := s.store.User(r.Context(), id)
	if err != nil {
		return err
	}
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	l := s.localizer(r)
	base := localURL(l.Lang, "/admin/users/"+strconv.FormatInt(id, 10))
	data := adminUserPage{formPage: s.newFormPage(w, r, u.Name), Subject: u, Action: base, MembershipAction: base + "/memberships", LinkAction: base + "/link", MailEnabled: s.mailEnabled,
		Today: bitacora.Public().Today, LangOptions: s.langOptions(u.Lang), RoleOptions: roleOptions(l, u.Roles)}
	data.Crumbs = []crumb{{Text: l.T("admin_users_title"), Href: localURL(l.Lang, "/admin/users")}, {Text: u.Name}}
	data.Values["name"] = u.Name
	data.Values["starts_on"] = data.Today
	data.Parties = newPartyNames(snap.Parties).choice
	var own []string
	for _, m := range u.Memberships {
		if m.ActiveOn(data.Today) {
			own = append(own, m.PartyName)
		}
	}
	for _, role := range u.Roles {
		if role == bitacora.RoleBureau && len(own) > 0 {
			data.Warning = l.T("admin_warning_bureau_focal", "Parties", strings.Join(own, "; "))
		}
	}
	for _, m := range u.Memberships {
		row := membershipRow{Name: m.PartyName, StartsOn: l.Date(m.StartsOn), EndsOn: "—"}
		if m.EndsOn != "" {
			row.EndsOn = l.Date(m.EndsOn)
		} else {
			row.EndHref = localURL(l.Lang, "/admin/memberships/"+strconv.FormatInt(m.ID, 10)+"/end?user="+strconv.FormatInt(u.ID, 10))
		}
		data.Memberships = append(data.Memberships, row)
	}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, http.StatusOK, "admin_user", &data.formPage, data)
}

func (s *Server) adminUpdateUser(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	name, lang, roles, disabled := r.PostForm.Get("name"), r.PostForm.Get("lang"), formRoles(r), r.PostForm.Get("disabled") == "1"
	if id == p.User.ID && (disabled || !contains(roles, bitacora.RoleAdmin)) {
		// An admin cannot lock themselves out; another admin can.
		return s.renderAdminUser(w, r, func(a *adminUserPage) { a.Alert = a.L.T("admin_self_lockout") })
	}
	if err := s.svc.users.Update(bitacora.WithPrincipal(r.Context(), p), id, name, lang, roles, disabled); err != nil {
		return s.renderAdminUser(w, r, func(a *adminUserPage) {
			a.Values["name"] = name
			a.LangOptions, a.RoleOptions = s.langOptions(lang), roleOptions(a.L, roles)
			a.fail(err)
		})
	}
	return s.toUser(w, r, id, "user_saved")
}

// toUser lands on a user's page after a change to it, saying what the
// change did: a redirect, so that reloading the page sends nothing again.
func (s *Server) toUser(w http.ResponseWriter, r *http.Request, id int64, flash string) error {
	s.flash(w, flash)
	http.Redirect(w, r, localURL(language(r), "/admin/users/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
	return nil
}

func contains(roles []bitacora.UserRole, r bitacora.UserRole) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func (s *Server) adminAddMembership(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	party, starts, ends := strings.TrimSpace(r.PostForm.Get("party")), r.PostForm.Get("starts_on"), r.PostForm.Get("ends_on")
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	partyID := newPartyNames(snap.Parties).id(party)
	if partyID == "" {
		err = &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"party": "field_party_unknown"}}
	} else {
		_, err = s.svc.memberships.Add(bitacora.WithPrincipal(r.Context(), p), id, partyID, starts, ends)
	}
	if err != nil {
		return s.renderAdminUser(w, r, func(a *adminUserPage) {
			a.Values["party"], a.Values["starts_on"], a.Values["ends_on"] = party, starts, ends
			a.fail(err)
		})
	}
	return s.toUser(w, r, id, "membership_added")
}

func (s *Server) adminEndMembership(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.memberships.End(bitacora.WithPrincipal(r.Context(), p), id, r.PostForm.Get("ends_on")); err != nil {
		return err
	}
	// Back to the user's page (the form says whose membership it was);
	// to the list if it does not.
	if user, err := strconv.ParseInt(r.URL.Query().Get("user"), 10, 64); err == nil && user > 0 {
		return s.toUser(w, r, user, "membership_ended")
	}
	s.flash(w, "membership_ended")
	http.Redirect(w, r, localURL(language(r), "/admin/users"), http.StatusSeeOther)
	return nil
}

// adminProgrammeSettings changes a programme's settings.
func (s *Server) adminProgrammeSettings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	days, err := bitacora.ParseReminderDays(r.PostForm.Get("reminder_days"))
	if err != nil {
		return err
	}
	if days == nil {
		days = []int{} // none: no reminder before a deadline (nil would keep the old ones)
	}
	ps := bitacora.ProgrammeSettings{SingleMemberBureau: r.PostForm.Get("single_member_bureau") == "1",
		TimeZone: strings.TrimSpace(r.PostForm.Get("time_zone")), ReminderDays: days}
	if err := s.svc.settings.Set(bitacora.WithPrincipal(r.Context(), p), slug, ps); err != nil {
		return err
	}
	s.flash(w, "settings_saved")
	http.Redirect(w, r, localURL(language(r), "/admin/users")+"#settings", http.StatusSeeOther)
	return nil
}
