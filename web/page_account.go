package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/password"
	"github.com/elac/bitacora/store"
)

type loginPage struct {
	formPage
	Next string
}

// safeNext returns where to go after signing in: a path on this site,
// rebuilt from its parsed path and query, or "" for anything else. It is
// parsed, not filtered by characters: "/\t/evil.example" or "/%2F/evil"
// reach the browser as another site ("//evil.example"), so the path is
// checked after decoding, where the browser would see it.
func safeNext(next string) string {
	if len(next) > 512 || !strings.HasPrefix(next, "/") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	query, err := url.QueryUnescape(u.RawQuery)
	if err != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return ""
	}
	for _, part := range []string{next, u.Path, query} {
		if strings.ContainsFunc(part, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
			return ""
		}
	}
	return (&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}).String()
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	l := s.localizer(r)
	f := s.newFormPage(w, r, l.T("login_title"))
	return s.renderForm(w, r, http.StatusOK, "login", &f, loginPage{formPage: f, Next: safeNext(r.URL.Query().Get("next"))})
}

// login signs a user in. Whatever went wrong — unknown e-mail, no password
// yet, wrong password, disabled account — the answer is the same, and takes
// the same time (a password hash is always checked). Attempts count per
// address and per account (store/throttle.go); past a few, each waits
// longer.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	// A sign-in that carries a form whose session ended (page_resume.go)
	// comes as multipart, up to maxResumeBytes; a plain one as before.
	parse := s.parseForm
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		parse = func(w http.ResponseWriter, r *http.Request) error { return s.parseMultipart(w, r, maxResumeBytes) }
	}
	if err := parse(w, r); err != nil {
		return err
	}
	resume, resuming := loginResume(r)
	l := s.localizer(r)
	f := s.newFormPage(w, r, l.T("login_title"))
	data := loginPage{formPage: f, Next: safeNext(r.PostForm.Get("next"))}
	email, _ := bitacora.NormaliseEmail(r.PostForm.Get("email"))
	pw := r.PostForm.Get("password")
	data.Values["email"] = email
	addr := throttleKey(s.clientAddr(r))
	ctx := r.Context()
	// The attempt is counted before the password is checked (see
	// store/throttle.go): a burst cannot pass the check all at once.
	wait, err := s.store.LoginAttempt(ctx, email, addr)
	if err != nil {
		return err
	}
	if wait > 0 {
		data.Alert = l.T("login_throttled", "Minutes", int(wait.Minutes())+1)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		if resuming {
			return s.loginResumeFailed(w, r, resume, http.StatusTooManyRequests, data.Alert)
		}
		return s.renderForm(w, r, http.StatusTooManyRequests, "login", &data.formPage, data)
	}
	u, err := s.store.UserByEmail(ctx, email)
	hash := ""
	if err == nil {
		if hash, err = s.store.PasswordHash(ctx, u.ID); err != nil {
			return err
		}
	} else if bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
		return err
	}
	ok, err := s.hasher.Verify(ctx, hash, pw) // checked even without a user: same time
	if err != nil {
		// Not checked (the hasher is busy): not counted either.
		if rerr := s.store.LoginRefund(ctx, email, addr); rerr != nil {
			return rerr
		}
		if resuming {
			return s.resumeError(w, r, resume, err)
		}
		return err
	}
	if !ok || u == nil || u.Disabled || len(pw) > password.MaxLength {
		data.Alert = l.T("login_failed")
		if resuming {
			return s.loginResumeFailed(w, r, resume, http.StatusUnprocessableEntity, data.Alert)
		}
		return s.renderForm(w, r, http.StatusOK, "login", &data.formPage, data)
	}
	if err := s.store.LoginSucceeded(ctx, email, addr); err != nil {
		return err
	}
	old := ""
	if c, err := r.Cookie(sessionCookie); err == nil {
		old = c.Value
	}
	token, err := s.store.CreateSession(ctx, u.ID, old)
	if err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(sessionCookie, token, store.SessionTTL))
	if resuming {
		// Signed in: the form, with a fresh token, to be sent by the
		// person (a redirect could not carry it, and no script may).
		resume.SignIn = false
		return s.renderResume(w, r, http.StatusOK, resume, "")
	}
	next := data.Next
	if next == "" {
		next = localURL(u.Lang, "/account")
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, s.cookie(sessionCookie, "", -1))
	http.Redirect(w, r, localURL(language(r), "/"), http.StatusSeeOther)
	return nil
}

type passwordSetPage struct {
	formPage
	Token string
	// LinkInvalid: the link was used, has expired or never existed, so
	// the page says so instead of showing a form that cannot work.
	LinkInvalid bool
}

