package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/elac/bitacora"
)

// newSecret returns a random token for a link, a session or an API token,
// and the hash that is all the database keeps of it.
func newSecret(prefix string) (token, hash string) {
	var b [32]byte
	rand.Read(b[:])
	token = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashSecret(token)
}

func hashSecret(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// PasswordLinkTTL is how long a link to set a password stays valid.
const PasswordLinkTTL = 7 * 24 * time.Hour

// CreateUser creates a user without a password and returns the token of a
// one-time link to set it: no password is ever chosen for anyone.
func (s *DB) CreateUser(ctx context.Context, email, name, lang string, roles []bitacora.UserRole) (*bitacora.User, string, error) {
	if err := bitacora.ValidateUser(email, name, lang, roles).Check(); err != nil {
		return nil, "", err
	}
	email, _ = bitacora.NormaliseEmail(email)
	name = strings.TrimSpace(name)
	var id int64
	var token string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		now := s.now()
		id = w.insertID(`INSERT INTO users (email, name, lang, password_hash, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)`,
			email, name, lang, now, now)
		if isUniqueViolation(w.err) {
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"email": "field_email_taken"}}
		}
		w.setRoles(id, roles)
		token = w.passwordLink(id)
		// The invitation by mail makes its own link when it is sent; the
		// token returned here is for an admin to pass on when mail is off.
		w.passwordMessage(KindInvitation, id, "created")
		w.audit(bitacora.ActionUserCreate, userSubject(id), nil, map[string]any{"email": email, "name": name, "lang": lang, "roles": roles})
		return w.err
	})
	if err != nil {
		return nil, "", fmt.Errorf("store: create user %s: %w", email, err)
	}
	u, err := s.User(ctx, id)
	return u, token, err
}

func userSubject(id int64) string { return fmt.Sprintf("user:%d", id) }

func (w *writer) setRoles(userID int64, roles []bitacora.UserRole) {
	w.exec(`DELETE FROM user_roles WHERE user_id = ?`, userID)
	seen := map[bitacora.UserRole]bool{}
	for _, r := range roles {
		if !seen[r] {
			seen[r] = true
			w.exec(`INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, userID, string(r))
		}
	}
}

func (w *writer) passwordLink(userID int64) string {
	token, hash := newSecret("pw_")
	now := w.s.now()
	w.exec(`UPDATE password_links SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, now, userID)
	w.exec(`INSERT INTO password_links (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, userID, now, now.Add(PasswordLinkTTL))
	return token
}

// ResetLink returns a new one-time link token for the user with that e-mail;
// earlier links stop working.
func (s *DB) ResetLink(ctx context.Context, email string) (*bitacora.User, string, error) {
	email, _ = bitacora.NormaliseEmail(email)
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		return nil, "", err
	}
	var token string
	err = s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		token = w.passwordLink(u.ID)
		w.passwordMessage(KindPasswordReset, u.ID, "reset@"+strconv.FormatInt(s.now().UnixNano(), 36))
		w.audit(bitacora.ActionUserPasswordLink, userSubject(u.ID), nil, nil)
		return w.err
	})
	return u, token, err
}

// errLinkInvalid is the answer for a link that was used, has expired or
// never existed: one answer for the three.
var errLinkInvalid = bitacora.Errorf(bitacora.ENOTFOUND, "this link is not valid: it was used, has expired or never existed").WithKey("error_link_invalid")

// CheckPasswordLink tells whether a one-time link may still be used,
// without using it: ENOTFOUND if not. It is a cheap look-up that spares
// the password hash (and the form) for a link that cannot work.
func (s *DB) CheckPasswordLink(ctx context.Context, token string) error {
	var expires time.Time
	var used sql.NullTime
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT expires_at, used_at FROM password_links WHERE token_hash = ?`),
		hashSecret(token)).Scan(&expires, &used)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (used.Valid || s.now().After(expires)) {
		return errLinkInvalid
	}
	return err
}

// SetPasswordWithLink uses a one-time link: it sets the password hash and
// ends every session of the user.
func (s *DB) SetPasswordWithLink(ctx context.Context, token, hash string) (*bitacora.User, error) {
	var userID int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var expires time.Time
		var used sql.NullTime
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT user_id, expires_at, used_at FROM password_links WHERE token_hash = ?`+s.dialect.ForUpdate),
			hashSecret(token)).Scan(&userID, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) || used.Valid || s.now().After(expires) {
			return errLinkInvalid
		}
		if err != nil {
			return err
		}
		w := writer{s: s, tx: tx, ctx: bitacora.WithActor(ctx, bitacora.Actor{UserID: userID, Name: "password link"})}
		w.exec(`UPDATE password_links SET used_at = ? WHERE token_hash = ?`, s.now(), hashSecret(token))
		w.exec(`UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, s.now(), userID)
		w.exec(`DELETE FROM sessions WHERE user_id = ?`, userID)
		w.audit(bitacora.ActionUserPasswordSet, userSubject(userID), nil, nil)
		return w.err
	})
	if err != nil {
		return nil, err
	}
	return s.User(ctx, userID)
}

