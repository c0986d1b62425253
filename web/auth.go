package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/gate"
)

const (
	sessionCookie = "bitacora_session"
	csrfCookie    = "bitacora_csrf"
	maxFormBytes  = 64 << 10
)

// principal finds who makes the request: a bearer token on the API, a
// session cookie on pages, else the public. It is asked only by routes that
// are not public, so that public pages cost no database read.
func (s *Server) principal(r *http.Request) (bitacora.Principal, error) {
	ri := info(r.Context())
	if ri.principal != nil {
		return *ri.principal, nil
	}
	p := bitacora.Public()
	if isAPI(r) {
		if auth := r.Header.Get("Authorization"); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				return p, bitacora.Errorf(bitacora.EUNAUTHORIZED, "use Authorization: Bearer <token>").WithKey("error_use_bearer")
			}
			u, scope, err := s.store.TokenUser(r.Context(), strings.TrimSpace(token))
			if err != nil {
				return p, err
			}
			p.User, p.Scope = u, scope
		}
	} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		u, err := s.store.SessionUser(r.Context(), c.Value)
		switch {
		case bitacora.ErrorCode(err) == bitacora.EUNAUTHORIZED:
			// An expired or unknown session is the public.
		case err != nil:
			return p, err
		default:
			p.User = u
		}
	}
	ri.principal = &p
	return p, nil
}

