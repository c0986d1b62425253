package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/elac/bitacora"
	"github.com/riverqueue/river"
)

// Mail is never lost: a change that tells someone something writes, in its
// own transaction, a row in the outbox and a River job that will send it
// (writer.tell). Whether River runs in this process or not (the command
// line does not run it), the job is in the database, and any `serve` with
// mail configured sends it: package mail's worker renders the message at
// send time in the recipient's language and records the outcome here.

// The kinds of message. Invitations and password links are sent whatever
// the recipient's preferences; the others follow them (MailKinds).
const (
	KindInvitation      = "invitation"
	KindPasswordReset   = "password_reset"
	KindReportSubmitted = "report_submitted" // to the Bureau
	KindReportToCo      = "report_submitted_co"
	KindReportReturned  = "report_returned"
	KindReportAccepted  = "report_accepted"
	KindRevisionDraft   = "revision_draft"    // to the Bureau, when a draft is sent to it
	KindRevisionReturn  = "revision_returned" // to the drafters, when the Bureau sends it back
	KindVersionApproved = "version_approved"
	KindDigest          = "digest"           // the weekly digest of held messages
	KindReminder        = "reminder"         // a deadline a few days away
	KindReminderOverdue = "reminder_overdue" // a deadline passed
	KindReminderSummary = "reminder_summary" // to the secretariat: who was reminded
)

// MailKinds are the kinds a user may turn off or gather into a weekly
// digest, in the order the preferences page shows them.
var MailKinds = []string{KindReminder, KindReminderOverdue, KindReportSubmitted, KindReportToCo, KindReportReturned, KindReportAccepted,
	KindRevisionDraft, KindRevisionReturn, KindVersionApproved, KindReminderSummary}

// The outbox states.
const (
	OutboxWaiting  = "waiting"
	OutboxSent     = "sent"
	OutboxFailed   = "failed"
	OutboxHeld     = "held"     // for the recipient's weekly digest
	OutboxDigested = "digested" // sent within a digest
)

// Preference modes.
const (
	MailEach   = "each"
	MailOff    = "off"
	MailDigest = "digest"
)

// Refs are what a message is about: the references its text and links are
// made from at send time. Never a link, never a secret.
type Refs struct {
	Programme string  `json:"programme,omitempty"`
	Activity  string  `json:"activity,omitempty"`
	Period    string  `json:"period,omitempty"`
	Party     string  `json:"party,omitempty"`
	Version   int     `json:"version,omitempty"` // a report's version, or a programme's
	Revision  int64   `json:"revision,omitempty"`
	Title     string  `json:"title,omitempty"`
	Comment   string  `json:"comment,omitempty"`
	Items     []int64 `json:"items,omitempty"` // a digest's messages, or a summary's
	Deadline  string  `json:"deadline,omitempty"`
	Days      int     `json:"days,omitempty"` // a reminder's days before the deadline
}

// MessageKey is the idempotency key of a message: the one place it is
// built. subject names what the message is about ("report:eLAC2020/1.1@v3"),
// period the reporting period or the time bucket, offset a reminder's
// offset ("-14d"); "" where they do not apply.
func MessageKey(kind string, userID int64, subject, period, offset string) string {
	return strings.Join([]string{kind, "user:" + strconv.FormatInt(userID, 10), subject, period, offset}, "|")
}

// SendMail is the River job that sends one outbox message.
type SendMail struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind is the job's kind in River's tables.
func (SendMail) Kind() string { return "bitacora.send_mail" }

// MailQueue is the River queue of SendMail jobs: only an instance with
// SMTP configured works it, so that without SMTP the jobs wait.
const MailQueue = "mail"

// InsertOpts puts the job on the mail queue. River's default of 25
// attempts with its growing back-off spans about three weeks.
func (SendMail) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: MailQueue} }

// Message is one message to one user, as the outbox keeps it.
type Message struct {
	ID      int64
	Key     string
	Kind    string
	UserID  int64
	Refs    Refs
	State   string
	Created time.Time
	// Filled by Outbox and OutboxMessage.
	Attempts  int
	LastError string
	MessageID string
	SentAt    *time.Time
	User      *bitacora.User
}

