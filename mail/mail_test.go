package mail

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// A failure's text never keeps a link: it is stored in the outbox and
// logged, and staff must never see a one-time link.
func TestScrubRemovesLinks(t *testing.T) {
	got := scrub("550 rejected: body had https://site.example/es/password/set?token=pw_abc and pw_xyz")
	if strings.Contains(got, "token") || strings.Contains(got, "pw_") || strings.Contains(got, "https") {
		t.Errorf("scrub left a link: %q", got)
	}
}

// The Message-ID is stable: the same key and host give the same one.
func TestMessageIDStable(t *testing.T) {
	a, b := MessageID("invitation|user:1|user:1|created|", "site.example"), MessageID("invitation|user:1|user:1|created|", "site.example")
	if a != b || !strings.HasSuffix(a, "@site.example") || a == MessageID("invitation|user:2|user:2|created|", "site.example") {
		t.Errorf("Message-IDs %q, %q", a, b)
	}
}

func TestSMTPCheck(t *testing.T) {
	for _, c := range []SMTP{{Host: "h", TLS: "sometimes", From: "a@b.org"}, {Host: "h"}, {Host: "h", From: "a@b.org", User: "u"}} {
		if c.Check() == nil {
			t.Errorf("%+v passes the check", c)
		}
	}
	if (SMTP{}).Check() != nil || (SMTP{Host: "h", From: "Bitácora <a@b.org>", TLS: "tls"}).Address() != "h:465" {
		t.Error("a valid configuration is refused, or the TLS port is wrong")
	}
}

func TestWeeklyOnMondays(t *testing.T) {
	next := weekly{}.Next(time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC)) // a Monday, at the hour
	if next != time.Date(2026, 1, 12, 7, 0, 0, 0, time.UTC) {
		t.Errorf("next digest %v", next)
	}
}

// River's chatter (job counts every few seconds, at info) stays out of the
// server's log at its default level; its warnings and errors come through.
func TestRiverLogsWarningsOnly(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(warnOnly{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})}).With("part", "river")
	log.Info("producer: Producer job counts")
	log.Warn("job failed", "attempt", 2)
	if out := buf.String(); strings.Contains(out, "job counts") || !strings.Contains(out, "job failed") || !strings.Contains(out, "part=river") {
		t.Errorf("log = %q", out)
	}
}
