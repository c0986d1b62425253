package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/elac/bitacora/followup"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/published"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/web"
)

const reportAbout = `Prints the follow-up report the Bureau presents: for the programme SLUG and
a period (--period 2019-H2, or the whole cycle without it), the cover, the
summary (rollup by area and party, counts by status, overdue), every
activity by area and objective with its parties, latest accepted status and
completion, narrative, contributions, evidence and linked IATI operations,
and an annex of the revisions approved in the period with their reasons.
--lang es|en|pt|fr (the programme's translations where they exist);
--format pdf (made here, fonts embedded) or html (a page of its own).`

func runReport(ctx context.Context, e *env, args []string) error {
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "report", "SLUG [--period KEY] [--lang es] [--format pdf|html] > FILE", reportAbout)
	cfg.databaseFlags(fs)
	period := fs.String("period", "", "a reporting period's key (2019-H2); none: the whole cycle")
	lang := fs.String("lang", "es", "the report's language: es, en, pt or fr")
	format := fs.String("format", "pdf", "pdf or html")
	asOf := fs.String("as-of", "", "judge overdue reports as on this day (YYYY-MM-DD) instead of today")
	pos, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"report takes one SLUG"}
	}
	if !slices.Contains(locale.Supported, *lang) {
		return usageError{fmt.Sprintf("--lang %q: choose es, en, pt or fr", *lang)}
	}
	if *format != "pdf" && *format != "html" {
		return usageError{fmt.Sprintf("--format %q: choose pdf or html", *format)}
	}
	today := followup.Today(nil)
	if *asOf != "" {
		if _, err := time.Parse(time.DateOnly, *asOf); err != nil {
			return usageError{fmt.Sprintf("--as-of %q: write the day as YYYY-MM-DD", *asOf)}
		}
		today = *asOf
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	snap, err := published.New(db, time.Second).Get(ctx)
	if err != nil {
		return err
	}
	in, err := followup.Load(ctx, db, snap, pos[0])
	if err != nil {
		return err
	}
	cat, err := locale.Load()
	if err != nil {
		return err
	}
	in.Display = web.DisplayTitle
	l := cat.Localizer(*lang)
	r, err := followup.Build(in, *period, l, today)
	if err != nil {
		return fmt.Errorf("report: %s", l.Error(err))
	}
	if *format == "html" {
		return followup.HTML(e.stdout, r)
	}
	return followup.PDF(e.stdout, r)
}
