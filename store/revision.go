package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

// identities returns the current activity codes of a programme and their
// identities ("a" and the activity's row id).
func (s *DB) identities(ctx context.Context, q queryer, programmeID int64) (map[string]string, error) {
	ids := map[string]string{}
	r := reader{s: s, q: q, ctx: ctx}
	r.each(`SELECT code, id FROM activities WHERE programme_id = ? AND retired = 0`, []any{programmeID}, func(sc scanner) error {
		var code string
		var id int64
		err := sc.Scan(&code, &id)
		ids[code] = "a" + strconv.FormatInt(id, 10)
		return err
	})
	return ids, r.err
}

// keepVersion stores the programme as it now stands as version number.
func (s *DB) keepVersion(ctx context.Context, tx *sql.Tx, slug string, programmeID int64, number int, approvedOn string, revisionID any) error {
	doc, err := s.document(ctx, tx, slug)
	if err != nil {
		return err
	}
	ids, err := s.identities(ctx, tx, programmeID)
	if err != nil {
		return err
	}
	docJSON, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	idsJSON, _ := json.Marshal(ids)
	_, err = tx.ExecContext(ctx, s.dialect.rebind(`INSERT INTO programme_versions (programme_id, number, approved_on, revision_id, document_json, identities_json)
		VALUES (?, ?, ?, ?, ?, ?)`), programmeID, number, approvedOn, revisionID, string(docJSON), string(idsJSON))
	return err
}

// ensureFirstVersion keeps version 1, the programme as adopted, for a
// programme imported before versions were kept.
func (s *DB) ensureFirstVersion(ctx context.Context, tx *sql.Tx, slug string, programmeID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM programme_versions WHERE programme_id = ?`), programmeID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	var adopted string
	if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT adopted FROM programmes WHERE id = ?`), programmeID).Scan(&adopted); err != nil {
		return err
	}
	return s.keepVersion(ctx, tx, slug, programmeID, 1, adopted, nil)
}

// Versions lists a programme's versions, oldest first, with the reasons
// of the changes each made.
func (s *DB) Versions(ctx context.Context, slug string) ([]bitacora.Version, error) {
	var list []bitacora.Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		if err := s.ensureFirstVersion(ctx, tx, slug, id); err != nil {
			return err
		}
		r := reader{s: s, q: tx, ctx: ctx}
		r.each(`SELECT v.number, v.approved_on, COALESCE(v.revision_id, 0), COALESCE(r.changes_json, '[]'), COALESCE(r.title, '')
			FROM programme_versions v LEFT JOIN revisions r ON r.id = v.revision_id
			WHERE v.programme_id = ? ORDER BY v.number`, []any{id}, func(sc scanner) error {
			var v bitacora.Version
			var changes string
			if err := sc.Scan(&v.Number, &v.ApprovedOn, &v.RevisionID, &changes, &v.Title); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(changes), &v.Changes); err != nil {
				return err
			}
			v.Reasons = []string{}
			for _, c := range v.Changes {
				v.Reasons = append(v.Reasons, c.Reason)
			}
			list = append(list, v)
			return nil
		})
		return r.err
	})
	return list, err
}

