package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/elac/bitacora"
)

// ProgrammeSettings returns a programme's settings.
func (s *DB) ProgrammeSettings(ctx context.Context, slug string) (bitacora.ProgrammeSettings, error) {
	return s.programmeSettings(ctx, s.db, slug)
}

func (s *DB) programmeSettings(ctx context.Context, q queryer, slug string) (bitacora.ProgrammeSettings, error) {
	var ps bitacora.ProgrammeSettings
	id, err := s.programmeID(ctx, q, slug)
	if err != nil {
		return ps, err
	}
	return s.settingsOf(ctx, q, id, "")
}

// settingsOf reads the settings of the programme id (locked with
// forUpdate).
func (s *DB) settingsOf(ctx context.Context, q queryer, id int64, forUpdate string) (bitacora.ProgrammeSettings, error) {
	var ps bitacora.ProgrammeSettings
	var single int
	var days string
	if err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT single_member_bureau, time_zone, reminder_days FROM programmes WHERE id = ?`+forUpdate), id).Scan(&single, &ps.TimeZone, &days); err != nil {
		return ps, fmt.Errorf("store: settings of programme %d: %w", id, err)
	}
	ps.SingleMemberBureau = single != 0
	var err error
	if ps.ReminderDays, err = bitacora.ParseReminderDays(days); err != nil {
		return ps, fmt.Errorf("store: settings of programme %d: %w", id, err)
	}
	return ps, nil
}

// SetProgrammeSettings changes a programme's settings, recorded in the
// change record.
func (s *DB) SetProgrammeSettings(ctx context.Context, slug string, ps bitacora.ProgrammeSettings) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		before, err := s.settingsOf(ctx, tx, id, s.dialect.ForUpdate)
		if err != nil {
			return err
		}
		if ps.TimeZone == "" {
			ps.TimeZone = before.TimeZone
		}
		if ps.ReminderDays == nil {
			ps.ReminderDays = before.ReminderDays
		}
		if _, err := bitacora.LoadTimeZone(ps.TimeZone); err != nil {
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"time_zone": "field_time_zone_invalid"}}
		}
		if before.Equal(ps) {
			return nil // nothing changes: nothing to record
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: id}
		value := 0
		if ps.SingleMemberBureau {
			value = 1
		}
		w.exec(`UPDATE programmes SET single_member_bureau = ?, time_zone = ?, reminder_days = ? WHERE id = ?`,
			value, ps.TimeZone, bitacora.FormatReminderDays(ps.ReminderDays), id)
		w.audit(bitacora.ActionProgrammeSettings, ProgrammeSubject(slug), before, ps)
		return w.err
	})
}
