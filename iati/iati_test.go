package iati_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iati"
	"github.com/elac/bitacora/programmedoc"
)

func seedExport(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile("../seed/elac2020.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := programmedoc.Parse(src, programmedoc.Options{Slug: "elac2020"})
	if err != nil {
		t.Fatal(err)
	}
	periods, _ := bitacora.HalfYears("2018-H2", "2020-H2")
	latest := map[string]bitacora.Report{}
	for code, s := range map[string]bitacora.Status{"1.1": bitacora.StatusUnderWay, "1.3": bitacora.StatusCompleted,
		"4.1": bitacora.StatusCancelled, "10.1": bitacora.StatusSuspended, "13.1": bitacora.StatusNotStarted} {
		latest[code] = bitacora.Report{ReportContent: bitacora.ReportContent{Status: s}}
	}
	var b bytes.Buffer
	if err := iati.WriteResults(&b, doc, periods, latest, iati.DefaultReportingOrg, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), []bitacora.Series{broadband}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// broadband is an indicator of objective 29 with a regional baseline and
// target, and the source's regional values for two years.
var broadband = bitacora.Series{
	Indicator: bitacora.Indicator{Code: "IT.NET.BBND.P2", Name: map[string]string{"es": "Suscripciones a banda ancha fija"},
		Definition: map[string]string{"es": "Por 100 habitantes."}, Unit: "por 100 habitantes", Direction: bitacora.HigherIsBetter,
		Measures: []bitacora.IndicatorLink{{Programme: "elac2020", Objective: 29}},
		Goals:    []bitacora.Goal{{Programme: "elac2020", Baseline: &bitacora.Mark{Value: "10.6", Year: 2015}, Target: &bitacora.Mark{Value: "20", Year: 2022}}}},
	Regional: []bitacora.Observation{{Aggregate: "LCN", Year: 2018, Value: "13.0"}, {Aggregate: "LCN", Year: 2022, Value: "17.6134471893311"}},
}

// The indicators of an objective are its activities' result/indicator:
// the baseline, the target in its year's period with the actual value of
// that year, and the other years' actual values; activities of other
// objectives carry none.
func TestExportResults(t *testing.T) {
	var doc struct {
		Activities []struct {
			ID      string `xml:"iati-identifier"`
			Results []struct {
				Type       string `xml:"type,attr"`
				Indicators []struct {
					Measure   string `xml:"measure,attr"`
					Ascending string `xml:"ascending,attr"`
					Ref       struct {
						Code string `xml:"code,attr"`
					} `xml:"reference"`
					Baseline struct {
						Year  int    `xml:"year,attr"`
						Value string `xml:"value,attr"`
					} `xml:"baseline"`
					Periods []struct {
						Start struct {
							Date string `xml:"iso-date,attr"`
						} `xml:"period-start"`
						Target []struct {
							Value string `xml:"value,attr"`
						} `xml:"target"`
						Actual []struct {
							Value string `xml:"value,attr"`
						} `xml:"actual"`
					} `xml:"period"`
				} `xml:"indicator"`
			} `xml:"result"`
		} `xml:"iati-activity"`
	}
	if err := xml.Unmarshal(seedExport(t), &doc); err != nil {
		t.Fatal(err)
	}
	with := 0
	for _, a := range doc.Activities {
		if !strings.HasSuffix(a.ID, "-elac2020-29.1") {
			if len(a.Results) > 0 {
				t.Errorf("%s carries results", a.ID)
			}
			continue
		}
		with++
		if len(a.Results) != 1 || len(a.Results[0].Indicators) != 1 {
			t.Fatalf("29.1: %+v", a.Results)
		}
		ind := a.Results[0].Indicators[0]
		if ind.Ref.Code != "IT.NET.BBND.P2" || ind.Measure != "1" || ind.Ascending != "1" || ind.Baseline.Year != 2015 || ind.Baseline.Value != "10.6" {
			t.Errorf("indicator: %+v", ind)
		}
		if len(ind.Periods) != 2 || ind.Periods[0].Start.Date != "2018-01-01" || ind.Periods[0].Actual[0].Value != "13.0" || len(ind.Periods[0].Target) != 0 ||
			ind.Periods[1].Target[0].Value != "20" || ind.Periods[1].Actual[0].Value != "17.6134471893311" {
			t.Errorf("periods: %+v", ind.Periods)
		}
	}
	if with != 1 {
		t.Errorf("%d activities 29.1", with)
	}
}

// The export is valid against the official IATI 2.03 activity schema, run
// offline with xmllint.
func TestExportIsValidIATI(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("BITACORA_REQUIRE_BROWSER") != "" {
			t.Fatal("xmllint is missing: `make test` installs libxml2-utils")
		}
		t.Skip("xmllint is missing: `make test` installs libxml2-utils")
	}
	file := filepath.Join(t.TempDir(), "elac2020.xml")
	if err := os.WriteFile(file, seedExport(t), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", "../standards/iati-2.03/iati-activities-schema.xsd", file).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "validates") {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// The codes the export uses are in the IATI codelists shipped with the
// schema.
func TestExportUsesIATICodes(t *testing.T) {
	export := seedExport(t)
	for attr, list := range map[string]string{
		`<activity-status code="(\d+)"`:   "ActivityStatus",
		`<activity-date type="(\d+)"`:     "ActivityDateType",
		`<participating-org role="(\d+)"`: "OrganisationRole",
	} {
		codes := codelist(t, list)
		found := regexp.MustCompile(attr).FindAllSubmatch(export, -1)
		if len(found) == 0 {
			t.Errorf("no %s in the export", list)
		}
		for _, m := range found {
			if !codes[string(m[1])] {
				t.Errorf("%s code %s is not in the codelist", list, m[1])
			}
		}
	}
	if n := bytes.Count(export, []byte("<iati-activity ")); n != 53 {
		t.Errorf("%d activities exported; want 53", n)
	}
	for _, want := range []string{"<iati-identifier>XX-BITACORA-elac2020-1.1</iati-identifier>", `<activity-status code="3"></activity-status>`,
		"Internet Society (ISOC)", `role="2"`, `role="4"`, `iso-date="2018-07-01"`, `iso-date="2020-12-31"`} {
		if !bytes.Contains(export, []byte(want)) {
			t.Errorf("the export lacks %s", want)
		}
	}
}

func codelist(t *testing.T, name string) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile("../standards/iati-2.03/codelists/" + name + ".xml")
	if err != nil {
		t.Fatal(err)
	}
	var cl struct {
		Items []struct {
			Code string `xml:"code"`
		} `xml:"codelist-items>codelist-item"`
	}
	if err := xml.Unmarshal(raw, &cl); err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, it := range cl.Items {
		codes[it.Code] = true
	}
	if len(codes) == 0 {
		t.Fatalf("codelist %s is empty", name)
	}
	return codes
}

// An activity that no accepted report speaks for is in the pipeline (1),
// not in implementation; and every activity's planned end is the end of
// the programme's end year, not the end of the last period opened so far.
func TestExportStatusAndEndWithoutReports(t *testing.T) {
	src, err := os.ReadFile("../seed/elac2020.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := programmedoc.Parse(src, programmedoc.Options{Slug: "elac2020"})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Programme.EndYear != 2020 {
		t.Fatalf("the seed programme ends in %d; the test expects 2020", doc.Programme.EndYear)
	}
	// Only the first three periods are open: the last one ends in 2019.
	periods, _ := bitacora.HalfYears("2018-H2", "2019-H2")
	latest := map[string]bitacora.Report{"1.1": {ReportContent: bitacora.ReportContent{Status: bitacora.StatusUnderWay}}}
	var b bytes.Buffer
	if err := iati.Write(&b, doc, periods, latest, iati.DefaultReportingOrg, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Activities []struct {
			Identifier string `xml:"iati-identifier"`
			Status     struct {
				Code string `xml:"code,attr"`
			} `xml:"activity-status"`
			Dates []struct {
				Type string `xml:"type,attr"`
				Date string `xml:"iso-date,attr"`
			} `xml:"activity-date"`
		} `xml:"iati-activity"`
	}
	if err := xml.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Activities) != 53 {
		t.Fatalf("%d activities; want 53", len(out.Activities))
	}
	for _, a := range out.Activities {
		want := "1"
		if a.Identifier == "XX-BITACORA-elac2020-1.1" {
			want = "2"
		}
		if a.Status.Code != want {
			t.Errorf("%s: status %s; want %s", a.Identifier, a.Status.Code, want)
		}
		dates := map[string]string{}
		for _, d := range a.Dates {
			dates[d.Type] = d.Date
		}
		if dates["1"] != "2018-07-01" || dates["3"] != "2020-12-31" {
			t.Errorf("%s: planned start %s, end %s; want 2018-07-01 and 2020-12-31", a.Identifier, dates["1"], dates["3"])
		}
	}
}
