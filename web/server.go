// Package web serves Bitácora over HTTP: the HTML pages and forms, sign-in
// and admin, the operational endpoints (/healthz, /readyz, /metrics), and
// the JSON API under /api/v1, whose handlers are package api's, mounted in
// the one route table. Handlers of both return errors; one error handler
// (Server.error) picks the status, logs what is internal, and answers as
// a page or as JSON.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/api"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/opendata"
	"github.com/elac/bitacora/password"
	"github.com/elac/bitacora/published"
	"github.com/elac/bitacora/store"
)

// Server holds what the handlers share.
type Server struct {
	store *store.DB
	// svc holds the domain services: every change goes through one of
	// them, which asks the policy itself (see bitacora's service.go).
	svc     services
	log     *slog.Logger
	router  *router
	metrics *metrics
	version string
	pages   *pages
	catalog *locale.Catalog
	content *published.Content
	// api is the JSON face, mounted in the route table.
	api    *api.API
	static *staticFiles
	// secureCookies marks cookies Secure: set behind TLS.
	secureCookies bool
	// Who may read /metrics on this handler: see Options.
	metricsToken  string
	metricsPublic bool
	// baseURL starts every absolute link: never the request's Host header,
	// which the client chooses.
	baseURL string
	// hasher bounds the password hashes that run at once.
	hasher *password.Hasher
	// mailEnabled: see Options.MailEnabled.
	mailEnabled bool
	// trustedProxies may say, in X-Forwarded-For, whom they forward.
	trustedProxies []netip.Prefix
	// The open data's licence and publisher: see Options.
	licence       opendata.Licence
	publisher     string
	iatiPublisher string
	// anonLimit and tokenLimit limit the API's use per client
	// (ratelimit.go); nil: no limit.
	anonLimit, tokenLimit *limiter
	// requestTimeout: see Options.RequestTimeout.
	requestTimeout time.Duration
}

// services are the domain services the handlers call to change anything.
type services struct {
	reports      *bitacora.Reports
	revisions    *bitacora.Revisions
	periods      *bitacora.Periods
	weights      *bitacora.Weights
	translations *bitacora.Translations
	users        *bitacora.Users
	memberships  *bitacora.Memberships
	settings     *bitacora.Settings
	reminders    *bitacora.Reminders
	programmes   *bitacora.Programmes
	parties      *bitacora.Parties
	operations   *bitacora.Operations
	indicators   *bitacora.Indicators
}

func newServices(db *store.DB) services {
	return services{reports: bitacora.NewReports(db), revisions: bitacora.NewRevisions(db), programmes: bitacora.NewProgrammes(db),
		periods: bitacora.NewPeriods(db), weights: bitacora.NewWeights(db), translations: bitacora.NewTranslations(db),
		users: bitacora.NewUsers(db), memberships: bitacora.NewMemberships(db), settings: bitacora.NewSettings(db),
		reminders: bitacora.NewReminders(db), parties: bitacora.NewParties(db), operations: bitacora.NewOperations(db), indicators: bitacora.NewIndicators(db)}
}

// Options configure a Server.
type Options struct {
	Version string
	// Refresh is how often an instance checks the database for changed
	// content (default 1s).
	Refresh time.Duration
	// SecureCookies marks cookies Secure (serve behind TLS).
	SecureCookies bool
	// /metrics shows admin activity and failed sign-ins, so Handler does
	// not serve it to anyone by default (404). MetricsToken serves it to a
	// request with "Authorization: Bearer MetricsToken"; MetricsPublic to
	// everyone. MetricsHandler serves it regardless, for a listener of its
	// own (typically on loopback).
	MetricsToken  string
	MetricsPublic bool
	// BaseURL is the site's public address, e.g. https://bitacora.example.org,
	// the start of every absolute link (see CheckBaseURL; default
	// DefaultBaseURL).
	BaseURL string
	// MailEnabled says that SMTP is configured and mail goes out: one-time
	// links are then sent, never shown on screen.
	MailEnabled bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (for login throttling). From anyone else the header is
	// ignored.
	TrustedProxies []netip.Prefix
	// Open data (issue 15): the licence the data is published under and
	// the attribution asked for (zero: CC BY 4.0, and an attribution
	// naming the programme and Publisher); Publisher, who publishes it
	// (default "Bitácora"); IATIPublisher, the publisher's registered IATI
	// organisation identifier (empty: the IATI identifiers are
	// provisional, and the file and the open data page say so).
	DataLicence   opendata.Licence
	Publisher     string
	IATIPublisher string
	// APIRate limits anonymous use of the API per client address, and
	// APITokenRate use with a token per account, in this instance's
	// memory (ratelimit.go). The zero Rate is no limit.
	APIRate, APITokenRate Rate
	// RequestTimeout bounds a request's work (default DefaultRequestTimeout):
	// its context ends then, so that a wait for a database connection, or
	// a statement the database never answers, ends in a 503 instead of
	// holding the request and its connection.
	RequestTimeout time.Duration
}

