package store

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// changesChannel is the PostgreSQL notification channel on which every
// write that changes the published state announces itself (see
// writer.generation).
const changesChannel = "bitacora_changes"

// Changes is a counter that moves whenever this process commits a
// transaction that changed what the public sees (that took a generation)
// or, while Watch runs, another instance announces a change.
// A reader that finds it moved checks Generations: a cheap way to learn of
// a change at once, without asking the database on every request.
func (s *DB) Changes() uint64 { return s.changes.Load() }

// Changed returns a channel that is closed when Changes next moves: a
// follower of the published state waits on it instead of polling.
func (s *DB) Changed() <-chan struct{} {
	s.changedMu.Lock()
	defer s.changedMu.Unlock()
	if s.changed == nil {
		s.changed = make(chan struct{})
	}
	return s.changed
}

// noteChange moves Changes and wakes whoever waits on Changed.
func (s *DB) noteChange() {
	s.changes.Add(1)
	s.changedMu.Lock()
	defer s.changedMu.Unlock()
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
}

// Watch listens, on PostgreSQL, for the changes other instances commit,
// until ctx ends, so that Changes moves within moments of theirs. It
// reconnects after a lost connection, and counts a change each time it
// (re)connects, for what it may have missed meanwhile. On SQLite it does
// nothing: the writers that share a file are few, and the readers' own
// periodic check is enough.
func (s *DB) Watch(ctx context.Context, log *slog.Logger) {
	if s.dialect.name != "postgres" {
		return
	}
	go func() {
		wait := time.Second
		for ctx.Err() == nil {
			start := time.Now()
			err := s.listen(ctx)
			if ctx.Err() != nil {
				return
			}
			log.Warn("listening for changes", "err", oneLine(err), "retry_in", wait.String())
			if time.Since(start) > time.Minute {
				wait = time.Second
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, 30*time.Second)
		}
	}()
}

func (s *DB) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return err
	}
	s.noteChange() // whatever changed before we listened
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		s.noteChange()
	}
}
