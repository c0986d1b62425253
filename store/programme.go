package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/elac/bitacora"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ImportProgramme stores a programme read from its document, in one
// transaction: either all of it is stored or nothing is. Its parties join
// the register: a party already known by name, acronym or alias is the same
// party, and doc's party ids are rewritten to the register's.
func (s *DB) ImportProgramme(ctx context.Context, doc *bitacora.Document, sourceText string) error {
	if err := validateDocument(doc); err != nil {
		return err
	}
	p := doc.Programme
	return s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, s.dialect.rebind(`INSERT INTO programmes
			(slug, symbol, title, agenda, language, start_year, end_year, adopted, place, issued,
			 distribution, job_number, source_name, source_line, source_end_line, source_text, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			p.Slug, p.Symbol, p.Title, p.Agenda, p.Language, p.StartYear, p.EndYear, p.Adopted, p.Place, p.Issued,
			p.Distribution, p.JobNumber, p.SourceName, p.Source.Line, p.Source.EndLine, sourceText, s.now()).Scan(&id)
		if isUniqueViolation(err) {
			return bitacora.Errorf(bitacora.ECONFLICT, "a programme with slug %q exists already", p.Slug)
		}
		if err != nil {
			return fmt.Errorf("store: import %s: %w", p.Slug, err)
		}
		w := writer{s: s, tx: tx, ctx: ctx, programme: id}
		for i, para := range p.Preamble {
			w.exec(`INSERT INTO preamble_paragraphs (programme_id, position, text, line, end_line) VALUES (?, ?, ?, ?, ?)`,
				id, i, para.Text, para.Source.Line, para.Source.EndLine)
		}
		w.writePeriods(defaultPeriods(p))
		ids, err := w.registerParties(doc.Parties)
		if err != nil {
			return err
		}
		for _, a := range doc.Areas {
			w.insertArea(a, ids)
		}
		for i, n := range doc.Notes {
			w.exec(`INSERT INTO notes (programme_id, position, mark, text, area_number, line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				id, i, n.Mark, n.Text, n.Area, n.Source.Line, n.Source.EndLine)
		}
		for i, wn := range doc.Warnings {
			w.exec(`INSERT INTO import_warnings (programme_id, position, line, message) VALUES (?, ?, ?, ?)`,
				id, i, wn.Line, wn.Message)
		}
		w.bump(PartDoc, PartTexts, PartPlan, PartReports, PartRegister) // its parties join the register
		w.audit(bitacora.ActionProgrammeImport, ProgrammeSubject(p.Slug), nil, summarise(doc))
		if w.err != nil {
			return fmt.Errorf("store: import %s: %w", p.Slug, w.err)
		}
		// Version 1: the programme as adopted.
		if err := s.keepVersion(ctx, tx, p.Slug, id, 1, p.Adopted, nil); err != nil {
			return fmt.Errorf("store: import %s: %w", p.Slug, err)
		}
		return nil
	})
}

// Part is a part of the published state that a write changes: a server
// reloads only the parts whose generation is newer than what it read.
type Part uint8

const (
	// PartDoc is a programme's document: its areas, objectives and
	// activities (an import, an approved revision).
	PartDoc Part = 1 << iota
	// PartTexts are a programme's translations.
	PartTexts
	// PartPlan is a programme's reporting plan: its periods and weights.
	PartPlan
	// PartReports are a programme's reports (see AcceptedStandingsSince).
	PartReports
	// PartRegister is the register of parties and their focal points.
	PartRegister
)

// partColumns are the columns of programme_generations that hold each
// part's generation.
var partColumns = []struct {
	part   Part
	column string
}{{PartDoc, "doc_gen"}, {PartTexts, "texts_gen"}, {PartPlan, "plan_gen"}, {PartReports, "reports_gen"}}

