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
	var single int
	if err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT single_member_bureau FROM programmes WHERE id = ?`), id).Scan(&single); err != nil {
		return ps, fmt.Errorf("store: settings of %s: %w", slug, err)
	}
	ps.SingleMemberBureau = single != 0
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
		var single int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT single_member_bureau FROM programmes WHERE id = ?`+s.dialect.ForUpdate), id).Scan(&single); err != nil {
			return fmt.Errorf("store: settings of %s: %w", slug, err)
		}
		before := bitacora.ProgrammeSettings{SingleMemberBureau: single != 0}
		if before == ps {
			return nil // nothing changes: nothing to record
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: id}
		value := 0
		if ps.SingleMemberBureau {
			value = 1
		}
		w.exec(`UPDATE programmes SET single_member_bureau = ? WHERE id = ?`, value, id)
		w.audit(bitacora.ActionProgrammeSettings, ProgrammeSubject(slug), before, ps)
		return w.err
	})
}
