package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/elac/bitacora"
)

// reportSubject is the change record's subject of a report: its activity.
func reportSubject(k bitacora.ReportKey) string { return ActivitySubject(k.Programme, k.Activity) }

// defaultPeriods are the half-years from the one the programme was adopted
// in to the last of its end year: for eLAC2020, 2018-H2 to 2020-H2.
func defaultPeriods(p bitacora.Programme) []bitacora.Period {
	from := fmt.Sprintf("%d-H1", p.StartYear)
	if len(p.Adopted) >= 7 && p.Adopted[:4] == fmt.Sprint(p.StartYear) && p.Adopted[5:7] >= "07" {
		from = fmt.Sprintf("%d-H2", p.StartYear)
	}
	ps, err := bitacora.HalfYears(from, fmt.Sprintf("%d-H2", p.EndYear))
	if err != nil || len(ps) > 40 {
		return nil
	}
	return ps
}

func (w *writer) writePeriods(ps []bitacora.Period) {
	w.exec(`DELETE FROM periods WHERE programme_id = ?`, w.programme)
	for i, p := range ps {
		w.exec(`INSERT INTO periods (programme_id, position, key, starts_on, ends_on, deadline) VALUES (?, ?, ?, ?, ?, ?)`,
			w.programme, i, p.Key, p.StartsOn, p.EndsOn, p.Deadline)
	}
}

// Periods returns a programme's reporting periods in order.
func (s *DB) Periods(ctx context.Context, slug string) ([]bitacora.Period, error) {
	id, err := s.programmeID(ctx, s.db, slug)
	if err != nil {
		return nil, err
	}
	return s.periods(ctx, s.db, id)
}

func (s *DB) periods(ctx context.Context, q queryer, programmeID int64) ([]bitacora.Period, error) {
	ps := []bitacora.Period{}
	r := reader{s: s, q: q, ctx: ctx}
	r.each(`SELECT key, starts_on, ends_on, deadline FROM periods WHERE programme_id = ? ORDER BY position`, []any{programmeID}, func(sc scanner) error {
		var p bitacora.Period
		err := sc.Scan(&p.Key, &p.StartsOn, &p.EndsOn, &p.Deadline)
		ps = append(ps, p)
		return err
	})
	return ps, r.err
}

