package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

// APIToken is an API token as its owner sees it: never the secret.
type APIToken struct {
	ID         int64               `json:"id"`
	Name       string              `json:"name"`
	Scope      bitacora.TokenScope `json:"scope"`
	CreatedAt  time.Time           `json:"created_at"`
	LastUsedAt *time.Time          `json:"last_used_at"`
	Revoked    bool                `json:"revoked"`
}

// CreateToken makes an API token for a user and returns its secret, which is
// shown once and kept only as a hash.
func (s *DB) CreateToken(ctx context.Context, userID int64, name string, scope bitacora.TokenScope) (string, error) {
	name = strings.TrimSpace(name)
	fe := bitacora.FieldErrors{}
	if n := utf8.RuneCountInString(name); n == 0 || n > 80 {
		fe["name"] = "field_name_invalid"
	}
	if scope != bitacora.ScopeRead && scope != bitacora.ScopeWrite {
		fe["scope"] = "field_scope_invalid"
	}
	if err := fe.Check(); err != nil {
		return "", err
	}
	token, hash := newSecret("bt_")
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		id := w.insertID(`INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at) VALUES (?, ?, ?, ?, ?)`,
			userID, name, hash, string(scope), s.now())
		w.audit(bitacora.ActionTokenCreate, userSubject(userID), nil, map[string]any{"token": id, "name": name, "scope": scope})
		return w.err
	})
	return token, err
}

// TokenUser returns the user and scope of an API token that is not revoked,
// and records its use.
func (s *DB) TokenUser(ctx context.Context, token string) (*bitacora.User, bitacora.TokenScope, error) {
	var id, userID int64
	var scope bitacora.TokenScope
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT t.id, t.user_id, t.scope FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL`), hashSecret(token)).Scan(&id, &userID, &scope)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", bitacora.Errorf(bitacora.EUNAUTHORIZED, "invalid or revoked token").WithKey("error_token_invalid")
	}
	if err != nil {
		return nil, "", err
	}
	if _, err := s.db.ExecContext(ctx, s.dialect.rebind(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`), s.now(), id); err != nil {
		return nil, "", err
	}
	u, err := s.User(ctx, userID)
	return u, scope, err
}

// Tokens lists a user's tokens, newest first.
func (s *DB) Tokens(ctx context.Context, userID int64) ([]APIToken, error) {
	list := []APIToken{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT id, name, scope, created_at, last_used_at, revoked_at IS NOT NULL FROM api_tokens WHERE user_id = ? ORDER BY id DESC`,
		[]any{userID}, func(sc scanner) error {
			var t APIToken
			var last sql.NullTime
			err := sc.Scan(&t.ID, &t.Name, &t.Scope, &t.CreatedAt, &last, &t.Revoked)
			if last.Valid {
				t.LastUsedAt = &last.Time
			}
			list = append(list, t)
			return err
		})
	return list, r.err
}

// RevokeToken revokes one of a user's tokens.
func (s *DB) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.dialect.rebind(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`),
			s.now(), tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return bitacora.Errorf(bitacora.ENOTFOUND, "no such token").WithKey("error_no_token")
		}
		w := writer{s: s, tx: tx, ctx: ctx}
		w.audit(bitacora.ActionTokenRevoke, userSubject(userID), nil, map[string]any{"token": tokenID})
		return w.err
	})
}
