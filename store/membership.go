package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/elac/bitacora"
)

// AddMembership makes a user a focal point of a party from startsOn to
// endsOn ("" for open-ended).
func (s *DB) AddMembership(ctx context.Context, userID int64, partyID, startsOn, endsOn string) (int64, error) {
	fe := bitacora.FieldErrors{}
	if !bitacora.ValidDate(startsOn) {
		fe["starts_on"] = "field_date_invalid"
	}
	if endsOn != "" && (!bitacora.ValidDate(endsOn) || endsOn < startsOn) {
		fe["ends_on"] = "field_end_date_invalid"
	}
	var n int
	if err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM parties WHERE id = ?`), partyID).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		fe["party"] = "field_party_unknown"
	}
	if err := fe.Check(); err != nil {
		return 0, err
	}
	if _, err := s.User(ctx, userID); err != nil {
		return 0, err
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		var end any
		if endsOn != "" {
			end = endsOn
		}
		id = w.insertID(`INSERT INTO memberships (user_id, party_id, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?)`,
			userID, partyID, startsOn, end, s.now())
		w.bump() // the party's public history changes
		w.audit(bitacora.ActionMembershipAdd, "party:"+partyID, nil, map[string]any{"user": userID, "party": partyID, "starts_on": startsOn, "ends_on": endsOn})
		return w.err
	})
	return id, err
}

// EndMembership ends a membership on the given day.
func (s *DB) EndMembership(ctx context.Context, id int64, endsOn string) error {
	if !bitacora.ValidDate(endsOn) {
		return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"ends_on": "field_date_invalid"}}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var userID int64
		var party, starts string
		var ends sql.NullString
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT user_id, party_id, starts_on, ends_on FROM memberships WHERE id = ?`), id).
			Scan(&userID, &party, &starts, &ends)
		if errors.Is(err, sql.ErrNoRows) {
			return bitacora.Errorf(bitacora.ENOTFOUND, "no membership %d", id).WithKey("error_no_membership", "Membership", id)
		}
		if err != nil {
			return err
		}
		if endsOn < starts {
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"ends_on": "field_end_date_invalid"}}
		}
		w := writer{s: s, tx: tx, ctx: ctx}
		w.exec(`UPDATE memberships SET ends_on = ? WHERE id = ?`, endsOn, id)
		w.bump()
		w.audit(bitacora.ActionMembershipEnd, "party:"+party, map[string]any{"user": userID, "ends_on": ends.String},
			map[string]any{"user": userID, "ends_on": endsOn})
		return w.err
	})
}
