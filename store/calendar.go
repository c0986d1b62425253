package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/elac/bitacora"
)

// NewCalendarSecret makes the secret of a user's calendar address, which
// replaces any earlier one (that address stops working), and returns it:
// shown once, kept only as a hash.
func (s *DB) NewCalendarSecret(ctx context.Context, userID int64) (string, error) {
	secret, hash := newSecret("bc_")
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		w.exec(`UPDATE users SET calendar_hash = ?, updated_at = ? WHERE id = ?`, hash, s.now(), userID)
		w.audit(bitacora.ActionTokenCreate, userSubject(userID), nil, map[string]any{"calendar": true})
		return w.err
	})
	return secret, err
}

// CalendarUser returns the enabled user whose calendar address holds
// secret.
func (s *DB) CalendarUser(ctx context.Context, secret string) (*bitacora.User, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT id FROM users WHERE calendar_hash = ? AND disabled_at IS NULL`), hashSecret(secret)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no calendar at this address").WithKey("error_calendar_unknown")
	}
	if err != nil {
		return nil, err
	}
	return s.User(ctx, id)
}