// passwordSetForm checks the link at once: a used or expired one is said
// so before anyone types a password twice.
func (s *Server) passwordSetForm(w http.ResponseWriter, r *http.Request) error {
	l := s.localizer(r)
	f := s.newFormPage(w, r, l.T("password_set_title"))
	// The link's token stays out of the Referer of anything this page loads.
	w.Header().Set("Referrer-Policy", "no-referrer")
	data := passwordSetPage{formPage: f, Token: r.URL.Query().Get("token")}
	if err := s.store.CheckPasswordLink(r.Context(), data.Token); bitacora.ErrorCode(err) == bitacora.ENOTFOUND {
		data.LinkInvalid, data.Alert = true, l.T("password_link_invalid")
		return s.renderForm(w, r, http.StatusGone, "password_set", &data.formPage, data)
	} else if err != nil {
		return err
	}
	return s.renderForm(w, r, http.StatusOK, "password_set", &data.formPage, data)
}

// checkNewPassword validates a new password and its confirmation.
func checkNewPassword(pw, confirm string) bitacora.FieldErrors {
	fe := bitacora.FieldErrors{}
	switch n := len([]rune(pw)); {
	case n < password.MinLength:
		fe["password"] = "field_password_short"
	case len(pw) > password.MaxLength:
		fe["password"] = "field_password_long"
	case pw != confirm:
		fe["confirm"] = "field_password_mismatch"
	}
	return fe
}

// passwordSet uses a one-time link to set a password, then signs in.
func (s *Server) passwordSet(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	l := s.localizer(r)
	w.Header().Set("Referrer-Policy", "no-referrer")
	f := s.newFormPage(w, r, l.T("password_set_title"))
	data := passwordSetPage{formPage: f, Token: r.PostForm.Get("token")}
	// The link first: an unknown or used token costs a lookup, never
	// a hash.
	if err := s.store.CheckPasswordLink(r.Context(), data.Token); bitacora.ErrorCode(err) == bitacora.ENOTFOUND {
		data.LinkInvalid, data.Alert = true, l.T("password_link_invalid")
		return s.renderForm(w, r, http.StatusOK, "password_set", &data.formPage, data)
	} else if err != nil {
		return err
	}
	pw := r.PostForm.Get("password")
	if err := checkNewPassword(pw, r.PostForm.Get("confirm")).Check(); err != nil {
		data.fail(err)
		return s.renderForm(w, r, http.StatusOK, "password_set", &data.formPage, data)
	}
	hash, err := s.hasher.Hash(r.Context(), pw)
	if err != nil {
		return err
	}
	u, err := s.store.SetPasswordWithLink(r.Context(), data.Token, hash)
	if bitacora.ErrorCode(err) == bitacora.ENOTFOUND { // used meanwhile
		data.LinkInvalid, data.Alert = true, l.T("password_link_invalid")
		return s.renderForm(w, r, http.StatusOK, "password_set", &data.formPage, data)
	}
	if err != nil {
		return err
	}
	token, err := s.store.CreateSession(r.Context(), u.ID, "")
	if err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(sessionCookie, token, store.SessionTTL))
	http.Redirect(w, r, localURL(u.Lang, "/account"), http.StatusSeeOther)
	return nil
}

type membershipView struct {
	Name, Href, Period string
}

type tokenView struct {
	Name, Scope, Created, LastUsed, RevokeHref string
	Revoked                                    bool
}

type accountPage struct {
	formPage
	User         *bitacora.User
	Roles        []string
	Memberships  []membershipView
	IsFocalPoint bool
	IsAdmin      bool
	CanSeeOutbox bool
	// CanEditRegister: the secretariat keeps the register of parties.
	CanEditRegister bool
	// Links to what the user's roles open, per programme.
	Work         []workLink
	Tokens       []tokenView
	NewToken     string
	ScopeOptions []option
	// NewCalendar is the calendar address just made: shown once.
	NewCalendar string
}

