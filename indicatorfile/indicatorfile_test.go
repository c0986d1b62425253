package indicatorfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

func value(r *Result, area string, year int) (bitacora.Observation, bool) {
	for _, o := range r.Observations {
		if (o.Country == area || o.Aggregate == area) && o.Year == year {
			return o, true
		}
	}
	return bitacora.Observation{}, false
}

// Each published shape is read: the member States' values as written
// (a true zero kept, a missing year missing), the regional aggregate kept
// apart under LCN, other aggregates apart too, territories and other
// countries skipped with a count.
func TestPublishedShapes(t *testing.T) {
	tests := []struct {
		file, shape   string
		decimal       string
		countries     int
		skipped       []string
		zero          string // a country with a true zero in zeroYear
		zeroYear      int
		missing       string // a country-year with no value
		missingYear   int
		regionalYear  int
		regional      string
		aggregates    []string
		converted     bool
		exact         string // CHL's value of exactYear, digits kept
		exactYear     int
		flagged       string // a country-year flagged estimate (or provisional)
		flaggedYear   int
		flaggedNoteIs string
		flags         bitacora.Flags
	}{
		{file: "worldbank_wide.csv", shape: "csv-wide", decimal: ".", countries: 5, skipped: []string{"ABW", "PRI", "USA", "XKX"},
			zero: "HTI", zeroYear: 2015, missing: "HTI", missingYear: 2016, regionalYear: 2019, regional: "13.9",
			aggregates: []string{"AFE", "LCN", "WLD"}, exact: "17.3456789012345", exactYear: 2017},
		{file: "owid.csv", shape: "csv-long", decimal: ".", countries: 3, skipped: []string{"ABW", "PRI"},
			zero: "HTI", zeroYear: 2018, missing: "HTI", missingYear: 2019, regionalYear: 2019, regional: "13.9",
			aggregates: []string{"LCN", "OWID_WRL", "UMC"}, exact: "17.7", exactYear: 2018},
		{file: "itu_long.csv", shape: "csv-long", decimal: ".", countries: 3, skipped: []string{"ABW", "PRI"},
			zero: "HTI", zeroYear: 2018, missing: "HTI", missingYear: 2019, exact: "17.72", exactYear: 2018,
			flaggedNoteIs: "ITU estimate", flagged: "CHL", flaggedYear: 2019},
		{file: "cepal_es.csv", shape: "csv-long", decimal: ",", countries: 2, skipped: []string{"PRI"},
			zero: "HTI", zeroYear: 2018, missing: "HTI", missingYear: 2019, regionalYear: 2019, regional: "13.9",
			aggregates: []string{"LCN"}, exact: "18.93", exactYear: 2019, flagged: "CHL", flaggedYear: 2019, flaggedNoteIs: "Preliminar", flags: bitacora.Flags{Provisional: true}},
		{file: "windows1252.csv", shape: "csv-long", decimal: ",", countries: 3, converted: true,
			zero: "HTI", zeroYear: 2019, regionalYear: 2019, regional: "13.9", aggregates: []string{"LCN"}},
		{file: "worldbank_api.json", shape: "json-worldbank", decimal: ".", countries: 2, skipped: []string{"ABW"},
			zero: "HTI", zeroYear: 2022, missing: "CHL", missingYear: 2021, regionalYear: 2022, regional: "17.6134471893311",
			aggregates: []string{"LCN", "WLD"}, exact: "23.3", exactYear: 2022},
		{file: "long.json", shape: "json-long", decimal: ".", countries: 2, skipped: []string{"PRI"},
			zero: "HTI", zeroYear: 2021, regionalYear: 2022, regional: "17.6", aggregates: []string{"LCN"},
			exact: "23.312345678901234567", exactYear: 2022, flagged: "HTI", flaggedYear: 2021, flaggedNoteIs: "ITU estimate", flags: bitacora.Flags{Estimate: true}},
		{file: "wide.json", shape: "json-wide", decimal: ",", countries: 2, skipped: []string{"ABW"},
			zero: "HTI", zeroYear: 2020, missing: "CHL", missingYear: 2022, exact: "21.4", exactYear: 2021},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Read(data, Options{})
			if err != nil {
				t.Fatalf("Read: %v (%+v)", err, r.Problems)
			}
			if r.Shape != tc.shape || r.Decimal != tc.decimal || r.Countries != tc.countries || r.Converted != tc.converted {
				t.Errorf("shape %s decimal %q countries %d converted %v; want %s %q %d %v", r.Shape, r.Decimal, r.Countries, r.Converted,
					tc.shape, tc.decimal, tc.countries, tc.converted)
			}
			if got := r.SkippedCodes(); !slices.Equal(got, tc.skipped) {
				t.Errorf("skipped %v; want %v", got, tc.skipped)
			}
			var aggs []string
			for _, o := range r.Observations {
				if o.Country != "" && o.Aggregate != "" || o.Country == "" && o.Aggregate == "" {
					t.Errorf("observation neither country nor aggregate: %+v", o)
				}
				if o.Aggregate != "" && !slices.Contains(aggs, o.Aggregate) {
					aggs = append(aggs, o.Aggregate)
				}
				if !json.Valid([]byte(o.Value)) {
					t.Errorf("value %q is not a JSON number", o.Value)
				}
			}
			slices.Sort(aggs)
			want := slices.Clone(tc.aggregates)
			slices.Sort(want)
			if !slices.Equal(aggs, want) {
				t.Errorf("aggregates %v; want %v", aggs, want)
			}
			if o, ok := value(r, tc.zero, tc.zeroYear); !ok || o.Value != "0" || o.Country != tc.zero {
				t.Errorf("%s %d: %+v %v; want a true zero", tc.zero, tc.zeroYear, o, ok)
			}
			if tc.missing != "" {
				if o, ok := value(r, tc.missing, tc.missingYear); ok {
					t.Errorf("%s %d: %+v; want no observation (missing)", tc.missing, tc.missingYear, o)
				}
			}
			if tc.regional != "" {
				if o, ok := value(r, "LCN", tc.regionalYear); !ok || o.Value != json.Number(tc.regional) || o.Country != "" {
					t.Errorf("LCN %d: %+v %v; want the regional aggregate %s", tc.regionalYear, o, ok, tc.regional)
				}
			}
			if tc.exact != "" {
				if o, ok := value(r, "CHL", tc.exactYear); !ok || o.Value != json.Number(tc.exact) {
					t.Errorf("CHL %d: %+v; want %s", tc.exactYear, o, tc.exact)
				}
			}
			if tc.flagged != "" {
				if o, _ := value(r, tc.flagged, tc.flaggedYear); o.Flags != tc.flags || o.Note != tc.flaggedNoteIs {
					t.Errorf("%s %d: %+v; want flags %+v, note %q", tc.flagged, tc.flaggedYear, o, tc.flags, tc.flaggedNoteIs)
				}
			}
		})
	}
}