// VersionDocument returns one version of a programme whole.
func (s *DB) VersionDocument(ctx context.Context, slug string, number int) (*bitacora.Version, error) {
	var v *bitacora.Version
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		if err := s.ensureFirstVersion(ctx, tx, slug, id); err != nil {
			return err
		}
		var docJSON, idsJSON string
		v = &bitacora.Version{Number: number}
		err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT approved_on, COALESCE(revision_id, 0), document_json, identities_json
			FROM programme_versions WHERE programme_id = ? AND number = ?`), id, number).Scan(&v.ApprovedOn, &v.RevisionID, &docJSON, &idsJSON)
		if errors.Is(err, sql.ErrNoRows) {
			return bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no version %d", slug, number).WithKey("error_no_version", "Programme", slug, "Version", number)
		}
		if err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(docJSON), &v.Document); err != nil {
			return err
		}
		return json.Unmarshal([]byte(idsJSON), &v.Identities)
	})
	return v, err
}

// CurrentVersion returns the number of a programme's current version.
func (s *DB) CurrentVersion(ctx context.Context, slug string) (int, error) {
	vs, err := s.Versions(ctx, slug)
	if err != nil {
		return 0, err
	}
	return vs[len(vs)-1].Number, nil
}

// CreateRevision starts a draft revision of the current version.
func (s *DB) CreateRevision(ctx context.Context, slug, title string, changes []bitacora.Change) (*bitacora.Revision, error) {
	title = strings.TrimSpace(title)
	if title == "" || len(title) > 200 {
		return nil, &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"title": "field_name_invalid"}}
	}
	base, err := s.CurrentVersion(ctx, slug)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		pid, err := s.programmeID(ctx, tx, slug)
		if err != nil {
			return err
		}
		if err := s.checkChanges(ctx, tx, slug, pid, changes); err != nil {
			return err
		}
		now := s.now().Format(bitacora.AuditTimeFormat)
		js, _ := json.Marshal(nonNil(changes))
		w := writer{s: s, tx: tx, ctx: ctx, programme: pid}
		id = w.insertID(`INSERT INTO revisions (programme_id, base_version, state, title, changes_json, version, created_by, created_at, updated_at, approved_at, approved_version)
			VALUES (?, ?, 'draft', ?, ?, 1, ?, ?, ?, '', 0)`, pid, base, title, string(js), bitacora.ActorFrom(ctx).String(), now, now)
		w.audit(bitacora.ActionRevisionDraft, ProgrammeSubject(slug), nil, map[string]any{"revision": id, "title": title, "changes": len(changes)})
		return w.err
	})
	if err != nil {
		return nil, err
	}
	return s.Revision(ctx, slug, id)
}

func nonNil(c []bitacora.Change) []bitacora.Change {
	if c == nil {
		return []bitacora.Change{}
	}
	return c
}

// checkChanges applies the changes to the current programme without
// keeping the result: a draft that could not be approved is refused now.
func (s *DB) checkChanges(ctx context.Context, tx *sql.Tx, slug string, programmeID int64, changes []bitacora.Change) error {
	doc, err := s.document(ctx, tx, slug)
	if err != nil {
		return err
	}
	ids, err := s.identities(ctx, tx, programmeID)
	if err != nil {
		return err
	}
	_, _, err = bitacora.ApplyChanges(doc, ids, changes, s.partyLookup(ctx, tx))
	return err
}

// partyLookup finds parties of the register, for changes that name a party
// the programme did not name before; a merged party is not found (its
// survivor is the one to name).
func (s *DB) partyLookup(ctx context.Context, q queryer) func(string) *bitacora.Party {
	return func(id string) *bitacora.Party {
		var p bitacora.Party
		err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT id, name, acronym, kind, COALESCE(parent_id, '') FROM parties WHERE id = ? AND merged_into IS NULL`), id).
			Scan(&p.ID, &p.Name, &p.Acronym, &p.Kind, &p.Parent)
		if err != nil {
			return nil
		}
		p.Countries, p.CountryCodes, p.Aliases = []string{}, []string{}, []string{}
		return &p
	}
}

