package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/elac/bitacora"
)

// DueReports reads what a programme's reminders are computed from (see
// bitacora.DueReports): every current activity and period, with the
// report's state and deadline (the period's, or its extension), and the
// focal points of the parties responsible on the day it is at now in the
// programme's time zone. A few queries, whatever the size of the programme.
func (s *DB) DueReports(ctx context.Context, slug string, now time.Time) (*bitacora.DueReports, error) {
	d := &bitacora.DueReports{Programme: slug, FocalPoints: map[string][]bitacora.Recipient{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		id, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		ps, err := s.settingsOf(ctx, tx, id, "")
		if err != nil {
			return err
		}
		if d.TimeZone, err = bitacora.LoadTimeZone(ps.TimeZone); err != nil {
			return err
		}
		d.Days = ps.ReminderDays
		d.Today = bitacora.Today(now, d.TimeZone)
		today := d.Today
		periods, err := s.periods(ctx, tx, id)
		if err != nil {
			return err
		}
		type activity struct {
			id          int64
			code        string
			responsible []string
		}
		var acts []*activity
		byID := map[int64]*activity{}
		r := reader{s: s, q: tx, ctx: ctx}
		r.each(`SELECT id, code FROM activities WHERE programme_id = ? AND retired = 0 ORDER BY position, id`, []any{id}, func(sc scanner) error {
			a := &activity{}
			err := sc.Scan(&a.id, &a.code)
			acts = append(acts, a)
			byID[a.id] = a
			return err
		})
		r.each(`SELECT ap.activity_id, ap.party_id FROM activity_parties ap JOIN activities a ON a.id = ap.activity_id
			WHERE a.programme_id = ? AND ap.role = 'responsible' ORDER BY ap.activity_id, ap.position`, []any{id}, func(sc scanner) error {
			var aid int64
			var party string
			if err := sc.Scan(&aid, &party); err != nil {
				return err
			}
			if a := byID[aid]; a != nil {
				a.responsible = append(a.responsible, party)
			}
			return nil
		})
		type rkey struct {
			activity int64
			period   string
		}
		type state struct {
			state    bitacora.ReviewState
			accepted bool
		}
		states := map[rkey]state{}
		r.each(`SELECT activity_id, period_key, state, accepted_at FROM reports WHERE programme_id = ?`, []any{id}, func(sc scanner) error {
			var k rkey
			var st state
			var acceptedAt string
			err := sc.Scan(&k.activity, &k.period, &st.state, &acceptedAt)
			st.accepted = acceptedAt != ""
			states[k] = st
			return err
		})
		extended := map[rkey]string{}
		r.each(`SELECT e.activity_id, e.period_key, e.deadline FROM deadline_extensions e JOIN activities a ON a.id = e.activity_id
			WHERE a.programme_id = ?`, []any{id}, func(sc scanner) error {
			var k rkey
			var day string
			err := sc.Scan(&k.activity, &k.period, &day)
			extended[k] = day
			return err
		})
		r.each(`SELECT DISTINCT m.party_id, u.id, u.name, u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE u.disabled_at IS NULL AND m.starts_on <= ? AND (m.ends_on IS NULL OR m.ends_on >= ?)
			AND m.party_id IN (SELECT ap.party_id FROM activity_parties ap JOIN activities a ON a.id = ap.activity_id WHERE a.programme_id = ? AND ap.role = 'responsible')
			ORDER BY m.party_id, u.id`, []any{today, today, id}, func(sc scanner) error {
			var party string
			var p bitacora.Recipient
			if err := sc.Scan(&party, &p.UserID, &p.Name, &p.Email, &p.Lang); err != nil {
				return err
			}
			d.FocalPoints[party] = append(d.FocalPoints[party], p)
			return nil
		})
		if r.err != nil {
			return r.err
		}
		for _, a := range acts {
			for _, p := range periods {
				k := rkey{a.id, p.Key}
				due := bitacora.ReportDue{Key: bitacora.ReportKey{Programme: slug, Activity: a.code, Period: p.Key},
					Deadline: p.Deadline, State: states[k].state, Accepted: states[k].accepted, Responsible: a.responsible}
				if day, ok := extended[k]; ok {
					due.Deadline, due.Extended = day, true
				}
				d.Reports = append(d.Reports, due)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// ProgrammeSlugs lists the programmes' slugs.
func (s *DB) ProgrammeSlugs(ctx context.Context) ([]string, error) {
	var slugs []string
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT slug FROM programmes ORDER BY slug`, nil, func(sc scanner) error {
		var slug string
		err := sc.Scan(&slug)
		slugs = append(slugs, slug)
		return err
	})
	return slugs, r.err
}

// ExtendDeadline moves one report's deadline to day deadline (YYYY-MM-DD),
// or with deadline "" back to its period's, recorded in the change record.
// The new deadline is after the period's: an extension never shortens.
func (s *DB) ExtendDeadline(ctx context.Context, k bitacora.ReportKey, deadline string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		sc, err := s.reportScope(ctx, tx, k.Programme)
		if err != nil {
			return err
		}
		row, err := sc.locate(k)
		if err != nil && !errors.Is(err, errNoActivityID) {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT id FROM activities WHERE programme_id = ? AND code = ?`), sc.programmeID, k.Activity).Scan(&row.activityID); err != nil {
			return err
		}
		if deadline != "" && deadline <= row.period.Deadline {
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"deadline": "field_deadline_not_later"}}
		}
		var before string
		err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT deadline FROM deadline_extensions WHERE activity_id = ? AND period_key = ?`+s.dialect.ForUpdate), row.activityID, k.Period).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if before == deadline {
			return nil
		}
		w := &writer{s: s, tx: tx, ctx: ctx, programme: sc.programmeID}
		w.exec(`DELETE FROM deadline_extensions WHERE activity_id = ? AND period_key = ?`, row.activityID, k.Period)
		if deadline != "" {
			w.exec(`INSERT INTO deadline_extensions (activity_id, period_key, deadline) VALUES (?, ?, ?)`, row.activityID, k.Period, deadline)
		}
		type extension struct {
			Period   string `json:"period"`
			Deadline string `json:"deadline"`
		}
		w.audit(bitacora.ActionDeadlineExtend, reportSubject(k), extension{k.Period, before}, extension{k.Period, deadline})
		// Nothing the public sees shows a report's own deadline: no
		// generation to take.
		return w.err
	})
}

// QueueReminders queues the reminders found due on day today, in one
// transaction: a message to each recipient (as each chose: at once, in the
// weekly digest, or not at all), and to each member of the secretariat a
// summary of the reminders each programme queued. A reminder queued before
// (by the schedule, the command or another instance) is not queued again:
// its key (recipient, activity, period, reminder) is in the outbox. It
// returns how many reminders it queued, and records that number per
// programme in the change record.
func (s *DB) QueueReminders(ctx context.Context, today string, list []bitacora.Reminder) (int, error) {
	if len(list) == 0 {
		return 0, nil
	}
	queued := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		queued = 0
		w := &writer{s: s, tx: tx, ctx: ctx}
		byProgramme := map[string][]int64{}
		var order []string
		for _, r := range list {
			k := r.Report.Key
			kind, days := KindReminder, 0
			if r.Offset == bitacora.OffsetOverdue {
				kind = KindReminderOverdue
			} else {
				days, _ = strconv.Atoi(r.Offset)
			}
			refs := Refs{Programme: k.Programme, Activity: k.Activity, Period: k.Period, Deadline: r.Report.Deadline, Days: days}
			for _, p := range r.Recipients {
				mode := w.preference(p.UserID, kind)
				if mode == MailOff {
					continue
				}
				state := OutboxWaiting
				if mode == MailDigest {
					state = OutboxHeld
				}
				id := w.enqueue(kind, p.UserID, refs, bitacora.ReminderKey(p.UserID, k, r.Offset), state)
				if id != 0 {
					if byProgramme[k.Programme] == nil {
						order = append(order, k.Programme)
					}
					byProgramme[k.Programme] = append(byProgramme[k.Programme], id)
					queued++
				}
			}
		}
		for _, slug := range order {
			ids := byProgramme[slug]
			// One summary per programme and run that queued something:
			// its first message tells it from another run's.
			w.tell(KindReminderSummary, w.staff(bitacora.RoleSecretariat), Refs{Programme: slug, Items: ids},
				ProgrammeSubject(slug), today, "from:"+strconv.FormatInt(ids[0], 10))
			type sent struct {
				Day       string `json:"day"`
				Reminders int    `json:"reminders"`
			}
			w.audit(bitacora.ActionRemindersSend, ProgrammeSubject(slug), nil, sent{today, len(ids)})
		}
		return w.err
	})
	return queued, err
}

// Deadlines reads when a programme's reports are due: its time zone and
// the reports whose deadline the secretariat extended.
func (s *DB) Deadlines(ctx context.Context, slug string) (*bitacora.Deadlines, error) {
	id, err := s.programmeID(ctx, s.db, slug)
	if err != nil {
		return nil, err
	}
	ps, err := s.settingsOf(ctx, s.db, id, "")
	if err != nil {
		return nil, err
	}
	d := &bitacora.Deadlines{Extended: map[bitacora.ReportKey]string{}}
	if d.TimeZone, err = bitacora.LoadTimeZone(ps.TimeZone); err != nil {
		return nil, err
	}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT a.code, e.period_key, e.deadline FROM deadline_extensions e JOIN activities a ON a.id = e.activity_id
		WHERE a.programme_id = ?`, []any{id}, func(sc scanner) error {
		k := bitacora.ReportKey{Programme: slug}
		var day string
		err := sc.Scan(&k.Activity, &k.Period, &day)
		d.Extended[k] = day
		return err
	})
	return d, r.err
}