// SetPeriods replaces a programme's periods. A period that has reports
// cannot go.
func (s *DB) SetPeriods(ctx context.Context, slug string, ps []bitacora.Period) error {
	if err := bitacora.ValidatePeriods(ps).Check(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		before, err := s.periods(ctx, tx, id)
		if err != nil {
			return err
		}
		keep := map[string]bool{}
		for _, p := range ps {
			keep[p.Key] = true
		}
		for _, p := range before {
			var n int
			if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM reports WHERE programme_id = ? AND period_key = ?`), id, p.Key).Scan(&n); err != nil {
				return err
			}
			if n > 0 && !keep[p.Key] {
				return bitacora.Errorf(bitacora.ECONFLICT, "period %s has %d reports: it cannot be removed", p.Key, n).WithKey("error_period_has_reports", "Period", p.Key, "Count", n)
			}
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: id}
		w.writePeriods(ps)
		w.bump(PartPlan)
		w.audit(bitacora.ActionPeriodsSet, ProgrammeSubject(slug), before, ps)
		return w.err
	})
}

// reportRow locates a report's activity and period, and the report if any.
type reportRow struct {
	programmeID, activityID, reportID int64
	activity                          *bitacora.Activity
	period                            bitacora.Period
	report                            *bitacora.Report
}

func (s *DB) locateReport(ctx context.Context, tx *sql.Tx, k bitacora.ReportKey, lock bool) (*reportRow, error) {
	sc, err := s.reportScope(ctx, tx, k.Programme)
	if err != nil {
		return nil, err
	}
	return s.locateIn(ctx, tx, sc, k, lock)
}

// reportScope is what the reports of a programme are located in: its
// document and periods, read once for any number of reports.
type reportScope struct {
	doc         *bitacora.Document
	programmeID int64
	periods     []bitacora.Period
	activityIDs map[string]int64 // filled as reports are located
}

func (s *DB) reportScope(ctx context.Context, tx *sql.Tx, slug string) (*reportScope, error) {
	doc, err := s.document(ctx, tx, slug)
	if err != nil {
		return nil, err
	}
	sc := &reportScope{doc: doc, activityIDs: map[string]int64{}}
	if sc.programmeID, err = s.programmeID(ctx, tx, slug); err != nil {
		return nil, err
	}
	if sc.periods, err = s.periods(ctx, tx, sc.programmeID); err != nil {
		return nil, err
	}
	return sc, nil
}

// errNoActivityID is locate's word that the activity's id is not among
// those read so far.
var errNoActivityID = errors.New("store: activity id not read")

// locate finds a report's activity and period in the scope, without the
// report: an unknown activity or period is an invalid field.
func (sc *reportScope) locate(k bitacora.ReportKey) (*reportRow, error) {
	row := &reportRow{programmeID: sc.programmeID, activity: sc.doc.Activity(k.Activity)}
	if row.activity == nil {
		return nil, &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"activity": "field_activity_unknown"}}
	}
	found := false
	for _, p := range sc.periods {
		if p.Key == k.Period {
			row.period, found = p, true
		}
	}
	if !found {
		return nil, &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"period": "field_period_unknown"}}
	}
	id, ok := sc.activityIDs[k.Activity]
	if !ok {
		return row, errNoActivityID
	}
	row.activityID = id
	return row, nil
}

func (s *DB) locateIn(ctx context.Context, tx *sql.Tx, sc *reportScope, k bitacora.ReportKey, lock bool) (*reportRow, error) {
	row, err := sc.locate(k)
	if err == errNoActivityID {
		var id int64
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT id FROM activities WHERE programme_id = ? AND code = ?`),
			row.programmeID, k.Activity).Scan(&id); err != nil {
			return nil, err
		}
		sc.activityIDs[k.Activity], row.activityID = id, id
	} else if err != nil {
		return nil, err
	}
	forUpdate := ""
	if lock {
		forUpdate = s.dialect.ForUpdate
	}
	var rep bitacora.Report
	var content string
	err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT id, version, state, content_json, review_comment, updated_at, submitted_at, accepted_at
		FROM reports WHERE activity_id = ? AND period_key = ?`+forUpdate), row.activityID, k.Period).Scan(
		&row.reportID, &rep.Version, &rep.State, &content, &rep.ReviewComment, &rep.UpdatedAt, &rep.SubmittedAt, &rep.AcceptedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return row, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(content), &rep.ReportContent); err != nil {
		return nil, fmt.Errorf("store: report %v: %w", k, err)
	}
	rep.Programme, rep.Activity, rep.Period = k.Programme, k.Activity, k.Period
	if err := s.fillReport(ctx, tx, row.reportID, &rep); err != nil {
		return nil, err
	}
	row.report = &rep
	return row, nil
}

func (s *DB) fillReport(ctx context.Context, q queryer, reportID int64, rep *bitacora.Report) error {
	rep.Files, rep.Contributions = []bitacora.File{}, []bitacora.Contribution{}
	normalise(&rep.ReportContent)
	r := reader{s: s, q: q, ctx: ctx}
	// A file removed from the working version (still listed by the public
	// one until the next acceptance) or withdrawn is not the report's.
	r.each(`SELECT id, name, content_type, size, sha256 FROM report_files WHERE report_id = ? AND removed_at = '' AND withdrawn_at = ''
		ORDER BY id`, []any{reportID}, func(sc scanner) error {
		var f bitacora.File
		err := sc.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256)
		f.ContentType = bitacora.ServedType(f.ContentType)
		rep.Files = append(rep.Files, f)
		return err
	})
	r.each(`SELECT party_id, text, at FROM report_contributions WHERE report_id = ? ORDER BY party_id`, []any{reportID}, func(sc scanner) error {
		var c bitacora.Contribution
		err := sc.Scan(&c.PartyID, &c.Text, &c.At)
		rep.Contributions = append(rep.Contributions, c)
		return err
	})
	return r.err
}

func normalise(c *bitacora.ReportContent) {
	if c.Links == nil {
		c.Links = []bitacora.Link{}
	}
	if c.Events == nil {
		c.Events = []bitacora.Event{}
	}
	if c.Components == nil {
		c.Components = []bitacora.ComponentState{}
	}
}

// Report returns the report as its authors and the Bureau see it now.
func (s *DB) Report(ctx context.Context, k bitacora.ReportKey) (*bitacora.Report, error) {
	var rep *bitacora.Report
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		row, err := s.locateReport(ctx, tx, k, false)
		if err != nil {
			return err
		}
		if row.report == nil {
			return bitacora.Errorf(bitacora.ENOTFOUND, "no report on %s for %s", k.Activity, k.Period).WithKey("error_no_report", "Activity", k.Activity, "Period", k.Period)
		}
		rep = row.report
		return nil
	})
	return rep, err
}

// change runs one change to a report in a transaction: it asks the guard
// (the service's rule, bitacora.ReportGuard) on the activity and the report
// as locked, checks the version the change started from, applies it, bumps
// the version, keeps the new version whole, and records it in the change
// record.
func (s *DB) change(ctx context.Context, k bitacora.ReportKey, base int, action string, guard bitacora.ReportGuard, apply applyFunc) (*bitacora.Report, error) {
	return s.changeSteps(ctx, k, base, guard, step{action, apply})
}

// step is one change of changes: its action in the change record, and
// what it does to the report.
type step struct {
	action string
	apply  applyFunc
}

// changeSteps runs changes one after another in one transaction, as change
// runs one: each makes a version of its own, with its entry in the change
// record, and either all of them are kept or none. The guard is asked
// once, of the report as it was; only a first step that saves creates a
// report.
func (s *DB) changeSteps(ctx context.Context, k bitacora.ReportKey, base int, guard bitacora.ReportGuard, steps ...step) (*bitacora.Report, error) {
	var out *bitacora.Report
	err := s.tx(ctx, func(tx *sql.Tx) error {
		row, err := s.locateReport(ctx, tx, k, true)
		if err != nil {
			return err
		}
		if guard != nil {
			if err := guard(row.activity, row.report); err != nil {
				return err
			}
		}
		current := 0
		if row.report != nil {
			current = row.report.Version
		} else if steps[0].action != bitacora.ActionReportSave {
			// Only saving creates a report.
			return bitacora.Errorf(bitacora.ENOTFOUND, "no report on %s for %s", k.Activity, k.Period).WithKey("error_no_report", "Activity", k.Activity, "Period", k.Period)
		}
		if base != current {
			if row.report == nil {
				return bitacora.Errorf(bitacora.ENOTFOUND, "no report on %s for %s", k.Activity, k.Period).WithKey("error_no_report", "Activity", k.Activity, "Period", k.Period)
			}
			return &bitacora.Conflict{Current: row.report}
		}
		w := &writer{s: s, tx: tx, ctx: ctx, programme: row.programmeID}
		for _, st := range steps {
			action := st.action
			rep, err := s.writeReport(w, row, k, st.apply)
			if err != nil {
				return err
			}
			w.bump(PartReports)
			w.audit(action, reportSubject(k), reportSummary(row.report), reportSummary(rep))
			w.reportEvents(action, row, rep)
			row.report, out = rep, rep
		}
		return w.err
	})
	return out, err
}

// applyFunc changes a report, read locked in row, into rep, a copy that
// writeReport then stores.
type applyFunc func(row *reportRow, rep *bitacora.Report, w *writer) error

// writeReport applies a change to the report in row and stores the result
// as the next version: the report's row, and the new version whole in
// report_versions. The caller bumps the generation and writes the change
// record.
func (s *DB) writeReport(w *writer, row *reportRow, k bitacora.ReportKey, apply applyFunc) (*bitacora.Report, error) {
	rep, content, err := s.nextReport(w, row, k, apply)
	if err != nil {
		return nil, err
	}
	if row.report == nil {
		row.reportID = w.insertID(`INSERT INTO reports (programme_id, activity_id, period_key, version, state, content_json, review_comment,
			updated_at, submitted_at, accepted_at, published_gen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			row.programmeID, row.activityID, k.Period, rep.Version, string(rep.State), content, rep.ReviewComment,
			rep.UpdatedAt, rep.SubmittedAt, rep.AcceptedAt, w.generation())
	} else {
		w.exec(`UPDATE reports SET version = ?, state = ?, content_json = ?, review_comment = ?, updated_at = ?, submitted_at = ?, accepted_at = ?,
			published_gen = ? WHERE id = ?`, rep.Version, string(rep.State), content, rep.ReviewComment, rep.UpdatedAt, rep.SubmittedAt, rep.AcceptedAt,
			w.generation(), row.reportID)
	}
	if w.err != nil {
		return nil, w.err
	}
	// Files and contributions are rows of their own: read them back,
	// so that the kept version holds them as they now are. A new report
	// has none yet.
	if row.report != nil {
		if err := s.fillReport(w.ctx, w.tx, row.reportID, rep); err != nil {
			return nil, err
		}
	}
	snapshot, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	w.exec(`INSERT INTO report_versions (report_id, version, state, snapshot_json, actor, at) VALUES (?, ?, ?, ?, ?, ?)`,
		row.reportID, rep.Version, string(rep.State), string(snapshot), bitacora.ActorFrom(w.ctx).String(), rep.UpdatedAt)
	return rep, w.err
}

