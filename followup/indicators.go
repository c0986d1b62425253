package followup

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/chart"
	"github.com/elac/bitacora/countries"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/store"
)

// loadIndicators reads the indicators that measure an objective of the
// programme, with their series, and returns the function that shows an
// area's: the source's regional line drawn as on the indicator page, with
// the baseline and target marked, and its data table (the regional values
// by year, or each member State's latest value where the source gives no
// regional one: none is computed).
func loadIndicators(ctx context.Context, db *store.DB, doc *bitacora.Document) (func(area int, l *locale.Localizer) []Indicator, error) {
	list, err := db.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	slug := doc.Programme.Slug
	areaOf := map[int]int{} // objective → area
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			areaOf[o.Number] = a.Number
		}
	}
	type measured struct {
		series *bitacora.Series
		areas  map[int]bool
	}
	var all []measured
	for _, i := range list {
		areas := map[int]bool{}
		for _, m := range i.Measures {
			if m.Programme == slug {
				if a, ok := areaOf[m.Objective]; ok {
					areas[a] = true
				}
			}
		}
		if len(areas) == 0 {
			continue
		}
		s, err := db.Series(ctx, i.Code)
		if err != nil {
			return nil, err
		}
		all = append(all, measured{s, areas})
	}
	return func(area int, l *locale.Localizer) []Indicator {
		var out []Indicator
		for _, m := range all {
			if m.areas[area] {
				out = append(out, indicatorView(slug, m.series, l))
			}
		}
		return out
	}, nil
}

func indicatorView(slug string, s *bitacora.Series, l *locale.Localizer) Indicator {
	i := s.Indicator
	v := Indicator{Code: i.Code, Name: i.NameIn(l.Lang), Unit: i.Unit}
	if len(s.Regional) == 0 {
		v.Summary = l.T("indicator_no_regional")
		v.Header = []string{l.T("indicator_col_country"), l.T("indicator_col_year"), l.T("indicator_col_value")}
		latest := slices.Clone(s.Latest)
		slices.SortFunc(latest, func(a, b bitacora.Observation) int {
			return strings.Compare(countryName(a.Country, l), countryName(b.Country, l))
		})
		for _, o := range latest {
			v.Rows = append(v.Rows, []string{countryName(o.Country, l), strconv.Itoa(o.Year), l.DecimalText(string(o.Value))})
		}
		return v
	}
	v.Header = []string{l.T("indicator_col_year"), l.T("indicator_col_value")}
	var points []chart.Point
	for _, o := range s.Regional {
		points = append(points, chart.Point{Year: o.Year, Value: o.Float()})
		v.Rows = append(v.Rows, []string{strconv.Itoa(o.Year), l.DecimalText(string(o.Value))})
	}
	var marks []chart.Mark
	var goal []string
	if g, ok := i.Goal(slug, ""); ok {
		for _, gm := range []struct {
			m   *bitacora.Mark
			key string
		}{{g.Baseline, "indicator_baseline_mark"}, {g.Target, "indicator_target_mark"}} {
			if gm.m == nil {
				continue
			}
			f, _ := gm.m.Value.Float64()
			label := l.T(gm.key, "Value", l.DecimalText(string(gm.m.Value)), "Year", gm.m.Year)
			marks = append(marks, chart.Mark{Label: label, Point: chart.Point{Year: gm.m.Year, Value: f}})
			goal = append(goal, label)
		}
	}
	first, last := s.Regional[0], s.Regional[len(s.Regional)-1]
	v.Summary = l.T("indicator_chart_summary", "Name", v.Name, "From", first.Year, "To", last.Year,
		"First", l.DecimalText(string(first.Value)), "Last", l.DecimalText(string(last.Value)), "Unit", i.Unit)
	if len(goal) > 0 {
		v.Summary += " " + strings.Join(goal, "; ") + "."
	}
	v.Points, v.Marks = points, marks
	v.SVG = string(chart.Line(points, chart.Options{ID: "chart-" + i.Code, Title: l.T("indicator_chart_title", "Name", v.Name),
		Desc: v.Summary, Unit: i.Unit, Marks: marks}))
	return v
}

func countryName(alpha3 string, l *locale.Localizer) string {
	if c, ok := countries.ByAlpha3(alpha3); ok {
		return c.NameIn(l.Lang)
	}
	return alpha3
}