// tell queues a message of kind about refs for each of users, keyed by
// MessageKey(kind, user, subject, period, offset), in the writer's
// transaction: if the change rolls back, nobody is told. A key already in
// the outbox queues nothing (another instance, or an earlier run, did).
// The recipient's preference for the kind decides: off queues nothing,
// digest holds it for the weekly digest.
func (w *writer) tell(kind string, users []int64, refs Refs, subject, period, offset string) {
	seen := map[int64]bool{}
	for _, u := range users {
		if w.err != nil {
			return
		}
		if seen[u] {
			continue
		}
		seen[u] = true
		mode := MailEach
		if kind != KindInvitation && kind != KindPasswordReset && kind != KindDigest {
			mode = w.preference(u, kind)
		}
		if mode == MailOff {
			continue
		}
		state := OutboxWaiting
		if mode == MailDigest {
			state = OutboxHeld
		}
		w.enqueue(kind, u, refs, MessageKey(kind, u, subject, period, offset), state)
	}
}

// enqueue inserts an outbox row and, for a message to send now, its job.
// It returns the row's id, or 0 when the key was there already.
func (w *writer) enqueue(kind string, userID int64, refs Refs, key, state string) int64 {
	if w.err != nil {
		return 0
	}
	js, err := json.Marshal(refs)
	if err != nil {
		w.err = err
		return 0
	}
	var id int64
	err = w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(`INSERT INTO outbox (idempotency_key, kind, user_id, subject_json, state, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`), key, kind, userID, string(js), state, w.s.now()).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0 // queued already
	case err != nil:
		w.err = fmt.Errorf("store: outbox %s: %w", key, err)
		return 0
	}
	if state == OutboxWaiting {
		if _, err := w.s.jobs.InsertTx(w.ctx, w.tx, SendMail{OutboxID: id}, nil); err != nil {
			w.err = fmt.Errorf("store: queue message %d: %w", id, err)
		}
	}
	return id
}

func (w *writer) preference(userID int64, kind string) string {
	mode := MailEach
	if w.err != nil {
		return mode
	}
	err := w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(`SELECT mode FROM mail_preferences WHERE user_id = ? AND kind = ?`), userID, kind).Scan(&mode)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		w.err = err
	}
	return mode
}

// ids runs a query of user ids in the writer's transaction.
func (w *writer) ids(query string, args ...any) []int64 {
	var list []int64
	if w.err != nil {
		return nil
	}
	r := reader{s: w.s, q: w.tx, ctx: w.ctx}
	r.each(query, args, func(sc scanner) error {
		var id int64
		err := sc.Scan(&id)
		list = append(list, id)
		return err
	})
	w.err = r.err
	return list
}

// staff returns the enabled users with a role.
func (w *writer) staff(role bitacora.UserRole) []int64 {
	return w.ids(`SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.role = ? AND u.disabled_at IS NULL ORDER BY u.id`, string(role))
}

// focalPoints returns the enabled users who are, today, focal points of
// the activity's parties in the role given ("" for every role).
func (w *writer) focalPoints(activityID int64, role bitacora.Role) []int64 {
	today := w.s.now().Format("2006-01-02")
	return w.ids(`SELECT DISTINCT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		JOIN activity_parties ap ON ap.party_id = m.party_id
		WHERE ap.activity_id = ? AND (ap.role = ? OR ? = '') AND u.disabled_at IS NULL
		AND m.starts_on <= ? AND (m.ends_on IS NULL OR m.ends_on >= ?) ORDER BY m.user_id`,
		activityID, string(role), string(role), today, today)
}

// programmeFocalPoints returns the enabled users who are, today, focal
// points of a party the programme names.
func (w *writer) programmeFocalPoints() []int64 {
	today := w.s.now().Format("2006-01-02")
	return w.ids(`SELECT DISTINCT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		JOIN programme_parties pp ON pp.party_id = m.party_id
		WHERE pp.programme_id = ? AND u.disabled_at IS NULL
		AND m.starts_on <= ? AND (m.ends_on IS NULL OR m.ends_on >= ?) ORDER BY m.user_id`,
		w.programme, today, today)
}

// reportEvents tells who should know of a change to a report (see
// README "Mail"): the Bureau and the co-responsible parties of a
// submission, the responsible party of a review.
func (w *writer) reportEvents(action string, row *reportRow, rep *bitacora.Report) {
	refs := Refs{Programme: rep.Programme, Activity: rep.Activity, Period: rep.Period, Version: rep.Version}
	subject := fmt.Sprintf("report:%s/%s@v%d", rep.Programme, rep.Activity, rep.Version)
	switch {
	case action == bitacora.ActionReportSubmit:
		w.tell(KindReportSubmitted, w.staff(bitacora.RoleBureau), refs, subject, rep.Period, "")
		w.tell(KindReportToCo, w.focalPoints(row.activityID, bitacora.RoleCoResponsible), refs, subject, rep.Period, "")
	case action == bitacora.ActionReportReview && rep.State == bitacora.StateReturned:
		refs.Comment = rep.ReviewComment
		w.tell(KindReportReturned, w.focalPoints(row.activityID, bitacora.RoleResponsible), refs, subject, rep.Period, "")
	case action == bitacora.ActionReportReview && rep.State == bitacora.StateAccepted:
		w.tell(KindReportAccepted, w.focalPoints(row.activityID, bitacora.RoleResponsible), refs, subject, rep.Period, "")
	}
}

