package web

import (
	"net/http"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/store"
)

// The mail pages: asking for a password link (public), one's mail
// preferences, an admin's "send a new link", and the outbox. Messages are
// queued by the store in the transaction of the change that causes them
// and sent by package mail's worker (see store/outbox.go).

// forgotForm asks for the address of the account to send a link to.
func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	l := s.localizer(r)
	f := s.newFormPage(w, r, l.T("forgot_title"))
	return s.renderForm(w, r, http.StatusOK, "forgot", &f, f)
}

// forgot queues a password link for the address, if it is an account's.
// The answer is the same whether it is or not, and requests are limited
// per requesting address and per recipient (store.ResetAttempt), counted
// alike for addresses with and without an account; the store sends at
// most one link an hour per account, however often it is asked.
func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	l := s.localizer(r)
	f := s.newFormPage(w, r, l.T("forgot_title"))
	email, ok := bitacora.NormaliseEmail(r.PostForm.Get("email"))
	f.Values["email"] = email
	if !ok {
		f.Errors["email"] = l.T("field_email_invalid")
		f.Alert = l.T("form_has_errors")
		return s.renderForm(w, r, http.StatusUnprocessableEntity, "forgot", &f, f)
	}
	wait, err := s.store.ResetAttempt(r.Context(), email, throttleKey(s.clientAddr(r)))
	if err != nil {
		return err
	}
	if wait > 0 {
		f.Alert = l.T("forgot_throttled", "Minutes", int(wait.Minutes())+1)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return s.renderForm(w, r, http.StatusTooManyRequests, "forgot", &f, f)
	}
	if err := s.store.RequestPasswordReset(r.Context(), email); err != nil {
		return err
	}
	f.Notice = l.T("forgot_sent")
	return s.renderForm(w, r, http.StatusOK, "forgot", &f, f)
}

type mailPreferencesPage struct {
	formPage
	Kinds []mailKindRow
}

type mailKindRow struct {
	Kind, Label string
	Modes       []option
}

// mailPreferences shows, kind by kind, whether the user gets each message,
// a weekly digest, or nothing.
func (s *Server) mailPreferences(w http.ResponseWriter, r *http.Request) error {
	return s.renderMailPreferences(w, r, "")
}

func (s *Server) renderMailPreferences(w http.ResponseWriter, r *http.Request, notice string) error {
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	prefs, err := s.store.MailPreferences(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	data := mailPreferencesPage{formPage: s.newFormPage(w, r, l.T("mail_prefs_title"))}
	data.Notice = notice
	data.Crumbs = []crumb{{Text: l.T("account_title"), Href: localURL(l.Lang, "/account")}, {Text: l.T("mail_prefs_title")}}
	for _, k := range store.MailKinds {
		row := mailKindRow{Kind: k, Label: l.T("mail_kind_" + k)}
		for _, m := range []string{store.MailEach, store.MailDigest, store.MailOff} {
			row.Modes = append(row.Modes, option{Value: m, Label: l.T("mail_mode_" + m), Selected: prefs[k] == m})
		}
		data.Kinds = append(data.Kinds, row)
	}
	return s.renderForm(w, r, http.StatusOK, "mail_preferences", &data.formPage, data)
}

// setMailPreferences saves the signed-in user's own preferences.
func (s *Server) setMailPreferences(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	prefs := map[string]string{}
	for _, k := range store.MailKinds {
		if v := r.PostForm.Get(k); v != "" {
			prefs[k] = v
		}
	}
	if err := s.store.SetMailPreferences(r.Context(), p.User.ID, prefs); err != nil {
		return err
	}
	return s.renderMailPreferences(w, r, s.localizer(r).T("mail_prefs_saved"))
}

// adminSendLink queues a fresh password link by mail for the user: made
// when it is sent, it is never shown to the admin.
func (s *Server) adminSendLink(w http.ResponseWriter, r *http.Request) error {
	p, err := s.posted(w, r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	err = s.svc.users.SendLink(bitacora.WithPrincipal(r.Context(), p), id)
	if err != nil && bitacora.ErrorCode(err) != bitacora.EINVALID {
		return err
	}
	if err != nil {
		return s.renderAdminUser(w, r, func(a *adminUserPage) { a.fail(err) })
	}
	if !s.mailEnabled {
		return s.toUser(w, r, id, "link_queued_mail_off")
	}
	return s.toUser(w, r, id, "link_queued")
}

type outboxPage struct {
	formPage
	Rows    []outboxRow
	MailOff string
}

type outboxRow struct {
	Name, Kind, State, StateClass, Error, Created, Sent string
	Attempts                                            int
}

// outboxLimit is how many messages the outbox page lists.
const outboxLimit = 200

// outbox lists the latest messages: who, what kind, state, attempts, last
// error and times. The outbox keeps no text or link to show.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Outbox(r.Context(), outboxLimit)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	data := outboxPage{formPage: s.newFormPage(w, r, l.T("outbox_title"))}
	if !s.mailEnabled {
		data.MailOff = l.T("admin_mail_off")
	}
	const stamp = "2006-01-02 15:04"
	for _, m := range list {
		row := outboxRow{Name: m.User.Name, Kind: l.T("mail_kind_" + m.Kind), State: l.T("outbox_state_" + m.State), StateClass: m.State,
			Error: m.LastError, Attempts: m.Attempts, Created: m.Created.UTC().Format(stamp) + " UTC", Sent: "—"}
		if m.SentAt != nil {
			row.Sent = m.SentAt.UTC().Format(stamp) + " UTC"
		}
		data.Rows = append(data.Rows, row)
	}
	return s.renderForm(w, r, http.StatusOK, "outbox", &data.formPage, data)
}
