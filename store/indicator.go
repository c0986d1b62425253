package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/elac/bitacora"
)

// Indicators (bitacora.Indicators): each change in one transaction, with
// its entry in the change record. A change bumps the register's
// generation, as the register's changes do: the programme pages that
// list indicators beside their objectives are kept in the page cache of a
// snapshot, and a new generation retires them.

// IndicatorSubject is the change record's subject of an indicator.
func IndicatorSubject(code string) string { return "indicator:" + code }

func errNoIndicator(code string) error {
	return bitacora.Errorf(bitacora.ENOTFOUND, "no indicator %q", code).WithKey("indicator_error_none", "Code", code)
}

// AddIndicator defines a new indicator.
func (s *DB) AddIndicator(ctx context.Context, i bitacora.Indicator) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		var n int
		if err := tx.QueryRowContext(ctx, s.dialect.rebind(`SELECT COUNT(*) FROM indicators WHERE code = ?`), i.Code).Scan(&n); err != nil {
			return fmt.Errorf("store: indicator %s: %w", i.Code, err)
		}
		if n > 0 {
			return bitacora.FieldErrors{"code": "indicator_error_code_taken"}.Check()
		}
		if err := w.checkIndicatorLinks(i); err != nil {
			return err
		}
		now := s.now().UTC().Format(bitacora.AuditTimeFormat)
		w.exec(`INSERT INTO indicators (code, unit, source, citation, methodology, direction, disaggregation, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, i.Code, i.Unit, i.Source, i.Citation, i.Methodology, string(i.Direction),
			strings.Join(i.Disaggregation, ","), now, now)
		w.writeIndicatorParts(i)
		w.bump(PartRegister)
		w.audit(bitacora.ActionIndicatorAdd, IndicatorSubject(i.Code), nil, i)
		return w.err
	})
}

// UpdateIndicator replaces an indicator's definition, links and goals.
func (s *DB) UpdateIndicator(ctx context.Context, code string, i bitacora.Indicator) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		old, err := s.readIndicator(ctx, tx, code, true)
		if err != nil {
			return err
		}
		if err := w.checkIndicatorLinks(i); err != nil {
			return err
		}
		w.exec(`UPDATE indicators SET unit = ?, source = ?, citation = ?, methodology = ?, direction = ?, disaggregation = ?, updated_at = ?
			WHERE code = ?`, i.Unit, i.Source, i.Citation, i.Methodology, string(i.Direction), strings.Join(i.Disaggregation, ","),
			s.now().UTC().Format(bitacora.AuditTimeFormat), code)
		for _, t := range []string{"indicator_texts", "indicator_links", "indicator_goals"} {
			w.exec(`DELETE FROM `+t+` WHERE code = ?`, code)
		}
		w.writeIndicatorParts(i)
		w.bump(PartRegister)
		w.audit(bitacora.ActionIndicatorUpdate, IndicatorSubject(code), old, i)
		return w.err
	})
}

func (w *writer) writeIndicatorParts(i bitacora.Indicator) {
	for _, l := range bitacora.TranslationLanguages {
		if i.Name[l] != "" || i.Definition[l] != "" {
			w.exec(`INSERT INTO indicator_texts (code, lang, name, definition) VALUES (?, ?, ?, ?)`, i.Code, l, i.Name[l], i.Definition[l])
		}
	}
	for n, m := range i.Measures {
		w.exec(`INSERT INTO indicator_links (code, position, programme, objective, activity) VALUES (?, ?, ?, ?, ?)`,
			i.Code, n, m.Programme, m.Objective, m.Activity)
	}
	for _, g := range i.Goals {
		var b, t bitacora.Mark
		if g.Baseline != nil {
			b = *g.Baseline
		}
		if g.Target != nil {
			t = *g.Target
		}
		w.exec(`INSERT INTO indicator_goals (code, programme, country, baseline_value, baseline_year, target_value, target_year)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, i.Code, g.Programme, g.Country, string(b.Value), b.Year, string(t.Value), t.Year)
	}
}

// checkIndicatorLinks refuses a link to a programme, objective or activity
// that does not exist, or an activity outside the objective named, and a
// goal for a programme that does not exist.
func (w *writer) checkIndicatorLinks(i bitacora.Indicator) error {
	fe := bitacora.FieldErrors{}
	for n, m := range i.Measures {
		var count int
		var err error
		if m.Activity == "" {
			err = w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(`SELECT COUNT(*) FROM objectives o JOIN programmes p ON p.id = o.programme_id
				WHERE p.slug = ? AND o.number = ?`), m.Programme, m.Objective).Scan(&count)
		} else {
			err = w.tx.QueryRowContext(w.ctx, w.s.dialect.rebind(`SELECT COUNT(*) FROM activities a JOIN objectives o ON o.id = a.objective_id
				JOIN programmes p ON p.id = a.programme_id WHERE p.slug = ? AND o.number = ? AND a.code = ?`), m.Programme, m.Objective, m.Activity).Scan(&count)
		}
		if err != nil {
			return fmt.Errorf("store: indicator %s: link: %w", i.Code, err)
		}
		if count == 0 {
			fe[fmt.Sprintf("measures_%d", n)] = "indicator_error_link_unknown"
		}
	}
	for n, g := range i.Goals {
		if _, err := w.s.programmeID(w.ctx, w.tx, g.Programme); err != nil {
			if bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
				return err
			}
			fe[fmt.Sprintf("goals_%d", n)] = "indicator_error_link_unknown"
		}
	}
	return fe.Check()
}

