package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
)

type userRow struct {
	Href, Name, Email, Roles, Parties, State string
}

type adminUsersPage struct {
	formPage
	Users       []userRow
	Link        string
	LangOptions []option
	RoleOptions []option
	Settings    []settingsForm
	TimeZones   []string
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

func langOptions(selected string) []option {
	var opts []option
	for _, lang := range locale.Supported {
		opts = append(opts, option{Value: lang, Label: lang, Selected: lang == selected})
	}
	return opts
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
	for _, u := range users {
		row := userRow{Href: localURL(l.Lang, "/admin/users/"+strconv.FormatInt(u.ID, 10)), Name: u.Name, Email: u.Email, State: l.T("state_active")}
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
	data.LangOptions = langOptions(l.Lang)
	data.RoleOptions = roleOptions(l, nil)
	data.TimeZones = timeZones
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
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

func (s *Server) adminCreateUser(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	email, name, lang, roles := r.PostForm.Get("email"), r.PostForm.Get("name"), r.PostForm.Get("lang"), formRoles(r)
	u, token, err := s.svc.users.Create(bitacora.WithPrincipal(r.Context(), p), email, name, lang, roles)
	if err != nil {
		return s.renderAdminUsers(w, r, func(a *adminUsersPage) {
			a.Values["email"], a.Values["name"] = email, name
			a.LangOptions, a.RoleOptions = langOptions(lang), roleOptions(a.L, roles)
			a.fail(err)
		})
	}
	return s.renderAdminUsers(w, r, func(a *adminUsersPage) {
		if s.mailEnabled {
			// The invitation goes by mail, with a link of its own.
			a.Notice = a.L.T("admin_invitation_mailed")
			return
		}
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
	PartyOptions     []option
	Memberships      []membershipRow
	LinkAction       string
	MailEnabled      bool
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
		Today: bitacora.Public().Today, LangOptions: langOptions(u.Lang), RoleOptions: roleOptions(l, u.Roles)}
	data.Crumbs = []crumb{{Text: l.T("admin_users_title"), Href: localURL(l.Lang, "/admin/users")}, {Text: u.Name}}
	data.Values["name"] = u.Name
	data.Values["starts_on"] = data.Today
	parties := append([]bitacora.Party(nil), snap.Parties...)
	sort.Slice(parties, func(i, j int) bool { return collateKey(parties[i].Name) < collateKey(parties[j].Name) })
	for _, p := range parties {
		label := p.Name
		if a := shownAcronym(&p); a != "" {
			label += " (" + a + ")"
		}
		data.PartyOptions = append(data.PartyOptions, option{Value: p.ID, Label: label})
	}
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
			row.EndHref = localURL(l.Lang, "/admin/memberships/"+strconv.FormatInt(m.ID, 10)+"/end")
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
	err = s.svc.users.Update(bitacora.WithPrincipal(r.Context(), p), id, name, lang, roles, disabled)
	return s.renderAdminUser(w, r, func(a *adminUserPage) {
		if err != nil {
			a.Values["name"] = name
			a.fail(err)
			return
		}
		a.Notice = a.L.T("saved_notice")
	})
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
	party, starts, ends := r.PostForm.Get("party"), r.PostForm.Get("starts_on"), r.PostForm.Get("ends_on")
	_, err = s.svc.memberships.Add(bitacora.WithPrincipal(r.Context(), p), id, party, starts, ends)
	return s.renderAdminUser(w, r, func(a *adminUserPage) {
		if err != nil {
			a.Values["starts_on"], a.Values["ends_on"] = starts, ends
			a.fail(err)
			return
		}
		a.Notice = a.L.T("saved_notice")
	})
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
