package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iatiread"
)

// operationAudit is what the change record keeps of a link: the
// identifier, the title as linked and the file it came from.
type operationAudit struct {
	Identifier string `json:"identifier"`
	Title      string `json:"title,omitempty"`
	Source     string `json:"source,omitempty"`
}

func auditOf(a iatiread.Activity, source string) operationAudit {
	title, _ := a.Title("")
	return operationAudit{Identifier: a.Identifier, Title: title, Source: source}
}

// LinkOperations links each IATI activity to its programme activity, all
// or nothing: an unknown activity code refuses the whole. Linking an
// identifier already linked to the activity refreshes what is kept of it.
func (s *DB) LinkOperations(ctx context.Context, slug, source string, links []bitacora.OperationLink) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		pid, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		ids, err := s.identities(ctx, tx, pid)
		if err != nil {
			return err
		}
		fe := bitacora.FieldErrors{}
		for i, l := range links {
			if ids[l.Activity] == "" {
				fe["links."+strconv.Itoa(i)+".activity"] = "field_activity_unknown"
			}
			if l.IATI.Identifier == "" {
				fe["links."+strconv.Itoa(i)+".identifier"] = "field_required"
			}
		}
		if err := fe.Check(); err != nil {
			return err
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: pid}
		now := s.now().UTC().Format(bitacora.AuditTimeFormat)
		var changes []auditChange
		for _, l := range links {
			actID, _ := strconv.ParseInt(ids[l.Activity][1:], 10, 64)
			data, err := json.Marshal(l.IATI)
			if err != nil {
				return err
			}
			var before any
			var old string
			err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT data_json FROM iati_operations WHERE activity_id = ? AND identifier = ?`), actID, l.IATI.Identifier).Scan(&old)
			switch {
			case err == nil:
				var prev iatiread.Activity
				_ = json.Unmarshal([]byte(old), &prev)
				before = auditOf(prev, "")
			case !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("store: operation %s: %w", l.IATI.Identifier, err)
			}
			w.exec(`DELETE FROM iati_operations WHERE activity_id = ? AND identifier = ?`, actID, l.IATI.Identifier)
			w.exec(`INSERT INTO iati_operations (activity_id, identifier, data_json, source_name, linked_at) VALUES (?, ?, ?, ?, ?)`,
				actID, l.IATI.Identifier, string(data), source, now)
			changes = append(changes, auditChange{bitacora.ActionOperationLink, ActivitySubject(slug, l.Activity), before, auditOf(l.IATI, source)})
		}
		w.bump(PartPlan)
		w.auditAll(changes)
		return w.err
	})
}

// UnlinkOperation removes the link of identifier from the activity.
func (s *DB) UnlinkOperation(ctx context.Context, slug, activity, identifier string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		pid, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		var id int64
		var data string
		err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT o.id, o.data_json FROM iati_operations o JOIN activities t ON t.id = o.activity_id
			WHERE t.programme_id = ? AND t.code = ? AND t.retired = 0 AND o.identifier = ?`), pid, activity, identifier).Scan(&id, &data)
		if errors.Is(err, sql.ErrNoRows) {
			return bitacora.Errorf(bitacora.ENOTFOUND, "activity %s has no operation %s", activity, identifier).
				WithKey("error_no_operation", "Activity", activity, "Identifier", identifier)
		}
		if err != nil {
			return fmt.Errorf("store: operation %s: %w", identifier, err)
		}
		var prev iatiread.Activity
		_ = json.Unmarshal([]byte(data), &prev)
		w := writer{s: s, tx: tx, ctx: ctx, programme: pid}
		w.exec(`DELETE FROM iati_operations WHERE id = ?`, id)
		w.bump(PartPlan)
		w.audit(bitacora.ActionOperationUnlink, ActivitySubject(slug, activity), auditOf(prev, ""), nil)
		return w.err
	})
}

// Operations returns the operations linked to the programme's current
// activities, by activity code, each activity's in the order they were
// linked.
func (s *DB) Operations(ctx context.Context, slug string) (map[string][]bitacora.Operation, error) {
	pid, err := s.programmeID(ctx, s.db, slug)
	if err != nil {
		return nil, err
	}
	out := map[string][]bitacora.Operation{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT t.code, o.data_json, o.source_name, o.linked_at FROM iati_operations o JOIN activities t ON t.id = o.activity_id
		WHERE t.programme_id = ? AND t.retired = 0 ORDER BY o.id`, []any{pid}, func(sc scanner) error {
		var op bitacora.Operation
		var data string
		if err := sc.Scan(&op.Activity, &data, &op.Source, &op.LinkedAt); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(data), &op.IATI); err != nil {
			return fmt.Errorf("store: operation of %s: %w", op.Activity, err)
		}
		op.Programme = slug
		out[op.Activity] = append(out[op.Activity], op)
		return nil
	})
	return out, r.err
}

// FollowUpCover returns the follow-up report's cover as the secretariat
// set it (empty when it set none).
func (s *DB) FollowUpCover(ctx context.Context, slug string) (bitacora.FollowUpCover, error) {
	return s.followUpCover(ctx, s.db, slug)
}

func (s *DB) followUpCover(ctx context.Context, q queryer, slug string) (bitacora.FollowUpCover, error) {
	var c bitacora.FollowUpCover
	pid, err := s.programmeID(ctx, q, slug)
	if err != nil {
		return c, err
	}
	var titles string
	err = q.QueryRowContext(ctx, s.dialect.rebind(`SELECT titles_json, report_date FROM followup_covers WHERE programme_id = ?`), pid).Scan(&titles, &c.Date)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("store: follow-up cover of %s: %w", slug, err)
	}
	if err := json.Unmarshal([]byte(titles), &c.Titles); err != nil {
		return c, fmt.Errorf("store: follow-up cover of %s: %w", slug, err)
	}
	return c, nil
}

// SetFollowUpCover sets the follow-up report's title and date.
func (s *DB) SetFollowUpCover(ctx context.Context, slug string, c bitacora.FollowUpCover) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		pid, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		before, err := s.followUpCover(ctx, tx, slug)
		if err != nil {
			return err
		}
		for lang, t := range c.Titles {
			if t == "" {
				delete(c.Titles, lang)
			}
		}
		titles, _ := json.Marshal(c.Titles)
		if c.Titles == nil {
			titles = []byte("{}")
		}
		if same(before, c) {
			return nil
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: pid}
		w.exec(`INSERT INTO followup_covers (programme_id, titles_json, report_date) VALUES (?, ?, ?)
			ON CONFLICT (programme_id) DO UPDATE SET titles_json = excluded.titles_json, report_date = excluded.report_date`,
			pid, string(titles), c.Date)
		w.bump(PartPlan)
		w.audit(bitacora.ActionFollowUpCover, ProgrammeSubject(slug), before, c)
		return w.err
	})
}

func same(a, b bitacora.FollowUpCover) bool {
	if a.Date != b.Date || len(a.Titles) != len(b.Titles) {
		return false
	}
	keys := make([]string, 0, len(a.Titles))
	for k := range a.Titles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if a.Titles[k] != b.Titles[k] {
			return false
		}
	}
	return true
}
