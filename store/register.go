package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/elac/bitacora"
)

// The register as the secretariat keeps it (bitacora.Parties): each
// operation in one transaction, with its entry in the change record and a
// generation for the register (and, for a merge, for the programmes whose
// documents name the merged party), so that the published read model
// shows it at once.

// partyRow is a party of the register as a register operation reads it.
type partyRow struct {
	ID, Name, Acronym, Kind, Parent, MergedInto string
}

// partyState is what the change record keeps of a party.
type partyState struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Acronym string `json:"acronym,omitempty"`
	Kind    string `json:"kind"`
	Parent  string `json:"parent,omitempty"`
}

func (p partyRow) state() partyState {
	return partyState{ID: p.ID, Name: p.Name, Acronym: p.Acronym, Kind: p.Kind, Parent: p.Parent}
}

// lockParty reads a party for a change, and locks it until the transaction
// ends. A merged party is not the register's any more: it redirects.
func (w *writer) lockParty(id string) (partyRow, error) {
	var p partyRow
	if w.err != nil {
		return p, w.err
	}
	var parent, merged sql.NullString
	err := w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(`SELECT id, name, acronym, kind, parent_id, merged_into FROM parties WHERE id = ?`+w.s.dialect.ForUpdate), id).
		Scan(&p.ID, &p.Name, &p.Acronym, &p.Kind, &parent, &merged)
	if errors.Is(err, sql.ErrNoRows) {
		return p, bitacora.Errorf(bitacora.ENOTFOUND, "no party %q", id).WithKey("error_no_party", "Party", id)
	}
	if err != nil {
		return p, fmt.Errorf("store: party %s: %w", id, err)
	}
	p.Parent, p.MergedInto = parent.String, merged.String
	if p.MergedInto != "" {
		return p, bitacora.ErrMergeMerged
	}
	return p, nil
}