// ChangePassword replaces a user's password hash and ends their other
// sessions (keep names the session to keep, by its token).
func (s *DB) ChangePassword(ctx context.Context, userID int64, hash, keep string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		w.exec(`UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, s.now(), userID)
		w.exec(`DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?`, userID, hashSecret(keep))
		w.audit(bitacora.ActionUserPasswordChange, userSubject(userID), nil, nil)
		return w.err
	})
}

// PasswordHash returns the stored hash of a user's password ("" if none).
func (s *DB) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var h string
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT password_hash FROM users WHERE id = ?`), userID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", bitacora.Errorf(bitacora.ENOTFOUND, "no such user").WithKey("error_no_user")
	}
	return h, err
}

// UpdateUser sets a user's name, language, roles and whether they are
// disabled. Disabling ends their sessions and revokes their API tokens.
func (s *DB) UpdateUser(ctx context.Context, id int64, name, lang string, roles []bitacora.UserRole, disabled bool) error {
	before, err := s.User(ctx, id)
	if err != nil {
		return err
	}
	if err := bitacora.ValidateUser(before.Email, name, lang, roles).Check(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		var disabledAt any
		if disabled {
			disabledAt = s.now()
			if before.Disabled {
				disabledAt = nil // keep the first date below
			}
		}
		w.exec(`UPDATE users SET name = ?, lang = ?, updated_at = ? WHERE id = ?`, strings.TrimSpace(name), lang, s.now(), id)
		switch {
		case disabled && !before.Disabled:
			w.exec(`UPDATE users SET disabled_at = ? WHERE id = ?`, disabledAt, id)
			w.exec(`DELETE FROM sessions WHERE user_id = ?`, id)
			// Revoked for good, not merely refused while disabled: enabling
			// the account again must not bring back tokens that were out
			// of its owner's control meanwhile.
			w.exec(`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, s.now(), id)
		case !disabled && before.Disabled:
			w.exec(`UPDATE users SET disabled_at = NULL WHERE id = ?`, id)
		}
		w.setRoles(id, roles)
		w.audit(bitacora.ActionUserUpdate, userSubject(id),
			map[string]any{"name": before.Name, "lang": before.Lang, "roles": before.Roles, "disabled": before.Disabled},
			map[string]any{"name": strings.TrimSpace(name), "lang": lang, "roles": roles, "disabled": disabled})
		return w.err
	})
}

const userColumns = `id, email, name, lang, password_hash <> '', disabled_at IS NOT NULL, created_at`

// User returns a user with roles and memberships.
func (s *DB) User(ctx context.Context, id int64) (*bitacora.User, error) {
	return s.oneUser(ctx, `WHERE id = ?`, id)
}

// UserByEmail returns the user with that e-mail.
func (s *DB) UserByEmail(ctx context.Context, email string) (*bitacora.User, error) {
	email, _ = bitacora.NormaliseEmail(email)
	return s.oneUser(ctx, `WHERE email = ?`, email)
}

func (s *DB) oneUser(ctx context.Context, where string, arg any) (*bitacora.User, error) {
	list, err := s.queryUsers(ctx, where, arg)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no such user").WithKey("error_no_user")
	}
	return &list[0], nil
}

// Users lists every user, by name.
func (s *DB) Users(ctx context.Context) ([]bitacora.User, error) { return s.queryUsers(ctx, "") }

func (s *DB) queryUsers(ctx context.Context, where string, args ...any) ([]bitacora.User, error) {
	list := []bitacora.User{}
	idx := map[int64]int{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT `+userColumns+` FROM users `+where+` ORDER BY name, id`, args, func(sc scanner) error {
		var u bitacora.User
		err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.HasPassword, &u.Disabled, &u.CreatedAt)
		u.Roles, u.Memberships = []bitacora.UserRole{}, []bitacora.Membership{}
		idx[u.ID] = len(list)
		list = append(list, u)
		return err
	})
	if len(list) == 0 || r.err != nil {
		return list, r.err
	}
	filter, fargs := "", []any{}
	if where != "" {
		filter, fargs = " WHERE user_id = ?", []any{list[0].ID}
	}
	r.each(`SELECT user_id, role FROM user_roles`+filter+` ORDER BY role`, fargs, func(sc scanner) error {
		var id int64
		var role bitacora.UserRole
		err := sc.Scan(&id, &role)
		if i, ok := idx[id]; ok {
			list[i].Roles = append(list[i].Roles, role)
		}
		return err
	})
	r.each(`SELECT m.id, m.user_id, m.party_id, p.name, m.starts_on, COALESCE(m.ends_on, '') FROM memberships m
		JOIN parties p ON p.id = m.party_id`+strings.Replace(filter, "user_id", "m.user_id", 1)+` ORDER BY m.starts_on, m.id`, fargs, func(sc scanner) error {
		var m bitacora.Membership
		err := sc.Scan(&m.ID, &m.UserID, &m.PartyID, &m.PartyName, &m.StartsOn, &m.EndsOn)
		if i, ok := idx[m.UserID]; ok {
			list[i].Memberships = append(list[i].Memberships, m)
		}
		return err
	})
	return list, r.err
}
