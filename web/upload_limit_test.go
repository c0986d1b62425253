package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/reportcsv"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// Uploads at their limit are kept whole; one byte over it they are
// refused with the limit named in the page's language, and nothing is
// stored: an evidence file with the report form (422, the field's error,
// the text not saved either), and a report spreadsheet (413).
func TestUploadsAtAndOverTheirLimit(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		focal := newBrowser(t, ts)
		focalOf1_2(t, db, focal, "uno@mtic.example")
		k := reportKey("1.2", "2019-H1")
		form := url.Values{"version": {"0"}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {"Con el acta."}}
		pdf := func(size int) []byte {
			b := bytes.Repeat([]byte{'x'}, size)
			copy(b, "%PDF-1.7\n")
			return b
		}

		resp, body := focal.postMultipart(evidenceReport, form, "acta.pdf", pdf(bitacora.MaxFileSize+1))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "El archivo supera los 20 MB.") || strings.Contains(body, "⟦") {
			t.Errorf("a file one byte over the limit: %d; want 422 saying the limit", resp.StatusCode)
		}
		if rep, err := db.Report(ctx, k); bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			t.Errorf("after the refused upload: %+v, %v; want no report saved", rep, err)
		}

		atLimit := pdf(bitacora.MaxFileSize)
		atLimit[len(atLimit)-1] = '!'
		if resp, body := focal.postMultipart(evidenceReport, form, "acta.pdf", atLimit); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("a file at the limit: %d %.500s", resp.StatusCode, body)
		}
		rep, err := db.Report(ctx, k)
		if err != nil || len(rep.Files) != 1 || rep.Files[0].Size != bitacora.MaxFileSize {
			t.Fatalf("after the upload at the limit: %+v, %v; want its one file of %d bytes", rep, err, bitacora.MaxFileSize)
		}
		// Its authors download it whole, byte for byte (it is kept in
		// chunks).
		if resp, body := focal.get("/es/files/" + itoa(rep.Files[0].ID)); resp.StatusCode != 200 || body != string(atLimit) {
			t.Errorf("the file at the limit, downloaded: %d, %d bytes; want 200 and the %d bytes sent", resp.StatusCode, len(body), len(atLimit))
		}

		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		sec := newBrowser(t, ts)
		sec.login("sec@example.org")
		line := "1.1;2019-H1;en curso;limitado\n"
		head := "actividad;periodo;estado;avance\n"
		csv := []byte(head + strings.Repeat(line, (reportcsv.MaxBytes-len(head))/len(line)))
		csv = append(csv, bytes.Repeat([]byte{'\n'}, reportcsv.MaxBytes+1-len(csv))...)
		resp, body = sec.upload("/es/elac2020/reports/import", "informes.csv", csv)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "El archivo pesa más de 5 MB.") {
			t.Errorf("a spreadsheet one byte over the limit: %d; want 413 saying the limit", resp.StatusCode)
		}
		if n := countAudit(t, db, bitacora.ActionReportImport); n != 0 {
			t.Errorf("after the refused spreadsheet: %d imports in the change record; want none", n)
		}
	})
}