// nextReport is the part of a change made in memory: it applies the change
// to a copy of the report in row (a new draft if there is none) and makes
// it the next version, updated now. It returns that version and its
// content as stored.
func (s *DB) nextReport(w *writer, row *reportRow, k bitacora.ReportKey, apply applyFunc) (*bitacora.Report, string, error) {
	current := 0
	rep := &bitacora.Report{Programme: k.Programme, Activity: k.Activity, Period: k.Period, State: bitacora.StateDraft,
		Files: []bitacora.File{}, Contributions: []bitacora.Contribution{}}
	if row.report != nil {
		current = row.report.Version
		cp := *row.report
		rep = &cp
	}
	if err := apply(row, rep, w); err != nil {
		return nil, "", err
	}
	rep.Version = current + 1
	rep.UpdatedAt = s.now().Format(bitacora.AuditTimeFormat)
	normalise(&rep.ReportContent)
	content, err := json.Marshal(rep.ReportContent)
	if err != nil {
		return nil, "", err
	}
	return rep, string(content), nil
}

// reportSummary is what the change record keeps of a report version: enough
// to see what changed, without the files' bytes.
func reportSummary(r *bitacora.Report) any {
	if r == nil {
		return nil
	}
	return map[string]any{"period": r.Period, "version": r.Version, "state": r.State, "status": r.Status,
		"completion": r.Completion, "narrative_sha256": sum(r.Narrative), "files": len(r.Files), "file_ids": fileIDs(r.Files),
		"review_comment": r.ReviewComment}
}

