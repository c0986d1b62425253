package store

import (
	"context"
	"strings"

	"github.com/elac/bitacora"
)

// ReportStateFilter narrows ReportStates. Empty fields narrow nothing.
type ReportStateFilter struct {
	Programme string               // a programme's slug; "" for all
	State     bitacora.ReviewState // one review state
	Period    string               // one period's key
	// Parties keeps the reports of activities these parties lead or
	// co-lead (a focal point's work list).
	Parties []string
}

// ReportStates returns where reports stand, without their content, in one
// query: the work lists of focal points, the Bureau's review queue and the
// secretariat's cycle view read this, never a report at a time. The
// order is the programme's, then the activity's place in it, then the
// period's key.
func (s *DB) ReportStates(ctx context.Context, f ReportStateFilter) ([]bitacora.ReportState, error) {
	var where []string
	var args []any
	if f.Programme != "" {
		where, args = append(where, "g.slug = ?"), append(args, f.Programme)
	}
	if f.State != "" {
		where, args = append(where, "r.state = ?"), append(args, string(f.State))
	}
	if f.Period != "" {
		where, args = append(where, "r.period_key = ?"), append(args, f.Period)
	}
	if f.Parties != nil {
		if len(f.Parties) == 0 {
			return []bitacora.ReportState{}, nil
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(f.Parties)), ", ")
		where = append(where, "r.activity_id IN (SELECT ap.activity_id FROM activity_parties ap WHERE ap.party_id IN ("+marks+"))")
		for _, id := range f.Parties {
			args = append(args, id)
		}
	}
	q := `SELECT g.slug, t.code, r.period_key, r.state, r.version, r.review_comment, r.updated_at, r.submitted_at, r.accepted_at
		FROM reports r JOIN activities t ON t.id = r.activity_id JOIN programmes g ON g.id = r.programme_id
		WHERE t.retired = 0`
	for _, w := range where {
		q += " AND " + w
	}
	q += " ORDER BY g.slug, t.id, r.period_key"
	list := []bitacora.ReportState{}
	rd := reader{s: s, q: s.db, ctx: ctx}
	rd.each(q, args, func(sc scanner) error {
		var rs bitacora.ReportState
		err := sc.Scan(&rs.Key.Programme, &rs.Key.Activity, &rs.Key.Period, &rs.State, &rs.Version, &rs.ReviewComment,
			&rs.UpdatedAt, &rs.SubmittedAt, &rs.AcceptedAt)
		list = append(list, rs)
		return err
	})
	return list, rd.err
}