// takeVisitor finds who reads a page, for its header (the name and a
// sign-out button): only when the request carries a session cookie, so
// that an anonymous visitor's page still costs no database read and comes
// from the shared cache. Someone signed in gets the anti-forgery token the
// sign-out form needs.
func (s *Server) takeVisitor(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err != nil || c.Value == "" {
		return nil
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	if p.SignedIn() {
		s.csrfToken(w, r)
	}
	return nil
}

// authorize applies a route's rule: the public is sent to sign in (401 on
// the API), a user without the right gets a 403.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, rl gate.Rule) (ok bool, err error) {
	// Every write through the API needs write scope, whatever the route's
	// own rule: the gate is here, for every route, so that a new route
	// cannot forget it.
	apiWrite := isAPI(r) && r.Method != http.MethodGet && r.Method != http.MethodHead
	if rl == gate.Public && !apiWrite {
		return true, nil
	}
	if rl == gate.Metrics {
		return s.metricsAllowed(w, r)
	}
	p, err := s.principal(r)
	if err != nil {
		return false, err
	}
	if apiWrite && !p.MayWriteThroughAPI() {
		return false, errReadScope
	}
	if rl == gate.Public {
		return true, nil
	}
	if rl.Allows(p) {
		return true, nil
	}
	if p.SignedIn() {
		return false, bitacora.Errorf(bitacora.EFORBIDDEN, "you may not do this").WithKey("error_may_not")
	}
	if isAPI(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="bitacora"`)
		return false, bitacora.Errorf(bitacora.EUNAUTHORIZED, "sign in with an API token").WithKey("error_api_sign_in")
	}
	// A form posted after the session ended comes back to be sent again.
	if ok, err := s.sessionEnded(w, r); ok || err != nil {
		return false, err
	}
	return false, s.toSignIn(w, r)
}

// toSignIn sends the public to sign in, and back to the page asked for
// once signed in (a GET; a form goes back to the home page). It is the
// answer to a page the public may not see, never a 404: the sign-in page
// says nothing of what is behind it.
func (s *Server) toSignIn(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.RequestURI())
	if r.Method != http.MethodGet && r.Method != http.MethodHead || next == "" {
		next = "/"
	}
	http.Redirect(w, r, localURL(language(r), "/login")+"?next="+url.QueryEscape(next), http.StatusSeeOther)
	return nil
}

// metricsAllowed applies gate.Metrics. Without a token or public metrics,
// the main listener has no /metrics at all: a 404, as for any other path.
func (s *Server) metricsAllowed(w http.ResponseWriter, r *http.Request) (bool, error) {
	switch {
	case s.metricsPublic:
		return true, nil
	case s.metricsToken == "":
		return false, s.notFound(r)
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.metricsToken)) == 1 {
		return true, nil
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
	return false, bitacora.Errorf(bitacora.EUNAUTHORIZED, "/metrics needs the metrics token: Authorization: Bearer <token>").WithKey("error_metrics_token")
}

// errReadScope refuses a write made with a read-scope token.
var errReadScope = bitacora.Errorf(bitacora.EFORBIDDEN, "this token may only read: writing needs a token with write scope").WithKey("error_read_scope")

// csrfToken returns the browser's anti-forgery token, setting its cookie
// the first time. Forms carry it in a hidden field; a POST whose field does
// not match the cookie is refused (double submit), and so is one that the
// browser says came from another site.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	var b [32]byte
	rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, s.cookie(csrfCookie, token, 0))
	// Make it visible to a form rendered in this same response.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: token})
	return token
}

var errCSRF = bitacora.Errorf(bitacora.EFORBIDDEN, "the form has expired or came from another site: reload the page and try again").WithKey("error_csrf")

// parseForm reads a form body within the size limit and checks its
// anti-forgery token, and refuses junk text in it (checkFormText).
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) error {
	return s.parseFormLimit(w, r, maxFormBytes)
}

// parseFormLimit is parseForm for a form larger than most (the
// translations editor holds a whole programme).
func (s *Server) parseFormLimit(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return bitacora.Errorf(bitacora.ETOOLARGE, "the form is too large").WithKey("error_form_too_large")
		}
		return bitacora.Errorf(bitacora.EINVALID, "malformed form").WithKey("error_malformed_form")
	}
	if err := checkCSRF(r); err != nil {
		return err
	}
	return checkFormText(r)
}

// multipartMemory is how much of a form's files is kept in memory while
// it is read; the rest of each goes to a temporary file (the multipart
// reader's own), from which readFormFile reads it into one buffer of its
// size. The reader keeps its part in a buffer that grows by doubling:
// with 4 MB, each large upload made the server clear and copy megabytes
// at once, work the runtime cannot interrupt, and /healthz waited behind
// it for up to 160 ms (scripts/faults.sh limits, traced).
const multipartMemory = 32 << 10

// parseMultipart reads a form with files, within limit bytes, and checks
// its anti-forgery token like parseForm.
func (s *Server) parseMultipart(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(multipartMemory); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return bitacora.Errorf(bitacora.ETOOLARGE, "the upload is larger than %d MB", limit>>20).WithKey("error_upload_too_large", "MB", limit>>20)
		}
		return bitacora.Errorf(bitacora.EINVALID, "malformed form").WithKey("error_malformed_form")
	}
	if err := checkCSRF(r); err != nil {
		return err
	}
	return checkFormText(r)
}

// checkCSRF refuses a form the browser says came from another site, or
// whose token does not match the cookie's.
func checkCSRF(r *http.Request) error {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return errCSRF
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		return errCSRF
	}
	return nil
}

// cookie returns a cookie as this deployment wants them: HttpOnly,
// SameSite=Lax, Secure behind TLS.
func (s *Server) cookie(name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies}
	if maxAge > 0 {
		c.MaxAge = int(maxAge.Seconds())
	} else if maxAge < 0 {
		c.MaxAge = -1
	}
	return c
}

// clientAddr is the address of whoever sent the request: the connection's,
// or, when the connection comes from a trusted proxy, the rightmost
// address in X-Forwarded-For that is not itself a trusted proxy (each
// proxy appends the address it saw; anything left of the first untrusted
// one was written by the client and may be made up).
func (s *Server) clientAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	addr := ap.Addr().Unmap()
	if !s.trusted(addr) {
		return addr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // garbage: keep the last address a trusted hop gave
		}
		addr = hop.Unmap()
		if !s.trusted(addr) {
			break
		}
	}
	return addr
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.trustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// throttleKey is what login throttling counts an address by: an IPv4
// address, or the /64 an IPv6 address is in (one subscriber's line gets a
// whole /64, and every address in it is theirs to use).
func throttleKey(a netip.Addr) string {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