// account shows who is signed in, what they may do, and their tokens.
func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, fill func(*accountPage)) error {
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	data := accountPage{formPage: s.newFormPage(w, r, l.T("account_title")), User: p.User,
		IsFocalPoint: p.IsFocalPoint(), IsAdmin: p.Has(bitacora.RoleAdmin), CanSeeOutbox: p.CanSeeOutbox(),
		CanEditRegister: p.CanEditContent()}
	for _, role := range p.User.Roles {
		data.Roles = append(data.Roles, l.T("role_"+string(role)))
	}
	for _, m := range p.User.Memberships {
		period := l.Date(m.StartsOn) + " – "
		if m.EndsOn != "" {
			period += l.Date(m.EndsOn)
		}
		data.Memberships = append(data.Memberships, membershipView{Name: m.PartyName, Href: localURL(l.Lang, "/parties/"+m.PartyID), Period: period})
	}
	if snap, err := s.content.Get(r.Context()); err == nil {
		data.Work = s.workLinks(l, p, snap.Programmes)
	}
	tokens, err := s.store.Tokens(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		tv := tokenView{Name: t.Name, Scope: l.T("scope_" + string(t.Scope)), Created: l.Date(t.CreatedAt.Format("2006-01-02")),
			LastUsed: "—", Revoked: t.Revoked, RevokeHref: localURL(l.Lang, "/account/tokens/"+strconv.FormatInt(t.ID, 10)+"/revoke")}
		if t.LastUsedAt != nil {
			tv.LastUsed = l.Date(t.LastUsedAt.Format("2006-01-02"))
		}
		data.Tokens = append(data.Tokens, tv)
	}
	data.ScopeOptions = []option{{Value: "read", Label: l.T("scope_read")}, {Value: "write", Label: l.T("scope_write")}}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, http.StatusOK, "account", &data.formPage, data)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	ctx := bitacora.WithActor(r.Context(), actor(p))
	hash, err := s.store.PasswordHash(ctx, p.User.ID)
	if err != nil {
		return err
	}
	fe := checkNewPassword(r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	ok, err := s.hasher.Verify(ctx, hash, r.PostForm.Get("current"))
	if err != nil {
		return err
	}
	if !ok {
		fe["current"] = "field_password_wrong"
	}
	if err := fe.Check(); err != nil {
		return s.renderAccount(w, r, func(a *accountPage) { a.fail(err) })
	}
	newHash, err := s.hasher.Hash(ctx, r.PostForm.Get("password"))
	if err != nil {
		return err
	}
	c, _ := r.Cookie(sessionCookie)
	if err := s.store.ChangePassword(ctx, p.User.ID, newHash, c.Value); err != nil {
		return err
	}
	return s.renderAccount(w, r, func(a *accountPage) { a.Notice = a.L.T("password_changed") })
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	ctx := bitacora.WithActor(r.Context(), actor(p))
	name := r.PostForm.Get("token_name")
	token, err := s.store.CreateToken(ctx, p.User.ID, name, bitacora.TokenScope(r.PostForm.Get("scope")))
	if err != nil {
		return s.renderAccount(w, r, func(a *accountPage) {
			a.Values["token_name"] = name
			a.fail(err)
		})
	}
	// Shown once, now; only its hash is kept.
	return s.renderAccount(w, r, func(a *accountPage) { a.NewToken = token })
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return bitacora.Errorf(bitacora.EINVALID, "malformed token id").WithKey("error_malformed_token_id")
	}
	if err := s.store.RevokeToken(bitacora.WithActor(r.Context(), actor(p)), p.User.ID, id); err != nil {
		return err
	}
	return s.renderAccount(w, r, func(a *accountPage) { a.Notice = a.L.T("token_revoked_notice") })
}

type workLink struct{ Text, Href string }

// workLinks are the workspace's pages the principal may open, programme
// by programme: the navigation of the account page and of "My
// activities".
func (s *Server) workLinks(l *locale.Localizer, p bitacora.Principal, programmes []bitacora.ProgrammeSummary) []workLink {
	var work []workLink
	for _, prog := range programmes {
		base := localURL(l.Lang, "/"+prog.Slug)
		if p.CanSeeReviewQueue() {
			work = append(work, workLink{Text: l.T("reviews_title") + " · " + prog.Symbol, Href: base + "/reviews"})
		}
		if p.CanFollowCycle() {
			work = append(work, workLink{Text: l.T("cycle_title") + " · " + prog.Symbol, Href: base + "/cycle"})
		}
		if p.CanDraftRevision() {
			work = append(work, workLink{Text: l.T("revisions_title") + " · " + prog.Symbol, Href: base + "/revisions"})
		}
		if p.CanEditContent() {
			work = append(work, workLink{Text: l.T("import_title") + " · " + prog.Symbol, Href: base + "/reports/import"})
			work = append(work, workLink{Text: l.T("periods_title") + " · " + prog.Symbol, Href: base + "/periods"})
			work = append(work, workLink{Text: l.T("desk_translations_title") + " · " + prog.Symbol, Href: base + "/translations"})
			work = append(work, workLink{Text: l.T("desk_weights_title") + " · " + prog.Symbol, Href: base + "/weights"})
			work = append(work, workLink{Text: l.T("operations_title") + " · " + prog.Symbol, Href: base + "/operations"})
		}
		if p.CanReview() || p.IsFocalPoint() {
			work = append(work, workLink{Text: l.T("dashboard_title") + " · " + prog.Symbol, Href: base + "/dashboard"})
		}
	}
	return work
}

// newCalendar makes the user's calendar address anew (the one before stops
// working) and shows it, once: only its hash is kept.
func (s *Server) newCalendar(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	secret, err := s.store.NewCalendarSecret(bitacora.WithActor(r.Context(), actor(p)), p.User.ID)
	if err != nil {
		return err
	}
	return s.renderAccount(w, r, func(a *accountPage) { a.NewCalendar = s.baseURL + "/" + a.L.Lang + "/calendar/" + secret })
}
