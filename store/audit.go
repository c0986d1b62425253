package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/elac/bitacora"
)

// audit appends the change the writer's transaction makes to the change
// record, in that transaction: the entry is kept if and only if the change
// is. before and after are the thing changed, marshalled as JSON (nil is
// null). Call it last, after the transaction's other writes: it takes the
// one lock that every writer takes (PostgreSQL's FOR UPDATE on audit_head;
// SQLite's write transactions are exclusive anyway), so whoever holds it
// should wait for nothing else, and hold it for as short a time as can be.
func (w *writer) audit(action, subject string, before, after any) {
	w.auditAll([]auditChange{{action, subject, before, after}})
}

// auditChange is one entry for auditAll to append.
type auditChange struct {
	action, subject string
	before, after   any
}

// auditAll appends changes to the change record in order, as that many
// calls to audit would: the same entries, each chained to the one before,
// but the head read and written once and the entries inserted many to a
// statement. The chain is computed here, under the head's lock, so it is
// the one verification recomputes.
func (w *writer) auditAll(changes []auditChange) {
	if w.err != nil || len(changes) == 0 {
		return
	}
	var head bitacora.AuditEntry
	err := w.tx.QueryRowContext(w.ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+w.s.dialect.ForUpdate).Scan(&head.Seq, &head.Hash)
	if err != nil {
		w.err = fmt.Errorf("audit %s %s: head: %w", changes[0].action, changes[0].subject, err)
		return
	}
	actor := bitacora.ActorFrom(w.ctx).String()
	ins := w.batch(`INSERT INTO audit_log (seq, at, actor, action, subject, before_json, after_json, prev_hash, hash) VALUES `, 9, "")
	for _, c := range changes {
		e := bitacora.AuditEntry{
			Seq:      head.Seq + 1,
			At:       w.s.now().UTC().Format(bitacora.AuditTimeFormat),
			Actor:    actor,
			Action:   c.action,
			Subject:  c.subject,
			PrevHash: head.Hash,
		}
		if e.Before, err = json.Marshal(c.before); err != nil {
			w.err = fmt.Errorf("audit %s %s: before: %w", c.action, c.subject, err)
			return
		}
		if e.After, err = json.Marshal(c.after); err != nil {
			w.err = fmt.Errorf("audit %s %s: after: %w", c.action, c.subject, err)
			return
		}
		e.Hash = e.ComputeHash()
		ins.add(e.Seq, e.At, e.Actor, e.Action, e.Subject, string(e.Before), string(e.After), e.PrevHash, e.Hash)
		head = e
	}
	ins.flush()
	w.exec(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, head.Seq, head.Hash)
}

// Subjects of the change record: what History is asked for.

// ProgrammeSubject is the audit subject of a programme as a whole.
func ProgrammeSubject(slug string) string { return "programme:" + slug }

// ActivitySubject is the audit subject of an activity (and its components).
func ActivitySubject(slug, code string) string { return "activity:" + slug + "/" + code }

// PartySubject is the audit subject of a party of the register.
func PartySubject(id string) string { return "party:" + id }

// importSummary is what the change record keeps of an import: the document
// itself stays in programmes.source_text.
type importSummary struct {
	Slug       string `json:"slug"`
	Symbol     string `json:"symbol"`
	Title      string `json:"title"`
	Areas      int    `json:"areas"`
	Objectives int    `json:"objectives"`
	Activities int    `json:"activities"`
	Parties    int    `json:"parties"`
	Warnings   int    `json:"warnings"`
}

func summarise(doc *bitacora.Document) importSummary {
	objectives := 0
	for _, a := range doc.Areas {
		objectives += len(a.Objectives)
	}
	p := doc.Programme
	return importSummary{Slug: p.Slug, Symbol: p.Symbol, Title: p.Title, Areas: len(doc.Areas), Objectives: objectives,
		Activities: doc.CountActivities(), Parties: len(doc.Parties), Warnings: len(doc.Warnings)}
}

