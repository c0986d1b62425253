package web

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/elac/bitacora/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own so
// that two servers in one process (tests) do not collide.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec

	// The children of the vectors, looked up once per label set: the
	// lookup hashes the labels, which costs more than the count itself.
	mu        sync.RWMutex
	counters  map[counterKey]prometheus.Counter
	observers map[string]prometheus.Observer

	// routes are the patterns of the route table: the only route labels.
	routes map[string]bool
}

type counterKey struct {
	route, method string
	status        int
}

// Label values come from closed sets only — the route table's patterns,
// the standard methods, the statuses the server writes — never from the
// request as sent: a client inventing methods or paths would otherwise
// create a series per invention and grow memory and every scrape without
// bound.
const (
	unmatchedRoute = "unmatched"
	otherMethod    = "other"
)

// methodLabel is the method's label: a standard method, or "other".
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return otherMethod
}

// statusLabel is the status's label. The server writes only codes of its
// own choosing; one outside 100–599 would be "other" all the same.
func statusLabel(code int) string {
	if code < 100 || code > 599 {
		return otherMethod
	}
	return strconv.Itoa(code)
}

func newMetrics(db *store.DB, routes []*route) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bitacora_http_requests_total",
			Help: "HTTP requests served, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bitacora_http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
		counters:  map[counterKey]prometheus.Counter{},
		observers: map[string]prometheus.Observer{},
		routes:    map[string]bool{unmatchedRoute: true},
	}
	for _, rt := range routes {
		m.routes[rt.method+" "+rt.pattern] = true
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL(), db.Dialect()),
	)
	return m
}

// observe counts a request. route is the pattern the router matched (r.Pattern).
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	if !m.routes[route] {
		route = unmatchedRoute
	}
	method = methodLabel(method)
	if status < 100 || status > 599 {
		status = 0 // "other"
	}
	key := counterKey{route, method, status}
	m.mu.RLock()
	c, okc := m.counters[key]
	o, oko := m.observers[route]
	m.mu.RUnlock()
	if !okc || !oko {
		c = m.requests.WithLabelValues(route, method, statusLabel(status))
		o = m.latency.WithLabelValues(route)
		m.mu.Lock()
		m.counters[key], m.observers[route] = c, o
		m.mu.Unlock()
	}
	c.Inc()
	o.Observe(d.Seconds())
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