// DefaultRequestTimeout is a request's deadline unless told otherwise: a
// little under the HTTP server's WriteTimeout (NewHTTPServer), after which
// no answer could be written anyway, so no request that could succeed is
// cut short, and the 503 still reaches the client.
const DefaultRequestTimeout = 55 * time.Second

// New returns a server over db.
func New(db *store.DB, log *slog.Logger, opts Options) (*Server, error) {
	pg, err := loadPages()
	if err != nil {
		return nil, err
	}
	cat, err := locale.Load()
	if err != nil {
		return nil, err
	}
	st, err := loadStatic()
	if err != nil {
		return nil, err
	}
	if opts.Refresh <= 0 {
		opts.Refresh = time.Second
	}
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	base, err := CheckBaseURL(opts.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("web: base URL: %w", err)
	}
	s := &Server{store: db, log: log, version: opts.Version, pages: pg, catalog: cat, static: st,
		content: published.New(db, opts.Refresh), secureCookies: opts.SecureCookies,
		metricsToken: opts.MetricsToken, metricsPublic: opts.MetricsPublic, baseURL: base,
		hasher: password.NewHasher(0, 2*time.Second), trustedProxies: opts.TrustedProxies, mailEnabled: opts.MailEnabled}
	if opts.DataLicence.ID == "" {
		opts.DataLicence, _ = opendata.LicenceFor("", "", opts.DataLicence.Attribution)
	}
	if opts.Publisher == "" {
		opts.Publisher = DefaultPublisher
	}
	s.licence, s.publisher, s.iatiPublisher = opts.DataLicence, opts.Publisher, opts.IATIPublisher
	s.anonLimit, s.tokenLimit = newLimiter("anonymous", opts.APIRate), newLimiter("token", opts.APITokenRate)
	s.requestTimeout = opts.RequestTimeout
	s.svc = newServices(db)
	s.api = api.New(api.Deps{Store: db, Content: s.content, Reports: s.svc.reports, Revisions: s.svc.revisions,
		Periods: s.svc.periods, Weights: s.svc.weights, Translations: s.svc.translations, Indicators: s.svc.indicators,
		Principal: s.principal, Localizer: s.localizer, ReportingOrg: s.reportingOrg()})
	s.router = &router{s: s}
	s.routes()
	s.metrics = newMetrics(db, s.router.routes)
	return s, nil
}

// DefaultMemoryLimit is the Go heap's soft limit a server runs with unless
// told otherwise (bitacora serve --memory-limit, GOMEMLIMIT): two million
// accepted reports take 115 MB of live heap, and the limit keeps the
// process under 400 MB where the runtime's default would let it double.
const DefaultMemoryLimit = 350 << 20

// Handler returns the server's root handler, with its middleware.
func (s *Server) Handler() http.Handler { return s.observe(s.secure(s.router)) }

// MetricsHandler serves /metrics to anyone who reaches it, and nothing
// else: for a listen address of its own, reachable by the operator only.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.handler())
	return mux
}

// handlerFunc is a handler that returns its error to the one error handler.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Status returns the HTTP status for a domain error code: the one place
// where codes become statuses.
func Status(code string) int {
	switch code {
	case "":
		return http.StatusOK
	case bitacora.EINVALID:
		return http.StatusBadRequest
	case bitacora.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case bitacora.EFORBIDDEN:
		return http.StatusForbidden
	case bitacora.ENOTFOUND:
		return http.StatusNotFound
	case bitacora.ECONFLICT:
		return http.StatusConflict
	case bitacora.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case bitacora.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case bitacora.EUNSUPPORTED:
		return http.StatusNotImplemented
	case bitacora.ERATELIMITED:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// error answers a failed request: JSON under /api/, a page elsewhere. The
// user sees the domain message; internal detail goes to the log only.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errCSRF) && s.formExpired(w, r) {
		return // what was typed is offered back to be sent again
	}
	code := bitacora.ErrorCode(err)
	if code == bitacora.EINTERNAL && store.Unavailable(err) {
		// The database is stopped, restarting or out of reach: the
		// request fails at once with a 503 (and Retry-After), which a
		// client or a balancer knows to retry, not a 500 of ours.
		code = bitacora.EUNAVAILABLE
	}
	status := Status(code)
	// Every status speaks the request's language, as pages choose it:
	// the URL's, else Accept-Language, else Spanish. The English text
	// stays in the log.
	l := s.localizer(r)
	msg := l.Error(err)
	if errors.Is(err, errMethodNotAllowed) {
		// Decided before logging: a wrong method is the client's
		// mistake, not a 500 to log at ERROR.
		status, code, msg = http.StatusMethodNotAllowed, "method_not_allowed", l.T("error_405")
	}
	switch {
	case errors.Is(err, password.ErrBusy):
		// A crowd of sign-ins, refused by design: one ERROR line for
		// each would flood the log the crowd is meant to leave alone.
		s.log.WarnContext(r.Context(), "request refused: password hasher busy", "request_id", requestID(r.Context()))
	case status >= 500:
		s.log.ErrorContext(r.Context(), "request failed", "err", err, "request_id", requestID(r.Context()))
	}
	var fe *bitacora.InvalidFields
	fields := map[string]string{}
	if errors.As(err, &fe) {
		status = http.StatusUnprocessableEntity
		for k, v := range fe.Fields {
			fields[k] = l.T(v)
		}
	}
	if status == http.StatusServiceUnavailable {
		// Busy (the password hasher is full) or the database is away:
		// both pass, so say when to come back.
		w.Header().Set("Retry-After", strconv.Itoa(password.RetryAfter))
	}
	if isAPI(r) {
		body := map[string]any{"code": code, "message": msg}
		if len(fields) > 0 {
			body["fields"] = fields
		}
		api.WriteJSON(w, status, map[string]any{"error": body})
		return
	}
	// A page says the domain's own message when it has one ("you
	// are a focal point of this report…"), else its status's.
	var de *bitacora.Error
	if !errors.As(err, &de) || de.Key == "" {
		msg = ""
	}
	s.renderError(w, r, status, msg, fields)
}

