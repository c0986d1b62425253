package web

import (
	"encoding/csv"
	"encoding/json"
	"html/template"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/chart"
	"github.com/elac/bitacora/countries"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/param"
)

// The indicators' public pages: a programme's list, an indicator's page
// (definition, source, the source's regional line as an SVG chart with its
// table, each member State's latest value in a table sorted on the server,
// its distance to the target), its data as CSV and JSON, and a country's
// profile. They read the store on each request, outside the page cache:
// observations change by import, not by the programme's generations.

var indicatorCode = param.Matcher(bitacora.ValidIndicatorCode)

// alpha3 is the shape of an ISO 3166-1 alpha-3 code: three capitals. A
// code of that shape that names no country is a 404, not a malformed
// address.
var alpha3 = param.Matcher(func(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
})

// numberText writes a stored value with the reader's decimal mark.
func numberText(l *locale.Localizer, v string) string { return l.DecimalText(v) }

func floatText(l *locale.Localizer, f float64) string {
	return numberText(l, strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64))
}

type indicatorLink struct {
	Href, Code, Name, Unit string
}

func (s *Server) indicatorLinkFor(l *locale.Localizer, i bitacora.Indicator) indicatorLink {
	return indicatorLink{Href: localURL(l.Lang, "/indicators/"+i.Code), Code: i.Code, Name: i.NameIn(l.Lang), Unit: i.Unit}
}

type indicatorGroup struct {
	Title, Href string
	Indicators  []indicatorLink
}

type indicatorsPage struct {
	page
	Programme string
	Groups    []indicatorGroup
}

// programmeIndicators lists the indicators that measure a programme, by
// objective.
func (s *Server) programmeIndicators(w http.ResponseWriter, r *http.Request) error {
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	list, err := s.store.Indicators(r.Context())
	if err != nil {
		return err
	}
	return s.servePersonal(w, r, "text/html; charset=utf-8", func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		slug := doc.Programme.Slug
		data := indicatorsPage{page: s.newPage(r, l.T("indicators_title")), Programme: slug}
		data.Description = l.T("indicators_intro")
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")}, {Text: doc.Programme.Symbol, Href: localURL(l.Lang, "/"+slug)},
			{Text: l.T("indicators_title")}}
		for _, n := range objectivesMeasured(list, slug) {
			g := indicatorGroup{Title: l.T("objective_heading", "Number", n), Href: localURL(l.Lang, "/"+slug+"/objectives/"+strconv.Itoa(n))}
			for _, i := range indicatorsOf(list, slug, n) {
				g.Indicators = append(g.Indicators, s.indicatorLinkFor(l, i))
			}
			data.Groups = append(data.Groups, g)
		}
		return s.render("indicators", data)
	})
}

// objectivesMeasured are the objectives of the programme some indicator
// measures, in order.
func objectivesMeasured(list []bitacora.Indicator, slug string) []int {
	var ns []int
	for _, i := range list {
		for _, m := range i.Measures {
			if m.Programme == slug && !slices.Contains(ns, m.Objective) {
				ns = append(ns, m.Objective)
			}
		}
	}
	slices.Sort(ns)
	return ns
}

