package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/elac/bitacora"
)

// Weights returns the weights the secretariat set, by current activity code.
func (s *DB) Weights(ctx context.Context, slug string) (map[string]float64, error) {
	id, err := s.programmeID(ctx, s.db, slug)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT t.code, w.weight FROM activity_weights w JOIN activities t ON t.id = w.activity_id
		WHERE t.programme_id = ? AND t.retired = 0`, []any{id}, func(sc scanner) error {
		var code string
		var w float64
		err := sc.Scan(&code, &w)
		out[code] = w
		return err
	})
	return out, r.err
}

// SetWeights replaces a programme's weights: activities not named weigh 1.
// Weights must be positive and finite, at most 1000.
func (s *DB) SetWeights(ctx context.Context, slug string, weights map[string]float64) error {
	fe := bitacora.FieldErrors{}
	for code, w := range weights {
		if math.IsNaN(w) || math.IsInf(w, 0) || w <= 0 || w > 1000 {
			fe["weights."+code] = "field_weight_invalid"
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		pid, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		ids, err := s.identities(ctx, tx, pid)
		if err != nil {
			return err
		}
		for code := range weights {
			if ids[code] == "" {
				fe["weights."+code] = "field_activity_unknown"
			}
		}
		if err := fe.Check(); err != nil {
			return err
		}
		before := map[string]float64{}
		r := reader{s: s, q: tx, ctx: ctx}
		r.each(`SELECT t.code, w.weight FROM activity_weights w JOIN activities t ON t.id = w.activity_id
			WHERE t.programme_id = ? AND t.retired = 0`, []any{pid}, func(sc scanner) error {
			var code string
			var w float64
			err := sc.Scan(&code, &w)
			before[code] = w
			return err
		})
		if r.err != nil {
			return r.err
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: pid}
		w.exec(`DELETE FROM activity_weights WHERE activity_id IN (SELECT id FROM activities WHERE programme_id = ?)`, pid)
		for code, weight := range weights {
			var actID int64
			fmt.Sscanf(ids[code], "a%d", &actID)
			w.exec(`INSERT INTO activity_weights (activity_id, weight) VALUES (?, ?)`, actID, weight)
		}
		w.bump(PartPlan)
		w.audit(bitacora.ActionWeightsSet, ProgrammeSubject(slug), before, weights)
		return w.err
	})
}
