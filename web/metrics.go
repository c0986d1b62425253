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
}

type counterKey struct {
	route, method string
	status        int
}

func newMetrics(db *store.DB) *metrics {
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
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL(), db.Dialect()),
	)
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	key := counterKey{route, method, status}
	m.mu.RLock()
	c, okc := m.counters[key]
	o, oko := m.observers[route]
	m.mu.RUnlock()
	if !okc || !oko {
		c = m.requests.WithLabelValues(route, method, strconv.Itoa(status))
		o = m.latency.WithLabelValues(route)
		m.mu.Lock()
		m.counters[key], m.observers[route] = c, o
		m.mu.Unlock()
	}
	c.Inc()
	o.Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
