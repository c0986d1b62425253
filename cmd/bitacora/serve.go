package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/elac/bitacora/mail"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/web"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func runServe(ctx context.Context, e *env, args []string) error {
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "serve", "[flags]",
		"Serves the public site, the JSON API (/api/v1), /healthz, /readyz and /metrics.\n"+
			"On first start with an empty database it imports eLAC2020.\n"+
			"/metrics is served only as --metrics-addr, --metrics-token or --metrics-public say.")
	cfg.siteFlags(fs)
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", cfg.SecureCookies, "mark cookies Secure: set when served over TLS (env BITACORA_SECURE_COOKIES)")
	cfg.metricsFlags(fs)
	fs.StringVar(&cfg.TrustedProxies, "trusted-proxies", cfg.TrustedProxies,
		"reverse proxies (CIDRs or addresses, comma-separated) whose X-Forwarded-For names the client (env BITACORA_TRUSTED_PROXIES)")
	fs.StringVar(&cfg.APIRate, "api-rate", cfg.APIRate,
		"API requests allowed per client address without a token, per instance: 60/min (units s, min, h), 0 for no limit (env BITACORA_API_RATE)")
	fs.StringVar(&cfg.APITokenRate, "api-token-rate", cfg.APITokenRate,
		"API requests allowed per account with a token, per instance: 600/min, 0 for no limit (env BITACORA_API_TOKEN_RATE)")
	fs.StringVar(&cfg.MemoryLimit, "memory-limit", cfg.MemoryLimit,
		"soft limit of the Go heap, as GOMEMLIMIT (350MiB, 1GiB), or off; GOMEMLIMIT, when set, wins (env BITACORA_MEMORY_LIMIT)")
	fs.StringVar(&cfg.RequestTimeout, "request-timeout", cfg.RequestTimeout,
		"how long a request may take before it gives up (a database that does not answer): then it answers 503 (env BITACORA_REQUEST_TIMEOUT)")
	cfg.mailFlags(fs)
	cfg.openDataFlags(fs)
	cfg.databaseFlags(fs)
	cfg.logFlags(fs)
	pos, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", pos)}
	}
	proxies, err := cfg.trustedProxies()
	if err != nil {
		return err
	}
	apiRate, apiTokenRate, err := cfg.apiRates()
	if err != nil {
		return err
	}
	memLimit, err := cfg.memoryLimit()
	if err != nil {
		return err
	}
	requestTimeout, err := cfg.requestTimeout()
	if err != nil {
		return err
	}
	smtp, err := cfg.smtp()
	if err != nil {
		return err
	}
	// The server's log is written in batches (see logBuffer).
	logs := newLogBuffer(e.stderr, 100*time.Millisecond)
	defer logs.Close()
	log, err := cfg.logger(logs)
	if err != nil {
		return err
	}
	log = slog.New(flushOnWarn{log.Handler(), logs})
	siteURL, err := cfg.SiteURL()
	if err != nil {
		return err
	}
	switch {
	case e.getenv("GOMEMLIMIT") != "":
		// The runtime read it at start.
	case memLimit > 0:
		debug.SetMemoryLimit(memLimit)
	default:
		debug.SetMemoryLimit(math.MaxInt64) // the runtime's own default: none
	}

	// Listen before anything else, so that a port in use is one clear error
	// and leaves no data folder or database behind.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.Addr, unwrapOpError(err))
	}
	defer ln.Close()
	var mln net.Listener
	if cfg.MetricsAddr != "" {
		if mln, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			return fmt.Errorf("cannot listen on %s (--metrics-addr): %w", cfg.MetricsAddr, unwrapOpError(err))
		}
		defer mln.Close()
	}

	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	loaded, err := seed.LoadIfEmpty(ctx, db)
	if err != nil {
		return err
	}
	if loaded {
		log.Info("imported eLAC2020 into the empty database", "slug", seed.ELAC2020Slug)
	}
	// On PostgreSQL, hear of the other instances' changes at once.
	db.Watch(ctx, log)

	licence, err := cfg.licence()
	if err != nil {
		return err
	}
	srv, err := web.New(db, log, web.Options{Version: version, SecureCookies: cfg.SecureCookies,
		MetricsToken: cfg.MetricsToken, MetricsPublic: cfg.MetricsPublic, BaseURL: siteURL, TrustedProxies: proxies,
		MailEnabled: smtp.Enabled(), DataLicence: licence, Publisher: cfg.Publisher, IATIPublisher: cfg.IATIPublisher,
		APIRate: apiRate, APITokenRate: apiTokenRate, RequestTimeout: requestTimeout})
	if err != nil {
		return err
	}
	// The job engine: mail from the outbox, and the periodic jobs. It
	// stops after the listeners, once no request can queue anything more
	// (what is queued meanwhile waits in the database for the next start).
	if smtp.Enabled() {
		log.Info("mail on", "smtp", smtp.Address(), "tls", smtp.TLS, "from", smtp.From)
	} else {
		log.Info("mail off: no --smtp-host; messages wait in the outbox")
	}
	jobs, err := mail.Start(ctx, db, mail.Options{SMTP: smtp, BaseURL: siteURL, Log: log})
	if err != nil {
		return err
	}
	defer func() {
		if err := jobs.Stop(context.WithoutCancel(ctx)); err != nil {
			log.Warn("job engine stop", "err", err)
		}
	}()
	go srv.Follow(ctx)
	metricsDone := make(chan error, 1)
	if mln != nil {
		ms := &http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second,
			WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 16 << 10}
		log.Info("serving /metrics", "url", "http://"+mln.Addr().String()+"/metrics")
		go func() { metricsDone <- serveUntil(ctx, ms, mln, 5*time.Second) }()
	} else {
		metricsDone <- nil
	}
	hs := web.NewHTTPServer(srv.Handler())
	log.Info("serving", "url", "http://"+ln.Addr().String(), "site", siteURL, "database", db.Dialect(), "db", db.Name, "version", version,
		"memory_limit", memoryLimitText(debug.SetMemoryLimit(-1)))
	if err := serveUntil(ctx, hs, ln, 30*time.Second); err != nil {
		return err
	}
	if err := <-metricsDone; err != nil {
		return fmt.Errorf("metrics listener: %w", err)
	}
	log.Info("stopped")
	return nil
}

// serveUntil serves on ln until ctx ends, then stops accepting and lets
// in-flight requests finish, for at most grace.
func serveUntil(ctx context.Context, hs *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func unwrapOpError(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

// memoryLimitText writes a heap limit for the log: "350MiB", or "off".
func memoryLimitText(n int64) string {
	if n == math.MaxInt64 {
		return "off"
	}
	return strconv.FormatInt(n>>20, 10) + "MiB"
}