const auditColumns = "seq, at, actor, action, subject, before_json, after_json, prev_hash, hash"

func scanAuditEntry(sc scanner) (bitacora.AuditEntry, error) {
	var e bitacora.AuditEntry
	var before, after string
	err := sc.Scan(&e.Seq, &e.At, &e.Actor, &e.Action, &e.Subject, &before, &after, &e.PrevHash, &e.Hash)
	e.Before, e.After = json.RawMessage(before), json.RawMessage(after)
	return e, err
}

// MaxAuditPage is the most entries AuditEntries returns at once.
const MaxAuditPage = 1000

// AuditEntries returns the entries after afterSeq, oldest first, at most
// limit of them and never more than MaxAuditPage (0: MaxAuditPage): a page
// of an export that resumes from the last seq it has.
func (s *DB) AuditEntries(ctx context.Context, afterSeq int64, limit int) ([]bitacora.AuditEntry, error) {
	if limit <= 0 || limit > MaxAuditPage {
		limit = MaxAuditPage
	}
	return s.auditEntries(ctx, "WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit)
}

// History returns the changes made to any of the subjects (see
// ProgrammeSubject, ActivitySubject, PartySubject), newest first.
func (s *DB) History(ctx context.Context, subjects ...string) ([]bitacora.AuditEntry, error) {
	if len(subjects) == 0 {
		return []bitacora.AuditEntry{}, nil
	}
	args := make([]any, len(subjects))
	for i, sub := range subjects {
		args[i] = sub
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(subjects)), ", ")
	return s.auditEntries(ctx, "WHERE subject IN ("+marks+") ORDER BY seq DESC", args...)
}

// ProgrammeRecord returns, oldest first, the changes made to a programme
// as a whole, to any of its activities (whatever their code: a retired
// or renumbered one's entries stay), and to the other subjects named (its
// parties): the open data's change record, filtered by the caller to
// what the public may see.
func (s *DB) ProgrammeRecord(ctx context.Context, slug string, others ...string) ([]bitacora.AuditEntry, error) {
	prefix := ActivitySubject(slug, "")
	args := []any{ProgrammeSubject(slug), len(prefix), prefix}
	where := "WHERE subject = ? OR substr(subject, 1, ?) = ?"
	if len(others) > 0 {
		where += " OR subject IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(others)), ", ") + ")"
		for _, o := range others {
			args = append(args, o)
		}
	}
	return s.auditEntries(ctx, where+" ORDER BY seq", args...)
}

func (s *DB) auditEntries(ctx context.Context, where string, args ...any) ([]bitacora.AuditEntry, error) {
	list := []bitacora.AuditEntry{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each("SELECT "+auditColumns+" FROM audit_log "+where, args, func(sc scanner) error {
		e, err := scanAuditEntry(sc)
		list = append(list, e)
		return err
	})
	if r.err != nil {
		return nil, r.err
	}
	return list, nil
}

// AuditHead returns the seq and hash of the last entry written (0 and
// bitacora.AuditGenesis before the first): a value to note down or publish
// elsewhere, so that even a rewrite of the whole log would show.
func (s *DB) AuditHead(ctx context.Context) (seq int64, hash string, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", auditBroken("the audit head is missing: it was deleted outside bitacora")
	}
	if err != nil {
		return 0, "", fmt.Errorf("store: audit head: %w", err)
	}
	return seq, hash, nil
}

// VerifyAudit reads the change record from the first entry to the head and
// checks that every entry still hashes to what it carries and follows the
// one before it. It returns how many entries it verified, or an ECONFLICT
// error that names the first entry found edited, missing, out of order or
// added outside bitacora.
func (s *DB) VerifyAudit(ctx context.Context) (n int, err error) {
	head, err := s.VerifyAuditAgainst(ctx, nil)
	return int(head.Seq), err
}

