package bitacora

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeZone is where a programme's deadlines fall unless its
// settings say otherwise: eLAC's secretariat (ECLAC) is in Santiago.
const DefaultTimeZone = "America/Santiago"

// DefaultReminderDays are the days before a deadline on which the focal
// points of an activity without a submitted report are reminded.
var DefaultReminderDays = []int{14, 3}

// OverdueWindow is how many days after a deadline a report still missing
// is worth one reminder: a programme's old periods, long closed, send
// none.
const OverdueWindow = 30

// OffsetOverdue is the reminder sent once a deadline has passed.
const OffsetOverdue = "overdue"

// Today is the date (YYYY-MM-DD) it is at now in the programme's time
// zone: what deadlines are judged against.
func Today(now time.Time, loc *time.Location) string { return now.In(loc).Format("2006-01-02") }

// daysBetween is the number of whole days from today to the deadline day,
// both YYYY-MM-DD: 0 on the day itself, negative once it has passed.
func daysBetween(deadline, today string) (int, error) {
	d, err := time.Parse("2006-01-02", deadline)
	if err != nil {
		return 0, fmt.Errorf("deadline %q: %w", deadline, err)
	}
	t, err := time.Parse("2006-01-02", today)
	if err != nil {
		return 0, fmt.Errorf("day %q: %w", today, err)
	}
	return int(d.Sub(t).Hours() / 24), nil
}

// ReminderOffset says which reminder is due today for a report due on
// deadline, given the reminder days (say 14 and 3): the nearest reminder
// day not yet passed — so that a reminder missed while the server was
// down is sent late rather than never, and the earlier one is skipped
// once a later one applies — or OffsetOverdue within OverdueWindow days
// after the deadline. ok is false when none is due.
func ReminderOffset(deadline, today string, days []int) (offset string, ok bool, err error) {
	left, err := daysBetween(deadline, today)
	if err != nil {
		return "", false, err
	}
	if left < 0 {
		return OffsetOverdue, -left <= OverdueWindow, nil
	}
	best := -1
	for _, d := range days {
		if left <= d && (best < 0 || d < best) {
			best = d
		}
	}
	if best < 0 {
		return "", false, nil
	}
	return strconv.Itoa(best), true, nil
}

// ParseReminderDays reads reminder days as a person writes them: "14, 3".
// The days are whole, from 0 to 365, each once; the list is kept from the
// farthest to the nearest.
func ParseReminderDays(s string) ([]int, error) {
	var days []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		d, err := strconv.Atoi(f)
		if err != nil || d < 0 || d > 365 {
			return nil, Errorf(EINVALID, "reminder days: %q is not a number of days from 0 to 365", f).WithKey("field_reminder_days_invalid", "Value", f)
		}
		if !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	slices.SortFunc(days, func(a, b int) int { return b - a })
	return days, nil
}

// FormatReminderDays writes reminder days as ParseReminderDays reads them.
func FormatReminderDays(days []int) string {
	s := make([]string, len(days))
	for i, d := range days {
		s[i] = strconv.Itoa(d)
	}
	return strings.Join(s, ", ")
}

// LoadTimeZone returns the time zone a programme's settings name (an IANA
// name such as America/Santiago), the default when it names none.
func LoadTimeZone(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, Errorf(EINVALID, "time zone %q is not an IANA time zone name such as America/Santiago", name).WithKey("field_time_zone_invalid", "Value", name)
	}
	return loc, nil
}

// ReportDue is a report the follow-up expects: an activity, a period, the
// deadline that holds for it (the period's, or the one the secretariat
// extended it to) and how far it got.
type ReportDue struct {
	Key      ReportKey
	Deadline string // YYYY-MM-DD, in the programme's time zone
	Extended bool   // the secretariat moved this report's deadline
	// State is the report's state, "" when none was written; Accepted is
	// true when a version of it was ever accepted.
	State    ReviewState
	Accepted bool
	// Responsible are the parties that report on the activity.
	Responsible []string
}

// Submitted reports whether the report is in the Bureau's hands or done:
// submitted, or accepted once (a new draft after an acceptance leaves the
// period reported).
func (r ReportDue) Submitted() bool {
	return r.Accepted || r.State == StateSubmitted || r.State == StateAccepted
}

// Recipient is a person a message goes to.
type Recipient struct {
	UserID int64
	Name   string
	Email  string
	Lang   string
}

// Reminder is one reminder due: to the focal points of the parties
// responsible for a report not submitted.
type Reminder struct {
	Report     ReportDue
	Offset     string // days before the deadline, or OffsetOverdue
	Recipients []Recipient
}

// ReminderKey is the idempotency key of a reminder to one person: the
// schedule and the command, or several instances, that find the same
// reminder due make one message.
func ReminderKey(userID int64, k ReportKey, offset string) string {
	return fmt.Sprintf("reminder|user:%d|%s|%s|%s|%s", userID, k.Programme, k.Activity, k.Period, offset)
}