// importState is what the change record keeps of an import: its counts
// and a digest of the observations (they may be many thousands).
type importState struct {
	Source       string `json:"source,omitempty"`
	Programme    string `json:"programme,omitempty"`
	Countries    int    `json:"countries"`
	Aggregates   int    `json:"aggregates"`
	Observations int    `json:"observations"`
	FirstYear    int    `json:"first_year,omitempty"`
	LastYear     int    `json:"last_year,omitempty"`
	Digest       string `json:"sha256"`
}

func summariseObservations(obs []bitacora.Observation) importState {
	st := importState{Observations: len(obs)}
	h := sha256.New()
	areas := map[string]bool{}
	aggs := map[string]bool{}
	for _, o := range obs {
		fmt.Fprintf(h, "%s|%s|%d|%s|%v|%s\n", o.Country, o.Aggregate, o.Year, o.Value, o.Flags, o.Note)
		if o.Country != "" {
			areas[o.Country] = true
		} else {
			aggs[o.Aggregate] = true
		}
		if st.FirstYear == 0 || o.Year < st.FirstYear {
			st.FirstYear = o.Year
		}
		if o.Year > st.LastYear {
			st.LastYear = o.Year
		}
	}
	st.Countries, st.Aggregates = len(areas), len(aggs)
	st.Digest = hex.EncodeToString(h.Sum(nil))
	return st
}

// ImportObservations replaces the indicator's observations, all or
// nothing.
func (s *DB) ImportObservations(ctx context.Context, imp bitacora.ObservationImport) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w := writer{s: s, tx: tx, ctx: ctx}
		i, err := s.readIndicator(ctx, tx, imp.Indicator, true)
		if err != nil {
			return err
		}
		if imp.Programme != "" {
			if _, err := s.programmeID(ctx, tx, imp.Programme); err != nil {
				return err
			}
			if !i.MeasuresProgramme(imp.Programme) {
				return bitacora.Errorf(bitacora.EINVALID, "indicator %s measures nothing of programme %s", i.Code, imp.Programme).
					WithKey("indicator_error_not_linked", "Code", i.Code, "Programme", imp.Programme)
			}
		}
		old, err := s.observations(ctx, tx, imp.Indicator)
		if err != nil {
			return err
		}
		w.exec(`DELETE FROM indicator_observations WHERE code = ?`, imp.Indicator)
		b := w.batch(`INSERT INTO indicator_observations (code, area, aggregate, area_name, year, value, estimate, provisional, break, note) VALUES `, 10, "")
		for _, o := range imp.Observations {
			area, agg := o.Country, 0
			if o.Country == "" {
				area, agg = o.Aggregate, 1
			}
			b.add(imp.Indicator, area, agg, o.AggregateName, o.Year, string(o.Value), boolInt(o.Flags.Estimate), boolInt(o.Flags.Provisional), boolInt(o.Flags.Break), o.Note)
		}
		b.flush()
		w.exec(`UPDATE indicators SET imported_at = ? WHERE code = ?`, s.now().UTC().Format(bitacora.AuditTimeFormat), imp.Indicator)
		before, after := summariseObservations(old), summariseObservations(imp.Observations)
		after.Source, after.Programme = imp.Source, imp.Programme
		w.bump(PartRegister)
		w.audit(bitacora.ActionIndicatorImport, IndicatorSubject(imp.Indicator), before, after)
		return w.err
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Indicators returns every indicator, by code.
func (s *DB) Indicators(ctx context.Context) ([]bitacora.Indicator, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code FROM indicators ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("store: indicators: %w", err)
	}
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, err
		}
		codes = append(codes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	list := make([]bitacora.Indicator, 0, len(codes))
	for _, c := range codes {
		i, err := s.readIndicator(ctx, s.db, c, false)
		if err != nil {
			return nil, err
		}
		list = append(list, *i)
	}
	return list, nil
}

// Indicator returns an indicator's definition.
func (s *DB) Indicator(ctx context.Context, code string) (*bitacora.Indicator, error) {
	return s.readIndicator(ctx, s.db, code, false)
}

