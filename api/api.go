// Package api is the JSON face of Bitácora: every handler under /api/v1,
// one file per resource, and its part of the route table. Reads answer
// from the published read model (package published) as bytes kept per
// snapshot; writes go through the domain services, which ask the policy
// themselves. Handlers return errors: the server that mounts the API
// (package web) has the one error handler, which answers them as JSON.
package api

import (
	"context"
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/gate"
	"github.com/elac/bitacora/iati"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
	"github.com/elac/bitacora/store"
)

// Deps is what the API is built over: the store, the read model, the
// domain services, and two things of the server that mounts it.
type Deps struct {
	Store   *store.DB
	Content *published.Content

	Reports      *bitacora.Reports
	Revisions    *bitacora.Revisions
	Periods      *bitacora.Periods
	Weights      *bitacora.Weights
	Translations *bitacora.Translations
	Indicators   *bitacora.Indicators

	// Principal finds who makes a request (for the API, the bearer
	// token's user): the server's sign-in, asked once per request.
	Principal func(*http.Request) (bitacora.Principal, error)
	// Localizer speaks the request's language, for the messages the API
	// writes itself (a conflict's).
	Localizer func(*http.Request) *locale.Localizer
	// ReportingOrg publishes the IATI file (iati.Publisher).
	ReportingOrg iati.ReportingOrg
}

// API holds what the handlers share.
type API struct{ d Deps }

// New returns the API over d.
func New(d Deps) *API { return &API{d: d} }

// Handler is a handler that returns its error to the server's one error
// handler.
type Handler func(w http.ResponseWriter, r *http.Request) error

// Route is one row of the API's part of the route table.
type Route struct {
	Method, Pattern string
	Rule            gate.Rule
	Handler         Handler
}

// Routes is the API's part of the route table, in the order the server
// tries them, each with the rule its caller must meet. Whatever the rule,
// the server asks write scope of every write.
func (a *API) Routes() []Route {
	return []Route{
		{"GET", "/api/v1/", gate.Public, a.index},
		{"GET", "/api/v1/openapi.json", gate.Public, a.openapi},
		{"GET", "/api/v1/programmes", gate.Public, a.programmes},
		{"GET", "/api/v1/programmes/{slug}", gate.Public, a.programme},
		{"GET", "/api/v1/programmes/{slug}/activities/{code}", gate.Public, a.activity},
		{"GET", "/api/v1/programmes/{slug}/translations", gate.Secretariat, a.translations},
		{"POST", "/api/v1/programmes/{slug}/translations", gate.Secretariat, a.setTranslation},
		{"GET", "/api/v1/parties", gate.Public, a.parties},
		{"GET", "/api/v1/parties/{id}", gate.Public, a.party},
		{"GET", "/api/v1/me", gate.SignedIn, a.me},
		{"GET", "/api/v1/indicators", gate.Public, a.indicators},
		{"POST", "/api/v1/indicators", gate.Secretariat, a.addIndicator},
		{"GET", "/api/v1/indicators/{code}", gate.Public, a.indicator},
		{"PUT", "/api/v1/indicators/{code}", gate.Secretariat, a.updateIndicator},
		{"POST", "/api/v1/indicators/{code}/observations", gate.Secretariat, a.importObservations},
		{"GET", "/api/v1/programmes/{slug}/versions", gate.Public, a.versions},
		{"GET", "/api/v1/programmes/{slug}/versions/{version}", gate.Public, a.version},
		{"GET", "/api/v1/programmes/{slug}/diff", gate.Public, a.diff},
		{"GET", "/api/v1/programmes/{slug}/revisions", gate.Reviser, a.revisions},
		{"POST", "/api/v1/programmes/{slug}/revisions", gate.Reviser, a.createRevision},
		{"GET", "/api/v1/programmes/{slug}/revisions/{id}", gate.Reviser, a.revision},
		{"PUT", "/api/v1/programmes/{slug}/revisions/{id}", gate.Reviser, a.updateRevision},
		{"POST", "/api/v1/programmes/{slug}/revisions/{id}/approve", gate.Bureau, a.approveRevision},
		{"POST", "/api/v1/programmes/{slug}/revisions/{id}/propose", gate.Reviser, a.proposeRevision},
		{"POST", "/api/v1/programmes/{slug}/revisions/{id}/return", gate.Bureau, a.returnRevision},
		{"GET", "/api/v1/programmes/{slug}/periods", gate.Public, a.periods},
		{"PUT", "/api/v1/programmes/{slug}/periods", gate.Secretariat, a.setPeriods},
		{"GET", "/api/v1/programmes/{slug}/reports", gate.Public, a.reports},
		{"GET", "/api/v1/programmes/{slug}/progress", gate.Public, a.progress},
		{"GET", "/api/v1/programmes/{slug}/iati.xml", gate.Public, a.iati},
		{"GET", "/api/v1/programmes/{slug}/weights", gate.Public, a.weights},
		{"PUT", "/api/v1/programmes/{slug}/weights", gate.Secretariat, a.setWeights},
		{"GET", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}", gate.Public, a.report},
		{"PUT", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}", gate.FocalPoint, a.saveReport},
		{"POST", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}/submit", gate.FocalPoint, a.submitReport},
		{"POST", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}/review", gate.Bureau, a.reviewReport},
		{"POST", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}/contribution", gate.FocalPoint, a.contribute},
		{"POST", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}/files/{id}/remove", gate.FocalPoint, a.removeFile},
		{"POST", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}/files/{id}/withdraw", gate.Secretariat, a.withdrawFile},
	}
}

// document returns the current snapshot and the programme the path names.
func (a *API) document(r *http.Request) (*published.Snapshot, *bitacora.Document, error) {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return nil, nil, err
	}
	snap, err := a.d.Content.Get(r.Context())
	if err != nil {
		return nil, nil, err
	}
	doc, err := snap.Document(slug)
	if err != nil {
		return nil, nil, err
	}
	return snap, doc, nil
}

// acting returns the request's context with its principal, for the
// services to decide on (and the change record to name).
func (a *API) acting(r *http.Request) (context.Context, error) {
	p, err := a.d.Principal(r)
	if err != nil {
		return nil, err
	}
	return bitacora.WithPrincipal(r.Context(), p), nil
}