// UpdateRevision replaces a draft's title and changes; base is the draft's
// version the edit started from.
func (s *DB) UpdateRevision(ctx context.Context, slug string, id int64, base int, title string, changes []bitacora.Change) (*bitacora.Revision, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rev, pid, err := s.lockRevision(ctx, tx, slug, id, true)
		if err != nil {
			return err
		}
		if err := editable(rev, base); err != nil {
			return err
		}
		if err := s.checkChanges(ctx, tx, slug, pid, changes); err != nil {
			return err
		}
		js, _ := json.Marshal(nonNil(changes))
		// Keep who edited the draft: nobody approves a revision they
		// drafted or edited (bitacora.Principal.CanApproveRevision).
		editors := rev.EditedBy
		if me := bitacora.ActorFrom(ctx).String(); me != rev.CreatedBy && !slices.Contains(editors, me) {
			editors = append(editors, me)
		}
		eds, _ := json.Marshal(editors)
		w := writer{s: s, tx: tx, ctx: ctx, programme: pid}
		w.exec(`UPDATE revisions SET title = ?, changes_json = ?, edited_by = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			strings.TrimSpace(title), string(js), string(eds), s.now().Format(bitacora.AuditTimeFormat), id)
		w.audit(bitacora.ActionRevisionEdit, ProgrammeSubject(slug), map[string]any{"revision": id, "changes": len(rev.Changes)},
			map[string]any{"revision": id, "changes": len(changes)})
		return w.err
	})
	if err != nil {
		return nil, err
	}
	return s.Revision(ctx, slug, id)
}

// editable refuses a change to a revision that is not a draft at the
// version the change started from.
func editable(rev *bitacora.Revision, base int) error {
	id := rev.ID
	switch {
	case rev.State == bitacora.RevisionApproved:
		return bitacora.Errorf(bitacora.ECONFLICT, "revision %d is approved already: it cannot change", id).WithKey("error_revision_approved", "Revision", id)
	case rev.State == bitacora.RevisionProposed:
		return bitacora.Errorf(bitacora.ECONFLICT, "revision %d is with the Bureau: it can change once the Bureau sends it back", id).WithKey("error_revision_proposed", "Revision", id)
	case rev.Version != base:
		return bitacora.Errorf(bitacora.ECONFLICT, "revision %d changed meanwhile (it is at version %d): reload it", id, rev.Version).WithKey("error_revision_changed", "Revision", id, "Version", rev.Version)
	}
	return nil
}

// ProposeRevision sends a draft to the Bureau: it is proposed, frozen
// until the Bureau approves it or sends it back, and the Bureau hears of
// it. A draft without changes is not worth the Bureau's time.
func (s *DB) ProposeRevision(ctx context.Context, slug string, id int64, base int) (*bitacora.Revision, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rev, pid, err := s.lockRevision(ctx, tx, slug, id, true)
		if err != nil {
			return err
		}
		if err := editable(rev, base); err != nil {
			return err
		}
		if len(rev.Changes) == 0 {
			return bitacora.Errorf(bitacora.EINVALID, "revision %d has no changes: add one before sending it to the Bureau", id).WithKey("error_revision_empty", "Revision", id)
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: pid}
		w.exec(`UPDATE revisions SET proposed_at = ?, proposed_by = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			s.now().Format(bitacora.AuditTimeFormat), bitacora.ActorFrom(ctx).String(), s.now().Format(bitacora.AuditTimeFormat), id)
		w.audit(bitacora.ActionRevisionPropose, ProgrammeSubject(slug), map[string]any{"revision": id, "state": rev.State},
			map[string]any{"revision": id, "state": bitacora.RevisionProposed})
		w.tell(KindRevisionDraft, w.staff(bitacora.RoleBureau), Refs{Programme: slug, Revision: id, Title: rev.Title},
			fmt.Sprintf("revision:%s/%d@v%d", slug, id, rev.Version+1), "", "")
		return w.err
	})
	if err != nil {
		return nil, err
	}
	return s.Revision(ctx, slug, id)
}

// ReturnRevision sends a proposed revision back to draft with the
// Bureau's comment, and tells its drafters.
func (s *DB) ReturnRevision(ctx context.Context, slug string, id int64, base int, comment string) (*bitacora.Revision, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" || utf8.RuneCountInString(comment) > bitacora.MaxReturnComment {
		return nil, &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"comment": "field_comment_required"}}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rev, pid, err := s.lockRevision(ctx, tx, slug, id, true)
		if err != nil {
			return err
		}
		switch {
		case rev.State == bitacora.RevisionApproved:
			return bitacora.Errorf(bitacora.ECONFLICT, "revision %d is approved already: it cannot change", id).WithKey("error_revision_approved", "Revision", id)
		case rev.State != bitacora.RevisionProposed:
			return bitacora.Errorf(bitacora.ECONFLICT, "revision %d is a draft: it was not sent to the Bureau", id).WithKey("error_revision_not_proposed", "Revision", id)
		case rev.Version != base:
			return bitacora.Errorf(bitacora.ECONFLICT, "revision %d changed meanwhile (it is at version %d): reload it", id, rev.Version).WithKey("error_revision_changed", "Revision", id, "Version", rev.Version)
		}
		now := s.now().Format(bitacora.AuditTimeFormat)
		w := writer{s: s, tx: tx, ctx: ctx, programme: pid}
		w.exec(`UPDATE revisions SET proposed_at = '', proposed_by = '', returned_at = ?, returned_by = ?, return_comment = ?,
			version = version + 1, updated_at = ? WHERE id = ?`, now, bitacora.ActorFrom(ctx).String(), comment, now, id)
		w.audit(bitacora.ActionRevisionReturn, ProgrammeSubject(slug), map[string]any{"revision": id, "state": rev.State},
			map[string]any{"revision": id, "state": bitacora.RevisionDraft, "comment": comment})
		w.tell(KindRevisionReturn, actorUsers(rev.Authors()), Refs{Programme: slug, Revision: id, Title: rev.Title, Comment: comment},
			fmt.Sprintf("revision:%s/%d@v%d", slug, id, rev.Version+1), "", "")
		return w.err
	})
	if err != nil {
		return nil, err
	}
	return s.Revision(ctx, slug, id)
}

