package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

const remindAbout = `Finds the reminders due: for every activity whose report for a period is
not submitted, its responsible parties' focal points are reminded on each
reminder day before the period's deadline (the programme's settings; 14 and
3 days by default) and once after it has passed (within 30 days). Deadlines
fall at the end of the day in the programme's time zone (America/Santiago by
default); a deadline the secretariat extended for one report counts instead
of the period's. serve runs the same every hour; a reminder already sent is
never sent again, whoever finds it due.

--as-of DATE (YYYY-MM-DD) judges as on that day, to preview or to test;
--dry-run prints what is due and sends nothing. One line per reminder:
programme, activity, period, deadline, reminder (days before, or overdue),
and the people it goes to.`

// runRemind finds the reminders due and prints them.
func runRemind(ctx context.Context, e *env, args []string) error {
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "remind", "[flags]", remindAbout)
	cfg.databaseFlags(fs)
	var asOf, slug string
	var dryRun bool
	fs.StringVar(&asOf, "as-of", "", "judge as on this day (YYYY-MM-DD) instead of today")
	fs.StringVar(&slug, "programme", "", "one programme's reminders (its slug) instead of every programme's")
	fs.BoolVar(&dryRun, "dry-run", false, "print what is due, send nothing")
	pos, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("remind takes no arguments, got %q", pos)}
	}
	now := time.Now()
	if asOf != "" {
		day, err := time.Parse("2006-01-02", asOf)
		if err != nil {
			return usageError{fmt.Sprintf("--as-of %q: write the day as YYYY-MM-DD", asOf)}
		}
		now = day.Add(12 * time.Hour) // midday UTC: the same day in the Americas and in Europe
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = bitacora.WithPrincipal(ctx, bitacora.Operator())
	svc := bitacora.NewReminders(db)
	var list []bitacora.Reminder
	queued := 0
	if dryRun {
		list, err = svc.Due(ctx, slug, now)
	} else {
		list, queued, err = svc.Send(ctx, slug, now)
	}
	if err != nil {
		return err
	}
	for _, r := range list {
		var to []string
		for _, p := range r.Recipients {
			to = append(to, p.Email)
		}
		if len(to) == 0 {
			to = []string{"(no focal point)"}
		}
		k := r.Report.Key
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", k.Programme, k.Activity, k.Period, r.Report.Deadline, r.Offset, strings.Join(to, ", "))
	}
	switch {
	case dryRun:
		fmt.Fprintf(e.stderr, "%d reminders due; nothing sent (--dry-run)\n", len(list))
	default:
		// Queued: a serve with mail configured sends them.
		fmt.Fprintf(e.stderr, "%d reminders due; %d messages queued (none for a reminder queued before, or for one without a focal point)\n", len(list), queued)
	}
	return nil
}
