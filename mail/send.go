package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/riverqueue/river"
	gomail "github.com/wneessen/go-mail"
)

// sender hands messages to the SMTP server.
type sender struct {
	smtp SMTP
	host string // the site's host, the right-hand side of Message-IDs
}

// MessageID is a message's stable Message-ID (without the angle
// brackets): derived from its idempotency key and the site's host, so that
// a message sent again after a crash carries the same one.
func MessageID(key, host string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16]) + "@" + host
}

func (s *sender) send(ctx context.Context, to *bitacora.User, messageID string, r Rendered) error {
	m := gomail.NewMsg()
	if err := m.From(s.smtp.From); err != nil {
		return fmt.Errorf("sender %q: %w", s.smtp.From, err)
	}
	if err := m.AddToFormat(to.Name, to.Email); err != nil {
		return fmt.Errorf("recipient: %w", err)
	}
	m.Subject(r.Subject)
	m.SetMessageIDWithValue(messageID)
	m.SetDate()
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, r.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	opts := []gomail.Option{gomail.WithPort(s.smtp.port()), gomail.WithTimeout(30 * time.Second)}
	switch s.smtp.TLS {
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.smtp.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.smtp.User), gomail.WithPassword(s.smtp.Password))
	}
	c, err := gomail.NewClient(s.smtp.Host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, m)
}

// sendWorker sends one outbox message (store.SendMail).
type sendWorker struct {
	river.WorkerDefaults[store.SendMail]
	db     *store.DB
	render *renderer
	sender *sender
	log    *slog.Logger
}

// errGone ends a job that has nothing left to do: River does not retry it.
var errGone = errors.New("mail: nothing to send")

func (w *sendWorker) Work(ctx context.Context, job *river.Job[store.SendMail]) error {
	m, err := w.db.OutboxMessage(ctx, job.Args.OutboxID)
	if bitacora.ErrorCode(err) == bitacora.ENOTFOUND {
		return river.JobCancel(errGone)
	}
	if err != nil {
		return err
	}
	if m.State == store.OutboxSent || m.State == store.OutboxDigested {
		return nil // sent already (a job run twice)
	}
	final := job.Attempt >= job.MaxAttempts
	fail := func(err error, final bool) error {
		text := scrub(err.Error())
		if rerr := w.db.MessageFailed(ctx, m.ID, text, final); rerr != nil {
			return rerr
		}
		w.log.Warn("mail not sent", "outbox", m.ID, "kind", m.Kind, "user", m.UserID, "attempt", job.Attempt, "final", final, "err", text)
		if final {
			return river.JobCancel(errors.New(text))
		}
		return errors.New(text)
	}
	switch {
	case m.User.Disabled:
		return fail(errors.New("not sent: the account is disabled"), true)
	case m.Kind == store.KindInvitation && m.User.HasPassword:
		return fail(errors.New("not sent: the password was set meanwhile"), true)
	}
	var items []store.Message
	if len(m.Refs.Items) > 0 { // a digest, or a summary of reminders
		if items, err = w.db.OutboxMessages(ctx, m.Refs.Items); err != nil {
			return err
		}
	}
	token := ""
	if k := kinds[m.Kind]; k.password {
		// Made now, for this message only: never stored, never logged.
		if token, err = w.db.MintPasswordLink(ctx, m.UserID); err != nil {
			return err
		}
	}
	r, ok := w.render.render(m, token, items)
	if !ok {
		return fail(fmt.Errorf("no template for messages of kind %q", m.Kind), true)
	}
	id := MessageID(m.Key, w.sender.host)
	if err := w.sender.send(ctx, m.User, id, r); err != nil {
		return fail(err, final)
	}
	// A crash here sends the message again at the next attempt, with the
	// same Message-ID: at least once.
	if err := w.db.MessageSent(ctx, m.ID, id); err != nil {
		return err
	}
	w.log.Info("mail sent", "outbox", m.ID, "kind", m.Kind, "user", m.UserID)
	return nil
}

var linkRE = regexp.MustCompile(`(?i)(https?://|pw_)\S*`)

// scrub removes anything like a link from an error before it is stored
// or logged: a server that echoes a message's text must not leak a
// one-time link into the outbox view.
func scrub(s string) string { return linkRE.ReplaceAllString(s, "[link]") }

func siteHost(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return u.Hostname()
}
