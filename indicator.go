package bitacora

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/elac/bitacora/countries"
)

// Indicators measure what changed: the agenda is judged by them, not only
// by what its activities did. An indicator is defined once (its code,
// names, unit, source), linked to the objectives and activities of
// programmes it measures, given a baseline and a target per programme
// (for the region and per country), and fed observations imported from
// the files statistical sources publish (package indicatorfile).

// Direction says which way an indicator improves.
type Direction string

const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
)

// Disaggregations an indicator may be broken down by besides the country,
// which every indicator is.
var Disaggregations = []string{"sex", "area", "income_group"}

// Indicator is the definition of an indicator.
type Indicator struct {
	Code string `json:"code"`
	// Name and Definition are by language (es, en, pt, fr); Spanish is
	// required, the others fall back to it.
	Name        map[string]string `json:"name"`
	Definition  map[string]string `json:"definition,omitempty"`
	Unit        string            `json:"unit"` // "percent", "per 100 inhabitants", "USD/Mbps"…
	Source      string            `json:"source"`
	Citation    string            `json:"citation,omitempty"`
	Methodology string            `json:"methodology,omitempty"` // a link to the source's method
	Direction   Direction         `json:"direction"`
	// Disaggregation lists the breakdowns besides the country.
	Disaggregation []string        `json:"disaggregation,omitempty"`
	Measures       []IndicatorLink `json:"measures,omitempty"`
	Goals          []Goal          `json:"goals,omitempty"`
}

// IndicatorLink is an objective (Activity "") or an activity of a
// programme that the indicator measures.
type IndicatorLink struct {
	Programme string `json:"programme"`
	Objective int    `json:"objective"`
	Activity  string `json:"activity,omitempty"`
}

// Goal is a programme's baseline and target for the indicator, for the
// region (Country "") or for one country (ISO 3166-1 alpha-3).
type Goal struct {
	Programme string `json:"programme"`
	Country   string `json:"country,omitempty"`
	Baseline  *Mark  `json:"baseline,omitempty"`
	Target    *Mark  `json:"target,omitempty"`
}

// Mark is a value in a year: a baseline or a target.
type Mark struct {
	Value json.Number `json:"value"`
	Year  int         `json:"year"`
}

// Flags qualify an observation as its source does.
type Flags struct {
	Estimate    bool `json:"estimate,omitempty"`
	Provisional bool `json:"provisional,omitempty"`
	Break       bool `json:"break,omitempty"` // a break in the series before this value
}

// Any reports whether a flag is set.
func (f Flags) Any() bool { return f.Estimate || f.Provisional || f.Break }

// Codes writes the flags set as the downloads do: "e" estimate, "p"
// provisional, "b" break in series, separated by spaces; "" for none.
func (f Flags) Codes() string {
	var codes []string
	for _, c := range []struct {
		set  bool
		code string
	}{{f.Estimate, "e"}, {f.Provisional, "p"}, {f.Break, "b"}} {
		if c.set {
			codes = append(codes, c.code)
		}
	}
	return strings.Join(codes, " ")
}

// Observation is the value of an indicator for a country (or an
// aggregate: a region, an income group, the world) in a year. A year with
// no value has no observation: a missing value is never a zero. Value is
// the number as the source wrote it, normalised (a decimal point, no
// group separators), so that no digit is lost.
type Observation struct {
	Country string `json:"country,omitempty"` // ISO 3166-1 alpha-3
	// Aggregate is the code of a region, an income group or the world
	// (LCN, WLD, HIC, OWID_WRL…) and AggregateName its name as the source
	// wrote it; Country is then "".
	Aggregate     string      `json:"aggregate,omitempty"`
	AggregateName string      `json:"aggregate_name,omitempty"`
	Year          int         `json:"year"`
	Value         json.Number `json:"value"`
	Flags         Flags       `json:"flags"`
	Note          string      `json:"note,omitempty"`
}

// Float is the value as a float, for charts and sums.
func (o Observation) Float() float64 {
	f, _ := strconv.ParseFloat(string(o.Value), 64)
	return f
}

// RegionalAggregate is the code of Latin America and the Caribbean as the
// World Bank writes it: the source's own regional line.
const RegionalAggregate = "LCN"

// The years an observation may fall in.
const (
	MinYear = 1950
	MaxYear = 2100
)

// MaxObservations bounds one import.
const MaxObservations = 100000