// partiesWritten returns the parties of the register, other than except,
// that are written with the key: by a programme or by the register.
func (w *writer) partiesWritten(key, except string) ([]string, error) {
	rows, err := w.tx.QueryContext(w.ctx, w.s.dialect.rebind(`SELECT party_id FROM party_aliases WHERE alias_key = ? AND party_id <> ?
		UNION SELECT party_id FROM party_names WHERE name_key = ? AND party_id <> ? ORDER BY 1`), key, except, key, except)
	if err != nil {
		return nil, fmt.Errorf("store: parties written %q: %w", key, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// checkWritten adds a field error for each way of writing the party
// (field → text) that another party of the register is written as: the
// import could then not tell them apart.
func (w *writer) checkWritten(fe bitacora.FieldErrors, id string, fields map[string]string) error {
	for field, text := range fields {
		if text == "" {
			continue
		}
		ids, err := w.partiesWritten(aliasKey(text), id)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			fe[field] = "register_error_name_taken"
		}
	}
	return nil
}

// checkParent refuses a parent that is not a party of the register, or
// that is the party itself or one of its own descendants.
func (w *writer) checkParent(fe bitacora.FieldErrors, id, parent string) error {
	for p, n := parent, 0; p != "" && n < 100; n++ {
		if p == id {
			fe["parent"] = "register_error_parent_cycle"
			return nil
		}
		var next, merged sql.NullString
		err := w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(`SELECT parent_id, merged_into FROM parties WHERE id = ?`), p).Scan(&next, &merged)
		if errors.Is(err, sql.ErrNoRows) || err == nil && merged.Valid && p == parent {
			fe["parent"] = "field_party_unknown"
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: parent %s: %w", p, err)
		}
		p = next.String
	}
	return nil
}

// writeOwnNames records the party's name and acronym as the register
// writes them, for the import to match.
func (w *writer) writeOwnNames(id, name, acronym string) {
	w.exec(`DELETE FROM party_names WHERE party_id = ? AND kind IN ('name', 'acronym')`, id)
	w.exec(`INSERT INTO party_names (party_id, kind, position, name, name_key, lang) VALUES (?, 'name', 0, ?, ?, '')`, id, name, aliasKey(name))
	if acronym != "" {
		w.exec(`INSERT INTO party_names (party_id, kind, position, name, name_key, lang) VALUES (?, 'acronym', 0, ?, ?, '')`, id, acronym, aliasKey(acronym))
	}
}

// AddParty registers a new party, its id made from its acronym (else its
// name) and kept for good.
func (s *DB) AddParty(ctx context.Context, e bitacora.PartyEdit) (*bitacora.Party, error) {
	var id string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		fe := bitacora.FieldErrors{}
		if err := w.checkWritten(fe, "", map[string]string{"name": e.Name, "acronym": e.Acronym}); err != nil {
			return err
		}
		if err := w.checkParent(fe, "", e.Parent); err != nil {
			return err
		}
		if err := fe.Check(); err != nil {
			return err
		}
		base := bitacora.Slugify(e.Acronym)
		if base == "" {
			base = bitacora.Slugify(e.Name)
		}
		if base == "" {
			return bitacora.FieldErrors{"name": "field_name_invalid"}.Check()
		}
		id = base
		for n := 2; ; n++ {
			var exists int
			if err := tx.QueryRowContext(ctx, s.dialect.rebind("SELECT COUNT(*) FROM parties WHERE id = ?"), id).Scan(&exists); err != nil {
				return fmt.Errorf("store: add party: %w", err)
			}
			if exists == 0 {
				break
			}
			id = fmt.Sprintf("%s-%d", base, n)
		}
		w.exec(`INSERT INTO parties (id, name, acronym, kind, parent_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, e.Name, e.Acronym, string(e.Kind), nullIfEmpty(e.Parent), s.now())
		w.writeOwnNames(id, e.Name, e.Acronym)
		w.bump(PartRegister)
		w.audit(bitacora.ActionPartyAdd, PartySubject(id), nil, partyState{ID: id, Name: e.Name, Acronym: e.Acronym, Kind: string(e.Kind), Parent: e.Parent})
		return w.err
	})
	if err != nil {
		return nil, err
	}
	d, err := s.Party(ctx, id)
	if err != nil {
		return nil, err
	}
	return &d.Party, nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// UpdateParty renames a party or changes its acronym, kind or parent. Its
// id does not change, nor what the programmes and their approved versions
// wrote of it; its former name stays a name the import knows it by.
func (s *DB) UpdateParty(ctx context.Context, id string, e bitacora.PartyEdit) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		old, err := w.lockParty(id)
		if err != nil {
			return err
		}
		fe := bitacora.FieldErrors{}
		if err := w.checkWritten(fe, id, map[string]string{"name": e.Name, "acronym": e.Acronym}); err != nil {
			return err
		}
		if err := w.checkParent(fe, id, e.Parent); err != nil {
			return err
		}
		if err := fe.Check(); err != nil {
			return err
		}
		w.exec(`UPDATE parties SET name = ?, acronym = ?, kind = ?, parent_id = ? WHERE id = ?`,
			e.Name, e.Acronym, string(e.Kind), nullIfEmpty(e.Parent), id)
		w.writeOwnNames(id, e.Name, e.Acronym)
		if aliasKey(old.Name) != aliasKey(e.Name) {
			w.keepAlias(id, old.Name)
		}
		w.bump(PartRegister)
		w.audit(bitacora.ActionPartyUpdate, PartySubject(id), old.state(), partyState{ID: id, Name: e.Name, Acronym: e.Acronym, Kind: string(e.Kind), Parent: e.Parent})
		return w.err
	})
}

// keepAlias adds name to the party's names in the register (in no
// particular language), unless the party is already written so.
func (w *writer) keepAlias(id, name string) {
	if w.err != nil {
		return
	}
	key := aliasKey(name)
	var n int
	w.err = w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(`SELECT COUNT(*) FROM party_names WHERE party_id = ? AND name_key = ?`), id, key).Scan(&n)
	if n > 0 || w.err != nil {
		return
	}
	w.exec(`INSERT INTO party_names (party_id, kind, position, name, name_key, lang)
		VALUES (?, 'alias', (SELECT COALESCE(MAX(position), -1) + 1 FROM party_names WHERE party_id = ? AND kind = 'alias'), ?, ?, '')`,
		id, id, name, key)
}

// SetPartyNames replaces the party's names in languages.
func (s *DB) SetPartyNames(ctx context.Context, id string, names []bitacora.PartyName) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		if _, err := w.lockParty(id); err != nil {
			return err
		}
		fe := bitacora.FieldErrors{}
		seen := map[string]bool{}
		for i, n := range names {
			field := fmt.Sprintf("alias_%d", i)
			if seen[aliasKey(n.Name)] {
				fe[field] = "register_error_alias_twice"
				continue
			}
			seen[aliasKey(n.Name)] = true
			if err := w.checkWritten(fe, id, map[string]string{field: n.Name}); err != nil {
				return err
			}
		}
		if err := fe.Check(); err != nil {
			return err
		}
		before, err := s.partyNames(ctx, tx, id)
		if err != nil {
			return err
		}
		w.exec(`DELETE FROM party_names WHERE party_id = ? AND kind = 'alias'`, id)
		for i, n := range names {
			w.exec(`INSERT INTO party_names (party_id, kind, position, name, name_key, lang) VALUES (?, 'alias', ?, ?, ?, ?)`,
				id, i, n.Name, aliasKey(n.Name), n.Lang)
		}
		w.bump(PartRegister)
		w.audit(bitacora.ActionPartyAliases, PartySubject(id), before, nonNilNames(names))
		return w.err
	})
}

func nonNilNames(names []bitacora.PartyName) []bitacora.PartyName {
	if names == nil {
		return []bitacora.PartyName{}
	}
	return names
}

// SetChairs replaces the countries that chair the party.
func (s *DB) SetChairs(ctx context.Context, id string, chairs []bitacora.Chair) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		if _, err := w.lockParty(id); err != nil {
			return err
		}
		before, err := s.partyChairs(ctx, tx, id)
		if err != nil {
			return err
		}
		w.exec(`DELETE FROM party_chairs WHERE party_id = ?`, id)
		for i, c := range chairs {
			w.exec(`INSERT INTO party_chairs (party_id, position, country, code, starts_on, ends_on) VALUES (?, ?, ?, ?, ?, ?)`,
				id, i, c.Country, c.Code, c.StartsOn, c.EndsOn)
		}
		w.bump(PartRegister)
		if chairs == nil {
			chairs = []bitacora.Chair{}
		}
		w.audit(bitacora.ActionPartyChairs, PartySubject(id), before, chairs)
		return w.err
	})
}

// MergeCounts says what a merge moves from the merged party to the
// survivor, for the form to ask for confirmation.
type MergeCounts struct {
	Roles, Memberships, Contributions, Names, Children, Programmes int
}

// countMerge counts what of merged a merge would move.
func (s *DB) countMerge(ctx context.Context, q queryer, merged string) (MergeCounts, error) {
	var c MergeCounts
	for _, x := range []struct {
		n     *int
		query string
		args  int
	}{
		{&c.Roles, `SELECT COUNT(*) FROM activity_parties WHERE party_id = ?`, 1},
		{&c.Memberships, `SELECT COUNT(*) FROM memberships WHERE party_id = ?`, 1},
		{&c.Contributions, `SELECT COUNT(*) FROM report_contributions WHERE party_id = ?`, 1},
		{&c.Names, `SELECT (SELECT COUNT(DISTINCT alias_key) FROM party_aliases WHERE party_id = ?) + (SELECT COUNT(*) FROM party_names WHERE party_id = ? AND kind = 'alias')`, 2},
		{&c.Children, `SELECT COUNT(*) FROM parties WHERE parent_id = ? AND merged_into IS NULL`, 1},
		{&c.Programmes, `SELECT COUNT(*) FROM programme_parties WHERE party_id = ?`, 1},
	} {
		args := []any{merged}
		if x.args == 2 {
			args = append(args, merged)
		}
		if err := q.QueryRowContext(ctx, s.dialect.rebind(x.query), args...).Scan(x.n); err != nil {
			return c, fmt.Errorf("store: merge %s: %w", merged, err)
		}
	}
	return c, nil
}

// MergePreview says what merging merged into survivor would move, and
// refuses what the merge would refuse.
func (s *DB) MergePreview(ctx context.Context, survivor, merged string) (MergeCounts, error) {
	if survivor == merged {
		return MergeCounts{}, bitacora.ErrMergeSelf
	}
	for _, id := range []string{survivor, merged} {
		var m sql.NullString
		err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT merged_into FROM parties WHERE id = ?`), id).Scan(&m)
		if errors.Is(err, sql.ErrNoRows) {
			return MergeCounts{}, bitacora.Errorf(bitacora.ENOTFOUND, "no party %q", id).WithKey("error_no_party", "Party", id)
		}
		if err != nil {
			return MergeCounts{}, fmt.Errorf("store: merge %s: %w", id, err)
		}
		if m.Valid {
			return MergeCounts{}, bitacora.ErrMergeMerged
		}
	}
	return s.countMerge(ctx, s.db, merged)
}

