package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// bitacora report: the follow-up report of eLAC2020 for 2019-H2 as PDF
// and HTML, in Spanish and English. The PDF opens (pdftotext reads it),
// its text holds every activity code and every status name in the
// report's language, the accepted report's narrative with its accents,
// the linked IATI operation, the revision approved in the period and its
// reason, "page N of M"; its catalog names its language and it has
// bookmarks.
func TestReportCommand(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing")
		}
		t.Skip("pdftotext (poppler-utils) is missing: scripts/test.sh installs it")
	}
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		doc, err := db.Document(ctx, "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, a := range doc.Areas {
			for _, o := range a.Objectives {
				for _, act := range o.Activities {
					codes = append(codes, act.Code)
				}
			}
		}
		if _, err := db.ImportReports(ctx, "elac2020", []bitacora.ReportImport{
			{Line: 2, Activity: "1.1", Period: "2019-H2", State: bitacora.StateAccepted, HasNarrative: true,
				Content: bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionSubstantial,
					Narrative: "Se realizó el **diálogo** regional en Asunción; participación de 14 países."}},
			{Line: 3, Activity: "2.1", Period: "2019-H2", State: bitacora.StateAccepted,
				Content: bitacora.ReportContent{Status: bitacora.StatusDelayed, Completion: bitacora.CompletionLimited}},
		}); err != nil {
			t.Fatal(err)
		}
		rev, err := db.CreateRevision(ctx, "elac2020", "Ajuste de 2019", []bitacora.Change{{Op: bitacora.OpEditActivity, Activity: "1.2",
			Text: new("Proponer un marco regulatorio actualizado."), Reason: "La Mesa pidió actualizar el marco tras la reunión de Cartagena."}})
		if err != nil {
			t.Fatal(err)
		}
		if rev, err = db.ProposeRevision(ctx, "elac2020", rev.ID, rev.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, rev.Version, "2019-10-15", nil); err != nil {
			t.Fatal(err)
		}
		if _, _, err := runCmd(t, "iati", "import", "../../iatiread/testdata/caf-2.03-extension.xml", "--db", b.DSN,
			"--programme", "elac2020", "--link", "XM-EXAMPLE-CAF-CFA-10421=1.1"); err != nil {
			t.Fatal(err)
		}
		// An indicator of objective 29 (area 8), with the World Bank's
		// series: the source's regional line and the programme's target.
		if _, _, err := runCmd(t, "indicator", "add", "--db", b.DSN, "--code", "IT.NET.BBND.P2",
			"--name", "Suscripciones a banda ancha fija", "--name-en", "Fixed broadband subscriptions",
			"--unit", "por 100 habitantes", "--source", "UIT", "--measures", "elac2020:29",
			"--baseline", "elac2020=10.6@2015", "--target", "elac2020=20@2020"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := runCmd(t, "indicator", "import", filepath.Join("..", "..", "indicatorfile", "testdata", "worldbank_wide.csv"),
			"--indicator", "IT.NET.BBND.P2", "--programme", "elac2020", "--db", b.DSN); err != nil {
			t.Fatal(err)
		}
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		for _, lang := range []string{"es", "en"} {
			l := cat.Localizer(lang)
			out, _, err := runCmd(t, "report", "elac2020", "--db", b.DSN, "--period", "2019-H2", "--lang", lang, "--format", "pdf")
			if err != nil {
				t.Fatal(err)
			}
			raw := []byte(out)
			if !bytes.HasPrefix(raw, []byte("%PDF-")) || !bytes.Contains(raw, []byte("/Lang ("+lang+")")) || !bytes.Contains(raw, []byte("/Outlines")) {
				t.Fatalf("%s: not a PDF with /Lang and outlines (%d bytes)", lang, len(raw))
			}
			file := filepath.Join(dir, "report-"+lang+".pdf")
			if err := os.WriteFile(file, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			text, err := exec.Command("pdftotext", "-layout", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", file, err)
			}
			got := string(text)
			for _, code := range codes {
				if !strings.Contains(got, l.T("activity_heading", "Code", code)+" ·") {
					t.Errorf("%s: the PDF has no heading of activity %s", lang, code)
				}
			}
			for _, st := range bitacora.TallyStatuses {
				if name := l.T("status_" + string(st)); !strings.Contains(got, name) {
					t.Errorf("%s: the PDF does not name the status %q", lang, name)
				}
			}
			for _, want := range []string{
				"Se realizó el diálogo regional en Asunción", // the narrative, as written, its Markdown read
				// The operation's title in the reader's language, from the file.
				map[string]string{"es": "Cable submarino de fibra óptica del Pacífico Sur", "en": "South Pacific submarine fibre-optic cable"}[lang],
				"USD 20", "XM-EXAMPLE-CAF-CFA-10421",
				"La Mesa pidió actualizar el marco tras la reunión de Cartagena.",
				l.T("followup_page_of", "Page", 2, "Total", strings.Count(got, "\f")),
				l.T("followup_contents"),
				// The indicator with its regional values, as the source
				// wrote them, in the reader's decimal mark.
				map[string]string{"es": "Suscripciones a banda ancha fija", "en": "Fixed broadband subscriptions"}[lang],
				map[string]string{"es": "17,6", "en": "17.6"}[lang],
			} {
				if !strings.Contains(got, want) {
					t.Errorf("%s: the PDF's text lacks %q", lang, want)
				}
			}
			if lang == "es" {
				t.Logf("%d pages", strings.Count(got, "\f"))
			}

			html, _, err := runCmd(t, "report", "elac2020", "--db", b.DSN, "--period", "2019-H2", "--lang", lang, "--format", "html")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(html, `<html lang="`+lang+`">`) || !strings.Contains(html, "<strong>diálogo</strong>") || !strings.Contains(html, "https://d-portal.org/ctrack.html#view=act&amp;aid=XM-EXAMPLE-CAF-CFA-10421") {
				t.Errorf("%s: the HTML report lacks its language, the narrative or the operation's link", lang)
			}
			// The indicator's chart, drawn on the server, with its summary.
			if !strings.Contains(html, `<svg`) || !strings.Contains(html, l.T("indicator_chart_title", "Name", map[string]string{"es": "Suscripciones a banda ancha fija", "en": "Fixed broadband subscriptions"}[lang])) {
				t.Errorf("%s: the HTML report has no chart of the area's indicator", lang)
			}
			for _, code := range codes {
				if !strings.Contains(html, `id="act-`+code+`"`) {
					t.Errorf("%s: the HTML report has no activity %s", lang, code)
				}
			}
		}
		if _, _, err := runCmd(t, "report", "elac2020", "--db", b.DSN, "--period", "2031-H1"); err == nil {
			t.Error("a period the programme does not have was accepted")
		}
	})
}
