package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/elac/bitacora"
)

// Document returns a stored programme whole, in the shape its document was
// read into: what was imported comes back field for field.
func (s *DB) Document(ctx context.Context, slug string) (*bitacora.Document, error) {
	var doc *bitacora.Document
	// One read transaction, so that the parts agree with each other.
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		doc, err = s.document(ctx, tx, slug)
		return err
	})
	return doc, err
}

// readTx runs fn in a read-only transaction: one snapshot for several
// queries. (On SQLite a read-only transaction begins deferred, so it does
// not take the write lock that _txlock=immediate gives the others.)
func (s *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect.name == "postgres" {
		// Read committed gives each statement its own snapshot; one read
		// of a whole programme needs one snapshot for all of them.
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// q returns the transaction when there is one, else the pool.
func (s *DB) q(tx *sql.Tx) queryer {
	if tx == nil {
		return s.db
	}
	return tx
}

func (s *DB) document(ctx context.Context, tx *sql.Tx, slug string) (*bitacora.Document, error) {
	q := s.q(tx)
	doc := &bitacora.Document{Parties: []bitacora.Party{}, Areas: []bitacora.Area{}, Notes: []bitacora.Note{}, Warnings: []bitacora.Warning{}}
	p := &doc.Programme
	var id int64
	err := q.QueryRowContext(ctx, s.dialect.rebind(`SELECT id, slug, symbol, title, agenda, language, start_year, end_year, adopted, place, issued,
		distribution, job_number, source_name, source_line, source_end_line FROM programmes WHERE slug = ?`), slug).Scan(
		&id, &p.Slug, &p.Symbol, &p.Title, &p.Agenda, &p.Language, &p.StartYear, &p.EndYear, &p.Adopted, &p.Place, &p.Issued,
		&p.Distribution, &p.JobNumber, &p.SourceName, &p.Source.Line, &p.Source.EndLine)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no programme %q", slug).WithKey("error_no_programme", "Programme", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("store: programme %s: %w", slug, err)
	}
	r := reader{s: s, q: q, ctx: ctx}
	r.each(`SELECT text, line, end_line FROM preamble_paragraphs WHERE programme_id = ? ORDER BY position`, []any{id}, func(sc scanner) error {
		var para bitacora.Paragraph
		err := sc.Scan(&para.Text, &para.Source.Line, &para.Source.EndLine)
		p.Preamble = append(p.Preamble, para)
		return err
	})
	doc.Parties = r.programmeParties(id)
	areaIdx := map[int64]int{}
	r.each(`SELECT id, number, title, line, end_line FROM areas WHERE programme_id = ? ORDER BY number`, []any{id}, func(sc scanner) error {
		var a bitacora.Area
		var aid int64
		err := sc.Scan(&aid, &a.Number, &a.Title, &a.Source.Line, &a.Source.EndLine)
		a.Objectives = []bitacora.Objective{}
		areaIdx[aid] = len(doc.Areas)
		doc.Areas = append(doc.Areas, a)
		return err
	})
	type pos struct{ area, obj int }
	objIdx := map[int64]pos{}
	r.each(`SELECT id, area_id, number, text, line, end_line FROM objectives WHERE programme_id = ? AND retired = 0 ORDER BY area_id, position`, []any{id}, func(sc scanner) error {
		var o bitacora.Objective
		var oid, aid int64
		if err := sc.Scan(&oid, &aid, &o.Number, &o.Text, &o.Source.Line, &o.Source.EndLine); err != nil {
			return err
		}
		o.Activities = []bitacora.Activity{}
		a := &doc.Areas[areaIdx[aid]]
		objIdx[oid] = pos{areaIdx[aid], len(a.Objectives)}
		a.Objectives = append(a.Objectives, o)
		return nil
	})
	acts := map[int64]*bitacora.Activity{}
	type actRow struct {
		id, obj int64
		a       bitacora.Activity
	}
	var actRows []actRow
	r.each(`SELECT id, objective_id, code, text, line, end_line FROM activities WHERE programme_id = ? AND retired = 0 ORDER BY objective_id, position`, []any{id}, func(sc scanner) error {
		var ar actRow
		err := sc.Scan(&ar.id, &ar.obj, &ar.a.Code, &ar.a.Text, &ar.a.Source.Line, &ar.a.Source.EndLine)
		ar.a.Components, ar.a.Responsible, ar.a.CoResponsible, ar.a.Notes = []string{}, []string{}, []string{}, []string{}
		actRows = append(actRows, ar)
		return err
	})
	if r.err != nil {
		return nil, r.err
	}
	for _, ar := range actRows {
		at := objIdx[ar.obj]
		o := &doc.Areas[at.area].Objectives[at.obj]
		o.Activities = append(o.Activities, ar.a)
	}
	// Pointers only once every append is done.
	for _, ar := range actRows {
		at := objIdx[ar.obj]
		o := &doc.Areas[at.area].Objectives[at.obj]
		for i := range o.Activities {
			if o.Activities[i].Code == ar.a.Code {
				acts[ar.id] = &o.Activities[i]
			}
		}
	}
	r.each(`SELECT c.activity_id, c.text FROM components c JOIN activities t ON t.id = c.activity_id
		WHERE t.programme_id = ? ORDER BY c.activity_id, c.position`, []any{id}, func(sc scanner) error {
		var aid int64
		var text string
		err := sc.Scan(&aid, &text)
		if a := acts[aid]; a != nil {
			a.Components = append(a.Components, text)
		}
		return err
	})
	r.each(`SELECT ap.activity_id, ap.role, ap.party_id FROM activity_parties ap JOIN activities t ON t.id = ap.activity_id
		WHERE t.programme_id = ? ORDER BY ap.activity_id, ap.role, ap.position`, []any{id}, func(sc scanner) error {
		var aid int64
		var role bitacora.Role
		var party string
		err := sc.Scan(&aid, &role, &party)
		if a := acts[aid]; a != nil {
			if role == bitacora.RoleResponsible {
				a.Responsible = append(a.Responsible, party)
			} else {
				a.CoResponsible = append(a.CoResponsible, party)
			}
		}
		return err
	})
	r.each(`SELECT n.activity_id, n.text FROM activity_notes n JOIN activities t ON t.id = n.activity_id
		WHERE t.programme_id = ? ORDER BY n.activity_id, n.position`, []any{id}, func(sc scanner) error {
		var aid int64
		var text string
		err := sc.Scan(&aid, &text)
		if a := acts[aid]; a != nil {
			a.Notes = append(a.Notes, text)
		}
		return err
	})
	r.each(`SELECT mark, text, area_number, line, end_line FROM notes WHERE programme_id = ? ORDER BY position`, []any{id}, func(sc scanner) error {
		var n bitacora.Note
		err := sc.Scan(&n.Mark, &n.Text, &n.Area, &n.Source.Line, &n.Source.EndLine)
		doc.Notes = append(doc.Notes, n)
		return err
	})
	r.each(`SELECT line, message FROM import_warnings WHERE programme_id = ? ORDER BY position`, []any{id}, func(sc scanner) error {
		var w bitacora.Warning
		err := sc.Scan(&w.Line, &w.Message)
		doc.Warnings = append(doc.Warnings, w)
		return err
	})
	if r.err != nil {
		return nil, r.err
	}
	return doc, nil
}

// programmeParties returns the parties as one programme writes them, in the
// order it first names them.
func (r *reader) programmeParties(programmeID int64) []bitacora.Party {
	parties := []bitacora.Party{}
	idx := map[string]int{}
	r.each(`SELECT party_id, name, acronym, kind, COALESCE(parent_id, ''), line, end_line FROM programme_parties
		WHERE programme_id = ? ORDER BY position`, []any{programmeID}, func(sc scanner) error {
		var p bitacora.Party
		err := sc.Scan(&p.ID, &p.Name, &p.Acronym, &p.Kind, &p.Parent, &p.Source.Line, &p.Source.EndLine)
		p.Countries, p.CountryCodes, p.Aliases = []string{}, []string{}, []string{}
		idx[p.ID] = len(parties)
		parties = append(parties, p)
		return err
	})
	r.each(`SELECT party_id, name, code FROM programme_party_countries WHERE programme_id = ? ORDER BY party_id, position`, []any{programmeID}, func(sc scanner) error {
		var id, name, code string
		err := sc.Scan(&id, &name, &code)
		if i, ok := idx[id]; ok {
			parties[i].Countries = append(parties[i].Countries, name)
			parties[i].CountryCodes = append(parties[i].CountryCodes, code)
		}
		return err
	})
	r.each(`SELECT party_id, alias FROM party_aliases WHERE programme_id = ? AND kind = 'alias' ORDER BY party_id, position`, []any{programmeID}, func(sc scanner) error {
		var id, alias string
		err := sc.Scan(&id, &alias)
		if i, ok := idx[id]; ok {
			parties[i].Aliases = append(parties[i].Aliases, alias)
		}
		return err
	})
	return parties
}

type scanner interface{ Scan(dest ...any) error }

// reader runs a sequence of queries and keeps the first error.
type reader struct {
	s   *DB
	q   queryer
	ctx context.Context
	err error
}

func (r *reader) each(query string, args []any, fn func(scanner) error) {
	if r.err != nil {
		return
	}
	rows, err := r.q.QueryContext(r.ctx, r.s.dialect.rebind(query), args...)
	if err != nil {
		r.err = fmt.Errorf("store: %w", err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			r.err = fmt.Errorf("store: %w", err)
			return
		}
	}
	if err := rows.Err(); err != nil {
		r.err = fmt.Errorf("store: %w", err)
	}
}

// Activity returns one activity of a programme with its area, objective and
// the parties it names.
func (s *DB) Activity(ctx context.Context, slug, code string) (*bitacora.ActivityDetail, error) {
	doc, err := s.Document(ctx, slug)
	if err != nil {
		return nil, err
	}
	return ActivityOf(doc, code)
}

// ActivityOf picks one activity out of a document.
func ActivityOf(doc *bitacora.Document, code string) (*bitacora.ActivityDetail, error) {
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				if act.Code != code {
					continue
				}
				d := &bitacora.ActivityDetail{
					Programme: Summary(doc),
					Area:      bitacora.AreaRef{Number: a.Number, Title: a.Title},
					Objective: bitacora.ObjectiveRef{Number: o.Number, Text: o.Text},
					Activity:  act,
					Parties:   []bitacora.Party{},
				}
				for _, id := range append(append([]string{}, act.Responsible...), act.CoResponsible...) {
					if p := doc.Party(id); p != nil {
						d.Parties = append(d.Parties, *p)
					}
				}
				return d, nil
			}
		}
	}
	return nil, bitacora.Errorf(bitacora.ENOTFOUND, "programme %s has no activity %q", doc.Programme.Slug, code).WithKey("error_no_activity", "Programme", doc.Programme.Slug, "Activity", code)
}

// Summary returns a document's programme as a list shows it.
func Summary(doc *bitacora.Document) bitacora.ProgrammeSummary {
	p := doc.Programme
	sum := bitacora.ProgrammeSummary{Slug: p.Slug, Symbol: p.Symbol, Title: p.Title, Agenda: p.Agenda, Language: p.Language,
		StartYear: p.StartYear, EndYear: p.EndYear, Adopted: p.Adopted, Areas: len(doc.Areas)}
	for _, a := range doc.Areas {
		sum.Objectives += len(a.Objectives)
		for _, o := range a.Objectives {
			sum.Activities += len(o.Activities)
		}
	}
	return sum
}