// passwordMessage queues an invitation or a password link for a user.
// The link itself is made when the message is sent (MintPasswordLink):
// it is never stored in the outbox. request tells one request from
// another: a new request is a new message, the same one is not.
func (w *writer) passwordMessage(kind string, userID int64, request string) {
	w.tell(kind, []int64{userID}, Refs{}, userSubject(userID), request, "")
}

// MintPasswordLink makes a fresh one-time link for the user, for a message
// being sent: earlier links stop working. Its token is for the message
// only: never stored, never logged.
func (s *DB) MintPasswordLink(ctx context.Context, userID int64) (string, error) {
	var token string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: bitacora.WithActor(ctx, bitacora.Actor{Name: "mail"})}
		token = w.passwordLink(userID)
		w.audit(bitacora.ActionUserPasswordLink, userSubject(userID), nil, map[string]any{"by": "mail"})
		return w.err
	})
	return token, err
}

// RequestPasswordReset queues a password link for the user with that
// e-mail, if there is one and it is enabled, and says nothing either way:
// the forgot-password page must not tell whether an address exists. One
// message per recipient per hour at most, whatever the requests: the key's
// period is the hour.
func (s *DB) RequestPasswordReset(ctx context.Context, email string) error {
	email, _ = bitacora.NormaliseEmail(email)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT id FROM users WHERE email = ? AND disabled_at IS NULL`), email).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		w := writer{s: s, tx: tx, ctx: ctx}
		w.passwordMessage(KindPasswordReset, id, "forgot@"+s.now().Format("2006-01-02T15"))
		return w.err
	})
}

// SendPasswordLink queues a fresh password link for a user (an invitation
// if they never set a password): an admin's "send a new link".
func (s *DB) SendPasswordLink(ctx context.Context, userID int64) error {
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		kind := KindPasswordReset
		if !u.HasPassword {
			kind = KindInvitation
		}
		w.passwordMessage(kind, userID, "admin@"+strconv.FormatInt(s.now().UnixNano(), 36))
		w.audit(bitacora.ActionUserPasswordLink, userSubject(userID), nil, map[string]any{"by": "mail"})
		return w.err
	})
}

const outboxColumns = `o.id, o.idempotency_key, o.kind, o.user_id, o.subject_json, o.state, o.attempts, o.last_error, o.message_id, o.created_at, o.sent_at`

func scanMessage(sc scanner) (Message, error) {
	var m Message
	var refs string
	var sent sql.NullTime
	err := sc.Scan(&m.ID, &m.Key, &m.Kind, &m.UserID, &refs, &m.State, &m.Attempts, &m.LastError, &m.MessageID, &m.Created, &sent)
	if err != nil {
		return m, err
	}
	if sent.Valid {
		m.SentAt = &sent.Time
	}
	return m, json.Unmarshal([]byte(refs), &m.Refs)
}

// OutboxMessage returns one message with its recipient.
func (s *DB) OutboxMessage(ctx context.Context, id int64) (*Message, error) {
	m, err := scanMessage(s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+outboxColumns+` FROM outbox o WHERE o.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no message %d in the outbox", id).WithKey("error_no_message", "Message", id)
	}
	if err != nil {
		return nil, err
	}
	if m.User, err = s.User(ctx, m.UserID); err != nil {
		return nil, err
	}
	return &m, nil
}

// OutboxMessages returns messages by id, in that order (a digest's items).
func (s *DB) OutboxMessages(ctx context.Context, ids []int64) ([]Message, error) {
	var list []Message
	for _, id := range ids {
		m, err := s.OutboxMessage(ctx, id)
		if err != nil {
			return nil, err
		}
		list = append(list, *m)
	}
	return list, nil
}