// fileIDs are the ids of files, for the change record: which file a
// removal took is told by its id, never by its name.
func fileIDs(fs []bitacora.File) []int64 {
	ids := make([]int64, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	return ids
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// SaveReport writes the content of a report, creating it as a draft (base
// 0) or editing the version base. A report under review cannot be edited;
// an accepted one can, as a new draft, while the public keeps seeing the
// accepted version.
//
// The guards of this file are the services' rules (bitacora.Reports); nil
// asks nothing, for tests that set data up.
func (s *DB) SaveReport(ctx context.Context, k bitacora.ReportKey, base int, c bitacora.ReportContent, guard bitacora.ReportGuard) (*bitacora.Report, error) {
	return s.change(ctx, k, base, bitacora.ActionReportSave, guard, saveStep(c))
}

// SaveReportWithFile saves the content of a report and attaches a file to
// it in one transaction: the content's version and the file's version
// after it are kept both, or neither. A form that sends a text and a file
// together must never leave the text saved without its file (a refused
// file, or a crash between two transactions, did).
func (s *DB) SaveReportWithFile(ctx context.Context, k bitacora.ReportKey, base int, c bitacora.ReportContent, e bitacora.Evidence, guard bitacora.ReportGuard) (*bitacora.Report, error) {
	return s.changeSteps(ctx, k, base, guard, step{bitacora.ActionReportSave, saveStep(c)}, step{bitacora.ActionReportFile, addFileStep(e)})
}

func saveStep(c bitacora.ReportContent) applyFunc {
	return func(row *reportRow, rep *bitacora.Report, w *writer) error {
		if err := c.Validate(row.activity).Check(); err != nil {
			return err
		}
		if rep.State == bitacora.StateSubmitted {
			return bitacora.Errorf(bitacora.ECONFLICT, "the report is with the Bureau: it cannot be edited until it is returned or accepted").WithKey("error_report_with_bureau")
		}
		rep.ReportContent, rep.State = c, bitacora.StateDraft
		return nil
	}
}

// Submit sends a draft or returned report to the Bureau.
func (s *DB) Submit(ctx context.Context, k bitacora.ReportKey, base int, guard bitacora.ReportGuard) (*bitacora.Report, error) {
	return s.change(ctx, k, base, bitacora.ActionReportSubmit, guard, func(row *reportRow, rep *bitacora.Report, w *writer) error {
		if rep.State != bitacora.StateDraft && rep.State != bitacora.StateReturned {
			return bitacora.Errorf(bitacora.ECONFLICT, "only a draft or a returned report can be submitted; this one is %s", rep.State).WithKey("error_submit_state")
		}
		rep.State, rep.SubmittedAt = bitacora.StateSubmitted, s.now().Format(bitacora.AuditTimeFormat)
		return nil
	})
}

// Review is the Bureau's decision on a submitted report: accept it, or
// return it to its authors with a comment.
func (s *DB) Review(ctx context.Context, k bitacora.ReportKey, base int, accept bool, comment string, guard bitacora.ReportGuard) (*bitacora.Report, error) {
	comment = strings.TrimSpace(comment)
	return s.change(ctx, k, base, bitacora.ActionReportReview, guard, func(row *reportRow, rep *bitacora.Report, w *writer) error {
		if rep.State != bitacora.StateSubmitted {
			return bitacora.Errorf(bitacora.ECONFLICT, "only a submitted report can be reviewed; this one is %s", rep.State).WithKey("error_review_state")
		}
		if !accept && comment == "" {
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"comment": "field_comment_required"}}
		}
		if len(comment) > bitacora.MaxNarrative {
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"comment": "field_narrative_long"}}
		}
		rep.ReviewComment = comment
		if accept {
			rep.State, rep.AcceptedAt = bitacora.StateAccepted, s.now().Format(bitacora.AuditTimeFormat)
			// The files its authors removed were kept for the version
			// the public saw until now; this one replaces it. A withdrawn
			// one stays, so that its address keeps saying so (410).
			w.exec(`DELETE FROM report_files WHERE report_id = ? AND removed_at <> '' AND withdrawn_at = ''`, row.reportID)
		} else {
			rep.State = bitacora.StateReturned
		}
		return nil
	})
}