// VerifyAuditAgainst is VerifyAudit, and checks too that every head saved
// earlier (by `bitacora audit head`) is still in the chain, with the same
// hash: a chain rewritten whole (an entry edited and every later one
// rehashed, or the newest deleted and the head moved back) passes
// VerifyAudit but not this. It returns the last entry verified as a head.
// What it cannot see: a change to entries after the newest saved head, and
// a rewrite by someone who also rewrote the saved heads.
func (s *DB) VerifyAuditAgainst(ctx context.Context, saved []bitacora.AuditHead) (bitacora.AuditHead, error) {
	// One snapshot for the head and the entries, or a write committed
	// between the two reads would look like tampering. (PostgreSQL's
	// default, read committed, takes a snapshot per statement; SQLite's
	// read transaction is a snapshot whatever the level.)
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return bitacora.AuditHead{}, fmt.Errorf("store: verify audit: begin: %w", err)
	}
	defer tx.Rollback()
	var head bitacora.AuditEntry
	err = tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&head.Seq, &head.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return bitacora.AuditHead{}, auditBroken("the audit head is missing: it was deleted outside bitacora")
	}
	if err != nil {
		return bitacora.AuditHead{}, fmt.Errorf("store: verify audit: head: %w", err)
	}
	want := map[int64]bitacora.AuditHead{} // saved heads by seq
	var newest bitacora.AuditHead
	for _, h := range saved {
		if old, dup := want[h.Seq]; dup && old.Hash != h.Hash {
			return bitacora.AuditHead{}, auditBroken("the saved heads disagree: two hashes for audit entry %d", h.Seq)
		}
		want[h.Seq] = h
		if h.Seq >= newest.Seq {
			newest = h
		}
	}

	// Stream the entries, keeping only the one before; stop at the first
	// break, whose kind and entry are kept for the message.
	var (
		prev     = bitacora.AuditEntry{Hash: bitacora.AuditGenesis}
		bad      bitacora.AuditEntry // the entry where the chain breaks
		fault    auditFault
		mismatch *bitacora.AuditHead // the first saved head the chain no longer holds
	)
	verified := func() bitacora.AuditHead { return bitacora.AuditHead{Seq: prev.Seq, Hash: prev.Hash, At: prev.At} }
	if h, ok := want[0]; ok && h.Hash != bitacora.AuditGenesis {
		mismatch = &h
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log ORDER BY seq")
	if err != nil {
		return bitacora.AuditHead{}, fmt.Errorf("store: verify audit: %w", err)
	}
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			rows.Close()
			return verified(), fmt.Errorf("store: verify audit: %w", err)
		}
		if fault = checkEntry(prev, e, head); fault != faultNone {
			bad = e
			break
		}
		if h, ok := want[e.Seq]; ok && h.Hash != e.Hash && mismatch == nil {
			mismatch = &h
		}
		prev = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return verified(), fmt.Errorf("store: verify audit: %w", err)
	}
	switch {
	case fault == faultChain:
		return verified(), s.chainBreak(ctx, tx, prev, bad)
	case fault != faultNone:
		return verified(), auditBroken("%s", fault.message(prev, bad, head))
	case prev.Seq < head.Seq:
		return verified(), auditBroken("%s missing: %s but the head says %d were written (the newest were deleted)",
			auditRange(prev.Seq+1, head.Seq), auditEnd(prev.Seq), head.Seq)
	case prev.Hash != head.Hash:
		return verified(), auditBroken("audit entry %d is not the entry that was written last: its hash differs from the head's (it was replaced)", prev.Seq)
	case mismatch != nil:
		return verified(), auditBroken("audit entry %d is not the entry of the saved head %s: the log was rewritten at or before entry %d and the later entries rehashed",
			mismatch.Seq, savedName(*mismatch), mismatch.Seq)
	case newest.Seq > prev.Seq:
		return verified(), auditBroken("%s, but the saved head %s is later: %s deleted and the head moved back",
			auditEnd(prev.Seq), savedName(newest), auditWere(prev.Seq+1, newest.Seq))
	}
	return verified(), nil
}