// actorUsers returns the users among actors ("user:5"…), in order.
func actorUsers(actors []string) []int64 {
	var ids []int64
	for _, a := range actors {
		if n, ok := strings.CutPrefix(a, "user:"); ok {
			if id, err := strconv.ParseInt(n, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

func (s *DB) lockRevision(ctx context.Context, tx *sql.Tx, slug string, id int64, lock bool) (*bitacora.Revision, int64, error) {
	pid, err := s.programmeID(ctx, tx, slug)
	if err != nil {
		return nil, 0, err
	}
	forUpdate := ""
	if lock {
		forUpdate = s.dialect.ForUpdate
	}
	rev, err := s.scanRevision(tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+revisionColumns+` FROM revisions WHERE id = ? AND programme_id = ?`+forUpdate), id, pid))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no revision %d", slug, id).WithKey("error_no_revision", "Programme", slug, "Revision", id)
	}
	if rev != nil {
		rev.Programme = slug
	}
	return rev, pid, err
}

const revisionColumns = `id, base_version, state, title, changes_json, version, created_by, edited_by, created_at,
		updated_at, approved_at, approved_version, proposed_at, proposed_by, returned_at, returned_by, return_comment`

func (s *DB) scanRevision(sc scanner) (*bitacora.Revision, error) {
	var r bitacora.Revision
	var changes, editors string
	if err := sc.Scan(&r.ID, &r.BaseVersion, &r.State, &r.Title, &changes, &r.Version, &r.CreatedBy, &editors, &r.CreatedAt, &r.UpdatedAt,
		&r.ApprovedAt, &r.ApprovedVersion, &r.ProposedAt, &r.ProposedBy, &r.ReturnedAt, &r.ReturnedBy, &r.ReturnComment); err != nil {
		return nil, err
	}
	if r.State == bitacora.RevisionDraft && r.ProposedAt != "" {
		r.State = bitacora.RevisionProposed
	}
	if err := json.Unmarshal([]byte(changes), &r.Changes); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(editors), &r.EditedBy); err != nil {
		return nil, err
	}
	if r.EditedBy == nil {
		r.EditedBy = []string{}
	}
	return &r, nil
}

// Revision returns one revision.
func (s *DB) Revision(ctx context.Context, slug string, id int64) (*bitacora.Revision, error) {
	var rev *bitacora.Revision
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		rev, _, err = s.lockRevision(ctx, tx, slug, id, false)
		return err
	})
	return rev, err
}

