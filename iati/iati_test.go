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
	if err := iati.Write(&b, doc, periods, latest, iati.DefaultReportingOrg, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
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