// indicatorsOf are the indicators that measure the objective (or one of
// its activities).
func indicatorsOf(list []bitacora.Indicator, slug string, objective int) []bitacora.Indicator {
	var out []bitacora.Indicator
	for _, i := range list {
		for _, m := range i.Measures {
			if m.Programme == slug && m.Objective == objective {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

type countryRow struct {
	Href, Name, Value, Year, Flags, Target, Distance string
	LangAttr                                         template.HTMLAttr
}

type sortLink struct {
	Label, Href string
	Sort        string // "ascending", "descending" or "" for the column the table is not sorted by
}

type yearRow struct{ Year, Value, Flags string }

type indicatorPage struct {
	page
	Indicator   bitacora.Indicator
	Name        string
	Definition  string
	Direction   string
	Methodology string
	Measures    []indicatorGroupLink
	Chart       template.HTML
	ChartID     string
	Summary     string
	Regional    []yearRow
	Goal        string
	Columns     []sortLink
	Rows        []countryRow
	CSV, JSON   string
}

type indicatorGroupLink struct{ Text, Href string }

// indicatorPage shows an indicator.
func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) error {
	code, err := param.Path(r, "code", indicatorCode)
	if err != nil {
		return err
	}
	series, err := s.store.Series(r.Context(), code)
	if err != nil {
		return err
	}
	sortBy, order := r.URL.Query().Get("sort"), r.URL.Query().Get("order")
	if !slices.Contains([]string{"country", "value", "year", "distance"}, sortBy) {
		sortBy = "country"
	}
	if order != "desc" {
		order = "asc"
	}
	return s.servePersonal(w, r, "text/html; charset=utf-8", func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		i := series.Indicator
		data := indicatorPage{page: s.newPage(r, i.NameIn(l.Lang)), Indicator: i, Name: i.NameIn(l.Lang), Definition: i.DefinitionIn(l.Lang),
			Methodology: i.Methodology, Direction: l.T("indicator_direction_" + string(i.Direction)),
			CSV: localURL(l.Lang, "/indicators/"+code+"/data.csv"), JSON: localURL(l.Lang, "/indicators/"+code+"/data.json")}
		data.Description = param.Truncate(data.Definition, 160)
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")}, {Text: data.Name}}
		for _, m := range i.Measures {
			t := l.T("objective_heading", "Number", m.Objective)
			href := localURL(l.Lang, "/"+m.Programme+"/objectives/"+strconv.Itoa(m.Objective))
			if m.Activity != "" {
				t = l.T("indicator_activity", "Code", m.Activity)
				href = localURL(l.Lang, "/"+m.Programme+"/activities/"+m.Activity)
			}
			data.Measures = append(data.Measures, indicatorGroupLink{Text: m.Programme + ": " + t, Href: href})
		}
		// The programme whose goals are shown: the first it measures.
		prog := ""
		if len(i.Measures) > 0 {
			prog = i.Measures[0].Programme
		}
		regional, _ := i.Goal(prog, "")
		var points []chart.Point
		for _, o := range series.Regional {
			points = append(points, chart.Point{Year: o.Year, Value: o.Float()})
			data.Regional = append(data.Regional, yearRow{Year: strconv.Itoa(o.Year), Value: numberText(l, string(o.Value)), Flags: flagsText(l, o.Flags)})
		}
		var marks []chart.Mark
		var goalParts []string
		if m := regional.Baseline; m != nil {
			f, _ := m.Value.Float64()
			label := l.T("indicator_baseline_mark", "Value", numberText(l, string(m.Value)), "Year", m.Year)
			marks = append(marks, chart.Mark{Label: label, Point: chart.Point{Year: m.Year, Value: f}})
			goalParts = append(goalParts, label)
		}
		if m := regional.Target; m != nil {
			f, _ := m.Value.Float64()
			label := l.T("indicator_target_mark", "Value", numberText(l, string(m.Value)), "Year", m.Year)
			marks = append(marks, chart.Mark{Label: label, Point: chart.Point{Year: m.Year, Value: f}})
			goalParts = append(goalParts, label)
		}
		data.Goal = strings.Join(goalParts, "; ")
		if len(points) > 0 {
			first, last := series.Regional[0], series.Regional[len(series.Regional)-1]
			data.Summary = l.T("indicator_chart_summary", "Name", data.Name, "From", first.Year, "To", last.Year,
				"First", numberText(l, string(first.Value)), "Last", numberText(l, string(last.Value)), "Unit", i.Unit)
			if data.Goal != "" {
				data.Summary += " " + data.Goal + "."
			}
			data.ChartID = "chart-regional"
			data.Chart = template.HTML(chart.Line(points, chart.Options{ID: data.ChartID, Title: l.T("indicator_chart_title", "Name", data.Name),
				Desc: data.Summary, Unit: i.Unit, Marks: marks}))
		}
		type row struct {
			countryRow
			name     string
			value    float64
			year     int
			distance float64
			hasDist  bool
		}
		var rows []row
		for _, o := range series.Latest {
			c, _ := countries.ByAlpha3(o.Country)
			rw := row{countryRow: countryRow{Href: localURL(l.Lang, "/countries/"+c.Alpha3), Name: c.NameIn(l.Lang),
				Value: numberText(l, string(o.Value)), Year: strconv.Itoa(o.Year), Flags: flagsText(l, o.Flags)},
				name: collateKey(c.NameIn(l.Lang)), value: o.Float(), year: o.Year}
			g, ok := i.Goal(prog, o.Country)
			if !ok || g.Target == nil {
				g = regional
			}
			if g.Target != nil {
				t, _ := g.Target.Value.Float64()
				rw.Target = l.T("indicator_target_short", "Value", numberText(l, string(g.Target.Value)), "Year", g.Target.Year)
				rw.distance, rw.hasDist = t-o.Float(), true
				if i.Direction == bitacora.LowerIsBetter {
					rw.distance = o.Float() - t
				}
				if rw.distance <= 0 {
					rw.Distance = l.T("indicator_target_reached")
				} else {
					rw.Distance = floatText(l, rw.distance)
				}
			}
			rows = append(rows, rw)
		}
		sort.SliceStable(rows, func(a, b int) bool {
			x, y := rows[a], rows[b]
			if order == "desc" {
				x, y = y, x
			}
			switch sortBy {
			case "value":
				return x.value < y.value
			case "year":
				return x.year < y.year
			case "distance":
				if x.hasDist != y.hasDist {
					return x.hasDist
				}
				return x.distance < y.distance
			}
			return x.name < y.name
		})
		for _, rw := range rows {
			data.Rows = append(data.Rows, rw.countryRow)
		}
		for _, c := range []struct{ key, label string }{{"country", "indicator_col_country"}, {"value", "indicator_col_value"},
			{"year", "indicator_col_year"}, {"distance", "indicator_col_distance"}} {
			link := sortLink{Label: l.T(c.label)}
			next := "asc"
			if c.key == sortBy {
				link.Sort = map[string]string{"asc": "ascending", "desc": "descending"}[order]
				if order == "asc" {
					next = "desc"
				}
			}
			link.Href = localURL(l.Lang, "/indicators/"+code) + "?sort=" + c.key + "&order=" + next + "#countries"
			data.Columns = append(data.Columns, link)
		}
		return s.render("indicator", data)
	})
}

func flagsText(l *locale.Localizer, f bitacora.Flags) string {
	var parts []string
	if f.Estimate {
		parts = append(parts, l.T("indicator_flag_estimate"))
	}
	if f.Provisional {
		parts = append(parts, l.T("indicator_flag_provisional"))
	}
	if f.Break {
		parts = append(parts, l.T("indicator_flag_break"))
	}
	return strings.Join(parts, ", ")
}

// indicatorData serves an indicator's observations as CSV (long form, the
// shape the import reads back) or JSON (the definition and the
// observations).
func (s *Server) indicatorData(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		code, err := param.Path(r, "code", indicatorCode)
		if err != nil {
			return err
		}
		i, err := s.store.Indicator(r.Context(), code)
		if err != nil {
			return err
		}
		obs, err := s.store.Observations(r.Context(), code)
		if err != nil {
			return err
		}
		name := strings.ReplaceAll(code, ".", "_")
		if format == "json" {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
			if obs == nil {
				obs = []bitacora.Observation{}
			}
			return json.NewEncoder(w).Encode(struct {
				Indicator    *bitacora.Indicator    `json:"indicator"`
				Observations []bitacora.Observation `json:"observations"`
			}{i, obs})
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		cw := csv.NewWriter(w)
		cw.Write([]string{"country_code", "country", "year", "value", "flags", "note"})
		for _, o := range obs {
			code, name := o.Country, o.AggregateName
			if o.Aggregate != "" {
				code = o.Aggregate
			} else if c, ok := countries.ByAlpha3(o.Country); ok {
				name = c.Name
			}
			if strings.HasPrefix(code, "NAME:") {
				code = ""
			}
			cw.Write([]string{code, name, strconv.Itoa(o.Year), string(o.Value), o.Flags.Codes(), o.Note})
		}
		cw.Flush()
		return cw.Error()
	}
}

type countryIndicator struct {
	indicatorLink
	Values []yearRow
}

type countryPage struct {
	page
	Country    countries.Country
	Name       string
	Indicators []countryIndicator
	Activities []roleRow
	Parties    []partyLink
}

// countryPage is a member State's profile: every indicator's values for
// it, and the activities of the parties it chairs or belongs to.
func (s *Server) countryPage(w http.ResponseWriter, r *http.Request) error {
	code, err := param.Path(r, "alpha3", alpha3)
	if err != nil {
		return err
	}
	c, ok := countries.ByAlpha3(code)
	if !ok {
		return bitacora.Errorf(bitacora.ENOTFOUND, "no country %q", code).WithKey("error_no_country", "Code", code)
	}
	obs, err := s.store.CountryObservations(r.Context(), code)
	if err != nil {
		return err
	}
	list, err := s.store.Indicators(r.Context())
	if err != nil {
		return err
	}
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	return s.servePersonal(w, r, "text/html; charset=utf-8", func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := countryPage{page: s.newPage(r, c.NameIn(l.Lang)), Country: c, Name: c.NameIn(l.Lang)}
		data.Description = l.T("country_intro", "Country", data.Name)
		data.Crumbs = []crumb{{Text: l.T("nav_programmes"), Href: localURL(l.Lang, "/")}, {Text: data.Name}}
		for _, i := range list {
			ci := countryIndicator{indicatorLink: s.indicatorLinkFor(l, i)}
			for _, o := range obs[i.Code] {
				ci.Values = append(ci.Values, yearRow{Year: strconv.Itoa(o.Year), Value: numberText(l, string(o.Value)), Flags: flagsText(l, o.Flags)})
			}
			if len(ci.Values) > 0 {
				data.Indicators = append(data.Indicators, ci)
			}
		}
		seen := map[string]bool{}
		for pi := range snap.Parties {
			p := &snap.Parties[pi]
			in := slices.Contains(p.CountryCodes, c.Alpha2)
			for _, ch := range p.Chairs {
				in = in || ch.Code == c.Alpha2
			}
			if !in {
				continue
			}
			data.Parties = append(data.Parties, s.registerLink(l.Lang, snap, p))
			for _, role := range snap.Roles[p.ID] {
				key := role.Doc.Programme.Slug + "/" + role.Activity.Code
				if seen[key] {
					continue
				}
				seen[key] = true
				data.Activities = append(data.Activities, roleRow{Code: role.Activity.Code, Text: role.Activity.Text,
					Href: localURL(l.Lang, "/"+role.Doc.Programme.Slug+"/activities/"+role.Activity.Code), Programme: role.Doc.Programme.Symbol})
			}
		}
		return s.render("country", data)
	})
}
