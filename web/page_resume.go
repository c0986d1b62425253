package web

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/password"
)

// A form posted after its session or its anti-forgery token expired (a
// long narrative typed on a slow phone) is not lost: the answer is a page
// that says the session ended, carries everything typed in the form's
// text fields, and asks to sign in; once signed in, a page shows the text
// again with a fresh token and one button that sends it where it was
// going. No script: hidden fields, and the longer texts in read-only
// boxes that stay visible even if the person leaves. Files cannot be
// kept, and the page says so.

// maxResumeBytes bounds what an anonymous post may make the server read
// to give it back (and what a sign-in carrying it may be): a narrative of
// MaxNarrative runes and the other fields fit.
const maxResumeBytes = 256 << 10

type resumeField struct {
	Name, Value string
	Long        bool // shown in a read-only box
}

// resumeArgs is what the fields' template needs: the names of the first
// step carry a prefix, so that they never mix with the sign-in's own.
type resumeArgs struct {
	L      *locale.Localizer
	Fields []resumeField
	Prefix string
}

type resumePage struct {
	formPage
	SignIn    bool   // the session ended: sign in first
	Action    string // where the form was going, a path on this site
	Multipart bool   // send it back as it came
	Fields    []resumeField
	FilesLost bool
}

// resumable tells whether a failed page form may be offered back: posted
// from this site, to anything but the account forms themselves.
func resumable(r *http.Request) bool {
	if isAPI(r) || r.Method != http.MethodPost {
		return false
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin":
	default:
		return false // another site's form is refused, never replayed
	}
	switch r.Pattern {
	case "POST /login", "POST /logout", "POST /password/set":
		return false
	}
	return safeNext(r.URL.RequestURI()) != ""
}

// resumeFrom collects what a parsed form carried, in a stable order.
func resumeFrom(r *http.Request, values map[string][]string, prefix string) resumePage {
	var data resumePage
	names := make([]string, 0, len(values))
	for name := range values {
		if strings.HasPrefix(name, prefix) && name != prefix+"csrf" && name != "csrf" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range values[name] {
			data.Fields = append(data.Fields, resumeField{Name: strings.TrimPrefix(name, prefix), Value: v,
				Long: strings.Contains(v, "\n") || len(v) > 80})
		}
	}
	return data
}

// sessionEnded answers a page form posted without a session: a sign-in
// form that carries it. ok is false when the request is not one to offer
// back (the caller then redirects to sign in as before).
func (s *Server) sessionEnded(w http.ResponseWriter, r *http.Request) (ok bool, err error) {
	if !resumable(r) {
		return false, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxResumeBytes)
	var data resumePage
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(maxResumeBytes); err == nil {
			data = resumeFrom(r, r.MultipartForm.Value, "")
			data.FilesLost = len(r.MultipartForm.File) > 0
			r.MultipartForm.RemoveAll()
		} else {
			data.FilesLost = true // too large to keep: a file was in it
		}
		data.Multipart = true
	} else if err := r.ParseForm(); err == nil {
		data = resumeFrom(r, r.PostForm, "")
	}
	if len(data.Fields) == 0 && !data.FilesLost {
		return false, nil // nothing typed, nothing to keep: sign in as usual
	}
	data.SignIn = true
	data.Action = safeNext(r.URL.RequestURI())
	return true, s.renderResume(w, r, http.StatusUnauthorized, data, "")
}

// formExpired answers a page form whose anti-forgery token did not match
// (it expired with the browser's session): the same page, straight to the
// button when the person is still signed in.
func (s *Server) formExpired(w http.ResponseWriter, r *http.Request) bool {
	if !resumable(r) {
		return false
	}
	values := r.PostForm
	var data resumePage
	if r.MultipartForm != nil {
		values = r.MultipartForm.Value
		data.Multipart, data.FilesLost = true, len(r.MultipartForm.File) > 0
	}
	fields := resumeFrom(r, values, "")
	data.Fields, data.Action = fields.Fields, safeNext(r.URL.RequestURI())
	p, err := s.principal(r)
	data.SignIn = err != nil || !p.SignedIn()
	if err := s.renderResume(w, r, http.StatusForbidden, data, ""); err != nil {
		return false
	}
	return true
}

// renderResume shows either step. alert, when set, says why the sign-in
// did not go through.
func (s *Server) renderResume(w http.ResponseWriter, r *http.Request, status int, data resumePage, alert string) error {
	l := s.localizer(r)
	title := l.T("resume_title_signed_in")
	if data.SignIn {
		title = l.T("resume_title_session_ended")
	}
	fields, files := data.Fields, data.FilesLost
	multipart, action, signIn := data.Multipart, data.Action, data.SignIn
	data = resumePage{formPage: s.newFormPage(w, r, title), Fields: fields, FilesLost: files, Multipart: multipart, Action: action, SignIn: signIn}
	data.Alert = alert
	if data.SignIn {
		data.Values["email"] = r.PostFormValue("email")
	}
	return s.renderForm(w, r, status, "resume", &data.formPage, data)
}

// loginResume is the sign-in's side: the form it carries, if any.
func loginResume(r *http.Request) (resumePage, bool) {
	action := safeNext(r.PostForm.Get("resume_action"))
	if action == "" {
		return resumePage{}, false
	}
	data := resumeFrom(r, r.PostForm, "resume.")
	data.Action, data.Multipart, data.FilesLost = action, r.PostForm.Get("resume_multipart") == "1", r.PostForm.Get("resume_files") == "1"
	return data, true
}

// loginResumeFailed shows the sign-in again with the form it carries.
func (s *Server) loginResumeFailed(w http.ResponseWriter, r *http.Request, data resumePage, status int, alert string) error {
	data.SignIn = true
	return s.renderResume(w, r, status, data, alert)
}

// resumeError turns an error of a sign-in that carries a form into that
// sign-in page again, so the form survives a busy moment.
func (s *Server) resumeError(w http.ResponseWriter, r *http.Request, data resumePage, err error) error {
	if errors.Is(err, password.ErrBusy) {
		w.Header().Set("Retry-After", strconv.Itoa(password.RetryAfter))
		return s.loginResumeFailed(w, r, data, http.StatusServiceUnavailable, s.localizer(r).T("error_503"))
	}
	return err
}