// AddFile attaches a piece of evidence to a report that its authors may
// still edit. The caller has checked the type by content; a type that is
// not on the closed list (bitacora.EvidenceTypes) is refused here too, and
// so is a file whose content the working version already holds.
func (s *DB) AddFile(ctx context.Context, k bitacora.ReportKey, base int, name, contentType string, data []byte, guard bitacora.ReportGuard) (*bitacora.Report, error) {
	return s.change(ctx, k, base, bitacora.ActionReportFile, guard, addFileStep(bitacora.Evidence{Name: name, ContentType: contentType, Data: data}))
}

func addFileStep(e bitacora.Evidence) applyFunc {
	return func(row *reportRow, rep *bitacora.Report, w *writer) error {
		if err := editableFiles(row, rep); err != nil {
			return err
		}
		return w.s.insertFile(w, row, rep, e, 0)
	}
}

// editableFiles refuses a change to the files of a report that is with the
// Bureau, or that does not exist yet.
func editableFiles(row *reportRow, rep *bitacora.Report) error {
	if rep.State == bitacora.StateSubmitted {
		return bitacora.Errorf(bitacora.ECONFLICT, "the report is with the Bureau: it cannot be edited until it is returned or accepted").WithKey("error_report_with_bureau")
	}
	if row.report == nil {
		return bitacora.Errorf(bitacora.ENOTFOUND, "save the report before attaching files").WithKey("error_save_before_files")
	}
	return nil
}

// insertFile stores an upload as a file of the report in row, and makes
// the report a draft. A file with the content of one the working version
// holds (but the one it replaces, except) is refused: a second identical
// entry is never evidence of anything, and a refusal tells the author the
// file is already there, where a silent replacement would leave them
// wondering which of the two the report keeps.
func (s *DB) insertFile(w *writer, row *reportRow, rep *bitacora.Report, e bitacora.Evidence, except int64) error {
	if len(e.Data) > bitacora.MaxFileSize {
		return bitacora.Errorf(bitacora.ETOOLARGE, "files may be at most %d MB", bitacora.MaxFileSize>>20).WithKey("error_file_size", "MB", bitacora.MaxFileSize>>20)
	}
	if !bitacora.EvidenceType(e.ContentType) {
		return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"file": "field_file_type"}}
	}
	digest := bitacora.FileSHA256(e.Data)
	for _, f := range rep.Files {
		if f.SHA256 == digest && f.ID != except {
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"file": "field_file_duplicate"}}
		}
	}
	id := w.insertID(`INSERT INTO report_files (report_id, name, content_type, size, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		row.reportID, e.Name, e.ContentType, len(e.Data), digest, s.now().Format(bitacora.AuditTimeFormat))
	for seq, data := 0, e.Data; len(data) > 0 && w.err == nil; seq++ {
		n := min(len(data), fileChunk)
		w.exec(`INSERT INTO report_file_chunks (file_id, seq, data) VALUES (?, ?, ?)`, id, seq, data[:n])
		data = data[n:]
	}
	rep.State = bitacora.StateDraft
	return w.err
}

// fileChunk is the most bytes of a file one row of report_file_chunks
// holds (migration 0020): a value passes whole through the driver and
// SQLite's record code, in copies the Go runtime cannot interrupt, and one
// of 20 MB held every request for about 80 ms.
const fileChunk = 256 << 10

// RemoveFile takes a file off the working version of a report its authors
// may still edit, and puts replacement (if not nil) in its place, in one
// change. A file that no accepted version lists is deleted, bytes and
// all; one that the public version lists stays there (and servable to the
// public) until the next acceptance, but is no longer the report's.
func (s *DB) RemoveFile(ctx context.Context, k bitacora.ReportKey, base int, fileID int64, replacement *bitacora.Evidence, guard bitacora.ReportGuard) (*bitacora.Report, error) {
	return s.change(ctx, k, base, bitacora.ActionReportFileRemove, guard, func(row *reportRow, rep *bitacora.Report, w *writer) error {
		if err := editableFiles(row, rep); err != nil {
			return err
		}
		if !slices.ContainsFunc(rep.Files, func(f bitacora.File) bool { return f.ID == fileID }) {
			return bitacora.Errorf(bitacora.ENOTFOUND, "no file %d", fileID).WithKey("error_no_file", "File", fileID)
		}
		if replacement != nil {
			if err := s.insertFile(w, row, rep, *replacement, fileID); err != nil {
				return err
			}
		}
		published, err := s.acceptedFile(w.ctx, w.tx, row.reportID, fileID)
		if err != nil {
			return err
		}
		if published {
			w.exec(`UPDATE report_files SET removed_at = ? WHERE id = ?`, s.now().Format(bitacora.AuditTimeFormat), fileID)
		} else {
			w.exec(`DELETE FROM report_files WHERE id = ?`, fileID)
		}
		rep.State = bitacora.StateDraft
		return w.err
	})
}

// acceptedFile reports whether the latest accepted version of the report
// lists the file: whether the public may see it.
func (s *DB) acceptedFile(ctx context.Context, q queryer, reportID, fileID int64) (bool, error) {
	var snap string
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT snapshot_json FROM report_versions WHERE report_id = ? AND state = 'accepted'
		ORDER BY version DESC LIMIT 1`), reportID).Scan(&snap)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var rep bitacora.Report
	if err := json.Unmarshal([]byte(snap), &rep); err != nil {
		return false, fmt.Errorf("store: report %d: %w", reportID, err)
	}
	return slices.ContainsFunc(rep.Files, func(f bitacora.File) bool { return f.ID == fileID }), nil
}