// bump marks what the write changed, in the writing transaction: the parts
// named, or, with none named, every part of the writer's programme (the
// register for a write outside any programme).
func (w *writer) bump(parts ...Part) {
	var what Part
	for _, p := range parts {
		what |= p
	}
	if what == 0 {
		what = PartRegister
		if w.programme != 0 {
			what = PartDoc | PartTexts | PartPlan | PartReports
		}
	}
	gen := w.generation()
	if what&PartRegister != 0 {
		w.exec("UPDATE generation SET register = ? WHERE id = 1", gen)
	}
	if w.programme == 0 {
		return
	}
	var set []string
	var args []any
	for _, pc := range partColumns {
		if what&pc.part != 0 {
			set = append(set, pc.column+" = ?")
			args = append(args, gen)
		}
	}
	if len(set) > 0 {
		w.exec("INSERT INTO programme_generations (programme_id) VALUES (?) ON CONFLICT (programme_id) DO NOTHING", w.programme)
		w.exec("UPDATE programme_generations SET "+strings.Join(set, ", ")+" WHERE programme_id = ?", append(args, w.programme)...)
	}
}

// generation takes the write's generation number, once per transaction.
// The generation row stays locked until the transaction ends, so numbers
// are taken in the order writes commit: a reader that sees n has every
// write numbered n or less. On PostgreSQL the write also notifies the
// other instances (see Watch), when it commits.
func (w *writer) generation() int64 {
	if w.gen != 0 || w.err != nil {
		return w.gen
	}
	w.err = w.tx.QueryRowContext(w.ctx, "UPDATE generation SET n = n + 1 WHERE id = 1 RETURNING n").Scan(&w.gen)
	w.s.published.Store(w.tx, true) // tx tells, when it commits
	if w.s.dialect.name == "postgres" {
		w.exec("SELECT pg_notify('" + changesChannel + "', '')")
	}
	return w.gen
}

// Generation returns a number that changes whenever the content does.
func (s *DB) Generation(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT n FROM generation WHERE id = 1").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: generation: %w", err)
	}
	return n, nil
}

// Generations says which generation each part of the published state was
// last changed in.
type Generations struct {
	N        int64 // the latest
	Register int64
	// Programmes by slug.
	Programmes map[string]ProgrammeGenerations
}

// ProgrammeGenerations are a programme's parts' generations.
type ProgrammeGenerations struct{ Doc, Texts, Plan, Reports int64 }

// Changed returns the parts changed after generation since.
func (g ProgrammeGenerations) Changed(since int64) Part {
	var p Part
	for _, x := range []struct {
		part Part
		gen  int64
	}{{PartDoc, g.Doc}, {PartTexts, g.Texts}, {PartPlan, g.Plan}, {PartReports, g.Reports}} {
		if x.gen > since {
			p |= x.part
		}
	}
	return p
}

