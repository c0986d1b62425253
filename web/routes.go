package web

import (
	"context"
	"net/http"
	"time"

	"github.com/elac/bitacora/gate"
)

// routes is the route table: every URL the server answers, in the order
// they are tried, with the rule its caller must meet (package gate). Page
// routes take an optional language prefix (/en/…); the JSON API's routes
// come from package api.
func (s *Server) routes() {
	rt := s.router
	const page, plain = true, false

	rt.add("GET", "/healthz", plain, gate.Public, s.healthz)
	rt.add("GET", "/readyz", plain, gate.Public, s.ready)
	rt.add("GET", "/metrics", plain, gate.Metrics, s.serveMetrics)
	rt.add("GET", "/static/{file}", plain, gate.Public, s.serveStatic)
	rt.add("GET", "/favicon.ico", plain, gate.Public, s.serveFavicon)

	// The JSON API: its own package, its own part of the table.
	for _, a := range s.api.Routes() {
		rt.add(a.Method, a.Pattern, plain, a.Rule, handlerFunc(a.Handler))
	}
	// Open data (issue 15): the catalogue, and each programme's files,
	// the same in every language (page_opendata.go).
	rt.add("GET", "/catalog.jsonld", plain, gate.Public, s.catalogue)
	rt.add("GET", "/catalog.context.jsonld", plain, gate.Public, s.catalogueContext)
	rt.add("GET", "/{slug}/data/datapackage.json", plain, gate.Public, s.dataFile(""))
	rt.add("GET", "/{slug}/data/{name}.csv", plain, gate.Public, s.dataFile("csv"))
	rt.add("GET", "/{slug}/data/{name}.json", plain, gate.Public, s.dataFile("json"))
	rt.add("GET", "/{slug}/data/{name}.xlsx", plain, gate.Public, s.dataFile("xlsx"))

	rt.add("GET", "/login", page, gate.Public, s.loginForm)
	rt.add("POST", "/login", page, gate.Public, s.login)
	rt.add("POST", "/logout", page, gate.SignedIn, s.logout)
	rt.add("GET", "/password/set", page, gate.Public, s.passwordSetForm)
	rt.add("POST", "/password/set", page, gate.Public, s.passwordSet)
	rt.add("GET", "/account", page, gate.SignedIn, s.account)
	rt.add("POST", "/account/password", page, gate.Session, s.changePassword)
	rt.add("POST", "/account/tokens", page, gate.Session, s.createToken)
	rt.add("POST", "/account/calendar", page, gate.Session, s.newCalendar)
	rt.add("GET", "/calendar/{secret}", page, gate.Public, s.calendar)
	rt.add("POST", "/account/tokens/{id}/revoke", page, gate.Session, s.revokeToken)
	rt.add("GET", "/my/activities", page, gate.FocalPoint, s.myActivities)
	rt.add("GET", "/admin/users", page, gate.Admin, s.adminUsers)
	rt.add("POST", "/admin/users", page, gate.Admin, s.adminCreateUser)
	rt.add("GET", "/admin/users/{id}", page, gate.Admin, s.adminUser)
	rt.add("POST", "/admin/users/{id}", page, gate.Admin, s.adminUpdateUser)
	rt.add("POST", "/admin/users/{id}/memberships", page, gate.Admin, s.adminAddMembership)
	rt.add("POST", "/admin/memberships/{id}/end", page, gate.Admin, s.adminEndMembership)
	rt.add("POST", "/admin/programmes/{slug}/settings", page, gate.Admin, s.adminProgrammeSettings)
	rt.add("GET", "/admin/programmes/new", page, gate.Admin, s.programmeImportForm)
	rt.add("POST", "/admin/programmes", page, gate.Admin, s.importProgramme)
	// Mail: asking for a password link, one's mail preferences, an admin's
	// "send a new link", the outbox (web/mail.go).
	rt.add("GET", "/password/forgot", page, gate.Public, s.forgotForm)
	rt.add("POST", "/password/forgot", page, gate.Public, s.forgot)
	rt.add("GET", "/account/mail", page, gate.Session, s.mailPreferences)
	rt.add("POST", "/account/mail", page, gate.Session, s.setMailPreferences)
	rt.add("POST", "/admin/users/{id}/link", page, gate.Admin, s.adminSendLink)
	rt.add("GET", "/admin/outbox", page, gate.Staff, s.outbox)
	// The register of parties, kept by the secretariat (issue 13).
	rt.add("GET", "/admin/parties", page, gate.Secretariat, s.adminParties)
	rt.add("POST", "/admin/parties", page, gate.Secretariat, s.addParty)
	rt.add("GET", "/admin/parties/{id}", page, gate.Secretariat, s.adminParty)
	rt.add("POST", "/admin/parties/{id}", page, gate.Secretariat, s.updateParty)
	rt.add("POST", "/admin/parties/{id}/aliases", page, gate.Secretariat, s.setPartyAliases)
	rt.add("POST", "/admin/parties/{id}/chairs", page, gate.Secretariat, s.setPartyChairs)
	rt.add("POST", "/admin/parties/{id}/merge", page, gate.Secretariat, s.mergeParty)
	// Indicators, kept by the secretariat (issue 14).
	rt.add("GET", "/admin/indicators", page, gate.Secretariat, s.adminIndicators)
	rt.add("POST", "/admin/indicators", page, gate.Secretariat, s.addIndicator)
	rt.add("GET", "/admin/indicators/{code}", page, gate.Secretariat, s.adminIndicator)
	rt.add("POST", "/admin/indicators/{code}", page, gate.Secretariat, s.updateIndicator)
	rt.add("POST", "/admin/indicators/{code}/import", page, gate.Secretariat, s.importIndicator)

	rt.add("GET", "/", page, gate.Public, s.siteHome)
	rt.add("GET", "/parties", page, gate.Public, s.parties)
	rt.add("GET", "/parties/{id}", page, gate.Public, s.party)
	rt.add("GET", "/search", page, gate.Public, s.search)
	rt.add("GET", "/api", page, gate.Public, s.apiDocs)
	rt.add("GET", "/indicators/{code}", page, gate.Public, s.indicatorPage)
	rt.add("GET", "/indicators/{code}/data.csv", page, gate.Public, s.indicatorData("csv"))
	rt.add("GET", "/indicators/{code}/data.json", page, gate.Public, s.indicatorData("json"))
	rt.add("GET", "/countries/{alpha3}", page, gate.Public, s.countryPage)
	rt.add("GET", "/data", page, gate.Public, s.siteData)
	rt.add("GET", "/{slug}", page, gate.Public, s.programme)
	rt.add("GET", "/{slug}/full", page, gate.Public, s.full)
	rt.add("GET", "/{slug}/data", page, gate.Public, s.openData)
	rt.add("GET", "/{slug}/periods", page, gate.Secretariat, s.periods)
	rt.add("POST", "/{slug}/periods", page, gate.Secretariat, s.setPeriods)
	// The secretariat's desk: translations of the programme, weights of
	// its activities (issue 13).
	rt.add("GET", "/{slug}/translations", page, gate.Secretariat, s.translations)
	rt.add("GET", "/{slug}/translations/{lang}.xliff", page, gate.Secretariat, s.exportXLIFF)
	rt.add("GET", "/{slug}/translations/{lang}.csv", page, gate.Secretariat, s.exportCSV)
	rt.add("GET", "/{slug}/translations/{lang}", page, gate.Secretariat, s.translationEditor)
	rt.add("POST", "/{slug}/translations/{lang}", page, gate.Secretariat, s.saveTranslations)
	rt.add("POST", "/{slug}/translations/{lang}/import", page, gate.Secretariat, s.importTranslations)
	rt.add("GET", "/{slug}/weights", page, gate.Secretariat, s.weights)
	rt.add("POST", "/{slug}/weights", page, gate.Secretariat, s.setWeights)
	rt.add("GET", "/{slug}/versions", page, gate.Public, s.versions)
	rt.add("GET", "/{slug}/v/{version}", page, gate.Public, s.versionPage)
	rt.add("GET", "/{slug}/diff", page, gate.Public, s.diff)
	rt.add("GET", "/{slug}/revisions", page, gate.Reviser, s.revisions)
	rt.add("POST", "/{slug}/revisions", page, gate.Reviser, s.createRevision)
	rt.add("GET", "/{slug}/revisions/{id}", page, gate.Reviser, s.revisionPage)
	rt.add("POST", "/{slug}/revisions/{id}/changes", page, gate.Reviser, s.addChange)
	rt.add("POST", "/{slug}/revisions/{id}/changes/{n}/delete", page, gate.Reviser, s.deleteChange)
	rt.add("POST", "/{slug}/revisions/{id}/approve", page, gate.Bureau, s.approveRevision)
	rt.add("POST", "/{slug}/revisions/{id}/propose", page, gate.Reviser, s.proposeRevision)
	rt.add("POST", "/{slug}/revisions/{id}/return", page, gate.Bureau, s.returnRevision)
	rt.add("POST", "/{slug}/revisions/edition", page, gate.Reviser, s.uploadEdition)
	rt.add("GET", "/{slug}/source", page, gate.Public, s.source)
	rt.add("GET", "/{slug}/dashboard", page, gate.Public, s.dashboard)
	rt.add("GET", "/{slug}/followup", page, gate.Public, s.followupHTML)
	rt.add("POST", "/{slug}/followup/cover", page, gate.Secretariat, s.setCover)
	rt.add("GET", "/{slug}/operations", page, gate.Secretariat, s.operations)
	rt.add("POST", "/{slug}/operations", page, gate.Secretariat, s.linkOperations)
	rt.add("POST", "/{slug}/operations/preview", page, gate.Secretariat, s.previewOperations)
	rt.add("POST", "/{slug}/operations/unlink", page, gate.Secretariat, s.unlinkOperation)
	rt.add("GET", "/{slug}/followup.pdf", page, gate.Public, s.followupPDF)
	rt.add("GET", "/{slug}/indicators", page, gate.Public, s.programmeIndicators)
	rt.add("GET", "/{slug}/dashboard.csv", page, gate.Public, s.dashboardCSV)
	rt.add("GET", "/{slug}/areas/{number}", page, gate.Public, s.area)
	rt.add("GET", "/{slug}/objectives/{number}", page, gate.Public, s.objective)
	rt.add("GET", "/{slug}/activities/{code}", page, gate.Public, s.activity)
	rt.add("GET", "/{slug}/activities/{code}/reports/{period}", page, gate.Public, s.reportPage)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}", page, gate.FocalPoint, s.saveReport)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/submit", page, gate.FocalPoint, s.submitReport)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/review", page, gate.Bureau, s.reviewReport)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/contribution", page, gate.FocalPoint, s.contribute)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/deadline", page, gate.Secretariat, s.extendDeadline)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/files/{id}/remove", page, gate.FocalPoint, s.removeFile)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/files/replace", page, gate.FocalPoint, s.replaceFile)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/files/withdraw", page, gate.Secretariat, s.withdrawFile)
	rt.add("GET", "/{slug}/reports/import", page, gate.Secretariat, s.reportsImportForm)
	rt.add("POST", "/{slug}/reports/import", page, gate.Secretariat, s.importReports)
	rt.add("GET", "/{slug}/reports/template.csv", page, gate.Secretariat, s.reportsTemplate)
	rt.add("GET", "/files/{id}", page, gate.Public, s.file)

	// The reporting cycle (issue 12): what waits for whom, and the public
	// feeds.
	rt.add("GET", "/{slug}/reviews", page, gate.Reviewers, s.reviewQueue)
	rt.add("GET", "/{slug}/cycle", page, gate.Cycle, s.cycle)
	rt.add("GET", "/{slug}/feed.atom", page, gate.Public, s.programmeFeed)
	rt.add("GET", "/{slug}/activities/{code}/feed.atom", page, gate.Public, s.activityFeed)
	rt.add("GET", "/parties/{id}/feed.atom", page, gate.Public, s.partyFeed)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}

// ready answers 200 while the database answers, 503 otherwise, so that a
// load balancer stops sending traffic to an instance that lost it.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ready\n"))
	return nil
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.handler().ServeHTTP(w, r)
	return nil
}