// Contribute records a co-responsible party's contribution to a report.
// The guard chooses the party from the one asked for (partyID); without a
// guard, partyID is the party.
func (s *DB) Contribute(ctx context.Context, k bitacora.ReportKey, base int, partyID, text string, guard bitacora.ContributionGuard) (*bitacora.Report, error) {
	text = strings.TrimSpace(text)
	var reportGuard bitacora.ReportGuard
	if guard != nil {
		reportGuard = func(a *bitacora.Activity, cur *bitacora.Report) (err error) {
			partyID, err = guard(a, cur, partyID)
			return err
		}
	}
	return s.change(ctx, k, base, bitacora.ActionReportContribute, reportGuard, func(row *reportRow, rep *bitacora.Report, w *writer) error {
		if row.report == nil {
			return bitacora.Errorf(bitacora.ENOTFOUND, "the responsible party has not started this report yet").WithKey("error_report_not_started")
		}
		if text == "" || len(text) > bitacora.MaxNarrative {
			return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"contribution": "field_required"}}
		}
		w.exec(`INSERT INTO report_contributions (report_id, party_id, text, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (report_id, party_id) DO UPDATE SET text = excluded.text, at = excluded.at`,
			row.reportID, partyID, text, s.now().Format(bitacora.AuditTimeFormat))
		if rep.State == bitacora.StateAccepted {
			rep.State = bitacora.StateDraft
		}
		return w.err
	})
}

// AcceptedReports returns, for every activity and period of a programme,
// the latest accepted version of its report: what the public sees.
func (s *DB) AcceptedReports(ctx context.Context, slug string) ([]bitacora.Report, error) {
	list := []bitacora.Report{}
	err := s.eachAccepted(ctx, slug, -1, func(snapshot []byte) error {
		var rep bitacora.Report
		if err := json.Unmarshal(snapshot, &rep); err != nil {
			return err
		}
		list = append(list, rep)
		return nil
	})
	return list, err
}

// AcceptedStandingsSince returns what the public follow-up keeps
// (bitacora.Standing) of the latest accepted version of each report of the
// programme written after generation since (see Generations; -1 for all):
// what a reader that has the rest needs to catch up. A report written since
// that has no accepted version (a first draft) is not among them; one that
// has gives it, whatever its working version.
func (s *DB) AcceptedStandingsSince(ctx context.Context, slug string, since int64) ([]bitacora.Standing, error) {
	list := []bitacora.Standing{}
	err := s.eachAccepted(ctx, slug, since, func(snapshot []byte) error {
		var st bitacora.Standing
		if err := json.Unmarshal(snapshot, &st); err != nil {
			return err
		}
		list = append(list, st)
		return nil
	})
	return list, err
}

