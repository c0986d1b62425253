package mail

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Options configure the job engine that Start runs.
type Options struct {
	SMTP SMTP
	// BaseURL is the site's public address, the start of every link.
	BaseURL string
	Log     *slog.Logger
	// PollInterval is how often River looks for new jobs (default 1s; on
	// PostgreSQL over database/sql it has nothing else to go by).
	PollInterval time.Duration
	// Retry is the wait before the next attempt of a failed job, given
	// the attempts so far; nil is River's (attempts⁴ seconds, jittered:
	// 25 attempts span about three weeks).
	Retry func(attempt int) time.Duration
	// Register adds the caller's own workers (say, reminders).
	Register func(*river.Workers)
	// Periodic are the caller's own periodic jobs, besides the weekly
	// digest: River runs each on one instance (its elected leader).
	Periodic []*river.PeriodicJob
	// Test shortens River's own waits (River's Config.TestOnly).
	Test bool
}

// Engine is the running job engine.
type Engine struct {
	client    *river.Client[*sql.Tx]
	closePool func() error
}

// Start starts River over db: the send worker (on the mail queue, worked
// only when SMTP is configured: without it messages wait in the outbox),
// the digest, and opts' workers and periodic jobs (on the default queue).
// Stop it with Stop.
func Start(ctx context.Context, db *store.DB, opts Options) (*Engine, error) {
	if err := opts.SMTP.Check(); err != nil {
		return nil, err
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	cat, err := locale.Load()
	if err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &sendWorker{db: db, render: &renderer{cat: cat, base: opts.BaseURL},
		sender: &sender{smtp: opts.SMTP, host: siteHost(opts.BaseURL)}, log: opts.Log})
	river.AddWorker(workers, &digestWorker{db: db})
	river.AddWorker(workers, &remindWorker{reminders: bitacora.NewReminders(db), log: opts.Log})
	if opts.Register != nil {
		opts.Register(workers)
	}
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}}
	if opts.SMTP.Enabled() {
		queues[store.MailQueue] = river.QueueConfig{MaxWorkers: 4}
	}
	cfg := &river.Config{
		Queues: queues, Workers: workers, Logger: slog.New(warnOnly{opts.Log.Handler()}).With("part", "river"),
		FetchPollInterval: opts.PollInterval, TestOnly: opts.Test,
		PeriodicJobs: append([]*river.PeriodicJob{river.NewPeriodicJob(weekly{},
			func() (river.JobArgs, *river.InsertOpts) { return digestArgs{}, nil }, &river.PeriodicJobOpts{ID: "mail_digest"}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return remindArgs{}, nil }, &river.PeriodicJobOpts{ID: "reminders", RunOnStart: true})},
			opts.Periodic...),
	}
	if opts.PollInterval > 0 && opts.PollInterval < 100*time.Millisecond {
		cfg.FetchCooldown = opts.PollInterval
	}
	if opts.Retry != nil {
		cfg.RetryPolicy = retryPolicy(opts.Retry)
	}
	client, closePool, err := db.JobClient(cfg)
	if err != nil {
		return nil, err
	}
	if err := client.Start(ctx); err != nil {
		closePool()
		return nil, fmt.Errorf("mail: start River: %w", err)
	}
	return &Engine{client: client, closePool: closePool}, nil
}

// Stop lets running jobs finish (for at most a few seconds, then cancels
// them: an unfinished send is retried later) and stops the engine.
func (e *Engine) Stop(ctx context.Context) error {
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := e.client.Stop(sctx)
	if err != nil {
		err = e.client.StopAndCancel(context.WithoutCancel(ctx))
	}
	if cerr := e.closePool(); err == nil {
		err = cerr
	}
	return err
}

type retryPolicy func(attempt int) time.Duration

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(p(job.Attempt))
}

// remindArgs is the hourly job that queues the reminders of deadlines due
// (bitacora.Reminders.Send): each reminder once, whoever finds it due
// first — this job on any instance, or `bitacora remind`. Hourly, so that
// each programme's day, in its own time zone, is caught soon after it
// begins.
type remindArgs struct{}

func (remindArgs) Kind() string { return "bitacora.reminders" }

type remindWorker struct {
	river.WorkerDefaults[remindArgs]
	reminders *bitacora.Reminders
	log       *slog.Logger
}

func (w *remindWorker) Work(ctx context.Context, job *river.Job[remindArgs]) error {
	// The schedule acts as the operator: serve's own, not a user's.
	_, n, err := w.reminders.Send(bitacora.WithPrincipal(ctx, bitacora.Operator()), "", time.Now())
	if err == nil && n > 0 {
		w.log.Info("reminders queued", "messages", n)
	}
	return err
}

// digestArgs is the weekly job that gathers held messages into digests.
type digestArgs struct{}

func (digestArgs) Kind() string { return "bitacora.mail_digest" }

type digestWorker struct {
	river.WorkerDefaults[digestArgs]
	db *store.DB
}

func (w *digestWorker) Work(ctx context.Context, job *river.Job[digestArgs]) error {
	_, err := w.db.SendDigests(ctx, Week(time.Now()))
	return err
}

// Week names the ISO week of t, the period of a digest: "2026-W05".
func Week(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// weekly schedules the digest on Mondays at 07:00 UTC.
type weekly struct{}

func (weekly) Next(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 7, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday || !d.After(t) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// warnOnly passes on River's warnings and errors only: at info it reports
// its job counts every few seconds, which would flood the server's log at
// its default level.
type warnOnly struct{ slog.Handler }

func (h warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnOnly) WithAttrs(attrs []slog.Attr) slog.Handler {
	return warnOnly{h.Handler.WithAttrs(attrs)}
}

func (h warnOnly) WithGroup(name string) slog.Handler { return warnOnly{h.Handler.WithGroup(name)} }
