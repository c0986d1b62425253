package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/elac/bitacora"
)

// SessionTTL is how long a sign-in lasts.
const SessionTTL = 12 * time.Hour

// CreateSession signs a user in: it returns the session's token, of which
// the database keeps only a hash, so that every instance shares sessions.
// replace, when not empty, is the token of the browser's previous session,
// which ends: the id is renewed at every sign-in.
func (s *DB) CreateSession(ctx context.Context, userID int64, replace string) (string, error) {
	token, hash := newSecret("s_")
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		if replace != "" {
			w.exec(`DELETE FROM sessions WHERE id_hash = ?`, hashSecret(replace))
		}
		now := s.now()
		w.exec(`DELETE FROM sessions WHERE expires_at < ?`, now)
		w.exec(`INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`, hash, userID, now, now.Add(SessionTTL))
		return w.err
	})
	return token, err
}

// SessionUser returns the user a session token belongs to, if the session
// is current and the user not disabled.
func (s *DB) SessionUser(ctx context.Context, token string) (*bitacora.User, error) {
	var userID int64
	var expires time.Time
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT s.user_id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = ? AND u.disabled_at IS NULL`), hashSecret(token)).Scan(&userID, &expires)
	if errors.Is(err, sql.ErrNoRows) || err == nil && s.now().After(expires) {
		return nil, bitacora.Errorf(bitacora.EUNAUTHORIZED, "not signed in").WithKey("error_not_signed_in")
	}
	if err != nil {
		return nil, err
	}
	return s.User(ctx, userID)
}

// DeleteSession signs a session out.
func (s *DB) DeleteSession(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, s.dialect.rebind(`DELETE FROM sessions WHERE id_hash = ?`), hashSecret(token))
	return err
}