// eachAccepted calls fn with the kept version (JSON) of the latest accepted
// version of each report of the programme written after generation since.
func (s *DB) eachAccepted(ctx context.Context, slug string, since int64, fn func(snapshot []byte) error) error {
	id, err := s.programmeID(ctx, s.db, slug)
	if err != nil {
		return err
	}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT v.snapshot_json FROM report_versions v JOIN reports p ON p.id = v.report_id
		WHERE p.programme_id = ? AND p.published_gen > ? AND v.state = 'accepted' AND v.version = (
			SELECT MAX(v2.version) FROM report_versions v2 WHERE v2.report_id = v.report_id AND v2.state = 'accepted')
		ORDER BY p.activity_id, p.period_key`, []any{id, since}, func(sc scanner) error {
		var snapshot []byte
		if err := sc.Scan(&snapshot); err != nil {
			return err
		}
		return fn(snapshot)
	})
	return r.err
}

// AcceptedReport returns the latest accepted version of a report, or nil
// when it has none (or there is no such report).
func (s *DB) AcceptedReport(ctx context.Context, k bitacora.ReportKey) (*bitacora.Report, error) {
	var out *bitacora.Report
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT v.snapshot_json FROM report_versions v JOIN reports p ON p.id = v.report_id
		JOIN activities t ON t.id = p.activity_id JOIN programmes g ON g.id = p.programme_id
		WHERE g.slug = ? AND t.code = ? AND p.period_key = ? AND v.state = 'accepted'
		ORDER BY v.version DESC LIMIT 1`, []any{k.Programme, k.Activity, k.Period}, func(sc scanner) error {
		var snapshot []byte
		if err := sc.Scan(&snapshot); err != nil {
			return err
		}
		out = &bitacora.Report{}
		return json.Unmarshal(snapshot, out)
	})
	return out, r.err
}

// ReportVersions returns every kept version of a report, newest first.
func (s *DB) ReportVersions(ctx context.Context, k bitacora.ReportKey) ([]bitacora.Report, error) {
	list := []bitacora.Report{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT v.snapshot_json FROM report_versions v JOIN reports p ON p.id = v.report_id
		JOIN activities t ON t.id = p.activity_id JOIN programmes g ON g.id = p.programme_id
		WHERE g.slug = ? AND t.code = ? AND p.period_key = ? ORDER BY v.version DESC`, []any{k.Programme, k.Activity, k.Period}, func(sc scanner) error {
		var snap string
		if err := sc.Scan(&snap); err != nil {
			return err
		}
		var rep bitacora.Report
		err := json.Unmarshal([]byte(snap), &rep)
		list = append(list, rep)
		return err
	})
	return list, r.err
}

// FileInfo returns an evidence file, and whether the public may see it:
// only files of a report's accepted version are public. A file the
// secretariat withdrew is a *bitacora.Withdrawn error (EGONE). Its bytes
// are read a chunk at a time (FileChunk), so that neither a download nor
// the server holds a whole file.
func (s *DB) FileInfo(ctx context.Context, id int64) (f bitacora.File, public bool, err error) {
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		f, public, err = s.fileInfo(ctx, tx, id)
		return err
	})
	return f, public, err
}

func (s *DB) fileInfo(ctx context.Context, q queryer, id int64) (f bitacora.File, public bool, err error) {
	var reportID int64
	var withdrawnAt string
	err = q.QueryRowContext(ctx, s.dialect.rebind(`SELECT id, report_id, name, content_type, size, sha256, withdrawn_at FROM report_files WHERE id = ?`), id).
		Scan(&f.ID, &reportID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &withdrawnAt)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, bitacora.Errorf(bitacora.ENOTFOUND, "no file %d", id).WithKey("error_no_file", "File", id)
	}
	if err != nil {
		return f, false, err
	}
	if withdrawnAt != "" {
		return bitacora.File{ID: id}, false, &bitacora.Withdrawn{FileID: id, At: withdrawnAt}
	}
	public, err = s.acceptedFile(ctx, q, reportID, id)
	return f, public, err
}

// FileChunk returns chunk seq (from 0) of file id's bytes: the file is
// its chunks in order, each at most fileChunk bytes (a file stored before
// migration 0020 is one chunk). A chunk that is not there, past the end or
// of a file removed or withdrawn meanwhile, is ENOTFOUND.
func (s *DB) FileChunk(ctx context.Context, id int64, seq int) ([]byte, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT data FROM report_file_chunks WHERE file_id = ? AND seq = ?`), id, seq).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "file %d has no chunk %d", id, seq).WithKey("error_no_file", "File", id)
	}
	return data, err
}