// Generations reads every part's generation. N is read first: a write
// numbered N or less is committed and shows in what follows, and one that
// commits meanwhile shows with a number above N, so that a reader that
// goes on from N reads it again next time and misses nothing. (No
// transaction: on SQLite one would take the write lock.)
func (s *DB) Generations(ctx context.Context) (Generations, error) {
	g := Generations{Programmes: map[string]ProgrammeGenerations{}}
	if err := s.db.QueryRowContext(ctx, "SELECT n, register FROM generation WHERE id = 1").Scan(&g.N, &g.Register); err != nil {
		return Generations{}, fmt.Errorf("store: generations: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.slug, g.doc_gen, g.texts_gen, g.plan_gen, g.reports_gen
		FROM programmes p JOIN programme_generations g ON g.programme_id = p.id`)
	if err != nil {
		return Generations{}, fmt.Errorf("store: generations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		var pg ProgrammeGenerations
		if err := rows.Scan(&slug, &pg.Doc, &pg.Texts, &pg.Plan, &pg.Reports); err != nil {
			return Generations{}, fmt.Errorf("store: generations: %w", err)
		}
		g.Programmes[slug] = pg
	}
	if err := rows.Err(); err != nil {
		return Generations{}, fmt.Errorf("store: generations: %w", err)
	}
	return g, nil
}

// validateDocument refuses what the schema would refuse, but with a message
// that says where.
func validateDocument(doc *bitacora.Document) error {
	if !slugPattern.MatchString(doc.Programme.Slug) {
		return bitacora.Errorf(bitacora.EINVALID, "programme slug %q: use lower-case letters, digits and dashes (at most 63)", doc.Programme.Slug)
	}
	parties := map[string]bool{}
	for _, p := range doc.Parties {
		if p.ID == "" || parties[p.ID] {
			return bitacora.Errorf(bitacora.EINVALID, "party %q (line %d): missing or repeated id", p.Name, p.Source.Line)
		}
		// A party's id is its URL (/parties/{id}): one the web layer would
		// refuse as malformed would make a party nobody can open.
		if !bitacora.ValidID(p.ID) {
			return bitacora.Errorf(bitacora.EINVALID, "party %q (line %d): id %q: use lower-case letters, digits and dashes (at most %d)", p.Name, p.Source.Line, p.ID, bitacora.MaxIDLength)
		}
		parties[p.ID] = true
	}
	for _, p := range doc.Parties {
		if p.Parent != "" && !parties[p.Parent] {
			return bitacora.Errorf(bitacora.EINVALID, "party %s (line %d): parent %q is not among the parties", p.ID, p.Source.Line, p.Parent)
		}
	}
	codes := map[string]int{}
	areas := map[int]bool{}
	objectives := map[int]bool{}
	for _, a := range doc.Areas {
		if areas[a.Number] {
			return bitacora.Errorf(bitacora.EINVALID, "area %d (line %d) appears twice", a.Number, a.Source.Line)
		}
		areas[a.Number] = true
		for _, o := range a.Objectives {
			if objectives[o.Number] {
				return bitacora.Errorf(bitacora.EINVALID, "objective %d (line %d) appears twice", o.Number, o.Source.Line)
			}
			objectives[o.Number] = true
			for _, act := range o.Activities {
				if line, dup := codes[act.Code]; dup {
					return bitacora.Errorf(bitacora.EINVALID, "activity %s (line %d) appears twice; first at line %d", act.Code, act.Source.Line, line)
				}
				codes[act.Code] = act.Source.Line
				for _, id := range append(append([]string{}, act.Responsible...), act.CoResponsible...) {
					if !parties[id] {
						return bitacora.Errorf(bitacora.EINVALID, "activity %s (line %d): party %q is not among the parties", act.Code, act.Source.Line, id)
					}
				}
			}
		}
	}
	return nil
}

// writer carries the first error through a run of inserts, so that the
// import reads as the list of what it stores.
type writer struct {
	s         *DB
	tx        *sql.Tx
	ctx       context.Context
	programme int64
	gen       int64           // the write's generation, once taken
	aliases   map[string]bool // kind and key of the aliases written so far
	err       error
}

func (w *writer) exec(query string, args ...any) {
	if w.err != nil {
		return
	}
	_, w.err = w.tx.ExecContext(w.ctx, w.s.dialect.rebind(query), args...)
}

func (w *writer) insertID(query string, args ...any) int64 {
	var id int64
	if w.err == nil {
		w.err = w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(query+" RETURNING id"), args...).Scan(&id)
	}
	return id
}

func (w *writer) insertArea(a bitacora.Area, partyIDs map[string]string) {
	areaID := w.insertID(`INSERT INTO areas (programme_id, number, title, line, end_line) VALUES (?, ?, ?, ?, ?)`,
		w.programme, a.Number, a.Title, a.Source.Line, a.Source.EndLine)
	for i, o := range a.Objectives {
		objID := w.insertID(`INSERT INTO objectives (programme_id, area_id, position, number, text, line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			w.programme, areaID, i, o.Number, o.Text, o.Source.Line, o.Source.EndLine)
		for j, act := range o.Activities {
			actID := w.insertID(`INSERT INTO activities (programme_id, objective_id, position, code, text, line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				w.programme, objID, j, act.Code, act.Text, act.Source.Line, act.Source.EndLine)
			w.writeActivityParts(actID, &act, partyIDs)
		}
	}
}

// writeActivityParts stores an activity's components, parties and notes;
// partyIDs maps the document's party ids to the register's (nil: the same).
func (w *writer) writeActivityParts(actID int64, act *bitacora.Activity, partyIDs map[string]string) {
	party := func(id string) string {
		if partyIDs == nil {
			return id
		}
		return partyIDs[id]
	}
	for k, c := range act.Components {
		w.exec(`INSERT INTO components (activity_id, position, text) VALUES (?, ?, ?)`, actID, k, c)
	}
	for role, ids := range map[bitacora.Role][]string{bitacora.RoleResponsible: act.Responsible, bitacora.RoleCoResponsible: act.CoResponsible} {
		for k, p := range ids {
			w.exec(`INSERT INTO activity_parties (activity_id, role, position, party_id) VALUES (?, ?, ?, ?)`, actID, role, k, party(p))
		}
	}
	for k, n := range act.Notes {
		w.exec(`INSERT INTO activity_notes (activity_id, position, text) VALUES (?, ?, ?)`, actID, k, n)
	}
}

// programmeID returns the id of the programme with the given slug.
func (s *DB) programmeID(ctx context.Context, q queryer, slug string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, s.dialect.rebind("SELECT id FROM programmes WHERE slug = ?"), slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, bitacora.Errorf(bitacora.ENOTFOUND, "no programme %q", slug).WithKey("error_no_programme", "Programme", slug)
	}
	if err != nil {
		return 0, fmt.Errorf("store: programme %s: %w", slug, err)
	}
	return id, nil
}

// CountProgrammes returns how many programmes are stored.
func (s *DB) CountProgrammes(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM programmes").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count programmes: %w", err)
	}
	return n, nil
}

// Programmes lists the stored programmes, newest period first.
func (s *DB) Programmes(ctx context.Context) ([]bitacora.ProgrammeSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.slug, p.symbol, p.title, p.agenda, p.language, p.start_year, p.end_year, p.adopted,
		(SELECT COUNT(*) FROM areas a WHERE a.programme_id = p.id),
		(SELECT COUNT(*) FROM objectives o WHERE o.programme_id = p.id AND o.retired = 0),
		(SELECT COUNT(*) FROM activities t WHERE t.programme_id = p.id AND t.retired = 0)
		FROM programmes p ORDER BY p.start_year DESC, p.slug`)
	if err != nil {
		return nil, fmt.Errorf("store: programmes: %w", err)
	}
	defer rows.Close()
	list := []bitacora.ProgrammeSummary{}
	for rows.Next() {
		var p bitacora.ProgrammeSummary
		if err := rows.Scan(&p.Slug, &p.Symbol, &p.Title, &p.Agenda, &p.Language, &p.StartYear, &p.EndYear, &p.Adopted,
			&p.Areas, &p.Objectives, &p.Activities); err != nil {
			return nil, fmt.Errorf("store: programmes: %w", err)
		}
		list = append(list, p)
	}
	return list, rows.Err()
}

// SourceText returns the document a programme was imported from.
func (s *DB) SourceText(ctx context.Context, slug string) (string, error) {
	var text string
	err := s.db.QueryRowContext(ctx, s.dialect.rebind("SELECT source_text FROM programmes WHERE slug = ?"), slug).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", bitacora.Errorf(bitacora.ENOTFOUND, "no programme %q", slug).WithKey("error_no_programme", "Programme", slug)
	}
	if err != nil {
		return "", fmt.Errorf("store: source of %s: %w", slug, err)
	}
	return text, nil
}