// MergeParties merges a party into the survivor, in one transaction: the
// merged party's roles in activities, its place in the programmes that
// name it, its focal points, its contributions to reports, the ways it is
// written and its chairs and children go to the survivor; the merged
// party keeps its row, marked with the survivor and the day, so that its
// id redirects. The approved versions of programmes are not touched: they
// keep the parties as they were.
func (s *DB) MergeParties(ctx context.Context, survivor, merged string) error {
	if survivor == merged {
		return bitacora.ErrMergeSelf
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		a, err := w.lockParty(survivor)
		if err != nil {
			return err
		}
		b, err := w.lockParty(merged)
		if err != nil {
			return err
		}
		counts, err := s.countMerge(ctx, tx, merged)
		if err != nil {
			return err
		}
		// The programmes whose documents change: they take a generation.
		programmes := w.ids(`SELECT programme_id FROM programme_parties WHERE party_id = ?
			UNION SELECT t.programme_id FROM activity_parties ap JOIN activities t ON t.id = ap.activity_id WHERE ap.party_id = ?`, merged, merged)

		// Roles: where both are named on an activity, the survivor keeps
		// the stronger role once.
		w.exec(`DELETE FROM activity_parties WHERE party_id = ? AND role = 'co_responsible' AND EXISTS
			(SELECT 1 FROM activity_parties x WHERE x.activity_id = activity_parties.activity_id AND x.party_id = ? AND x.role = 'responsible')`, survivor, merged)
		w.exec(`DELETE FROM activity_parties WHERE party_id = ? AND EXISTS
			(SELECT 1 FROM activity_parties x WHERE x.activity_id = activity_parties.activity_id AND x.party_id = ?)`, merged, survivor)
		w.exec(`UPDATE activity_parties SET party_id = ? WHERE party_id = ?`, survivor, merged)

		// The programmes' own record of the party: a programme that named
		// only the merged party now names the survivor, as it wrote it.
		w.exec(`UPDATE programme_parties SET parent_id = ? WHERE parent_id = ? AND party_id <> ?`, survivor, merged, survivor)
		w.exec(`UPDATE programme_parties SET parent_id = NULL WHERE parent_id = ? AND party_id = ?`, merged, survivor)
		w.exec(`INSERT INTO programme_parties (programme_id, party_id, position, name, acronym, kind, parent_id, line, end_line)
			SELECT programme_id, ?, position, name, acronym, kind, CASE WHEN parent_id = ? THEN NULL ELSE parent_id END, line, end_line FROM programme_parties b
			WHERE b.party_id = ? AND NOT EXISTS (SELECT 1 FROM programme_parties x WHERE x.programme_id = b.programme_id AND x.party_id = ?)`,
			survivor, survivor, merged, survivor)
		w.exec(`UPDATE programme_party_countries SET party_id = ? WHERE party_id = ? AND NOT EXISTS
			(SELECT 1 FROM programme_party_countries x WHERE x.programme_id = programme_party_countries.programme_id AND x.party_id = ?)`, survivor, merged, survivor)
		w.exec(`DELETE FROM programme_party_countries WHERE party_id = ?`, merged)
		w.exec(`DELETE FROM programme_parties WHERE party_id = ?`, merged)

		// Focal points and contributions: a report both contributed to
		// keeps both texts, the survivor's first.
		w.exec(`UPDATE memberships SET party_id = ? WHERE party_id = ?`, survivor, merged)
		w.exec(`UPDATE report_contributions SET text = text || CAST(? AS TEXT) || (SELECT b.text FROM report_contributions b WHERE b.report_id = report_contributions.report_id AND b.party_id = ?)
			WHERE party_id = ? AND EXISTS (SELECT 1 FROM report_contributions b WHERE b.report_id = report_contributions.report_id AND b.party_id = ?)`,
			"\n\n", merged, survivor, merged)
		w.exec(`DELETE FROM report_contributions WHERE party_id = ? AND EXISTS
			(SELECT 1 FROM report_contributions x WHERE x.report_id = report_contributions.report_id AND x.party_id = ?)`, merged, survivor)
		w.exec(`UPDATE report_contributions SET party_id = ? WHERE party_id = ?`, survivor, merged)

		// How it is written: every programme's way, the register's names,
		// and its own name and acronym, so that a later edition naming it
		// finds the survivor.
		w.exec(`UPDATE party_aliases SET party_id = ? WHERE party_id = ?`, survivor, merged)
		names, err := s.partyNames(ctx, tx, merged)
		if err != nil {
			return err
		}
		w.exec(`DELETE FROM party_names WHERE party_id = ?`, merged)
		for _, n := range append([]bitacora.PartyName{{Name: b.Name}, {Name: b.Acronym}}, names...) {
			if n.Name != "" {
				w.keepAliasIn(survivor, n)
			}
		}
		w.exec(`UPDATE party_chairs SET party_id = ?, position = position + (SELECT COALESCE(MAX(position), -1) + 1 FROM party_chairs WHERE party_id = ?) WHERE party_id = ?`,
			survivor, survivor, merged)

		// The parties: children follow the survivor (which cannot stay
		// its own child); earlier merges into the merged party point to
		// the survivor, so that a redirect is one step.
		newParent := a.Parent
		if newParent == merged {
			newParent = b.Parent
			if newParent == survivor {
				newParent = ""
			}
		}
		w.exec(`UPDATE parties SET parent_id = ? WHERE id = ?`, nullIfEmpty(newParent), survivor)
		w.exec(`UPDATE parties SET parent_id = ? WHERE parent_id = ? AND id <> ?`, survivor, merged, survivor)
		today := s.now().UTC().Format("2006-01-02")
		w.exec(`UPDATE parties SET merged_into = ? WHERE merged_into = ?`, survivor, merged)
		w.exec(`UPDATE parties SET merged_into = ?, merged_on = ?, parent_id = NULL WHERE id = ?`, survivor, today, merged)

		w.bump(PartRegister)
		for _, pid := range programmes {
			w.programme = pid
			w.bump(PartDoc, PartRegister)
		}
		w.programme = 0
		w.audit(bitacora.ActionPartyMerge, PartySubject(survivor), map[string]any{"survivor": a.state(), "merged": b.state()},
			map[string]any{"survivor": survivor, "merged": merged, "on": today, "roles": counts.Roles, "memberships": counts.Memberships,
				"contributions": counts.Contributions, "names": counts.Names, "children": counts.Children, "programmes": counts.Programmes})
		return w.err
	})
}

