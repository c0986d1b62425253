package web

import (
	"context"
	"net/http"
	"time"
)

// routes is the route table: every URL the server answers, in the order
// they are tried, with the rule its caller must meet. Page routes take an
// optional language prefix (/en/…).
func (s *Server) routes() {
	rt := s.router
	const page, plain = true, false

	rt.add("GET", "/healthz", plain, rulePublic, s.healthz)
	rt.add("GET", "/readyz", plain, rulePublic, s.ready)
	rt.add("GET", "/metrics", plain, ruleMetrics, s.serveMetrics)
	rt.add("GET", "/static/{file}", plain, rulePublic, s.serveStatic)
	rt.add("GET", "/favicon.ico", plain, rulePublic, s.serveFavicon)

	rt.add("GET", "/api/v1/programmes", plain, rulePublic, s.apiProgrammes)
	rt.add("GET", "/api/v1/programmes/{slug}", plain, rulePublic, s.apiProgramme)
	rt.add("GET", "/api/v1/programmes/{slug}/activities/{code}", plain, rulePublic, s.apiActivity)
	rt.add("GET", "/api/v1/programmes/{slug}/translations", plain, ruleSecretariat, s.apiTranslations)
	rt.add("POST", "/api/v1/programmes/{slug}/translations", plain, ruleSecretariat, s.apiSetTranslation)
	rt.add("GET", "/api/v1/parties", plain, rulePublic, s.apiParties)
	rt.add("GET", "/api/v1/parties/{id}", plain, rulePublic, s.apiParty)
	rt.add("GET", "/api/v1/me", plain, ruleSignedIn, s.apiMe)
	rt.add("GET", "/api/v1/programmes/{slug}/versions", plain, rulePublic, s.apiVersions)
	rt.add("GET", "/api/v1/programmes/{slug}/versions/{version}", plain, rulePublic, s.apiVersion)
	rt.add("GET", "/api/v1/programmes/{slug}/diff", plain, rulePublic, s.apiDiff)
	rt.add("GET", "/api/v1/programmes/{slug}/revisions", plain, ruleReviser, s.apiRevisions)
	rt.add("POST", "/api/v1/programmes/{slug}/revisions", plain, ruleReviser, s.apiCreateRevision)
	rt.add("GET", "/api/v1/programmes/{slug}/revisions/{id}", plain, ruleReviser, s.apiRevision)
	rt.add("PUT", "/api/v1/programmes/{slug}/revisions/{id}", plain, ruleReviser, s.apiUpdateRevision)
	rt.add("POST", "/api/v1/programmes/{slug}/revisions/{id}/approve", plain, ruleBureau, s.apiApproveRevision)
	rt.add("GET", "/api/v1/programmes/{slug}/periods", plain, rulePublic, s.apiPeriods)
	rt.add("PUT", "/api/v1/programmes/{slug}/periods", plain, ruleSecretariat, s.apiSetPeriods)
	rt.add("GET", "/api/v1/programmes/{slug}/reports", plain, rulePublic, s.apiReports)
	rt.add("GET", "/api/v1/programmes/{slug}/progress", plain, rulePublic, s.apiProgress)
	rt.add("GET", "/api/v1/programmes/{slug}/iati.xml", plain, rulePublic, s.apiIATI)
	rt.add("GET", "/api/v1/programmes/{slug}/weights", plain, rulePublic, s.apiWeights)
	rt.add("PUT", "/api/v1/programmes/{slug}/weights", plain, ruleSecretariat, s.apiSetWeights)
	rt.add("GET", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}", plain, rulePublic, s.apiReport)
	rt.add("PUT", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}", plain, ruleFocalPoint, s.apiSaveReport)
	rt.add("POST", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}/submit", plain, ruleFocalPoint, s.apiSubmitReport)
	rt.add("POST", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}/review", plain, ruleBureau, s.apiReviewReport)
	rt.add("POST", "/api/v1/programmes/{slug}/activities/{code}/reports/{period}/contribution", plain, ruleFocalPoint, s.apiContribute)

	rt.add("GET", "/login", page, rulePublic, s.loginForm)
	rt.add("POST", "/login", page, rulePublic, s.login)
	rt.add("POST", "/logout", page, ruleSignedIn, s.logout)
	rt.add("GET", "/password/set", page, rulePublic, s.passwordSetForm)
	rt.add("POST", "/password/set", page, rulePublic, s.passwordSet)
	rt.add("GET", "/account", page, ruleSignedIn, s.account)
	rt.add("POST", "/account/password", page, ruleSession, s.changePassword)
	rt.add("POST", "/account/tokens", page, ruleSession, s.createToken)
	rt.add("POST", "/account/tokens/{id}/revoke", page, ruleSession, s.revokeToken)
	rt.add("GET", "/my/activities", page, ruleFocalPoint, s.myActivities)
	rt.add("GET", "/admin/users", page, ruleAdmin, s.adminUsers)
	rt.add("POST", "/admin/users", page, ruleAdmin, s.adminCreateUser)
	rt.add("GET", "/admin/users/{id}", page, ruleAdmin, s.adminUser)
	rt.add("POST", "/admin/users/{id}", page, ruleAdmin, s.adminUpdateUser)
	rt.add("POST", "/admin/users/{id}/memberships", page, ruleAdmin, s.adminAddMembership)
	rt.add("POST", "/admin/memberships/{id}/end", page, ruleAdmin, s.adminEndMembership)
	rt.add("POST", "/admin/programmes/{slug}/settings", page, ruleAdmin, s.adminProgrammeSettings)

	rt.add("GET", "/", page, rulePublic, s.siteHome)
	rt.add("GET", "/parties", page, rulePublic, s.parties)
	rt.add("GET", "/parties/{id}", page, rulePublic, s.party)
	rt.add("GET", "/search", page, rulePublic, s.search)
	rt.add("GET", "/{slug}", page, rulePublic, s.programme)
	rt.add("GET", "/{slug}/full", page, rulePublic, s.full)
	rt.add("GET", "/{slug}/periods", page, ruleSecretariat, s.periods)
	rt.add("POST", "/{slug}/periods", page, ruleSecretariat, s.setPeriods)
	rt.add("GET", "/{slug}/versions", page, rulePublic, s.versions)
	rt.add("GET", "/{slug}/v/{version}", page, rulePublic, s.versionPage)
	rt.add("GET", "/{slug}/diff", page, rulePublic, s.diff)
	rt.add("GET", "/{slug}/revisions", page, ruleReviser, s.revisions)
	rt.add("POST", "/{slug}/revisions", page, ruleReviser, s.createRevision)
	rt.add("GET", "/{slug}/revisions/{id}", page, ruleReviser, s.revisionPage)
	rt.add("POST", "/{slug}/revisions/{id}/changes", page, ruleReviser, s.addChange)
	rt.add("POST", "/{slug}/revisions/{id}/changes/{n}/delete", page, ruleReviser, s.deleteChange)
	rt.add("POST", "/{slug}/revisions/{id}/approve", page, ruleBureau, s.approveRevision)
	rt.add("GET", "/{slug}/source", page, rulePublic, s.source)
	rt.add("GET", "/{slug}/dashboard", page, rulePublic, s.dashboard)
	rt.add("GET", "/{slug}/dashboard.csv", page, rulePublic, s.dashboardCSV)
	rt.add("GET", "/{slug}/areas/{number}", page, rulePublic, s.area)
	rt.add("GET", "/{slug}/objectives/{number}", page, rulePublic, s.objective)
	rt.add("GET", "/{slug}/activities/{code}", page, rulePublic, s.activity)
	rt.add("GET", "/{slug}/activities/{code}/reports/{period}", page, rulePublic, s.reportPage)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}", page, ruleFocalPoint, s.saveReport)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/submit", page, ruleFocalPoint, s.submitReport)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/review", page, ruleBureau, s.reviewReport)
	rt.add("POST", "/{slug}/activities/{code}/reports/{period}/contribution", page, ruleFocalPoint, s.contribute)
	rt.add("GET", "/{slug}/reports/import", page, ruleSecretariat, s.reportsImportForm)
	rt.add("POST", "/{slug}/reports/import", page, ruleSecretariat, s.importReports)
	rt.add("GET", "/{slug}/reports/template.csv", page, ruleSecretariat, s.reportsTemplate)
	rt.add("GET", "/files/{id}", page, rulePublic, s.file)
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
