package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/elac/bitacora"
)

// aliasKey normalises a way of writing a party, so that case, accents and
// spacing do not make two parties of one.
func aliasKey(s string) string {
	return strings.Join(strings.Fields(bitacora.FoldAccents(strings.ToLower(s))), " ")
}

// registerParties finds or creates each of the document's parties in the
// register and records how this programme writes them. It returns the map
// from the document's party ids to the register's.
func (w *writer) registerParties(parties []bitacora.Party) (map[string]string, error) {
	ids := make(map[string]string, len(parties))
	seen := map[string]bitacora.Party{}
	for _, p := range parties {
		id, err := w.resolveParty(p)
		if err != nil {
			return nil, err
		}
		if first, dup := seen[id]; dup {
			return nil, bitacora.Errorf(bitacora.EINVALID, "parties %q (line %d) and %q (line %d) are written as one party: merge them",
				first.Name, first.Source.Line, p.Name, p.Source.Line)
		}
		seen[id] = p
		ids[p.ID] = id
		// Aliases at once, so that a later party of this document written
		// the same way finds this one.
		w.alias(id, p.Name, "name", 0)
		if p.Acronym != "" {
			w.alias(id, p.Acronym, "acronym", 0)
		}
		for k, a := range p.Aliases {
			w.alias(id, a, "alias", k)
		}
	}
	for i, p := range parties {
		id := ids[p.ID]
		var parent any
		if p.Parent != "" {
			parent = ids[p.Parent]
			w.exec(`UPDATE parties SET parent_id = ? WHERE id = ? AND parent_id IS NULL`, parent, id)
		}
		w.exec(`INSERT INTO programme_parties (programme_id, party_id, position, name, acronym, kind, parent_id, line, end_line)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			w.programme, id, i, p.Name, p.Acronym, string(p.Kind), parent, p.Source.Line, p.Source.EndLine)
		for k, c := range p.Countries {
			code := ""
			if k < len(p.CountryCodes) {
				code = p.CountryCodes[k]
			}
			w.exec(`INSERT INTO programme_party_countries (programme_id, party_id, position, name, code) VALUES (?, ?, ?, ?, ?)`,
				w.programme, id, k, c, code)
		}
	}
	return ids, w.err
}

func (w *writer) alias(partyID, alias, kind string, position int) {
	key := aliasKey(alias)
	if w.aliases == nil {
		w.aliases = map[string]bool{}
	}
	if w.aliases[kind+"\x00"+key] {
		return // written the same way but for case or accents
	}
	w.aliases[kind+"\x00"+key] = true
	w.exec(`INSERT INTO party_aliases (party_id, programme_id, alias, alias_key, kind, position) VALUES (?, ?, ?, ?, ?, ?)`,
		partyID, w.programme, alias, key, kind, position)
}

// writtenAs is the query of the parties written as any of n keys (given
// twice): as a programme wrote them, or as the register writes them (its
// name, acronym and names in languages, see register.go). A merged party
// is written no way: its ways went to the survivor.
func writtenAs(n int) string {
	marks := "?" + strings.Repeat(", ?", n-1)
	return `SELECT party_id FROM party_aliases WHERE alias_key IN (` + marks + `)
		UNION SELECT party_id FROM party_names WHERE name_key IN (` + marks + `)`
}

// resolveParty returns the register's id for p, creating the party when no
// known party is written as p's name, acronym or aliases.
func (w *writer) resolveParty(p bitacora.Party) (string, error) {
	if w.err != nil {
		return "", w.err
	}
	keys := []any{aliasKey(p.Name)}
	if p.Acronym != "" {
		keys = append(keys, aliasKey(p.Acronym))
	}
	for _, a := range p.Aliases {
		keys = append(keys, aliasKey(a))
	}
	rows, err := w.tx.QueryContext(w.ctx, w.s.dialect.rebind(writtenAs(len(keys))+" ORDER BY 1"), append(keys, keys...)...)
	if err != nil {
		return "", fmt.Errorf("store: party %s: %w", p.ID, err)
	}
	var found []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return "", err
		}
		found = append(found, id)
	}
	rows.Close()
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return "", bitacora.Errorf(bitacora.ECONFLICT, "party %q (line %d) matches several parties of the register: %s",
			p.Name, p.Source.Line, strings.Join(found, ", "))
	}
	// A new party: keep the document's id unless another party has it.
	id := p.ID
	for n := 2; ; n++ {
		var exists int
		err := w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind("SELECT COUNT(*) FROM parties WHERE id = ?"), id).Scan(&exists)
		if err != nil {
			return "", fmt.Errorf("store: party %s: %w", p.ID, err)
		}
		if exists == 0 {
			break
		}
		id = fmt.Sprintf("%s-%d", p.ID, n)
	}
	w.exec(`INSERT INTO parties (id, name, acronym, kind, created_at) VALUES (?, ?, ?, ?, ?)`,
		id, p.Name, p.Acronym, string(p.Kind), w.s.now())
	return id, w.err
}

// Parties lists the register, by kind and name.
func (s *DB) Parties(ctx context.Context) ([]bitacora.Party, error) {
	return s.queryParties(ctx, "")
}

// queryParties lists the parties of the register that meet cond ("" for
// all), but never a merged one: its id redirects to the survivor.
func (s *DB) queryParties(ctx context.Context, cond string, args ...any) ([]bitacora.Party, error) {
	where := "WHERE merged_into IS NULL"
	if cond != "" {
		where += " AND " + cond
	}
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT id, name, acronym, kind, COALESCE(parent_id, '') FROM parties `+where+` ORDER BY kind, name`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: parties: %w", err)
	}
	list := []bitacora.Party{}
	for rows.Next() {
		var p bitacora.Party
		if err := rows.Scan(&p.ID, &p.Name, &p.Acronym, &p.Kind, &p.Parent); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: parties: %w", err)
		}
		list = append(list, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range list {
		if err := s.fillParty(ctx, &list[i]); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// fillParty adds a register party's aliases from every programme, and its
// countries as the most recent programme naming it writes them.
func (s *DB) fillParty(ctx context.Context, p *bitacora.Party) error {
	p.Aliases, p.Countries, p.CountryCodes = []string{}, []string{}, []string{}
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(
		`SELECT DISTINCT alias FROM party_aliases WHERE party_id = ? AND alias <> ? ORDER BY alias`), p.ID, p.Name)
	if err != nil {
		return fmt.Errorf("store: party %s: %w", p.ID, err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			rows.Close()
			return err
		}
		if a != p.Acronym {
			p.Aliases = append(p.Aliases, a)
		}
	}
	rows.Close()
	// What the register keeps: names in languages, chairs, parties merged
	// into this one.
	var err2 error
	if p.Names, err2 = s.partyNames(ctx, s.db, p.ID); err2 != nil {
		return err2
	}
	p.Aliases = slices.DeleteFunc(p.Aliases, func(a string) bool {
		return slices.ContainsFunc(p.Names, func(n bitacora.PartyName) bool { return n.Name == a })
	})
	if p.Chairs, err2 = s.partyChairs(ctx, s.db, p.ID); err2 != nil {
		return err2
	}
	if p.Absorbed, err2 = s.partyAbsorbed(ctx, s.db, p.ID); err2 != nil {
		return err2
	}
	rows, err = s.db.QueryContext(ctx, s.dialect.rebind(`SELECT c.name, c.code FROM programme_party_countries c
		WHERE c.party_id = ? AND c.programme_id = (SELECT pp.programme_id FROM programme_parties pp
			JOIN programmes g ON g.id = pp.programme_id WHERE pp.party_id = ? ORDER BY g.start_year DESC, g.id DESC LIMIT 1)
		ORDER BY c.position`), p.ID, p.ID)
	if err != nil {
		return fmt.Errorf("store: party %s countries: %w", p.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, code string
		if err := rows.Scan(&name, &code); err != nil {
			return err
		}
		p.Countries = append(p.Countries, name)
		p.CountryCodes = append(p.CountryCodes, code)
	}
	return rows.Err()
}

// Party returns a party of the register with the activities it leads and
// supports in every programme, and the parties that belong to it.
func (s *DB) Party(ctx context.Context, id string) (*bitacora.PartyDetail, error) {
	list, err := s.queryParties(ctx, "id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no party %q", id).WithKey("error_no_party", "Party", id)
	}
	d := &bitacora.PartyDetail{Party: list[0], Roles: []bitacora.PartyRole{}}
	if d.Children, err = s.queryParties(ctx, "parent_id = ?", id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, s.dialect.rebind(`SELECT g.slug, ar.number, ar.title, o.number, o.text, t.code, t.text, ap.role
		FROM activity_parties ap
		JOIN activities t ON t.id = ap.activity_id
		JOIN objectives o ON o.id = t.objective_id
		JOIN areas ar ON ar.id = o.area_id
		JOIN programmes g ON g.id = t.programme_id
		WHERE ap.party_id = ? AND t.retired = 0
		ORDER BY g.start_year DESC, g.slug, o.number, t.position, ap.role DESC`), id)
	if err != nil {
		return nil, fmt.Errorf("store: party %s roles: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r bitacora.PartyRole
		if err := rows.Scan(&r.Programme, &r.Area.Number, &r.Area.Title, &r.Objective.Number, &r.Objective.Text,
			&r.ActivityCode, &r.ActivityText, &r.Role); err != nil {
			return nil, fmt.Errorf("store: party %s roles: %w", id, err)
		}
		d.Roles = append(d.Roles, r)
	}
	return d, rows.Err()
}

// ResolveParties maps the ids a document gives its parties to the
// register's, by name, acronym and aliases, without writing anything. It
// returns the parties the register does not know.
func (s *DB) ResolveParties(ctx context.Context, parties []bitacora.Party) (map[string]string, []bitacora.Party, error) {
	ids := map[string]string{}
	var unknown []bitacora.Party
	for _, p := range parties {
		keys := []any{aliasKey(p.Name)}
		if p.Acronym != "" {
			keys = append(keys, aliasKey(p.Acronym))
		}
		for _, a := range p.Aliases {
			keys = append(keys, aliasKey(a))
		}
		var id string
		err := s.db.QueryRowContext(ctx, s.dialect.rebind(`SELECT MIN(party_id) FROM (`+writtenAs(len(keys))+`) w`), append(keys, keys...)...).Scan(&sqlNullString{&id})
		if err != nil {
			return nil, nil, fmt.Errorf("store: resolve party %s: %w", p.ID, err)
		}
		if id == "" {
			unknown = append(unknown, p)
			continue
		}
		ids[p.ID] = id
	}
	return ids, unknown, nil
}

// sqlNullString scans a nullable text into a string ("" for NULL).
type sqlNullString struct{ s *string }

func (n *sqlNullString) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*n.s = ""
	case string:
		*n.s = v
	case []byte:
		*n.s = string(v)
	default:
		return fmt.Errorf("unexpected %T", v)
	}
	return nil
}