// keepAliasIn is keepAlias with the name's language.
func (w *writer) keepAliasIn(id string, n bitacora.PartyName) {
	if w.err != nil {
		return
	}
	key := aliasKey(n.Name)
	var have int
	w.err = w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(`SELECT COUNT(*) FROM party_names WHERE party_id = ? AND name_key = ?`), id, key).Scan(&have)
	if have > 0 || w.err != nil {
		return
	}
	w.exec(`INSERT INTO party_names (party_id, kind, position, name, name_key, lang)
		VALUES (?, 'alias', (SELECT COALESCE(MAX(position), -1) + 1 FROM party_names WHERE party_id = ? AND kind = 'alias'), ?, ?, ?)`,
		id, id, n.Name, key, n.Lang)
}

// partyNames returns the party's names in languages set in the register.
func (s *DB) partyNames(ctx context.Context, q queryer, id string) ([]bitacora.PartyName, error) {
	names := []bitacora.PartyName{}
	r := reader{s: s, q: q, ctx: ctx}
	r.each(`SELECT name, lang FROM party_names WHERE party_id = ? AND kind = 'alias' ORDER BY position`, []any{id}, func(sc scanner) error {
		var n bitacora.PartyName
		err := sc.Scan(&n.Name, &n.Lang)
		names = append(names, n)
		return err
	})
	return names, r.err
}