// Series is what an indicator page shows: the source's regional line over
// the years (the observations of RegionalAggregate, none invented) and
// each member State's latest value, with the programme's goals.
type Series struct {
	Indicator Indicator     `json:"indicator"`
	Regional  []Observation `json:"regional"`
	Latest    []Observation `json:"latest"`
}

// Goal returns the goal for the programme and country ("" regional).
func (i Indicator) Goal(programme, country string) (Goal, bool) {
	for _, g := range i.Goals {
		if g.Programme == programme && g.Country == country {
			return g, true
		}
	}
	return Goal{}, false
}

// NameIn is the indicator's name in the language, else in Spanish.
func (i Indicator) NameIn(lang string) string { return textIn(i.Name, lang) }

// DefinitionIn is the definition in the language, else in Spanish.
func (i Indicator) DefinitionIn(lang string) string { return textIn(i.Definition, lang) }

func textIn(m map[string]string, lang string) string {
	if t := m[lang]; t != "" {
		return t
	}
	if t := m["es"]; t != "" {
		return t
	}
	for _, l := range TranslationLanguages {
		if m[l] != "" {
			return m[l]
		}
	}
	return ""
}

// MeasuresProgramme reports whether the indicator measures something of
// the programme.
func (i Indicator) MeasuresProgramme(slug string) bool {
	for _, m := range i.Measures {
		if m.Programme == slug {
			return true
		}
	}
	return false
}

var indicatorCode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// ValidIndicatorCode reports whether s may be an indicator's code: it is
// in URLs (/indicators/IT.NET.BBND.P2).
func ValidIndicatorCode(s string) bool { return indicatorCode.MatchString(s) }

// Normalise trims the definition's fields and upper-cases country codes.
func (i *Indicator) Normalise() {
	i.Code = strings.TrimSpace(i.Code)
	for _, m := range []map[string]string{i.Name, i.Definition} {
		for l, t := range m {
			if t = strings.TrimSpace(t); t == "" {
				delete(m, l)
			} else {
				m[l] = t
			}
		}
	}
	if i.Name == nil {
		i.Name = map[string]string{}
	}
	i.Unit = strings.Join(strings.Fields(i.Unit), " ")
	i.Source = strings.Join(strings.Fields(i.Source), " ")
	i.Citation = strings.TrimSpace(i.Citation)
	i.Methodology = strings.TrimSpace(i.Methodology)
	if i.Direction == "" {
		i.Direction = HigherIsBetter
	}
	for n := range i.Measures {
		i.Measures[n].Programme = strings.TrimSpace(i.Measures[n].Programme)
		i.Measures[n].Activity = strings.TrimSpace(i.Measures[n].Activity)
	}
	for n := range i.Goals {
		i.Goals[n].Programme = strings.TrimSpace(i.Goals[n].Programme)
		i.Goals[n].Country = strings.ToUpper(strings.TrimSpace(i.Goals[n].Country))
	}
}

// Validate checks what needs no stored data. Field names are those of the
// workspace's form and of the JSON.
func (i Indicator) Validate() FieldErrors {
	fe := FieldErrors{}
	if !ValidIndicatorCode(i.Code) {
		fe["code"] = "indicator_error_code"
	}
	if i.Name["es"] == "" {
		fe["name_es"] = "indicator_error_required"
	}
	for _, m := range []map[string]string{i.Name, i.Definition} {
		for l, t := range m {
			if !ValidTranslationLanguage(l) {
				fe["name_"+l] = "indicator_error_lang"
			}
			if len(t) > 4000 {
				fe["name_"+l] = "indicator_error_too_long"
			}
		}
	}
	fe.CheckText("unit", i.Unit, "source", i.Source, "citation", i.Citation)
	if i.Unit == "" {
		fe["unit"] = "indicator_error_required"
	}
	if i.Source == "" {
		fe["source"] = "indicator_error_required"
	}
	if i.Methodology != "" {
		if u, err := url.Parse(i.Methodology); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fe["methodology"] = "indicator_error_link"
		}
	}
	if i.Direction != HigherIsBetter && i.Direction != LowerIsBetter {
		fe["direction"] = "indicator_error_direction"
	}
	for _, d := range i.Disaggregation {
		if !slices.Contains(Disaggregations, d) {
			fe["disaggregation"] = "indicator_error_disaggregation"
		}
	}
	for n, m := range i.Measures {
		if m.Programme == "" || m.Objective <= 0 {
			fe[fmt.Sprintf("measures_%d", n)] = "indicator_error_link_target"
		}
	}
	seen := map[string]bool{}
	for n, g := range i.Goals {
		f := fmt.Sprintf("goals_%d", n)
		if g.Country != "" {
			if _, ok := countries.ByAlpha3(g.Country); !ok {
				fe[f] = "indicator_error_country"
			}
		}
		if seen[g.Programme+"/"+g.Country] {
			fe[f] = "indicator_error_goal_twice"
		}
		seen[g.Programme+"/"+g.Country] = true
		if g.Programme == "" || (g.Baseline == nil && g.Target == nil) {
			fe[f] = "indicator_error_goal"
		}
		for _, m := range []*Mark{g.Baseline, g.Target} {
			if m == nil {
				continue
			}
			if _, err := strconv.ParseFloat(string(m.Value), 64); err != nil || m.Year < MinYear || m.Year > MaxYear {
				fe[f] = "indicator_error_goal"
			}
		}
		if g.Baseline != nil && g.Target != nil && g.Target.Year < g.Baseline.Year {
			fe[f] = "indicator_error_goal_years"
		}
	}
	return fe
}