var errMethodNotAllowed = errors.New("method not allowed")

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

type ctxKey int

const infoKey ctxKey = iota

// requestInfo is what the middleware learns about a request, kept in its
// context once: its id and, once the router has seen the path, its
// language.
type requestInfo struct {
	id        string
	lang      string
	principal *bitacora.Principal // once asked
	flash     string              // the flash this page shows (flash.go)
}

// signedIn tells whether the request is known to come from someone signed
// in: asked by the route's rule, or by takeVisitor for a page read with a
// session cookie.
func (ri *requestInfo) signedIn() bool { return ri.principal != nil && ri.principal.SignedIn() }

func info(ctx context.Context) *requestInfo {
	if ri, ok := ctx.Value(infoKey).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}

func requestID(ctx context.Context) string { return info(ctx).id }

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// Request ids: a random prefix per process and a counter, unique without
// a system call per request.
var (
	idPrefix  = randomPrefix()
	idCounter atomic.Uint64
)

func randomPrefix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "-"
}

func newRequestID() string { return idPrefix + strconv.FormatUint(idCounter.Add(1), 36) }

// statusWriter remembers the status a handler wrote.
// slowRequest is how long a request takes before its line is worth
// reading.
const slowRequest = time.Second

// requestLogLevel is the level of a request's log line. At info, the
// default, the log holds what an operator acts on: every change (any
// method but GET and HEAD), every answer of 400 or more, every request
// slower than slowRequest. A quick successful read is logged at debug
// (--log-level debug logs every request): it is most of the traffic, the
// metrics count it, and formatting its line cost about a tenth of a cached
// page's throughput.
func requestLogLevel(method string, status int, elapsed time.Duration) slog.Level {
	if (method == http.MethodGet || method == http.MethodHead) && status < 400 && elapsed < slowRequest {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// requestState is what observe allocates for a request, at once.
type requestState struct {
	info     requestInfo
	sw       statusWriter
	idHeader [1]string
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an id and its deadline, logs it, counts it in
// the metrics by its route, and turns a panic into a 500.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 || !requestIDPattern.MatchString(id) {
			id = newRequestID()
		}
		// One allocation for what a request carries through: its info,
		// its status writer and its id header.
		rs := &requestState{info: requestInfo{id: id}, sw: statusWriter{ResponseWriter: w}}
		rs.idHeader[0] = id
		w.Header()["X-Request-Id"] = rs.idHeader[:]
		ctx, cancel := context.WithTimeout(context.WithValue(r.Context(), infoKey, &rs.info), s.requestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		sw := &rs.sw
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(r.Context(), "panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "request_id", id)
				if sw.status == 0 {
					s.error(sw, r, errors.New("panic"))
				}
			}
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			route := r.Pattern // set by the mux on this request
			if route == "" {
				route = "unmatched"
			}
			elapsed := time.Since(start)
			s.metrics.observe(route, r.Method, sw.status, elapsed)
			level := requestLogLevel(r.Method, sw.status, elapsed)
			if !s.log.Enabled(r.Context(), level) {
				return
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("request_id", id), slog.String("method", r.Method), slog.String("path", loggedPath(r.URL.Path)),
				slog.String("route", route), slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
				slog.Duration("duration", elapsed))
		}()
		next.ServeHTTP(sw, r)
	})
}

// loggedPath is a request's path as the log keeps it: a calendar address's
// secret (web/calendar.go) left out.
func loggedPath(path string) string {
	if before, _, ok := strings.Cut(path, "/calendar/"); ok {
		return before + "/calendar/…"
	}
	return path
}