// savedName names a saved head: its entry, its hash and when the entry
// was written.
func savedName(h bitacora.AuditHead) string {
	if h.At == "" {
		return fmt.Sprintf("(entry %d, hash %s)", h.Seq, short(h.Hash))
	}
	return fmt.Sprintf("(entry %d of %s, hash %s)", h.Seq, h.At, short(h.Hash))
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// auditFault is how an entry fails to follow the one before it.
type auditFault int

const (
	faultNone    auditFault = iota
	faultExtra              // it is beyond the head: not written by bitacora
	faultGap                // its seq skips some: entries were deleted
	faultChain              // its prev_hash is not the previous entry's hash
	faultChanged            // its hash does not match its contents
)

func checkEntry(prev, e, head bitacora.AuditEntry) auditFault {
	switch {
	case e.Seq > head.Seq:
		return faultExtra
	case e.Seq != prev.Seq+1:
		return faultGap
	case e.PrevHash != prev.Hash:
		return faultChain
	case e.ComputeHash() != e.Hash:
		return faultChanged
	}
	return faultNone
}

func (f auditFault) message(prev, e, head bitacora.AuditEntry) string {
	switch {
	case f == faultExtra:
		return fmt.Sprintf("audit entry %d was not written by bitacora: the head ends at entry %d", e.Seq, head.Seq)
	case f == faultGap && e.Seq > prev.Seq:
		where := fmt.Sprintf("the log goes from entry %d to entry %d", prev.Seq, e.Seq)
		if prev.Seq == 0 {
			where = fmt.Sprintf("the log starts at entry %d", e.Seq)
		}
		return fmt.Sprintf("%s missing: %s (deleted)", auditRange(prev.Seq+1, e.Seq-1), where)
	case f == faultGap:
		return fmt.Sprintf("audit entry %d is not a number bitacora writes: entries are numbered from 1", e.Seq)
	}
	return fmt.Sprintf("audit entry %d was changed after it was written (hash mismatch)", e.Seq)
}

// chainBreak names what broke the chain at e, whose prev_hash is not the
// hash of prev, the entry before it. If another entry has that hash,
// entries were reordered. If none has and e itself is intact, the entry
// before it was replaced and rehashed, or entries were deleted and the
// rest renumbered; if e is not intact, e was changed.
func (s *DB) chainBreak(ctx context.Context, q queryer, prev, e bitacora.AuditEntry) error {
	var after int64
	err := q.QueryRowContext(ctx, s.dialect.rebind("SELECT seq FROM audit_log WHERE hash = ? AND seq <> ? ORDER BY seq LIMIT 1"), e.PrevHash, e.Seq).Scan(&after)
	switch {
	case err == nil:
		return auditBroken("audit entry %d is out of order: it was written after the entry now numbered %d (entries were reordered)", e.Seq, after)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: verify audit: %w", err)
	case e.ComputeHash() != e.Hash:
		return auditBroken("%s", faultChanged.message(prev, e, bitacora.AuditEntry{}))
	case prev.Seq == 0:
		return auditBroken("audit entry %d does not follow the start of the log: entries before it were deleted and the rest renumbered", e.Seq)
	}
	return auditBroken("audit entry %d does not follow entry %d: entry %d was replaced, or entries between them were deleted and the rest renumbered",
		e.Seq, prev.Seq, prev.Seq)
}

// auditRange names entries from to to, and says "is" or "are".
func auditRange(from, to int64) string {
	if from == to {
		return fmt.Sprintf("audit entry %d is", from)
	}
	return fmt.Sprintf("audit entries %d to %d are", from, to)
}

// auditWere names entries from to to in the past: "audit entry 3 was".
func auditWere(from, to int64) string {
	if from == to {
		return fmt.Sprintf("audit entry %d was", from)
	}
	return fmt.Sprintf("audit entries %d to %d were", from, to)
}

func auditEnd(last int64) string {
	if last == 0 {
		return "the log is empty"
	}
	return fmt.Sprintf("the log ends at entry %d", last)
}

func auditBroken(format string, args ...any) error {
	return bitacora.Errorf(bitacora.ECONFLICT, format, args...)
}