// Revisions lists a programme's revisions, newest first.
func (s *DB) Revisions(ctx context.Context, slug string) ([]bitacora.Revision, error) {
	pid, err := s.programmeID(ctx, s.db, slug)
	if err != nil {
		return nil, err
	}
	list := []bitacora.Revision{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT `+revisionColumns+`
		FROM revisions WHERE programme_id = ? ORDER BY id DESC`, []any{pid}, func(sc scanner) error {
		rev, err := s.scanRevision(sc)
		if err == nil {
			rev.Programme = slug
			list = append(list, *rev)
		}
		return err
	})
	return list, r.err
}

// ApproveRevision applies a draft to the current programme and keeps the
// result as a new version. Activities keep their identity (and their
// reports) whatever their new code; retired ones leave the programme but
// not the versions that had them. Approving twice is a conflict. The guard
// (the service's rule, nil: none) is asked on the revision as locked and
// the programme's settings as the transaction reads them.
func (s *DB) ApproveRevision(ctx context.Context, slug string, id int64, base int, approvedOn string, guard bitacora.RevisionGuard) (int, error) {
	if !bitacora.ValidDate(approvedOn) {
		return 0, &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"approved_on": "field_date_invalid"}}
	}
	var number int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rev, pid, err := s.lockRevision(ctx, tx, slug, id, true)
		if err != nil {
			return err
		}
		if guard != nil {
			settings, err := s.programmeSettings(ctx, tx, slug)
			if err != nil {
				return err
			}
			if err := guard(rev, settings); err != nil {
				return err
			}
		}
		switch rev.State {
		case bitacora.RevisionApproved:
			return bitacora.Errorf(bitacora.ECONFLICT, "revision %d was approved already, as version %d", id, rev.ApprovedVersion).WithKey("error_revision_approved_as", "Revision", id, "Version", rev.ApprovedVersion)
		case bitacora.RevisionDraft:
			return bitacora.Errorf(bitacora.ECONFLICT, "revision %d is a draft: its drafters send it to the Bureau first", id).WithKey("error_revision_not_sent", "Revision", id)
		}
		if rev.Version != base {
			return bitacora.Errorf(bitacora.ECONFLICT, "revision %d changed meanwhile (it is at version %d): review it again", id, rev.Version).WithKey("error_revision_changed_review", "Revision", id, "Version", rev.Version)
		}
		if err := s.ensureFirstVersion(ctx, tx, slug, pid); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT MAX(number) FROM programme_versions WHERE programme_id = ?`), pid).Scan(&number); err != nil {
			return err
		}
		if rev.BaseVersion != number {
			return bitacora.Errorf(bitacora.ECONFLICT, "revision %d was drafted on version %d, but the programme is at version %d now: draft it again", id, rev.BaseVersion, number).WithKey("error_revision_stale", "Revision", id, "Base", rev.BaseVersion, "Version", number)
		}
		doc, err := s.document(ctx, tx, slug)
		if err != nil {
			return err
		}
		ids, err := s.identities(ctx, tx, pid)
		if err != nil {
			return err
		}
		next, nextIDs, err := bitacora.ApplyChanges(doc, ids, rev.Changes, s.partyLookup(ctx, tx))
		if err != nil {
			return err
		}
		w := &writer{s: s, tx: tx, ctx: ctx, programme: pid}
		w.writeRevision(doc, next, ids, nextIDs)
		if w.err != nil {
			return fmt.Errorf("store: approve revision %d: %w", id, w.err)
		}
		number++
		if err := s.keepVersion(ctx, tx, slug, pid, number, approvedOn, id); err != nil {
			return err
		}
		w.exec(`UPDATE revisions SET state = 'approved', approved_at = ?, approved_version = ? WHERE id = ?`,
			s.now().Format(bitacora.AuditTimeFormat), number, id)
		w.bump(PartDoc, PartRegister) // a change may bring a new party
		// One entry per change, on the activity it touched, with its reason:
		// the activity's history tells why it changed.
		for _, c := range rev.Changes {
			subject := ProgrammeSubject(slug)
			if code := c.Activity; code != "" {
				subject = ActivitySubject(slug, code)
			} else if c.Code != "" {
				subject = ActivitySubject(slug, c.Code)
			}
			w.audit(bitacora.ActionRevisionChange, subject, nil, map[string]any{"revision": id, "version": number, "change": c})
		}
		w.audit(bitacora.ActionRevisionApprove, ProgrammeSubject(slug), map[string]any{"version": number - 1}, map[string]any{"version": number, "revision": id})
		// Everyone with a role in the programme hears of its new version.
		everyone := append(w.programmeFocalPoints(), w.staff(bitacora.RoleBureau)...)
		everyone = append(everyone, w.staff(bitacora.RoleSecretariat)...)
		w.tell(KindVersionApproved, everyone, Refs{Programme: slug, Version: number, Revision: id, Title: rev.Title},
			fmt.Sprintf("version:%s/%d", slug, number), "", "")
		return w.err
	})
	return number, err
}