// What cannot be stored is reported by line and column, and the file
// yields no observation at all.
func TestProblems(t *testing.T) {
	tests := []struct {
		name, file string
		opts       Options
		want       []Problem
	}{
		{"unknown code", "Country,Code,Year,Value\nChile,CHL,2019,1.5\nAtlantis,ATL,2019,2.5\n", Options{},
			[]Problem{{Line: 3, Column: 2, Kind: ProblemUnknown, Text: "ATL"}}},
		{"unknown name with no code column", "País;Año;Valor\nChile;2019;1\nNarnia;2019;2\n", Options{},
			[]Problem{{Line: 3, Column: 1, Kind: ProblemUnknown, Text: "Narnia"}}},
		{"duplicate country-year", "iso3,year,value\nCHL,2019,1.5\nMEX,2019,2.5\nCHL,2019,1.6\n", Options{},
			[]Problem{{Line: 4, Column: 3, Kind: ProblemDuplicate, Text: "CHL 2019 (line 2)"}}},
		{"text in a number column", "iso3,year,value\nCHL,2019,1.5\nMEX,2019,n.d.\n", Options{},
			[]Problem{{Line: 3, Column: 3, Kind: ProblemNumber, Text: "n.d."}}},
		{"year out of range", "iso3,year,value\nCHL,1066,1.5\nMEX,20199,2\n", Options{},
			[]Problem{{Line: 2, Column: 2, Kind: ProblemYear, Text: "1066"}, {Line: 3, Column: 2, Kind: ProblemYear, Text: "20199"}}},
		{"a value that reads two ways", "iso3;year;value\nCHL;2019;1,234\nMEX;2019;2,500\n", Options{},
			[]Problem{{Line: 2, Column: 3, Kind: ProblemAmbiguous, Text: "1,234"}, {Line: 3, Column: 3, Kind: ProblemAmbiguous, Text: "2,500"}}},
		{"two marks in one file", "iso3;year;value\nCHL;2019;1,5\nMEX;2019;2,25\nBRA;2019;3.75\n", Options{},
			[]Problem{{Line: 4, Column: 3, Kind: ProblemMixed, Text: "3.75"}, {Line: 4, Column: 3, Kind: ProblemNumber, Text: "3.75"}}},
		{"a point in a file declared with commas", "iso3;year;value\nCHL;2019;1.5\n", Options{Decimal: ','},
			[]Problem{{Line: 2, Column: 3, Kind: ProblemNumber, Text: "1.5"}}},
		{"no value column", "Entity,Code,Year,A,B\nChile,CHL,2019,1,2\n", Options{},
			[]Problem{{Line: 1, Kind: ProblemValueCol, Text: "Entity,Code,Year,A,B"}}},
		{"no header", "hello\nworld\n", Options{}, []Problem{{Line: 1, Kind: ProblemHeader, Text: "hello"}}},
		{"JSON unknown code", `[{"iso3":"CHL","year":2019,"value":1},` + "\n" + `{"iso3":"XYZ","year":2019,"value":1}]`, Options{},
			[]Problem{{Line: 2, Field: "iso3", Kind: ProblemUnknown, Text: "XYZ"}}},
		{"JSON text in a number", `[{"iso3":"CHL","year":2019,"value":true}]`, Options{},
			[]Problem{{Line: 1, Field: "value", Kind: ProblemNumber, Text: "true"}}},
		{"only missing values", "iso3,year,value\nCHL,2019,..\n", Options{}, []Problem{{Line: 1, Kind: ProblemEmpty}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Read([]byte(tc.file), tc.opts)
			if err == nil || bitacora.ErrorCode(err) != bitacora.EINVALID {
				t.Errorf("err = %v; want EINVALID", err)
			}
			if len(r.Observations) != 0 {
				t.Errorf("a refused file gave %d observations", len(r.Observations))
			}
			if !slices.Equal(r.Problems, tc.want) {
				t.Errorf("problems\n%+v\nwant\n%+v", r.Problems, tc.want)
			}
		})
	}
}

// A declared mark reads "1,234" as one and a quarter (about): no
// ambiguity once the file says which mark it uses.
func TestDeclaredDecimal(t *testing.T) {
	r, err := Read([]byte("iso3;year;value\nCHL;2019;1,234\nMEX;2019;-0,5e-3\n"), Options{Decimal: ','})
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := value(r, "CHL", 2019); o.Value != "1.234" {
		t.Errorf("CHL: %+v", o)
	}
	if o, _ := value(r, "MEX", 2019); o.Value != "-0.5e-3" || !strings.HasPrefix(string(o.Value), "-") {
		t.Errorf("MEX: %+v", o)
	}
}
