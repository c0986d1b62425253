package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

type periodRow struct {
	Index                           int // the fields' suffix, from 0
	Number                          int // the row as people count it, from 1
	Name                            string
	Key, StartsOn, EndsOn, Deadline string
	Error                           string
}

type periodsPage struct {
	formPage
	Rows   []periodRow
	Action string
}

// periods lets the secretariat change a programme's reporting periods and
// their deadlines: one row per period, and an empty one to add.
func (s *Server) periods(w http.ResponseWriter, r *http.Request) error {
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	ps, err := s.store.Periods(r.Context(), doc.Programme.Slug)
	if err != nil {
		return err
	}
	return s.renderPeriods(w, r, doc, ps, nil)
}

func (s *Server) renderPeriods(w http.ResponseWriter, r *http.Request, doc *bitacora.Document, ps []bitacora.Period, fill func(*periodsPage)) error {
	l := s.localizer(r)
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	v := viewer{l: l, snap: snap, doc: doc}
	data := periodsPage{formPage: s.newFormPage(w, r, l.T("periods_title")), Action: v.url(v.programmePath() + "/periods")}
	data.Crumbs = v.crumbs(crumb{Text: l.T("periods_title")})
	for i, p := range append(ps, bitacora.Period{}) {
		row := periodRow{Index: i, Number: i + 1, Key: p.Key, StartsOn: p.StartsOn, EndsOn: p.EndsOn, Deadline: p.Deadline}
		if p.Key != "" {
			row.Name = periodText(l, p)
		}
		data.Rows = append(data.Rows, row)
	}
	if fill != nil {
		fill(&data)
	}
	return s.renderForm(w, r, http.StatusOK, "periods", &data.formPage, data)
}

// setPeriods saves the rows of the form; a row left empty is dropped.
func (s *Server) setPeriods(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	var ps []bitacora.Period
	for i := 0; i < 100; i++ {
		n := strconv.Itoa(i)
		per := bitacora.Period{Key: strings.TrimSpace(r.PostForm.Get("key_" + n)), StartsOn: r.PostForm.Get("starts_" + n),
			EndsOn: r.PostForm.Get("ends_" + n), Deadline: r.PostForm.Get("deadline_" + n)}
		if per == (bitacora.Period{}) {
			if _, ok := r.PostForm["key_"+n]; !ok {
				break
			}
			continue
		}
		ps = append(ps, per)
	}
	err = s.svc.periods.Set(bitacora.WithPrincipal(r.Context(), p), doc.Programme.Slug, ps)
	return s.renderPeriods(w, r, doc, ps, func(pg *periodsPage) {
		if err == nil {
			pg.Notice = pg.L.T("saved_notice")
			return
		}
		pg.fail(err)
		// Field errors are named periods[i].field: put them on their row.
		for k, m := range pg.Errors {
			var i int
			if _, scanErr := fmtSscanf(k, &i); scanErr == nil && i < len(pg.Rows) {
				pg.Rows[i].Error = m
			}
		}
	})
}

// fmtSscanf reads the row index out of "periods[3].key".
func fmtSscanf(key string, i *int) (int, error) {
	rest, ok := strings.CutPrefix(key, "periods[")
	if !ok {
		return 0, errNoRow
	}
	num, _, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, errNoRow
	}
	n, err := strconv.Atoi(num)
	*i = n
	return n, err
}

// errNoRow is fmtSscanf's own answer, never shown: not a domain error.
var errNoRow = errors.New("not a row")
