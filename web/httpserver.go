package web

import (
	"net/http"
	"time"
)

// NewHTTPServer returns the http.Server that serves h as `bitacora serve`
// does: its limits bound what a slow or idle client may hold (a header
// trickled in, a body sent slowly, a connection kept open), so that a
// crowd of them costs a bounded number of connections' worth of memory
// and never a goroutine forever.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