// DueReports is what reminders are computed from: every report a
// programme's plan expects (one per current activity and period), with the
// focal points, today, of the parties responsible.
type DueReports struct {
	Programme string
	TimeZone  *time.Location
	// Today is the day the reports were judged on, in TimeZone
	// (YYYY-MM-DD): the focal points are those of that day.
	Today       string
	Days        []int
	Reports     []ReportDue
	FocalPoints map[string][]Recipient // by party id
}

// Reminders returns the reminders due on day today (YYYY-MM-DD, in the
// programme's time zone): one per report not submitted whose deadline is
// a reminder day away (see ReminderOffset), to every focal point of its
// responsible parties, each person once.
func (d DueReports) Reminders(today string) ([]Reminder, error) {
	var out []Reminder
	for _, r := range d.Reports {
		if r.Submitted() {
			continue
		}
		offset, ok, err := ReminderOffset(r.Deadline, today, d.Days)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		rem := Reminder{Report: r, Offset: offset}
		seen := map[int64]bool{}
		for _, party := range r.Responsible {
			for _, p := range d.FocalPoints[party] {
				if !seen[p.UserID] {
					seen[p.UserID] = true
					rem.Recipients = append(rem.Recipients, p)
				}
			}
		}
		out = append(out, rem)
	}
	return out, nil
}

// ReminderStore is the persistence reminders need.
type ReminderStore interface {
	// DueReports reads what Reminders needs of a programme, as at now:
	// on the day it is in the programme's time zone.
	DueReports(ctx context.Context, slug string, now time.Time) (*DueReports, error)
	// ProgrammeSlugs lists the programmes.
	ProgrammeSlugs(ctx context.Context) ([]string, error)
	// ExtendDeadline moves one report's deadline (deadline "" restores the
	// period's), recorded in the change record.
	ExtendDeadline(ctx context.Context, k ReportKey, deadline string) error
	// QueueReminders queues the reminders found due on day today, each
	// once whoever asks, and returns how many it queued.
	QueueReminders(ctx context.Context, today string, list []Reminder) (int, error)
}

// Reminders are the follow-up's reminders and deadlines.
type Reminders struct{ store ReminderStore }

// NewReminders returns the reminders service over s.
func NewReminders(s ReminderStore) *Reminders { return &Reminders{store: s} }

// Due returns the reminders due at now in every programme (slug "") or in
// one, each programme judged on its own day (its time zone).
func (s *Reminders) Due(ctx context.Context, slug string, now time.Time) ([]Reminder, error) {
	if err := decide(ctx, "Reminders.Due", PrincipalFrom(ctx).CanRemind(), errMayNot); err != nil {
		return nil, err
	}
	return s.due(ctx, slug, now)
}

// Send queues the reminders due at now (see Due) to be sent, each once
// however often it is asked (the schedule inside serve asks every hour;
// `bitacora remind` on demand), and returns them and how many messages it
// queued now.
func (s *Reminders) Send(ctx context.Context, slug string, now time.Time) ([]Reminder, int, error) {
	if err := decide(ctx, "Reminders.Send", PrincipalFrom(ctx).CanRemind(), errMayNot); err != nil {
		return nil, 0, err
	}
	list, err := s.due(ctx, slug, now)
	if err != nil {
		return nil, 0, err
	}
	n, err := s.store.QueueReminders(ctx, Today(now, time.UTC), list)
	return list, n, err
}

func (s *Reminders) due(ctx context.Context, slug string, now time.Time) ([]Reminder, error) {
	slugs := []string{slug}
	if slug == "" {
		var err error
		if slugs, err = s.store.ProgrammeSlugs(ctx); err != nil {
			return nil, err
		}
	}
	var out []Reminder
	for _, slug := range slugs {
		d, err := s.store.DueReports(ctx, slug, now)
		if err != nil {
			return nil, err
		}
		list, err := d.Reminders(d.Today)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// ExtendDeadline moves one report's deadline to a later day than its
// period's (YYYY-MM-DD), or back to the period's with deadline "".
func (s *Reminders) ExtendDeadline(ctx context.Context, k ReportKey, deadline string) error {
	if err := decide(ctx, "Reminders.ExtendDeadline", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	if deadline != "" {
		if _, err := time.Parse("2006-01-02", deadline); err != nil {
			return &InvalidFields{Fields: FieldErrors{"deadline": "field_date_invalid"}}
		}
	}
	return s.store.ExtendDeadline(ctx, k, deadline)
}

// Deadlines say when a programme's reports are due: its periods'
// deadlines, moved for some reports by the secretariat, each at the end
// of its day in the programme's time zone.
type Deadlines struct {
	TimeZone *time.Location
	Extended map[ReportKey]string // YYYY-MM-DD
}

// Deadline is the day the report k of period p is due by.
func (d *Deadlines) Deadline(k ReportKey, p Period) string {
	if d != nil {
		if day, ok := d.Extended[k]; ok {
			return day
		}
	}
	return p.Deadline
}

// Due is the moment the report k of period p falls due (see Due).
func (d *Deadlines) Due(k ReportKey, p Period) time.Time {
	var loc *time.Location
	if d != nil {
		loc = d.TimeZone
	}
	return Due(Period{Deadline: d.Deadline(k, p)}, loc)
}
