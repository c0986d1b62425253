package iatiread

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readFile(t *testing.T, name string) []Activity {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	acts, err := Read(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return acts
}

func TestReadShapes(t *testing.T) {
	t.Run("2.03 with an extension namespace", func(t *testing.T) {
		acts := readFile(t, "caf-2.03-extension.xml")
		if len(acts) != 2 {
			t.Fatalf("%d activities, want 2", len(acts))
		}
		a := acts[0]
		want := Activity{
			Identifier: "XM-EXAMPLE-CAF-CFA-10421",
			Version:    "2.03",
			Titles: []Narrative{
				{"es", "Cable submarino de fibra óptica del Pacífico Sur"},
				{"en", "South Pacific submarine fibre-optic cable"},
			},
			ReportingOrg: Org{Ref: "XM-EXAMPLE-CAF", Type: "40", Names: []Narrative{
				{"es", "CAF - Banco de Desarrollo de América Latina"},
				{"en", "CAF - Development Bank of Latin America"},
			}},
			Countries: []Country{{"CL", "60"}, {"EC", "40"}},
			Dates:     Dates{PlannedStart: "2018-11-01", ActualStart: "2019-02-18", PlannedEnd: "2022-12-31"},
			Status:    "2",
			// 2019's revised budget replaces its original; 2020 adds.
			Budget:    []Amount{{"USD", "82000000.50"}},
			Committed: []Amount{{"USD", "82000000.00"}},
			// Never added across currencies.
			Disbursed: []Amount{{"EUR", "3000000.00"}, {"USD", "20000000.25"}},
			Results: []Result{{
				Titles:     []Narrative{{"es", "Conectividad internacional"}, {"en", "International connectivity"}},
				Indicators: [][]Narrative{{{"es", "Capacidad internacional instalada (Tbps)"}}},
			}},
			Line: 6,
		}
		if !reflect.DeepEqual(a, want) {
			t.Errorf("got  %+v\nwant %+v", a, want)
		}
		// An empty narrative is allowed and is no title.
		if got := acts[1].Titles; !reflect.DeepEqual(got, []Narrative{{"es", "Fondo de acceso universal a banda ancha"}}) {
			t.Errorf("second activity's titles = %+v", got)
		}
		if title, lang := acts[1].Title("en"); lang != "es" || title == "" {
			t.Errorf("Title(en) falls back to %q in %q, want the Spanish one", title, lang)
		}
	})
	t.Run("2.01", func(t *testing.T) {
		a := readFile(t, "idb-2.01.xml")[0]
		if a.Version != "2.01" || a.Status != "3" || a.Dates.ActualStart != "2017-10-02" || a.Dates.ActualEnd != "2019-04-30" {
			t.Errorf("version, status, dates = %q %q %+v", a.Version, a.Status, a.Dates)
		}
		if want := []Country{{"CO", "33.34"}, {"PE", "33.33"}, {"BO", "33.33"}}; !reflect.DeepEqual(a.Countries, want) {
			t.Errorf("countries = %+v", a.Countries)
		}
		if want := []Amount{{"USD", "700000.00"}}; !reflect.DeepEqual(a.Disbursed, want) {
			t.Errorf("disbursed = %+v", a.Disbursed)
		}
		if want := []Amount{{"USD", "650000.00"}}; !reflect.DeepEqual(a.Expended, want) {
			t.Errorf("expended = %+v", a.Expended)
		}
	})
	t.Run("1.03 bare activity", func(t *testing.T) {
		acts := readFile(t, "worldbank-1.03-bare.xml")
		if len(acts) != 1 {
			t.Fatalf("%d activities", len(acts))
		}
		a := acts[0]
		want := Activity{
			Identifier: "44000-P000000-EXAMPLE",
			Version:    "1.03",
			Titles: []Narrative{
				{"en", "Caribbean Regional Communications Infrastructure Program"},
				{"fr", "Programme régional d'infrastructure de communications des Caraïbes"},
			},
			ReportingOrg: Org{Ref: "44000", Type: "40", Names: []Narrative{{"en", "World Bank"}}},
			Countries:    []Country{{"GD", "40"}, {"LC", "30"}, {"VC", "30"}},
			Dates:        Dates{PlannedStart: "2012-05-24", ActualStart: "2012-07-10", PlannedEnd: "2017-12-31"},
			Status:       "2",
			Budget:       []Amount{{"USD", "10000000.00"}},
			Committed:    []Amount{{"USD", "25000000.00"}},
			Disbursed:    []Amount{{"USD", "2500000.00"}, {"XDR", "1000000.00"}},
			Expended:     []Amount{{"USD", "1200000.00"}},
			Results: []Result{{
				Titles: []Narrative{{"en", "Increased access to broadband"}},
				Indicators: [][]Narrative{
					{{"en", "Broadband subscriptions per 100 people"}},
					{{"en", "International bandwidth (Mbps)"}},
				},
			}},
			Line: 5,
		}
		if !reflect.DeepEqual(a, want) {
			t.Errorf("got  %+v\nwant %+v", a, want)
		}
	})
	t.Run("CRLF, three languages, time in a date, blanks in a budget", func(t *testing.T) {
		raw, _ := os.ReadFile("testdata/giz-2.02-crlf.xml")
		if !strings.Contains(string(raw), "\r\n") {
			t.Fatal("the test file lost its CRLF line ends")
		}
		a := readFile(t, "giz-2.02-crlf.xml")[0]
		if len(a.Titles) != 3 || a.Titles[0].Lang != "de" || a.Titles[1].Lang != "es" || a.Titles[2].Lang != "en" {
			t.Errorf("titles = %+v", a.Titles)
		}
		if a.Dates.ActualStart != "2018-01-01" || a.Line != 7 {
			t.Errorf("actual start %q, line %d", a.Dates.ActualStart, a.Line)
		}
		if want := []Amount{{"EUR", "4500000.00"}}; !reflect.DeepEqual(a.Budget, want) {
			t.Errorf("budget = %+v", a.Budget)
		}
		if want := []Amount{{"EUR", "2130000.50"}}; !reflect.DeepEqual(a.Disbursed, want) {
			t.Errorf("disbursed = %+v", a.Disbursed)
		}
		if title, _ := a.Title("pt"); title != a.Titles[0].Text {
			t.Errorf("a language the file lacks falls back to its first: %q", title)
		}
	})
}

// A file with problems is refused whole, every problem named by element
// and line.
func TestReadRefusesWithEveryProblem(t *testing.T) {
	raw, err := os.ReadFile("testdata/broken.xml")
	if err != nil {
		t.Fatal(err)
	}
	acts, err := Parse(raw)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if acts != nil {
		t.Errorf("a refused file returned %d activities", len(acts))
	}
	want := []Problem{
		{Line: 6, Element: "activity-date", Message: `"2019-13-45" is not a date (YYYY-MM-DD)`},
		{Line: 3, Element: "iati-activity", Message: "the activity has no iati-identifier"},
		{Line: 10, Element: "value", Message: `"1,000,000" is not a number`},
		{Line: 11, Element: "value", Message: `"12 500" is not a number`},
	}
	if !reflect.DeepEqual(e.Problems, want) {
		t.Errorf("problems:\n%v\nwant\n%v", e.Problems, want)
	}
}

func TestReadOddFiles(t *testing.T) {
	for _, tc := range []struct {
		name, xml string
		problem   string // "" when the file is read
	}{
		{"BOM and Latin-1", "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<iati-activity><iati-identifier>X-1</iati-identifier><title>Cooperaci\xf3n</title></iati-activity>", ""},
		{"not XML", "hello", "holds no iati-activity"},
		{"a language that is no tag", "<iati-activity xml:lang=\"Español\"><iati-identifier>X</iati-identifier><title xml:lang='es\" onmouseover=\"x'>Cooperación</title></iati-activity>", ""},
		{"not well-formed", "<iati-activities>\n<iati-activity>\n<title>", "not well-formed"},
		{"organisation file", "<iati-organisations/>", "organisation file"},
		{"other XML", "<html/>", "not an IATI activity file"},
		{"empty identifier", "<iati-activity><iati-identifier> </iati-identifier></iati-activity>", "is empty"},
		{"no currency", "<iati-activity><iati-identifier>X</iati-identifier><budget><value>1</value></budget></iati-activity>", "no currency"},
		{"bad status", "<iati-activity><iati-identifier>X</iati-identifier><activity-status code=\"9\"/></iati-activity>", "ActivityStatus"},
		{"bad date type", "<iati-activity><iati-identifier>X</iati-identifier><activity-date type=\"start\" iso-date=\"2019-01-01\"/></iati-activity>", "ActivityDateType"},
		{"twice the same identifier", "<iati-activities><iati-activity><iati-identifier>X</iati-identifier></iati-activity><iati-activity><iati-identifier>X</iati-identifier></iati-activity></iati-activities>", "twice"},
		{"UTF-16 declared", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><iati-activity/>", "UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acts, err := Parse([]byte(tc.xml))
			if tc.problem == "" {
				if err != nil || len(acts) != 1 {
					t.Fatalf("Parse = %d, %v", len(acts), err)
				}
				if acts[0].Titles[0].Text != "Cooperación" || acts[0].Titles[0].Lang != "" {
					t.Errorf("title %+v", acts[0].Titles[0])
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.problem) {
				t.Errorf("err = %v, want one saying %q", err, tc.problem)
			}
		})
	}
}

// The reader never panics, and what it says holds together: read
// activities have identifiers; a refusal names at least one problem, each
// on a line of the file.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := Parse(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("err = %v: not an *Error with problems", err)
			}
			lines := strings.Count(string(data), "\n") + 1
			for _, p := range e.Problems {
				if p.Line < 1 || p.Line > lines {
					t.Fatalf("problem on line %d of a file of %d lines: %v", p.Line, lines, p)
				}
			}
			return
		}
		for _, a := range acts {
			if strings.TrimSpace(a.Identifier) == "" {
				t.Fatalf("an activity without an identifier was read: %+v", a)
			}
			for _, m := range append(append(a.Budget, a.Disbursed...), a.Expended...) {
				if len(m.Currency) != 3 {
					t.Fatalf("amount in currency %q", m.Currency)
				}
			}
		}
	})
}