// Outbox lists the latest messages, newest first, with their recipients'
// names: what the staff see. No message text is stored, so none is shown.
func (s *DB) Outbox(ctx context.Context, limit int) ([]Message, error) {
	list := []Message{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT `+outboxColumns+`, u.name, u.email FROM outbox o JOIN users u ON u.id = o.user_id ORDER BY o.created_at DESC, o.id DESC LIMIT ?`,
		[]any{limit}, func(sc scanner) error {
			var m Message
			var refs, name, email string
			var sent sql.NullTime
			err := sc.Scan(&m.ID, &m.Key, &m.Kind, &m.UserID, &refs, &m.State, &m.Attempts, &m.LastError, &m.MessageID, &m.Created, &sent, &name, &email)
			if sent.Valid {
				m.SentAt = &sent.Time
			}
			m.User = &bitacora.User{ID: m.UserID, Name: name, Email: email}
			list = append(list, m)
			if err != nil {
				return err
			}
			return json.Unmarshal([]byte(refs), &list[len(list)-1].Refs)
		})
	return list, r.err
}

// MessageSent records that a message was handed to the mail server. A
// digest's items are recorded as digested.
func (s *DB) MessageSent(ctx context.Context, id int64, messageID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		w.exec(`UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = '', message_id = ?, sent_at = ? WHERE id = ?`,
			OutboxSent, messageID, s.now(), id)
		w.exec(`UPDATE outbox SET state = ?, sent_at = ? WHERE digest_id = ?`, OutboxDigested, s.now(), id)
		return w.err
	})
}

// MessageFailed records a failed attempt; final marks the message failed
// for good (River gives up on it), else it waits for the next attempt.
// The error must hold no link (package mail sees to it).
func (s *DB) MessageFailed(ctx context.Context, id int64, errText string, final bool) error {
	state := OutboxWaiting
	if final {
		state = OutboxFailed
	}
	if len(errText) > 500 {
		errText = errText[:500]
	}
	_, err := s.db.ExecContext(ctx, s.dialect.rebind(`UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND state <> ?`),
		state, errText, id, OutboxSent)
	return err
}

// MailPreferences returns a user's mode for each kind of MailKinds.
func (s *DB) MailPreferences(ctx context.Context, userID int64) (map[string]string, error) {
	prefs := map[string]string{}
	for _, k := range MailKinds {
		prefs[k] = MailEach
	}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT kind, mode FROM mail_preferences WHERE user_id = ?`, []any{userID}, func(sc scanner) error {
		var k, m string
		err := sc.Scan(&k, &m)
		if _, ok := prefs[k]; ok {
			prefs[k] = m
		}
		return err
	})
	return prefs, r.err
}

// SetMailPreferences sets a user's modes; kinds not named keep theirs.
func (s *DB) SetMailPreferences(ctx context.Context, userID int64, prefs map[string]string) error {
	fe := bitacora.FieldErrors{}
	for k, m := range prefs {
		known := false
		for _, x := range MailKinds {
			known = known || x == k
		}
		if !known || m != MailEach && m != MailOff && m != MailDigest {
			fe[k] = "field_mail_preference_invalid"
		}
	}
	if err := fe.Check(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		for _, k := range MailKinds {
			if m, ok := prefs[k]; ok {
				w.exec(`INSERT INTO mail_preferences (user_id, kind, mode) VALUES (?, ?, ?)
					ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode`, userID, k, m)
			}
		}
		return w.err
	})
}

// SendDigests gathers each user's held messages into one digest message
// per user and week (week names it, e.g. "2026-W05"), queued in the same
// transaction that marks them. It returns how many digests it queued.
func (s *DB) SendDigests(ctx context.Context, week string) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		held := map[int64][]int64{}
		var users []int64
		r := reader{s: s, q: tx, ctx: ctx}
		r.each(`SELECT id, user_id FROM outbox WHERE state = ? AND digest_id IS NULL ORDER BY user_id, id`, []any{OutboxHeld}, func(sc scanner) error {
			var id, u int64
			err := sc.Scan(&id, &u)
			if len(held[u]) == 0 {
				users = append(users, u)
			}
			held[u] = append(held[u], id)
			return err
		})
		if r.err != nil {
			return r.err
		}
		w := writer{s: s, tx: tx, ctx: ctx}
		for _, u := range users {
			id := w.enqueue(KindDigest, u, Refs{Items: held[u]}, MessageKey(KindDigest, u, "digest", week, ""), OutboxWaiting)
			if id == 0 {
				continue // this week's digest went already; the rest wait for the next
			}
			n++
			for _, item := range held[u] {
				w.exec(`UPDATE outbox SET digest_id = ? WHERE id = ?`, id, item)
			}
		}
		return w.err
	})
	return n, err
}
