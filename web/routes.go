package web

import (
	"context"
	"net/http"
	"time"
)

// routes is the route table: every URL the server answers, in the order
// they are tried. Page routes take an optional language prefix (/en/…).
func (s *Server) routes() {
	rt := s.router
	const page, plain = true, false

	rt.add("GET", "/healthz", plain, s.healthz)
	rt.add("GET", "/readyz", plain, s.ready)
	rt.add("GET", "/metrics", plain, s.serveMetrics)
	rt.add("GET", "/static/{file}", plain, s.serveStatic)

	rt.add("GET", "/api/v1/programmes", plain, s.apiProgrammes)
	rt.add("GET", "/api/v1/programmes/{slug}", plain, s.apiProgramme)
	rt.add("GET", "/api/v1/programmes/{slug}/activities/{code}", plain, s.apiActivity)
	rt.add("GET", "/api/v1/parties", plain, s.apiParties)
	rt.add("GET", "/api/v1/parties/{id}", plain, s.apiParty)

	rt.add("GET", "/", page, s.siteHome)
	rt.add("GET", "/parties", page, s.parties)
	rt.add("GET", "/parties/{id}", page, s.party)
	rt.add("GET", "/search", page, s.search)
	rt.add("GET", "/{slug}", page, s.programme)
	rt.add("GET", "/{slug}/full", page, s.full)
	rt.add("GET", "/{slug}/source", page, s.source)
	rt.add("GET", "/{slug}/areas/{number}", page, s.area)
	rt.add("GET", "/{slug}/objectives/{number}", page, s.objective)
	rt.add("GET", "/{slug}/activities/{code}", page, s.activity)
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
