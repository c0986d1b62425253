package store

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/elac/bitacora"
)

// ReportStateFilter narrows ReportStates. Empty fields narrow nothing.
type ReportStateFilter struct {
	Programme string               // a programme's slug; "" for all
	State     bitacora.ReviewState // one review state
	Period    string               // one period's key
	Activity  string               // one activity's code
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
	where, args, none := f.where()
	if none {
		return []bitacora.ReportState{}, nil
	}
	q := `SELECT g.slug, t.code, r.period_key, r.state, r.version, r.review_comment, r.updated_at, r.submitted_at, r.accepted_at
		FROM reports r JOIN activities t ON t.id = r.activity_id JOIN programmes g ON g.id = r.programme_id
		WHERE t.retired = 0` + where + ` ORDER BY g.slug, t.id, r.period_key`
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

// where is the filter as SQL conditions (each starting " AND ") on
// reports r, activities t and programmes g, with their arguments; none is
// true when the filter keeps nothing (an empty list of parties).
func (f ReportStateFilter) where() (where string, args []any, none bool) {
	add := func(cond string, arg any) { where, args = where+" AND "+cond, append(args, arg) }
	if f.Programme != "" {
		add("g.slug = ?", f.Programme)
	}
	if f.State != "" {
		add("r.state = ?", string(f.State))
	}
	if f.Period != "" {
		add("r.period_key = ?", f.Period)
	}
	if f.Activity != "" {
		add("t.code = ?", f.Activity)
	}
	if f.Parties != nil {
		if len(f.Parties) == 0 {
			return "", nil, true
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(f.Parties)), ", ")
		where += " AND r.activity_id IN (SELECT ap.activity_id FROM activity_parties ap WHERE ap.party_id IN (" + marks + "))"
		for _, id := range f.Parties {
			args = append(args, id)
		}
	}
	return where, args, false
}

// LatestAccepted returns the latest accepted version of the reports the
// filter keeps (its State is ignored), the most recently accepted first,
// at most limit: what the public feeds show. Only accepted versions: a
// draft or a report under review never comes out of here, whatever its
// working version says.
func (s *DB) LatestAccepted(ctx context.Context, f ReportStateFilter, limit int) ([]bitacora.Report, error) {
	f.State = ""
	where, args, none := f.where()
	if none {
		return []bitacora.Report{}, nil
	}
	q := `SELECT v.snapshot_json FROM reports r JOIN activities t ON t.id = r.activity_id JOIN programmes g ON g.id = r.programme_id
		JOIN report_versions v ON v.report_id = r.id AND v.state = 'accepted'
		WHERE t.retired = 0 AND r.accepted_at <> '' AND v.version = (
			SELECT MAX(v2.version) FROM report_versions v2 WHERE v2.report_id = r.id AND v2.state = 'accepted')` + where + `
		ORDER BY r.accepted_at DESC, g.slug, t.id, r.period_key LIMIT ?`
	list := []bitacora.Report{}
	rd := reader{s: s, q: s.db, ctx: ctx}
	rd.each(q, append(args, limit), func(sc scanner) error {
		var snapshot []byte
		if err := sc.Scan(&snapshot); err != nil {
			return err
		}
		var rep bitacora.Report
		err := json.Unmarshal(snapshot, &rep)
		list = append(list, rep)
		return err
	})
	return list, rd.err
}
