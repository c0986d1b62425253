// Package mail sends the outbox's messages (store/outbox.go) through SMTP,
// with github.com/wneessen/go-mail, from River jobs: it renders each
// message at send time in its recipient's language (text and HTML), makes
// the one-time links it carries, and records the outcome in the outbox.
// Start runs the job engine for `serve`: the mail workers, and the
// periodic jobs (the weekly digest, and any the caller adds).
package mail

import (
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
)

// SMTP is how to reach the mail server. An empty Host turns sending off:
// messages then wait in the outbox.
type SMTP struct {
	Host     string
	Port     int    // default: 587, or 465 with TLS "tls", or 25 with "none"
	User     string // empty: no authentication
	Password string
	TLS      string // "starttls" (the default), "tls" (implicit TLS) or "none"
	From     string // the sender, e.g. "Bitácora <bitacora@example.org>"
}

// Enabled reports whether mail is sent.
func (c SMTP) Enabled() bool { return c.Host != "" }

// Check validates the configuration; without a host there is nothing to
// check.
func (c SMTP) Check() error {
	if !c.Enabled() {
		return nil
	}
	switch c.TLS {
	case "", "starttls", "tls", "none":
	default:
		return fmt.Errorf("--smtp-tls %q: use none, starttls or tls", c.TLS)
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("--smtp-port %d is not a port", c.Port)
	}
	if strings.TrimSpace(c.From) == "" {
		return fmt.Errorf("--mail-from is needed with --smtp-host: the address messages come from")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("--mail-from %q is not an address: %v", c.From, err)
	}
	if (c.User == "") != (c.Password == "") {
		return fmt.Errorf("--smtp-user and --smtp-password go together")
	}
	return nil
}

// Address is the server's host:port.
func (c SMTP) Address() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.port())) }

func (c SMTP) port() int {
	switch {
	case c.Port != 0:
		return c.Port
	case c.TLS == "tls":
		return 465
	case c.TLS == "none":
		return 25
	}
	return 587
}
