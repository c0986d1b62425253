package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Login throttling: after FreeAttempts failures for a key (an e-mail, or an
// address), each further failure locks the key for twice as long as the
// last, up to MaxLock. Keys are counted whether or not the account exists,
// so that throttling tells nothing about who has one.
const (
	FreeAttempts = 5
	MaxLock      = 15 * time.Minute
)

// LoginWait returns how long the keys must wait before another attempt.
func (s *DB) LoginWait(ctx context.Context, keys ...string) (time.Duration, error) {
	var wait time.Duration
	now := s.now()
	for _, k := range keys {
		var until time.Time
		err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT locked_until FROM login_failures WHERE key = ?`), k).Scan(&until)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, err
		}
		if d := until.Sub(now); d > wait {
			wait = d
		}
	}
	return wait, nil
}

// LoginFailed counts a failure against each key.
func (s *DB) LoginFailed(ctx context.Context, keys ...string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		for _, k := range keys {
			var failures int
			err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT failures FROM login_failures WHERE key = ?`+s.dialect.ForUpdate), k).Scan(&failures)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			failures++
			until := now
			if failures > FreeAttempts {
				lock := time.Second << min(failures-FreeAttempts-1, 20)
				until = now.Add(min(lock, MaxLock))
			}
			_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO login_failures (key, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`),
				k, failures, until, now)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// LoginSucceeded forgets the failures of the keys.
func (s *DB) LoginSucceeded(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := s.db.ExecContext(ctx, s.dialect.rebind(`DELETE FROM login_failures WHERE key = ?`), k); err != nil {
			return err
		}
	}
	return nil
}