// ReminderCount is how many reminders of one period a programme queued,
// by the state of their messages.
type ReminderCount struct {
	Period                                string
	Sent, Waiting, Failed, Held, Digested int
}

// ReminderCounts counts a programme's reminders by period (read from the
// outbox's keys, bitacora.ReminderKey), in the order of the periods' keys.
func (s *DB) ReminderCounts(ctx context.Context, slug string) ([]ReminderCount, error) {
	byPeriod := map[string]*ReminderCount{}
	var order []string
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT idempotency_key, state FROM outbox WHERE kind IN (?, ?) AND idempotency_key LIKE ?`,
		[]any{KindReminder, KindReminderOverdue, "reminder|user:%|" + slug + "|%"}, func(sc scanner) error {
			var key, state string
			if err := sc.Scan(&key, &state); err != nil {
				return err
			}
			f := strings.Split(key, "|") // reminder, user:N, slug, activity, period, offset
			if len(f) != 6 || f[2] != slug {
				return nil
			}
			c := byPeriod[f[4]]
			if c == nil {
				c = &ReminderCount{Period: f[4]}
				byPeriod[f[4]] = c
				order = append(order, f[4])
			}
			switch state {
			case OutboxSent:
				c.Sent++
			case OutboxWaiting:
				c.Waiting++
			case OutboxFailed:
				c.Failed++
			case OutboxHeld:
				c.Held++
			case OutboxDigested:
				c.Digested++
			}
			return nil
		})
	slices.Sort(order)
	out := make([]ReminderCount, len(order))
	for i, p := range order {
		out[i] = *byPeriod[p]
	}
	return out, r.err
}

// InDigest is how many wait for, or went in, their recipients' weekly
// digest.
func (c ReminderCount) InDigest() int { return c.Held + c.Digested }
