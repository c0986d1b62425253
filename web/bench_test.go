package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/web"
)

// BenchmarkPage measures the handler alone (no network) on a cached page,
// against a handler that writes the same bytes from memory: the ratio is
// the cost of Bitácora's middleware, routing and cache lookup.
func BenchmarkPage(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, b.TempDir()+"/b.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.LoadIfEmpty(ctx, db); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})), web.Options{APIRate: web.Rate{}, APITokenRate: web.Rate{}}) // no API rate limit: the load is the measurement
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	const path = "/es/elac2020/activities/1.1"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	body := rec.Body.Bytes()
	ceiling := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	})
	for _, bc := range []struct {
		name string
		h    http.Handler
	}{{"ceiling", ceiling}, {"bitacora", h}} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			b.ReportAllocs()
			for b.Loop() {
				w := discardWriter{h: http.Header{}}
				bc.h.ServeHTTP(&w, req)
			}
		})
	}
}

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}