func (s *DB) readIndicator(ctx context.Context, q queryer, code string, lock bool) (*bitacora.Indicator, error) {
	i := bitacora.Indicator{Name: map[string]string{}, Definition: map[string]string{}}
	var dir, dis string
	query := `SELECT code, unit, source, citation, methodology, direction, disaggregation FROM indicators WHERE code = ?`
	if lock {
		query += s.dialect.ForUpdate
	}
	err := q.QueryRowContext(ctx, s.dialect.rebind(query), code).Scan(&i.Code, &i.Unit, &i.Source, &i.Citation, &i.Methodology, &dir, &dis)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoIndicator(code)
	}
	if err != nil {
		return nil, fmt.Errorf("store: indicator %s: %w", code, err)
	}
	i.Direction = bitacora.Direction(dir)
	if dis != "" {
		i.Disaggregation = strings.Split(dis, ",")
	}
	r := reader{s: s, q: q, ctx: ctx}
	r.each(`SELECT lang, name, definition FROM indicator_texts WHERE code = ?`, []any{code}, func(sc scanner) error {
		var l, n, d string
		if err := sc.Scan(&l, &n, &d); err != nil {
			return err
		}
		if n != "" {
			i.Name[l] = n
		}
		if d != "" {
			i.Definition[l] = d
		}
		return nil
	})
	r.each(`SELECT programme, objective, activity FROM indicator_links WHERE code = ? ORDER BY position`, []any{code}, func(sc scanner) error {
		var m bitacora.IndicatorLink
		if err := sc.Scan(&m.Programme, &m.Objective, &m.Activity); err != nil {
			return err
		}
		i.Measures = append(i.Measures, m)
		return nil
	})
	r.each(`SELECT programme, country, baseline_value, baseline_year, target_value, target_year FROM indicator_goals WHERE code = ? ORDER BY programme, country`, []any{code}, func(sc scanner) error {
		var g bitacora.Goal
		var b, t bitacora.Mark
		if err := sc.Scan(&g.Programme, &g.Country, &b.Value, &b.Year, &t.Value, &t.Year); err != nil {
			return err
		}
		if b.Value != "" {
			g.Baseline = &b
		}
		if t.Value != "" {
			g.Target = &t
		}
		i.Goals = append(i.Goals, g)
		return nil
	})
	if r.err != nil {
		return nil, fmt.Errorf("store: indicator %s: %w", code, r.err)
	}
	return &i, nil
}

// Observations returns the indicator's observations: countries first, by
// country and year, then aggregates.
func (s *DB) Observations(ctx context.Context, code string) ([]bitacora.Observation, error) {
	return s.observations(ctx, s.db, code)
}

// CountryObservations returns every indicator's observations of a country
// (alpha-3), by indicator code.
func (s *DB) CountryObservations(ctx context.Context, alpha3 string) (map[string][]bitacora.Observation, error) {
	m := map[string][]bitacora.Observation{}
	r := reader{s: s, q: s.db, ctx: ctx}
	r.each(`SELECT code, area, aggregate, area_name, year, value, estimate, provisional, break, note FROM indicator_observations
		WHERE area = ? AND aggregate = 0 ORDER BY code, year`, []any{alpha3}, func(sc scanner) error {
		var code string
		o, err := scanObservation(sc, &code)
		m[code] = append(m[code], o)
		return err
	})
	if r.err != nil {
		return nil, fmt.Errorf("store: observations of %s: %w", alpha3, r.err)
	}
	return m, nil
}

func (s *DB) observations(ctx context.Context, q queryer, code string) ([]bitacora.Observation, error) {
	var list []bitacora.Observation
	r := reader{s: s, q: q, ctx: ctx}
	r.each(`SELECT code, area, aggregate, area_name, year, value, estimate, provisional, break, note FROM indicator_observations
		WHERE code = ? ORDER BY aggregate, area, year`, []any{code}, func(sc scanner) error {
		var c string
		o, err := scanObservation(sc, &c)
		list = append(list, o)
		return err
	})
	if r.err != nil {
		return nil, fmt.Errorf("store: observations of %s: %w", code, r.err)
	}
	return list, nil
}

func scanObservation(sc scanner, code *string) (bitacora.Observation, error) {
	var o bitacora.Observation
	var area, name, value string
	var agg, e, p, b int
	if err := sc.Scan(code, &area, &agg, &name, &o.Year, &value, &e, &p, &b, &o.Note); err != nil {
		return o, err
	}
	if agg == 1 {
		o.Aggregate, o.AggregateName = area, name
	} else {
		o.Country = area
	}
	o.Value = json.Number(value)
	o.Flags = bitacora.Flags{Estimate: e == 1, Provisional: p == 1, Break: b == 1}
	return o, nil
}

// Series returns an indicator with its regional line (the source's own
// Latin America and Caribbean aggregate) and each country's latest value.
func (s *DB) Series(ctx context.Context, code string) (*bitacora.Series, error) {
	i, err := s.Indicator(ctx, code)
	if err != nil {
		return nil, err
	}
	obs, err := s.Observations(ctx, code)
	if err != nil {
		return nil, err
	}
	return bitacora.NewSeries(*i, obs), nil
}
