package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/elac/bitacora/mail"
	"github.com/elac/bitacora/opendata"
	"github.com/elac/bitacora/web"
)

// Config is the whole configuration: defaults, then BITACORA_* environment
// variables, then flags.
type Config struct {
	Addr      string // BITACORA_ADDR, --addr
	Data      string // BITACORA_DATA, --data
	DB        string // BITACORA_DB, --db: a postgres:// URL, or a SQLite path
	LogFormat string // BITACORA_LOG_FORMAT, --log-format: text or json
	LogLevel  string // BITACORA_LOG_LEVEL, --log-level: debug, info, warn, error
	// SecureCookies marks cookies Secure, for a site served over TLS
	// (BITACORA_SECURE_COOKIES=1, --secure-cookies).
	SecureCookies bool
	// Who may read /metrics (it shows admin activity and failed sign-ins):
	// by default nobody on the main listener. MetricsAddr serves it on a
	// listen address of its own, typically loopback (BITACORA_METRICS_ADDR,
	// --metrics-addr); MetricsToken serves it on the main listener to
	// "Authorization: Bearer TOKEN" (BITACORA_METRICS_TOKEN, --metrics-token);
	// MetricsPublic serves it there to anyone (BITACORA_METRICS_PUBLIC=1,
	// --metrics-public).
	MetricsAddr   string
	MetricsToken  string
	MetricsPublic bool
	// BaseURL is the site's public address, as people reach it (say
	// https://bitacora.example.org behind a proxy), distinct from Addr, where
	// the process listens: every absolute link starts with it
	// (BITACORA_BASE_URL, --base-url; default http://localhost:PORT of Addr).
	BaseURL string
	// TrustedProxies lists the reverse proxies (CIDRs or addresses,
	// comma-separated) whose X-Forwarded-For names the client, for login
	// throttling (BITACORA_TRUSTED_PROXIES, --trusted-proxies). Empty: the
	// header is ignored and the connection's address counts.
	TrustedProxies string
	// APIRate limits anonymous use of the API per client address, and
	// APITokenRate use with a token per account, in each instance's memory
	// (BITACORA_API_RATE, --api-rate; BITACORA_API_TOKEN_RATE,
	// --api-token-rate): "60/min", units s, min, h; 0 is no limit.
	APIRate, APITokenRate string
	// MemoryLimit is the Go heap's soft limit for serve (BITACORA_MEMORY_LIMIT,
	// --memory-limit), written as GOMEMLIMIT is: 350MiB, 1GiB; "off" leaves
	// the runtime's default (grow to twice the live heap). GOMEMLIMIT, when
	// set, wins.
	MemoryLimit string
	// RequestTimeout bounds each request's work for serve
	// (BITACORA_REQUEST_TIMEOUT, --request-timeout), a Go duration: a
	// request still waiting for the database then answers 503.
	RequestTimeout string
	// Mail goes out through SMTP when SMTPHost is set (BITACORA_SMTP_HOST,
	// --smtp-host); without it messages wait in the outbox. SMTPPort
	// (BITACORA_SMTP_PORT, --smtp-port; default by TLS mode: 587, 465
	// with tls, 25 with none), SMTPUser and SMTPPassword
	// (BITACORA_SMTP_USER, BITACORA_SMTP_PASSWORD: prefer the variable to
	// the flag, which other users of the host can read), SMTPTLS
	// (BITACORA_SMTP_TLS, --smtp-tls: starttls, tls or none) and MailFrom,
	// the sender (BITACORA_MAIL_FROM, --mail-from).
	SMTPHost     string
	SMTPPort     string
	SMTPUser     string
	SMTPPassword string
	SMTPTLS      string
	MailFrom     string
	// Open data: the licence (an SPDX identifier, BITACORA_DATA_LICENSE,
	// --data-license; default CC-BY-4.0), its URL for one Bitácora does not
	// know (BITACORA_DATA_LICENSE_URL, --data-license-url), the
	// attribution asked of reusers (BITACORA_DATA_ATTRIBUTION,
	// --data-attribution; default: the programme, its symbol and the
	// publisher), who publishes the data (BITACORA_PUBLISHER, --publisher;
	// default Bitácora) and its registered IATI organisation identifier
	// (BITACORA_IATI_PUBLISHER, --iati-publisher; none: the IATI
	// identifiers are provisional, and say so).
	DataLicense     string
	DataLicenseURL  string
	DataAttribution string
	Publisher       string
	IATIPublisher   string
}

func defaultConfig() Config {
	return Config{Addr: "localhost:8080", Data: "./bitacora-data", LogFormat: "text", LogLevel: "info",
		MemoryLimit: strconv.Itoa(web.DefaultMemoryLimit>>20) + "MiB", SMTPTLS: "starttls",
		RequestTimeout: web.DefaultRequestTimeout.String(),
		APIRate:        web.DefaultAPIRate.String(), APITokenRate: web.DefaultAPITokenRate.String()}
}