// ObservationImport is an import of observations for an indicator, as
// read from a file (package indicatorfile): it replaces the indicator's
// observations, all or nothing.
type ObservationImport struct {
	Indicator string
	// Programme, when given, must be one the indicator measures.
	Programme    string
	Observations []Observation
	// Source names the file, for the change record.
	Source string
}

// IndicatorStore keeps indicators and their observations.
type IndicatorStore interface {
	AddIndicator(ctx context.Context, i Indicator) error
	UpdateIndicator(ctx context.Context, code string, i Indicator) error
	ImportObservations(ctx context.Context, imp ObservationImport) error
}

// Indicators is the service of indicators, kept by the secretariat
// (Principal.CanEditContent), like the register of parties.
type Indicators struct{ store IndicatorStore }

// NewIndicators returns the indicators' service over s.
func NewIndicators(s IndicatorStore) *Indicators { return &Indicators{store: s} }

// Add defines a new indicator.
func (s *Indicators) Add(ctx context.Context, i Indicator) error {
	if err := decide(ctx, "Indicators.Add", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	i.Normalise()
	if err := i.Validate().Check(); err != nil {
		return err
	}
	return s.store.AddIndicator(ctx, i)
}

// Update replaces an indicator's definition, links and goals; its code
// never changes.
func (s *Indicators) Update(ctx context.Context, code string, i Indicator) error {
	if err := decide(ctx, "Indicators.Update", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	i.Code = code
	i.Normalise()
	if err := i.Validate().Check(); err != nil {
		return err
	}
	return s.store.UpdateIndicator(ctx, code, i)
}

// Import replaces the indicator's observations with those of a file.
func (s *Indicators) Import(ctx context.Context, imp ObservationImport) error {
	if err := decide(ctx, "Indicators.Import", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	if len(imp.Observations) > MaxObservations {
		return Errorf(ETOOLARGE, "more than %d observations", MaxObservations).WithKey("indicator_error_too_many", "Count", MaxObservations)
	}
	seen := map[string]bool{}
	for _, o := range imp.Observations {
		k := fmt.Sprintf("%s|%s|%d", o.Country, o.Aggregate, o.Year)
		if (o.Country == "") == (o.Aggregate == "") || o.Year < MinYear || o.Year > MaxYear || seen[k] {
			return Errorf(EINVALID, "observation %s%s %d: not a country-year or an aggregate-year of its own", o.Country, o.Aggregate, o.Year).WithKey("indicator_error_observation")
		}
		if _, known := countries.ByAlpha3(o.Country); o.Country != "" && !known {
			return Errorf(EINVALID, "observation %s %d: no such country in ISO 3166-1", o.Country, o.Year).WithKey("indicator_error_observation")
		}
		if _, err := strconv.ParseFloat(string(o.Value), 64); err != nil {
			return Errorf(EINVALID, "observation %s%s %d: value %q is not a number", o.Country, o.Aggregate, o.Year, o.Value).WithKey("indicator_error_observation")
		}
		seen[k] = true
	}
	return s.store.ImportObservations(ctx, imp)
}

// NewSeries makes an indicator's series from its observations: the
// regional line is the observations of RegionalAggregate, as the source
// gave them (no regional value is ever computed here), and each member
// State's latest value is its observation of the latest year.
func NewSeries(i Indicator, obs []Observation) *Series {
	s := &Series{Indicator: i}
	latest := map[string]Observation{}
	for _, o := range obs {
		switch {
		case o.Aggregate == RegionalAggregate:
			s.Regional = append(s.Regional, o)
		case o.Country != "":
			if c, ok := countries.ByAlpha3(o.Country); !ok || !c.Member {
				continue
			}
			if l, ok := latest[o.Country]; !ok || o.Year > l.Year {
				latest[o.Country] = o
			}
		}
	}
	slices.SortFunc(s.Regional, func(a, b Observation) int { return a.Year - b.Year })
	for _, o := range latest {
		s.Latest = append(s.Latest, o)
	}
	slices.SortFunc(s.Latest, func(a, b Observation) int { return strings.Compare(a.Country, b.Country) })
	return s
}

// ParseIndicatorLink reads what an indicator measures as the command line
// and the workspace write it: PROGRAMME:OBJECTIVE or
// PROGRAMME:OBJECTIVE/ACTIVITY ("elac2020:29/29.1").
func ParseIndicatorLink(v string) (IndicatorLink, error) {
	prog, rest, ok := strings.Cut(strings.TrimSpace(v), ":")
	obj, act, _ := strings.Cut(rest, "/")
	n, err := strconv.Atoi(strings.TrimSpace(obj))
	if !ok || err != nil || strings.TrimSpace(prog) == "" {
		return IndicatorLink{}, Errorf(EINVALID, "want PROGRAMME:OBJECTIVE or PROGRAMME:OBJECTIVE/ACTIVITY, got %q", v).WithKey("indicator_error_link_line", "Line", v)
	}
	return IndicatorLink{Programme: strings.TrimSpace(prog), Objective: n, Activity: strings.TrimSpace(act)}, nil
}

// String writes the link as ParseIndicatorLink reads it.
func (m IndicatorLink) String() string {
	s := fmt.Sprintf("%s:%d", m.Programme, m.Objective)
	if m.Activity != "" {
		s += "/" + m.Activity
	}
	return s
}

// ParseGoalMark reads a baseline or a target as the command line and the
// workspace write it: PROGRAMME[/ISO3]=VALUE@YEAR ("elac2020/CHL=25@2022").
func ParseGoalMark(v string) (programme, country string, m Mark, err error) {
	key, rest, ok := strings.Cut(strings.TrimSpace(v), "=")
	val, year, ok2 := strings.Cut(rest, "@")
	y, errY := strconv.Atoi(strings.TrimSpace(year))
	programme, country, _ = strings.Cut(strings.TrimSpace(key), "/")
	if !ok || !ok2 || errY != nil || programme == "" {
		return "", "", Mark{}, Errorf(EINVALID, "want PROGRAMME[/ISO3]=VALUE@YEAR, got %q", v).WithKey("indicator_error_goal_line", "Line", v)
	}
	return programme, strings.ToUpper(country), Mark{Value: json.Number(strings.TrimSpace(val)), Year: y}, nil
}

// SetGoalMark sets a baseline (target false) or a target in the goals.
func SetGoalMark(goals []Goal, programme, country string, m Mark, target bool) []Goal {
	for i := range goals {
		if goals[i].Programme == programme && goals[i].Country == country {
			if target {
				goals[i].Target = &m
			} else {
				goals[i].Baseline = &m
			}
			return goals
		}
	}
	g := Goal{Programme: programme, Country: country}
	if target {
		g.Target = &m
	} else {
		g.Baseline = &m
	}
	return append(goals, g)
}

// GoalLines writes the goals' baselines and targets as ParseGoalMark reads
// them, one a line.
func GoalLines(goals []Goal) (baselines, targets string) {
	var b, t []string
	for _, g := range goals {
		key := g.Programme
		if g.Country != "" {
			key += "/" + g.Country
		}
		if g.Baseline != nil {
			b = append(b, fmt.Sprintf("%s=%s@%d", key, g.Baseline.Value, g.Baseline.Year))
		}
		if g.Target != nil {
			t = append(t, fmt.Sprintf("%s=%s@%d", key, g.Target.Value, g.Target.Year))
		}
	}
	return strings.Join(b, "\n"), strings.Join(t, "\n")
}