// WithdrawFile takes down a file of the report k that an accepted version
// published by mistake: its bytes and name are cleared, every kept version
// of the report forgets it (so that no page, feed, export or API answer
// lists it again), and its address answers that it was withdrawn, and
// when. The change record keeps the file's id, size, digest and the
// reason, never its name: the name may be what had to go. The caller
// (bitacora.Reports.WithdrawFile) has asked the policy.
func (s *DB) WithdrawFile(ctx context.Context, k bitacora.ReportKey, fileID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 2000 {
		return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"reason": "field_required"}}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		row, err := s.locateReport(ctx, tx, k, true)
		if err != nil {
			return err
		}
		var f bitacora.File
		var withdrawnAt string
		err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT id, size, sha256, withdrawn_at FROM report_files WHERE id = ? AND report_id = ?`+s.dialect.ForUpdate),
			fileID, row.reportID).Scan(&f.ID, &f.Size, &f.SHA256, &withdrawnAt)
		if errors.Is(err, sql.ErrNoRows) || row.report == nil {
			return bitacora.Errorf(bitacora.ENOTFOUND, "no file %d", fileID).WithKey("error_no_file", "File", fileID)
		}
		if err != nil {
			return err
		}
		if withdrawnAt != "" {
			return bitacora.Errorf(bitacora.ECONFLICT, "file %d was withdrawn already", fileID).WithKey("error_file_withdrawn_already")
		}
		// Only what the public saw is the secretariat's to take down; a
		// draft's file is its authors' to remove.
		versions := map[int]string{}
		published := false
		r := reader{s: s, q: tx, ctx: ctx}
		r.each(`SELECT version, state, snapshot_json FROM report_versions WHERE report_id = ?`, []any{row.reportID}, func(sc scanner) error {
			var v int
			var state, snap string
			if err := sc.Scan(&v, &state, &snap); err != nil {
				return err
			}
			var rep bitacora.Report
			if err := json.Unmarshal([]byte(snap), &rep); err != nil {
				return err
			}
			if !slices.ContainsFunc(rep.Files, func(x bitacora.File) bool { return x.ID == fileID }) {
				return nil
			}
			published = published || state == string(bitacora.StateAccepted)
			rep.Files = slices.DeleteFunc(rep.Files, func(x bitacora.File) bool { return x.ID == fileID })
			b, err := json.Marshal(&rep)
			versions[v] = string(b)
			return err
		})
		if r.err != nil {
			return r.err
		}
		if !published {
			return bitacora.Errorf(bitacora.ECONFLICT, "file %d was never published: its report's authors remove it", fileID).WithKey("error_file_not_published")
		}
		w := &writer{s: s, tx: tx, ctx: ctx, programme: row.programmeID}
		at := s.now().Format(bitacora.AuditTimeFormat)
		for v, snap := range versions {
			w.exec(`UPDATE report_versions SET snapshot_json = ? WHERE report_id = ? AND version = ?`, snap, row.reportID, v)
		}
		w.exec(`UPDATE report_files SET name = '', withdrawn_at = ?, withdrawn_reason = ? WHERE id = ?`, at, reason, fileID)
		w.exec(`DELETE FROM report_file_chunks WHERE file_id = ?`, fileID)
		// The public read model catches up on the report (published_gen),
		// and every cached page of the programme's reports is stale.
		w.exec(`UPDATE reports SET published_gen = ? WHERE id = ?`, w.generation(), row.reportID)
		w.bump(PartReports)
		w.audit(bitacora.ActionReportFileWithdraw, reportSubject(k),
			map[string]any{"period": k.Period, "file": fileID, "size": f.Size, "sha256": f.SHA256},
			map[string]any{"period": k.Period, "file": fileID, "withdrawn_at": at, "reason": reason})
		return w.err
	})
}

// ReportTrail returns the steps of a report, oldest first: each kept
// version's state, when and by whom, and the Bureau's comment when it
// returned the report. The pages show all of it to the report's authors
// and the Bureau, and only its accepted versions to the public.
func (s *DB) ReportTrail(ctx context.Context, k bitacora.ReportKey) ([]bitacora.TrailStep, error) {
	list := []bitacora.TrailStep{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT v.version, v.state, v.actor, v.at, v.snapshot_json FROM report_versions v JOIN reports p ON p.id = v.report_id
		JOIN activities t ON t.id = p.activity_id JOIN programmes g ON g.id = p.programme_id
		WHERE g.slug = ? AND t.code = ? AND p.period_key = ? ORDER BY v.version`, []any{k.Programme, k.Activity, k.Period}, func(sc scanner) error {
		var st bitacora.TrailStep
		var snap string
		if err := sc.Scan(&st.Version, &st.State, &st.Actor, &st.At, &snap); err != nil {
			return err
		}
		if st.State == bitacora.StateReturned {
			var rep bitacora.Report
			if err := json.Unmarshal([]byte(snap), &rep); err != nil {
				return err
			}
			st.Comment = rep.ReviewComment
		}
		list = append(list, st)
		return nil
	})
	return list, r.err
}

// FileReport returns the key of the report a file belongs to.
func (s *DB) FileReport(ctx context.Context, id int64) (bitacora.ReportKey, error) {
	var k bitacora.ReportKey
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT g.slug, t.code, p.period_key FROM report_files f JOIN reports p ON p.id = f.report_id
		JOIN activities t ON t.id = p.activity_id JOIN programmes g ON g.id = p.programme_id WHERE f.id = ?`), id).Scan(&k.Programme, &k.Activity, &k.Period)
	if errors.Is(err, sql.ErrNoRows) {
		return k, bitacora.Errorf(bitacora.ENOTFOUND, "no file %d", id).WithKey("error_no_file", "File", id)
	}
	return k, err
}
