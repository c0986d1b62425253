package web

import (
	"compress/gzip"
	"context"
	"errors"
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/pagecache"
)

// formPage is what every page with a form adds to page: the anti-forgery
// token, what the user typed, and what is wrong with it, field by field.
type formPage struct {
	page
	CSRF   string
	Values map[string]string
	Errors map[string]string // field → translated message
	Alert  string            // a message about the whole form
	Notice string            // what the last action did
	// err is an error fail could not put into the form (an internal
	// one): the page is not rendered, the error goes to Server.error,
	// which answers 500 and logs it with the request id.
	err error
}

func (s *Server) newFormPage(w http.ResponseWriter, r *http.Request, title string) formPage {
	p := formPage{page: s.newPage(r, title), CSRF: s.csrfToken(w, r), Values: map[string]string{}, Errors: map[string]string{}}
	p.OwnSearch = true // keep forms pages to one search-free header
	return p
}

// fail puts a validation error into the form: field by field when it has
// fields, as an alert otherwise. Any other error (internal, forbidden…) is
// kept, so that the form is not rendered with it (renderForm returns it to
// Server.error, which picks its status and logs it), and returned.
func (f *formPage) fail(err error) error {
	var fe *bitacora.InvalidFields
	if errors.As(err, &fe) {
		for k, v := range fe.Fields {
			f.Errors[k] = f.L.T(v)
		}
		f.Alert = f.L.T("form_has_errors")
		return nil
	}
	switch bitacora.ErrorCode(err) {
	case bitacora.EINVALID, bitacora.ENOTFOUND, bitacora.ECONFLICT:
		f.Alert = f.L.Error(err)
		return nil
	}
	if f.err == nil {
		f.err = err
	}
	return err
}

type option struct {
	Value, Label string
	Selected     bool
}

type fieldView struct {
	Name, Type, Label, Value, Error, Autocomplete string
	Required                                      bool
	Options                                       []option
}

func newField(l *locale.Localizer, errs, values map[string]string, name, typ, labelKey, autocomplete string) fieldView {
	return fieldView{Name: name, Type: typ, Label: l.T(labelKey), Value: values[name], Error: errs[name], Autocomplete: autocomplete,
		Required: name != "ends_on"}
}

func newSelect(l *locale.Localizer, errs map[string]string, name, labelKey string, options []option) fieldView {
	return fieldView{Name: name, Type: "select", Label: l.T(labelKey), Error: errs[name], Options: options}
}

// renderForm is the one way a page with a form answers, with or without
// errors: status is the action's answer (200; 409 for a stale version,
// 410 for a used link, 429 for a throttled sign-in…), and a form sent with
// 200 that comes back with errors or an alert is a 422. It is never kept
// (no-store). An error fail could not show is returned instead, to
// Server.error, which answers 500 and logs it once with the request id:
// never a 422 "Internal error." that nobody hears of.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, status int, name string, f *formPage, data any) error {
	if f.err != nil {
		return f.err
	}
	body, err := s.render(name, data)
	if err != nil {
		return err
	}
	if status == http.StatusOK && (f.Alert != "" || len(f.Errors) > 0) {
		status = http.StatusUnprocessableEntity
	}
	pagecache.New(body, "text/html; charset=utf-8", gzip.BestSpeed).WritePrivate(w, r, status)
	return nil
}

// actor is the user making a change, for the audit log.
func actor(p bitacora.Principal) bitacora.Actor { return p.Actor() }

// acting returns the request's context with its principal, for the
// services to decide on (and the change record to name).
func (s *Server) acting(r *http.Request) (context.Context, error) {
	p, err := s.principal(r)
	if err != nil {
		return nil, err
	}
	return bitacora.WithPrincipal(r.Context(), p), nil
}

// posted reads a posted form, checking its size and anti-forgery token,
// and returns who posted it.
func (s *Server) posted(w http.ResponseWriter, r *http.Request) (bitacora.Principal, error) {
	if err := s.parseForm(w, r); err != nil {
		return bitacora.Principal{}, err
	}
	return s.principal(r)
}
