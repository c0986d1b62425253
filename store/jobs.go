package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// The job engine is River (github.com/riverqueue/river), on the same
// database as everything else: its driver for SQLite (riversqlite) or for
// PostgreSQL over database/sql (riverdatabasesql, which polls: it has no
// LISTEN). Its tables are made by its own migrations, run after ours
// (migrateJobs), under the same lock on PostgreSQL.
//
// Every DB holds an insert-only client (jobs), with which a write queues
// its jobs in its own transaction (InsertTx on the *sql.Tx); the client
// that works them is made by JobClient, and only `serve` starts one.

// quiet is the logger of River's parts the store runs (migrations and
// inserts), whose errors it returns: River's own default prints to stdout,
// which is the command line's output.
var quiet = slog.New(slog.DiscardHandler)

// driver returns River's driver over pool.
func (s *DB) driver(pool *sql.DB) riverdriver.Driver[*sql.Tx] {
	if s.dialect.name == "postgres" {
		return riverdatabasesql.New(pool)
	}
	return riversqlite.New(pool)
}

// openJobs makes the insert-only client.
func (s *DB) openJobs() error {
	c, err := river.NewClient(s.driver(s.db), &river.Config{SkipUnknownJobCheck: true, Logger: quiet})
	if err != nil {
		return fmt.Errorf("store: job client: %w", err)
	}
	s.jobs = c
	return nil
}

// migrateJobs brings River's tables up to date. River records its own
// versions, so running it again does nothing. It runs while the caller
// holds the migration lock on PostgreSQL (another instance starting waits
// for it), but on the pool rather than in one transaction: some of
// River's migrations cannot share one (a new enum value must be committed
// before it is used).
func (s *DB) migrateJobs(ctx context.Context) error {
	m, err := rivermigrate.New(s.driver(s.db), &rivermigrate.Config{Logger: quiet})
	if err == nil {
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return fmt.Errorf("store: river migrations: %w", err)
	}
	return nil
}

// JobClient returns a River client that works jobs, configured by cfg
// (workers, queues, periodic jobs, poll intervals), and a function that
// closes what it opened. On SQLite it gets a pool of its own, of one
// connection, on the same file and with the same settings (River's SQLite
// driver asks for one connection: its internal work runs in parallel, and
// SQLite has one writer at a time); the store's own pool waits for it
// (busy_timeout), and it for the store. On PostgreSQL it shares the
// store's pool and polls (cfg.PollOnly is set).
func (s *DB) JobClient(cfg *river.Config) (*river.Client[*sql.Tx], func() error, error) {
	pool, closePool := s.db, func() error { return nil }
	if s.dialect.name == "sqlite" {
		p, err := sql.Open(s.dialect.driver, s.conn)
		if err != nil {
			return nil, nil, fmt.Errorf("store: job pool: %w", err)
		}
		p.SetMaxOpenConns(1)
		pool, closePool = p, p.Close
	} else {
		cfg.PollOnly = true
	}
	c, err := river.NewClient(s.driver(pool), cfg)
	if err != nil {
		closePool()
		return nil, nil, fmt.Errorf("store: job client: %w", err)
	}
	return c, closePool, nil
}
