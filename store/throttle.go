package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/elac/bitacora"
)

// Login throttling slows a guesser without locking the owner out.
//
// Every attempt is counted before its password is checked: LoginAttempt
// reserves it in one transaction that first locks the counters' rows (on
// PostgreSQL with SELECT … FOR UPDATE, so across instances too; SQLite's
// write transactions are exclusive), so a burst of concurrent guesses
// cannot all pass one check before any of them is counted. Three counters:
//
//   - the address ("addr:" + an IPv4 address or an IPv6 /64), strict:
//     AddrFreeAttempts free, then each attempt locks the address for
//     twice as long as the last, from a second up to AddrMaxLock. A
//     successful sign-in gives back only its own attempt: signing in to
//     one's own account between guesses does not reset it.
//   - the account ("email:" + the e-mail, known or not), soft: more free
//     attempts and a lock of at most AccountMaxLock, so that guesses
//     spread over many addresses are slowed to about one a minute on one
//     account, and a guesser can keep the owner waiting a minute at most.
//     It does not apply at all where the owner signed in before (an
//     address from which that account succeeded within KnownFor): the
//     owner's usual place is never locked out by someone else's guesses.
//     A successful sign-in clears it.
//   - the known pairs ("known:" + e-mail + "|" + address), written on
//     success, read to lift the account's counter.
//
// A counter left alone for ForgetAfter starts again from zero.
const (
	AddrFreeAttempts    = 5
	AddrMaxLock         = 15 * time.Minute
	AccountFreeAttempts = 20
	AccountMaxLock      = time.Minute
	KnownFor            = 30 * 24 * time.Hour
	ForgetAfter         = time.Hour
)

type loginKey struct {
	key     string
	free    int
	maxLock time.Duration
}

func loginKeys(account, addr string) (addrKey, accountKey loginKey, known string) {
	return loginKey{"addr:" + addr, AddrFreeAttempts, AddrMaxLock},
		loginKey{"email:" + account, AccountFreeAttempts, AccountMaxLock},
		"known:" + account + "|" + addr
}

// LoginAttempt reserves a sign-in attempt on account from addr, or, when a
// counter is locked, returns how long to wait (and counts nothing).
func (s *DB) LoginAttempt(ctx context.Context, account, addr string) (wait time.Duration, err error) {
	addrKey, accountKey, known := loginKeys(account, addr)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		keys := []loginKey{addrKey}
		var last time.Time
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT updated_at FROM login_failures WHERE key = ?`), known).Scan(&last)
		switch {
		case err == sql.ErrNoRows || err == nil && now.Sub(last) > KnownFor:
			keys = append(keys, accountKey)
		case err != nil:
			return err
		}
		wait, err = s.reserve(ctx, tx, now, keys)
		return err
	})
	return wait, err
}

// LoginRefund gives back an attempt that was reserved but never checked
// (the password hasher was busy).
func (s *DB) LoginRefund(ctx context.Context, account, addr string) error {
	addrKey, accountKey, _ := loginKeys(account, addr)
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, k := range []string{addrKey.key, accountKey.key} {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE login_failures SET failures = failures - 1 WHERE key = ? AND failures > 0`), k); err != nil {
				return err
			}
		}
		return nil
	})
}

// LoginSucceeded records a successful sign-in: the address gets back the
// attempt it used (and keeps the rest), the account's counter is cleared,
// and the pair becomes known.
func (s *DB) LoginSucceeded(ctx context.Context, account, addr string) error {
	addrKey, accountKey, known := loginKeys(account, addr)
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE login_failures SET failures = failures - 1 WHERE key = ? AND failures > 0`, []any{addrKey.key}},
			{`DELETE FROM login_failures WHERE key = ?`, []any{accountKey.key}},
			{`INSERT INTO login_failures (key, failures, locked_until, updated_at) VALUES (?, 0, ?, ?)
				ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at`, []any{known, now, now}},
		} {
			if _, err := tx.ExecContext(ctx, s.dialect.rebind(q.sql), q.args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// reserve counts an attempt on every key, unless one of them is locked:
// then it counts nothing and returns how long to wait.
func (s *DB) reserve(ctx context.Context, tx *sql.Tx, now time.Time, keys []loginKey) (wait time.Duration, err error) {
	// Rows first, in one order, then locked: two attempts never wait
	// for each other's rows crosswise.
	sort.Slice(keys, func(i, j int) bool { return keys[i].key < keys[j].key })
	failures := make([]int, len(keys))
	for i, k := range keys {
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO login_failures (key, failures, locked_until, updated_at)
		VALUES (?, 0, ?, ?) ON CONFLICT (key) DO NOTHING`), k.key, now, now); err != nil {
			return 0, err
		}
		var until, updated time.Time
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT failures, locked_until, updated_at FROM login_failures WHERE key = ?`+s.dialect.ForUpdate),
			k.key).Scan(&failures[i], &until, &updated)
		if err != nil {
			return 0, err
		}
		if d := until.Sub(now); d > wait {
			wait = d
		}
		if now.Sub(updated) > ForgetAfter {
			failures[i] = 0
		}
	}
	if wait > 0 {
		return wait, nil // committed as is: only empty rows were added
	}
	for i, k := range keys {
		n := failures[i] + 1
		until := now
		if n >= k.free {
			// The attempt that uses the last free one locks already:
			// a burst gets exactly k.free through.
			until = now.Add(min(time.Second<<min(n-k.free, 20), k.maxLock))
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE login_failures SET failures = ?, locked_until = ?, updated_at = ? WHERE key = ?`),
			n, until, now, k.key); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// Requests for a password link are throttled as sign-ins are, on counters
// of their own: per address (ResetAddrFree free, then locks growing to
// AddrMaxLock) and per recipient address, known or not (ResetAccountFree
// free, then locks growing to ResetAccountMaxLock), so that nobody can
// flood an inbox or probe the site.
const (
	ResetAddrFree       = 5
	ResetAccountFree    = 3
	ResetAccountMaxLock = time.Hour
)

// ResetAttempt reserves a request for a password link for email from
// addr, or returns how long to wait.
func (s *DB) ResetAttempt(ctx context.Context, email, addr string) (wait time.Duration, err error) {
	email, _ = bitacora.NormaliseEmail(email)
	keys := []loginKey{{"reset-addr:" + addr, ResetAddrFree, AddrMaxLock}, {"reset-email:" + email, ResetAccountFree, ResetAccountMaxLock}}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		wait, err = s.reserve(ctx, tx, s.now(), keys)
		return err
	})
	return wait, err
}
