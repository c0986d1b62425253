package web

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/elac/bitacora/pagecache"
)

// Follow keeps the published read model up to date as changes happen,
// until ctx ends, and builds again, as an anonymous reader would ask for
// them, the most read pages and API answers a change made out of date:
// the first reader after an acceptance finds the programme's page built.
// serve runs it; without it (tests, scripts) the first reader after a
// change builds what it asks for.
func (s *Server) Follow(ctx context.Context) {
	s.content.Follow(ctx, s.log, s.rebuild)
}

// rebuild asks the router for each response, one after the other, as an
// anonymous reader in the response's language, outside the request log
// and the metrics: what it builds goes into the new snapshot's caches.
func (s *Server) rebuild(ctx context.Context, hot []pagecache.Request) {
	h := s.secure(s.router)
	for _, req := range hot {
		if ctx.Err() != nil {
			return
		}
		s.rebuildOne(ctx, h, req)
	}
}

func (s *Server) rebuildOne(ctx context.Context, h http.Handler, req pagecache.Request) {
	id := "rebuild-" + newRequestID()
	defer func() {
		// A background goroutine must not take the server down.
		if p := recover(); p != nil {
			s.log.ErrorContext(ctx, "panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()), "request_id", id, "path", req.Target)
		}
	}()
	ctx = context.WithValue(pagecache.Rebuilding(ctx, req), infoKey, &requestInfo{id: id})
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, req.Target, nil)
	if err != nil {
		return
	}
	r.RemoteAddr = "127.0.0.1:0"
	if req.Lang != pagecache.Neutral {
		r.Header.Set("Accept-Language", req.Lang)
	}
	w := &discard{h: http.Header{}}
	h.ServeHTTP(w, r)
	s.log.DebugContext(ctx, "rebuilt", "request_id", id, "path", req.Target, "lang", req.Lang, "status", w.status)
}

// discard is a response writer that keeps nothing.
type discard struct {
	h      http.Header
	status int
}

func (w *discard) Header() http.Header         { return w.h }
func (w *discard) Write(b []byte) (int, error) { return len(b), nil }
func (w *discard) WriteHeader(status int)      { w.status = status }
