package store

import (
	"context"
	"database/sql"
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
// error names the line of the row at fault.
func (s *DB) ImportReports(ctx context.Context, slug string, rows []bitacora.ReportImport) (int, error) {
	if len(rows) > bitacora.MaxReportImport {
		return 0, bitacora.Errorf(bitacora.ETOOLARGE, "an import may hold at most %d reports", bitacora.MaxReportImport).WithKey("error_import_too_many", "Count", bitacora.MaxReportImport)
	}
	type entry struct {
		subject       string
		before, after any
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		sc, err := s.reportScope(ctx, tx, slug)
		if err != nil {
			return err
		}
		w := &writer{s: s, tx: tx, ctx: ctx, programme: sc.programmeID}
		seen := map[ReportKey]int{}
		entries := make([]entry, 0, len(rows))
		for _, ri := range rows {
			k := ReportKey{Programme: slug, Activity: ri.Activity, Period: ri.Period}
			if first, dup := seen[k]; dup {
				return bitacora.Errorf(bitacora.EINVALID, "line %d: activity %s for %s is already on line %d", ri.Line, ri.Activity, ri.Period, first).WithKey("error_import_duplicate", "Line", ri.Line, "Activity", ri.Activity, "Period", ri.Period, "First", first)
			}
			seen[k] = ri.Line
			row, err := s.locateIn(ctx, tx, sc, k, true)
			if err != nil {
				return importError(ri, err)
			}
			rep, err := s.writeReport(w, row, k, s.applyImport(ri))
			if err != nil {
				return importError(ri, err)
			}
			entries = append(entries, entry{k.subject(), reportSummary(row.report), reportSummary(rep)})
		}
		if len(entries) == 0 {
			return nil
		}
		w.bump()
		// The change record last, as audit asks.
		for _, e := range entries {
			w.audit(bitacora.ActionReportImport, e.subject, e.before, e.after)
		}
		return w.err
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
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