// writeRevision makes the stored programme what next says, keeping the rows
// (and so the identity and the reports) of every activity next still has.
func (w *writer) writeRevision(prev, next *bitacora.Document, prevIDs, nextIDs map[string]string) {
	ctx, tx, s := w.ctx, w.tx, w.s
	if w.err != nil {
		return
	}
	w.exec(`UPDATE programmes SET title = ? WHERE id = ?`, next.Programme.Title, w.programme)
	w.exec(`DELETE FROM preamble_paragraphs WHERE programme_id = ?`, w.programme)
	for i, para := range next.Programme.Preamble {
		w.exec(`INSERT INTO preamble_paragraphs (programme_id, position, text, line, end_line) VALUES (?, ?, ?, ?, ?)`,
			w.programme, i, para.Text, para.Source.Line, para.Source.EndLine)
	}
	// Parties the programme names for the first time.
	var have int
	w.err = tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM programme_parties WHERE programme_id = ?`), w.programme).Scan(&have)
	for _, p := range next.Parties {
		if prev.Party(p.ID) != nil || w.err != nil {
			continue
		}
		w.exec(`INSERT INTO programme_parties (programme_id, party_id, position, name, acronym, kind, parent_id, line, end_line)
			VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, ''), 0, 0)`, w.programme, p.ID, have, p.Name, p.Acronym, string(p.Kind), p.Parent)
		have++
	}
	// Objectives are known by number: the same number is the same
	// objective. Read them before setting numbers and codes aside, which
	// keeps renumbering from colliding on the unique keys.
	objectiveRow := map[int]int64{}
	r := reader{s: s, q: tx, ctx: ctx}
	r.each(`SELECT id, number FROM objectives WHERE programme_id = ? AND retired = 0`, []any{w.programme}, func(sc scanner) error {
		var id int64
		var n int
		err := sc.Scan(&id, &n)
		objectiveRow[n] = id
		return err
	})
	if r.err != nil {
		w.err = r.err
		return
	}
	w.exec(`UPDATE objectives SET number = -id WHERE programme_id = ? AND retired = 0`, w.programme)
	w.exec(`UPDATE activities SET code = 'tmp:' || CAST(id AS TEXT) WHERE programme_id = ? AND retired = 0`, w.programme)
	areaRow := map[int]int64{}
	r.each(`SELECT id, number FROM areas WHERE programme_id = ?`, []any{w.programme}, func(sc scanner) error {
		var id int64
		var n int
		err := sc.Scan(&id, &n)
		areaRow[n] = id
		return err
	})
	if r.err != nil {
		w.err = r.err
		return
	}
	kept := map[int64]bool{}
	for _, a := range next.Areas {
		for oi, o := range a.Objectives {
			if id, ok := objectiveRow[o.Number]; ok {
				w.exec(`UPDATE objectives SET number = ?, text = ?, area_id = ?, position = ? WHERE id = ?`, o.Number, o.Text, areaRow[a.Number], oi, id)
				kept[id] = true
			} else {
				objectiveRow[o.Number] = w.insertID(`INSERT INTO objectives (programme_id, area_id, position, number, text, line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?)`,
					w.programme, areaRow[a.Number], oi, o.Number, o.Text, o.Source.Line, o.Source.EndLine)
				kept[objectiveRow[o.Number]] = true
			}
		}
	}
	for _, id := range objectiveRow {
		if !kept[id] {
			w.exec(`UPDATE objectives SET retired = 1 WHERE id = ?`, id)
		}
	}
	// Activities are known by identity.
	keptActivities := map[int64]bool{}
	for _, a := range next.Areas {
		for _, o := range a.Objectives {
			for ti, act := range o.Activities {
				identity := nextIDs[act.Code]
				var actID int64
				if rowID, err := strconv.ParseInt(strings.TrimPrefix(identity, "a"), 10, 64); strings.HasPrefix(identity, "a") && err == nil {
					actID = rowID
					w.exec(`UPDATE activities SET code = ?, text = ?, objective_id = ?, position = ? WHERE id = ?`,
						act.Code, act.Text, objectiveRow[o.Number], ti, actID)
					w.exec(`DELETE FROM components WHERE activity_id = ?`, actID)
					w.exec(`DELETE FROM activity_parties WHERE activity_id = ?`, actID)
					w.exec(`DELETE FROM activity_notes WHERE activity_id = ?`, actID)
				} else {
					actID = w.insertID(`INSERT INTO activities (programme_id, objective_id, position, code, text, line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?)`,
						w.programme, objectiveRow[o.Number], ti, act.Code, act.Text, act.Source.Line, act.Source.EndLine)
				}
				keptActivities[actID] = true
				w.writeActivityParts(actID, &act, nil)
			}
		}
	}
	// What is left aside is retired, its code kept aside for good.
	for _, identity := range prevIDs {
		if rowID, err := strconv.ParseInt(strings.TrimPrefix(identity, "a"), 10, 64); err == nil && !keptActivities[rowID] {
			w.exec(`UPDATE activities SET retired = 1, code = 'retired:' || CAST(id AS TEXT) WHERE id = ?`, rowID)
		}
	}
}
