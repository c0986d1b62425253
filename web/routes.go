package web

import (
	"context"
	"net/http"
	"time"
)

// routes is the route table: every URL the server answers.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	s.handle("GET /readyz", s.ready)
	s.mux.Handle("GET /metrics", s.metrics.handler())

	s.handle("GET /api/v1/programmes", s.apiProgrammes)
	s.handle("GET /api/v1/programmes/{slug}", s.apiProgramme)
	s.handle("GET /api/v1/programmes/{slug}/activities/{code}", s.apiActivity)
	s.handle("GET /api/v1/parties", s.apiParties)
	s.handle("GET /api/v1/parties/{id}", s.apiParty)
	s.handle("/api/", s.apiNotFound)

	s.handle("GET /{$}", s.home)
	s.handle("/", s.notFound)
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