// fromEnv overrides the defaults with BITACORA_* variables.
func (c *Config) fromEnv(getenv func(string) string) {
	for name, field := range map[string]*string{
		"BITACORA_ADDR": &c.Addr, "BITACORA_DATA": &c.Data, "BITACORA_DB": &c.DB,
		"BITACORA_LOG_FORMAT": &c.LogFormat, "BITACORA_LOG_LEVEL": &c.LogLevel,
		"BITACORA_METRICS_ADDR": &c.MetricsAddr, "BITACORA_METRICS_TOKEN": &c.MetricsToken,
		"BITACORA_BASE_URL":        &c.BaseURL,
		"BITACORA_TRUSTED_PROXIES": &c.TrustedProxies,
		"BITACORA_MEMORY_LIMIT":    &c.MemoryLimit,
		"BITACORA_REQUEST_TIMEOUT": &c.RequestTimeout,
		"BITACORA_API_RATE":        &c.APIRate, "BITACORA_API_TOKEN_RATE": &c.APITokenRate,
		"BITACORA_SMTP_HOST": &c.SMTPHost, "BITACORA_SMTP_PORT": &c.SMTPPort,
		"BITACORA_SMTP_USER": &c.SMTPUser, "BITACORA_SMTP_PASSWORD": &c.SMTPPassword,
		"BITACORA_SMTP_TLS": &c.SMTPTLS, "BITACORA_MAIL_FROM": &c.MailFrom,
		"BITACORA_DATA_LICENSE": &c.DataLicense, "BITACORA_DATA_LICENSE_URL": &c.DataLicenseURL,
		"BITACORA_DATA_ATTRIBUTION": &c.DataAttribution, "BITACORA_PUBLISHER": &c.Publisher,
		"BITACORA_IATI_PUBLISHER": &c.IATIPublisher,
	} {
		if v := getenv(name); v != "" {
			*field = v
		}
	}
	for name, field := range map[string]*bool{
		"BITACORA_SECURE_COOKIES": &c.SecureCookies, "BITACORA_METRICS_PUBLIC": &c.MetricsPublic,
	} {
		switch strings.ToLower(getenv(name)) {
		case "1", "true", "yes":
			*field = true
		}
	}
}

// metricsFlags adds the flags that say who may read /metrics.
func (c *Config) metricsFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "serve /metrics on this address of its own, e.g. localhost:9090 (env BITACORA_METRICS_ADDR)")
	fs.StringVar(&c.MetricsToken, "metrics-token", c.MetricsToken, "serve /metrics on --addr to Authorization: Bearer TOKEN; prefer the env variable (env BITACORA_METRICS_TOKEN)")
	fs.BoolVar(&c.MetricsPublic, "metrics-public", c.MetricsPublic, "serve /metrics on --addr to anyone (env BITACORA_METRICS_PUBLIC)")
}

// mailFlags adds the flags that say how mail goes out.
func (c *Config) mailFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.SMTPHost, "smtp-host", c.SMTPHost, "SMTP server that sends mail; empty: messages wait in the outbox (env BITACORA_SMTP_HOST)")
	fs.StringVar(&c.SMTPPort, "smtp-port", c.SMTPPort, "SMTP port (default 587, 465 with --smtp-tls tls, 25 with none) (env BITACORA_SMTP_PORT)")
	fs.StringVar(&c.SMTPUser, "smtp-user", c.SMTPUser, "SMTP user name; empty: no authentication (env BITACORA_SMTP_USER)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", c.SMTPPassword, "SMTP password; prefer the env variable (env BITACORA_SMTP_PASSWORD)")
	fs.StringVar(&c.SMTPTLS, "smtp-tls", c.SMTPTLS, "SMTP encryption: starttls, tls (implicit, port 465) or none (env BITACORA_SMTP_TLS)")
	fs.StringVar(&c.MailFrom, "mail-from", c.MailFrom, "sender of the messages, e.g. \"Bitácora <bitacora@example.org>\" (env BITACORA_MAIL_FROM)")
}

// smtp returns the mail configuration, checked.
func (c *Config) smtp() (mail.SMTP, error) {
	m := mail.SMTP{Host: c.SMTPHost, User: c.SMTPUser, Password: c.SMTPPassword, TLS: strings.ToLower(c.SMTPTLS), From: c.MailFrom}
	if c.SMTPPort != "" {
		p, err := strconv.Atoi(c.SMTPPort)
		if err != nil {
			return m, usageError{fmt.Sprintf("--smtp-port %q is not a number", c.SMTPPort)}
		}
		m.Port = p
	}
	if err := m.Check(); err != nil {
		return m, usageError{err.Error()}
	}
	return m, nil
}

// openDataFlags adds the flags that say under which licence, and by whom,
// the open data is published.
func (c *Config) openDataFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DataLicense, "data-license", c.DataLicense, "licence of the open data, an SPDX identifier (default CC-BY-4.0) (env BITACORA_DATA_LICENSE)")
	fs.StringVar(&c.DataLicenseURL, "data-license-url", c.DataLicenseURL, "the licence's URL, needed for one other than CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODbL-1.0, ODC-By-1.0, PDDL-1.0 (env BITACORA_DATA_LICENSE_URL)")
	fs.StringVar(&c.DataAttribution, "data-attribution", c.DataAttribution, "the attribution asked of reusers (default: the programme, its symbol and the publisher) (env BITACORA_DATA_ATTRIBUTION)")
	fs.StringVar(&c.Publisher, "publisher", c.Publisher, "who publishes the data: the catalogue's publisher, the IATI reporting organisation's name (default Bitácora) (env BITACORA_PUBLISHER)")
	fs.StringVar(&c.IATIPublisher, "iati-publisher", c.IATIPublisher, "the publisher's registered IATI organisation identifier, e.g. XM-DAC-41122; none: the IATI identifiers are provisional (env BITACORA_IATI_PUBLISHER)")
}