// partyChairs returns the countries that chair the party, by date.
func (s *DB) partyChairs(ctx context.Context, q queryer, id string) ([]bitacora.Chair, error) {
	chairs := []bitacora.Chair{}
	r := reader{s: s, q: q, ctx: ctx}
	r.each(`SELECT country, code, starts_on, ends_on FROM party_chairs WHERE party_id = ? ORDER BY starts_on, position`, []any{id}, func(sc scanner) error {
		var c bitacora.Chair
		err := sc.Scan(&c.Country, &c.Code, &c.StartsOn, &c.EndsOn)
		chairs = append(chairs, c)
		return err
	})
	return chairs, r.err
}

// partyAbsorbed returns the parties merged into the party.
func (s *DB) partyAbsorbed(ctx context.Context, q queryer, id string) ([]bitacora.PartyMerge, error) {
	list := []bitacora.PartyMerge{}
	r := reader{s: s, q: q, ctx: ctx}
	r.each(`SELECT id, name, merged_on FROM parties WHERE merged_into = ? ORDER BY merged_on, id`, []any{id}, func(sc scanner) error {
		var m bitacora.PartyMerge
		err := sc.Scan(&m.ID, &m.Name, &m.On)
		list = append(list, m)
		return err
	})
	return list, r.err
}

// MergedParties maps each merged party's id to its survivor's, for the
// old addresses to redirect.
func (s *DB) MergedParties(ctx context.Context) (map[string]string, error) {
	m := map[string]string{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT id, merged_into FROM parties WHERE merged_into IS NOT NULL`, nil, func(sc scanner) error {
		var id, to string
		err := sc.Scan(&id, &to)
		m[id] = to
		return err
	})
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}

// SurvivorOf returns the party a merged party was merged into, "" for a
// party that was not merged (or does not exist).
func (s *DB) SurvivorOf(ctx context.Context, id string) (string, error) {
	var to sql.NullString
	err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT merged_into FROM parties WHERE id = ?`), id).Scan(&to)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: party %s: %w", id, err)
	}
	return strings.TrimSpace(to.String), nil
}
