package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/elac/bitacora"
)

// ImportReports stores the reports of a bulk import in one transaction:
// all of them, or none. Each row creates its report or edits it whatever
// state it is in, also one with the Bureau: an import is the secretariat's
// word on the reports it names, and the version it replaces stays in the
// report's versions. Each row makes a new version, kept whole, with its
// entry in the change record. It returns how many reports it stored; an
// error names the line of the row at fault (the first, in file order).
//
// It costs a few statements per few hundred rows, not a few per row: it
// reads what it needs for every row at once (importReads), checks and
// builds every version in memory, then writes them with multi-row
// statements (see batch.go) and appends the change record in one go.
func (s *DB) ImportReports(ctx context.Context, slug string, rows []bitacora.ReportImport) (int, error) {
	if len(rows) > bitacora.MaxReportImport {
		return 0, bitacora.Errorf(bitacora.ETOOLARGE, "an import may hold at most %d reports", bitacora.MaxReportImport).WithKey("error_import_too_many", "Count", bitacora.MaxReportImport)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		sc, err := s.reportScope(ctx, tx, slug)
		if err != nil {
			return err
		}
		current, err := s.importReads(ctx, tx, sc, rows)
		if err != nil {
			return err
		}
		w := &writer{s: s, tx: tx, ctx: ctx, programme: sc.programmeID}
		seen := map[bitacora.ReportKey]int{}
		type version struct {
			row     *reportRow
			rep     *bitacora.Report
			content string
		}
		versions := make([]version, 0, len(rows))
		changes := make([]auditChange, 0, len(rows))
		for _, ri := range rows {
			k := bitacora.ReportKey{Programme: slug, Activity: ri.Activity, Period: ri.Period}
			if first, dup := seen[k]; dup {
				return bitacora.Errorf(bitacora.EINVALID, "line %d: activity %s for %s is already on line %d", ri.Line, ri.Activity, ri.Period, first).WithKey("error_import_duplicate", "Line", ri.Line, "Activity", ri.Activity, "Period", ri.Period, "First", first)
			}
			seen[k] = ri.Line
			row, err := sc.locate(k)
			if err != nil {
				return importError(ri, err)
			}
			if cur := current[reportAt{row.activityID, k.Period}]; cur != nil {
				cur.report.Programme, cur.report.Activity, cur.report.Period = k.Programme, k.Activity, k.Period
				row.reportID, row.report = cur.id, cur.report
			}
			rep, content, err := s.nextReport(w, row, k, s.applyImport(ri))
			if err != nil {
				return importError(ri, err)
			}
			versions = append(versions, version{row, rep, content})
			changes = append(changes, auditChange{bitacora.ActionReportImport, reportSubject(k), reportSummary(row.report), reportSummary(rep)})
		}
		if len(versions) == 0 {
			return nil
		}

		// The reports' rows: a new one inserted, an existing one moved to
		// its next version. The WHERE makes the upsert exactly that: a
		// row some other writer created or changed since importReads (on
		// PostgreSQL, one created meanwhile is not locked) is left alone,
		// returns nothing, and fails the import below.
		ids := make(map[reportAt]int64, len(versions))
		gen := w.generation()
		up := w.batch(`INSERT INTO reports (programme_id, activity_id, period_key, version, state, content_json, review_comment,
			updated_at, submitted_at, accepted_at, published_gen) VALUES `, 11, `
			ON CONFLICT (activity_id, period_key) DO UPDATE SET version = excluded.version, state = excluded.state,
			content_json = excluded.content_json, review_comment = excluded.review_comment, updated_at = excluded.updated_at,
			submitted_at = excluded.submitted_at, accepted_at = excluded.accepted_at, published_gen = excluded.published_gen
			WHERE reports.version = excluded.version - 1
			RETURNING id, activity_id, period_key`)
		up.scan = func(sc scanner) error {
			var at reportAt
			var id int64
			err := sc.Scan(&id, &at.activityID, &at.period)
			ids[at] = id
			return err
		}
		for _, v := range versions {
			r := v.rep
			up.add(v.row.programmeID, v.row.activityID, r.Period, r.Version, string(r.State), v.content, r.ReviewComment,
				r.UpdatedAt, r.SubmittedAt, r.AcceptedAt, gen)
		}
		up.flush()
		if w.err != nil {
			return w.err
		}
		// Each version whole, as writeReport keeps it: the import changes
		// no file or contribution, so those read by importReads are the
		// report's as they now are.
		actor := bitacora.ActorFrom(ctx).String()
		vs := w.batch(`INSERT INTO report_versions (report_id, version, state, snapshot_json, actor, at) VALUES `, 6, "")
		for i, v := range versions {
			id, ok := ids[reportAt{v.row.activityID, v.rep.Period}]
			if !ok {
				return importError(rows[i], bitacora.Errorf(bitacora.ECONFLICT, "the report changed meanwhile: import the file again").WithKey("error_conflict"))
			}
			snapshot, err := json.Marshal(v.rep)
			if err != nil {
				return importError(rows[i], err)
			}
			vs.add(id, v.rep.Version, string(v.rep.State), string(snapshot), actor, v.rep.UpdatedAt)
		}
		vs.flush()
		w.bump(PartReports)
		// The change record last, as audit asks.
		w.auditAll(changes)
		return w.err
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

// reportAt names a report by its activity's id and its period: the key
// of the reports table.
type reportAt struct {
	activityID int64
	period     string
}

// storedReport is a report as importReads finds it.
type storedReport struct {
	id     int64
	report *bitacora.Report
}

// importReads reads, in a few statements, what an import needs to know of
// every row: the programme's activity ids (into sc), and the reports the
// rows name that exist, locked, each with its files and contributions.
// Rows naming an unknown activity or period are left to sc.locate.
func (s *DB) importReads(ctx context.Context, tx *sql.Tx, sc *reportScope, rows []bitacora.ReportImport) (map[reportAt]*storedReport, error) {
	r := reader{s: s, q: tx, ctx: ctx}
	r.each(`SELECT code, id FROM activities WHERE programme_id = ?`, []any{sc.programmeID}, func(row scanner) error {
		var code string
		var id int64
		err := row.Scan(&code, &id)
		sc.activityIDs[code] = id
		return err
	})
	if r.err != nil {
		return nil, r.err
	}
	wanted := map[reportAt]bool{}
	var activities []any
	var periods []any
	seenActivity, seenPeriod := map[int64]bool{}, map[string]bool{}
	for _, ri := range rows {
		id, ok := sc.activityIDs[ri.Activity]
		if !ok {
			continue
		}
		wanted[reportAt{id, ri.Period}] = true
		if !seenActivity[id] {
			seenActivity[id] = true
			activities = append(activities, id)
		}
		if !seenPeriod[ri.Period] {
			seenPeriod[ri.Period] = true
			periods = append(periods, ri.Period)
		}
	}
	found := map[reportAt]*storedReport{}
	byID := map[int64]*storedReport{}
	var ids []any
	// Reports: the activities in chunks, the periods (a programme has a
	// few dozen) whole.
	step := min(maxBatchRows, maxParams-1-len(periods))
	for len(activities) > 0 {
		chunk := activities[:min(step, len(activities))]
		activities = activities[len(chunk):]
		args := append(append([]any{sc.programmeID}, chunk...), periods...)
		r.each(`SELECT id, activity_id, period_key, version, state, content_json, review_comment, updated_at, submitted_at, accepted_at
			FROM reports WHERE programme_id = ? AND activity_id IN (`+inMarks(len(chunk))+`) AND period_key IN (`+inMarks(len(periods))+`)`+s.dialect.ForUpdate,
			args, func(row scanner) error {
				var at reportAt
				var rep bitacora.Report
				var content string
				st := &storedReport{report: &rep}
				if err := row.Scan(&st.id, &at.activityID, &at.period, &rep.Version, &rep.State, &content, &rep.ReviewComment,
					&rep.UpdatedAt, &rep.SubmittedAt, &rep.AcceptedAt); err != nil {
					return err
				}
				if !wanted[at] {
					return nil
				}
				if err := json.Unmarshal([]byte(content), &rep.ReportContent); err != nil {
					return fmt.Errorf("report %d: %w", st.id, err)
				}
				normalise(&rep.ReportContent)
				rep.Files, rep.Contributions = []bitacora.File{}, []bitacora.Contribution{}
				found[at], byID[st.id] = st, st
				ids = append(ids, st.id)
				return nil
			})
	}
	// Their files and contributions, as fillReport reads them.
	for len(ids) > 0 {
		chunk := ids[:min(maxBatchRows, len(ids))]
		ids = ids[len(chunk):]
		in := inMarks(len(chunk))
		r.each(`SELECT report_id, id, name, content_type, size, sha256 FROM report_files WHERE report_id IN (`+in+`)
			AND removed_at = '' AND withdrawn_at = '' ORDER BY report_id, id`, chunk, func(row scanner) error {
			var id int64
			var f bitacora.File
			if err := row.Scan(&id, &f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256); err != nil {
				return err
			}
			f.ContentType = bitacora.ServedType(f.ContentType)
			byID[id].report.Files = append(byID[id].report.Files, f)
			return nil
		})
		r.each(`SELECT report_id, party_id, text, at FROM report_contributions WHERE report_id IN (`+in+`) ORDER BY report_id, party_id`, chunk, func(row scanner) error {
			var id int64
			var c bitacora.Contribution
			if err := row.Scan(&id, &c.PartyID, &c.Text, &c.At); err != nil {
				return err
			}
			byID[id].report.Contributions = append(byID[id].report.Contributions, c)
			return nil
		})
	}
	return found, r.err
}

// applyImport does to a report what SaveReport, then Submit, then Review's
// acceptance would, as far as the row's state says, in one version. What
// the row does not give, the report keeps.
func (s *DB) applyImport(ri bitacora.ReportImport) applyFunc {
	return func(row *reportRow, rep *bitacora.Report, w *writer) error {
		c := ri.Content
		if !ri.HasNarrative {
			c.Narrative = rep.Narrative
		}
		if !ri.HasLinks {
			c.Links = rep.Links
		}
		c.Events, c.Components = rep.Events, rep.Components
		if err := c.Validate(row.activity).Check(); err != nil {
			return err
		}
		now := s.now().Format(bitacora.AuditTimeFormat)
		switch ri.State {
		case bitacora.StateDraft:
		case bitacora.StateSubmitted:
			rep.SubmittedAt = now
		case bitacora.StateAccepted:
			rep.SubmittedAt, rep.AcceptedAt, rep.ReviewComment = now, now, ""
		default:
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"state": "field_state_invalid"}}
		}
		rep.ReportContent, rep.State = c, ri.State
		return nil
	}
}

// importError names the line of the row at fault, keeping the error's code.
func importError(ri bitacora.ReportImport, err error) error {
	where := fmt.Sprintf("line %d (activity %s, period %s)", ri.Line, ri.Activity, ri.Period)
	var fe *bitacora.InvalidFields
	var de *bitacora.Error
	switch {
	case errors.As(err, &fe):
		fields := make([]string, 0, len(fe.Fields))
		for f := range fe.Fields {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		return bitacora.Errorf(bitacora.EINVALID, "%s: invalid %s", where, strings.Join(fields, ", ")).WithKey("error_import_row_invalid", "Line", ri.Line, "Activity", ri.Activity, "Period", ri.Period, "Fields", strings.Join(fields, ", "))
	case errors.As(err, &de):
		return bitacora.Errorf(de.Code, "%s: %s", where, de.Message).WithKey("error_import_row", "Line", ri.Line, "Activity", ri.Activity, "Period", ri.Period, "Cause", de)
	}
	return fmt.Errorf("store: import reports: %s: %w", where, err)
}