// licence returns the open data's licence, checked.
func (c *Config) licence() (opendata.Licence, error) {
	l, ok := opendata.LicenceFor(c.DataLicense, c.DataLicenseURL, c.DataAttribution)
	if !ok {
		return l, usageError{fmt.Sprintf("--data-license %q: give its URL with --data-license-url", c.DataLicense)}
	}
	return l, nil
}

// databaseFlags adds the flags that choose the database.
func (c *Config) databaseFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Data, "data", c.Data, "data folder (env BITACORA_DATA)")
	fs.StringVar(&c.DB, "db", c.DB, "database: a postgres:// URL, or a SQLite file (default DATA/bitacora.db; add ?synchronous=full to sync every commit to disk) (env BITACORA_DB)")
}

func (c *Config) logFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env BITACORA_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error (env BITACORA_LOG_LEVEL)")
}

// siteFlags adds the flags that say where the site is: where it listens and
// where people reach it.
func (c *Config) siteFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (env BITACORA_ADDR)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "the site's public address, for absolute links, e.g. https://bitacora.example.org (default http://localhost:PORT of --addr) (env BITACORA_BASE_URL)")
}

// SiteURL is the site's public address: BaseURL checked, or else
// http://localhost with Addr's port.
func (c *Config) SiteURL() (string, error) {
	if c.BaseURL == "" {
		if _, port, err := net.SplitHostPort(c.Addr); err == nil && port != "" {
			return "http://localhost:" + port, nil
		}
		return web.DefaultBaseURL, nil
	}
	u, err := web.CheckBaseURL(c.BaseURL)
	if err != nil {
		return "", usageError{"--base-url " + err.Error()}
	}
	return u, nil
}

// apiRates parses APIRate and APITokenRate.
func (c *Config) apiRates() (anonymous, token web.Rate, err error) {
	if anonymous, err = web.ParseRate(c.APIRate); err != nil {
		return anonymous, token, usageError{"--api-rate: " + err.Error()}
	}
	if token, err = web.ParseRate(c.APITokenRate); err != nil {
		return anonymous, token, usageError{"--api-token-rate: " + err.Error()}
	}
	return anonymous, token, nil
}

// trustedProxies parses TrustedProxies: "10.0.0.0/8, 192.0.2.7, ::1".
func (c *Config) trustedProxies() ([]netip.Prefix, error) {
	var list []netip.Prefix
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return nil, usageError{fmt.Sprintf("--trusted-proxies: %q is neither a CIDR (10.0.0.0/8) nor an address", f)}
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		list = append(list, p.Masked())
	}
	return list, nil
}

// requestTimeout parses RequestTimeout.
func (c *Config) requestTimeout() (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(c.RequestTimeout))
	if err != nil || d <= 0 {
		return 0, usageError{fmt.Sprintf("--request-timeout %q: write a duration such as 55s or 2m", c.RequestTimeout)}
	}
	return d, nil
}

// memoryLimit parses MemoryLimit: bytes, or -1 for "off" (no limit set).
func (c *Config) memoryLimit() (int64, error) {
	v := strings.TrimSpace(c.MemoryLimit)
	if strings.EqualFold(v, "off") || v == "0" {
		return -1, nil
	}
	for _, u := range []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}} {
		if num, ok := strings.CutSuffix(v, u.suffix); ok {
			n, err := strconv.ParseInt(num, 10, 64)
			if err == nil && n > 0 && n < 1<<(62-u.shift) {
				return n << u.shift, nil
			}
			break
		}
	}
	return 0, usageError{fmt.Sprintf("--memory-limit %q: write it as GOMEMLIMIT is (350MiB, 1GiB, or a number of bytes followed by B), or off", c.MemoryLimit)}
}

// DSN is the database to open.
func (c *Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "bitacora.db")
}

func (c *Config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, usageError{fmt.Sprintf("--log-level %q: use debug, info, warn or error", c.LogLevel)}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.LogFormat) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError{fmt.Sprintf("--log-format %q: use text or json", c.LogFormat)}
}

// newFlagSet returns a flag set that prints its usage to e.stdout on
// --help and reports errors as usage errors.
func newFlagSet(e *env, name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: bitacora %s %s\n\n%s\n\nFlags:\n", name, synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags wherever they stand among the positional
// arguments ("parse FILE --format md" as well as "parse --format md FILE")
// and returns the positional ones. errHelp means --help was asked and
// answered.
func parseFlags(e *env, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(e.stdout)
				fs.Usage()
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

var errHelp = errors.New("help shown")
