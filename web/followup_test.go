package web_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iatiread"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// linkOperations links the CAF-shaped 2.03 file's first activity and the
// GIZ-shaped CRLF file's (a title in German, Spanish and English) to
// activity 1.1.
func linkOperations(t *testing.T, db *store.DB) {
	t.Helper()
	var links []bitacora.OperationLink
	for _, name := range []string{"caf-2.03-extension.xml", "giz-2.02-crlf.xml"} {
		raw, err := os.ReadFile("../iatiread/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := iatiread.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		links = append(links, bitacora.OperationLink{Activity: "1.1", IATI: acts[0]})
	}
	ctx := bitacora.WithPrincipal(context.Background(), bitacora.Operator())
	if err := bitacora.NewOperations(db).Link(ctx, "elac2020", "partners.xml", links); err != nil {
		t.Fatal(err)
	}
}

// The activity page shows the operations linked to it as evidence, titled
// in the reader's language (or another the file has), with the
// publisher's record on d-portal; after an unlink it no longer does. The
// follow-up report is a page and a PDF for everyone; a period the
// programme does not have is a 400.
func TestOperationsAndFollowUpReport(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db := newServer(t, b)
		_, before := fetchPage(t, ts, "/en/elac2020/activities/1.1", nil)
		if bytes.Contains(before, []byte("d-portal.org")) {
			t.Fatal("an operation shows before any is linked")
		}
		linkOperations(t, db)
		resp, page := fetchPage(t, ts, "/en/elac2020/activities/1.1", nil)
		for _, want := range []string{
			"South Pacific submarine fibre-optic cable", // the English narrative of the CAF file
			"Digital agenda for Latin America and the Caribbean",
			`href="https://d-portal.org/ctrack.html#view=act&amp;aid=XM-EXAMPLE-CAF-CFA-10421"`,
			"Chile (60 %)", "USD 20,000,000.25", "EUR 2,130,000.50", "Implementation",
		} {
			if !strings.Contains(string(page), want) {
				t.Errorf("the activity page (%d) lacks %q", resp.StatusCode, want)
			}
		}
		_, es := fetchPage(t, ts, "/es/elac2020/activities/1.1", nil)
		if !strings.Contains(string(es), "Cable submarino de fibra óptica del Pacífico Sur") || !strings.Contains(string(es), "USD 20.000.000,25") {
			t.Error("the Spanish activity page lacks the Spanish title or the amounts written the Spanish way")
		}
		ctx := bitacora.WithPrincipal(context.Background(), bitacora.Operator())
		if err := bitacora.NewOperations(db).Unlink(ctx, "elac2020", "1.1", "XM-EXAMPLE-CAF-CFA-10421"); err != nil {
			t.Fatal(err)
		}
		_, page = fetchPage(t, ts, "/en/elac2020/activities/1.1", nil)
		if strings.Contains(string(page), "XM-EXAMPLE-CAF-CFA-10421\"") || !strings.Contains(string(page), "XM-EXAMPLE-GIZ-2017.2045.3") {
			t.Error("after the unlink the activity page still shows the operation, or lost the other one")
		}

		resp, pdf := fetchPage(t, ts, "/en/elac2020/followup.pdf?period=2019-H2", nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "elac2020-followup-2019-H2-en.pdf") {
			t.Errorf("followup.pdf: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		resp, html := fetchPage(t, ts, "/es/elac2020/followup", nil)
		if resp.StatusCode != 200 || !strings.Contains(string(html), "XM-EXAMPLE-GIZ-2017.2045.3") || !strings.Contains(string(html), `id="act-1.1"`) {
			t.Errorf("the follow-up page (%d) lacks the activity or its operation", resp.StatusCode)
		}
		if resp, _ := fetchPage(t, ts, "/es/elac2020/followup?period=2031-H1", nil); resp.StatusCode != 400 {
			t.Errorf("an unknown period: %d, want 400", resp.StatusCode)
		}
	})
}
