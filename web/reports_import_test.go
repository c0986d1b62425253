package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/browsertest"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/reportcsv"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// upload sends a file as a form would, with the browser's anti-forgery
// token.
func (b *browser) upload(path, name string, data []byte) (*http.Response, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.csrf)
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			b.t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func TestImportReportsFromASpreadsheet(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := context.Background()
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		sec := newBrowser(t, ts)
		sec.login("sec@example.org")
		const page = "/es/elac2020/reports/import"

		resp, body := sec.get(page)
		if resp.StatusCode != 200 || !strings.Contains(body, `enctype="multipart/form-data"`) || !strings.Contains(body, `accept=".csv,text/csv"`) ||
			!strings.Contains(body, `href="/es/elac2020/reports/template.csv"`) || !strings.Contains(body, "estado_revision") || strings.Contains(body, "⟦") {
			t.Fatalf("form: %d\n%s", resp.StatusCode, body)
		}
		resp, tmpl := sec.get("/es/elac2020/reports/template.csv")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(tmpl, "\uFEFFactividad;periodo;estado;avance;") || !strings.Contains(tmpl, "\n30.1;2020-H2;") {
			t.Fatalf("template: %d %s\n%.300s", resp.StatusCode, resp.Header.Get("Content-Type"), tmpl)
		}

		// A file with problems on several lines: all listed, nothing stored.
		bad := "\uFEFFactividad;periodo;estado;avance;narrativa;estado_revision\r\n" +
			"1.1;2019-H1;en curso;limitado;Se avanzó.;aceptado\r\n" +
			"1.2;2019-H1;pendiente;limitado;;aceptado\r\n" +
			"9.9;2019-H1;en curso;limitado;;\r\n"
		resp, body = sec.upload(page, "informes.csv", []byte(bad))
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad file: %d", resp.StatusCode)
		}
		for _, want := range []string{"No se importó nada",
			"<li>Línea 3, columna «estado»: «pendiente» no es un estado (use no iniciada, en curso, completada, retrasada, suspendida o cancelada).</li>",
			"<li>Línea 4, columna «actividad»: «9.9» no es una actividad del programa.</li>"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %s\n%s", want, regexp.MustCompile(`(?s)<main.*</main>`).FindString(body))
			}
		}
		if acc, _ := db.AcceptedReports(ctx, "elac2020"); len(acc) != 0 {
			t.Errorf("a file with problems stored %d reports", len(acc))
		}
		if vs, _ := db.ReportVersions(ctx, bitacora.ReportKey{Programme: "elac2020", Activity: "1.1", Period: "2019-H1"}); len(vs) != 0 {
			t.Errorf("a file with problems stored %d versions of 1.1", len(vs))
		}

		// Corrected, it goes in whole.
		good := strings.NewReplacer("pendiente", "completada", "9.9", "2.1").Replace(bad)
		resp, body = sec.upload(page, "informes.csv", []byte(good))
		if resp.StatusCode != 200 || !strings.Contains(body, "Se importaron 3 informes.") {
			t.Fatalf("good file: %d\n%s", resp.StatusCode, regexp.MustCompile(`(?s)<main.*</main>`).FindString(body))
		}
		acc, err := db.AcceptedReports(ctx, "elac2020")
		if err != nil || len(acc) != 2 || acc[0].Narrative != "Se avanzó." {
			t.Errorf("accepted after the import = %+v, %v", acc, err)
		}
		if r, err := db.Report(ctx, bitacora.ReportKey{Programme: "elac2020", Activity: "2.1", Period: "2019-H1"}); err != nil || r.State != bitacora.StateSubmitted {
			t.Errorf("2.1 = %+v, %v", r, err)
		}

		// No file; a file too large; a form from elsewhere.
		if resp, body := sec.upload(page, "", nil); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Elija un archivo CSV.") {
			t.Errorf("no file: %d", resp.StatusCode)
		}
		if resp, _ := sec.upload(page, "big.csv", bytes.Repeat([]byte("x"), reportcsv.MaxBytes+100<<10)); resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("a file over 5 MB: %d; want 413", resp.StatusCode)
		}
		forged := *sec
		forged.csrf = strings.Repeat("A", 43)
		if resp, _ := forged.upload(page, "informes.csv", []byte(good)); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a forged form: %d; want 403", resp.StatusCode)
		}
		if resp, _ := sec.get("/es/nope/reports/import"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("no programme: %d", resp.StatusCode)
		}

		// A focal point may not import.
		focal := makeUser(t, db, "focal@example.org")
		if _, err := db.AddMembership(ctx, focal.ID, "isoc", "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		fb := newBrowser(t, ts)
		fb.login("focal@example.org")
		if resp, _ := fb.get(page); resp.StatusCode != http.StatusForbidden {
			t.Errorf("focal point, form: %d; want 403", resp.StatusCode)
		}
		if resp, _ := fb.upload(page, "informes.csv", []byte(good)); resp.StatusCode != http.StatusForbidden {
			t.Errorf("focal point, upload: %d; want 403", resp.StatusCode)
		}
	})
}

// The page and every problem it may list read in every language.
func TestImportPageInEveryLanguage(t *testing.T) {
	t.Parallel()
	ts, db := newServer(t, seedtest.SQLite(t))
	makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
	b := newBrowser(t, ts)
	b.login("sec@example.org")
	for _, lang := range locale.Supported {
		page := "/" + lang + "/elac2020/reports/import"
		resp, body := b.upload(page, "x.csv", []byte("activity,period,status,completion,comments\n1.1,2019-H1,finished,limited,x\n"))
		if resp.StatusCode != http.StatusUnprocessableEntity || strings.Contains(body, "⟦") || strings.Count(body, "<li>") < 2 {
			t.Errorf("%s: %d, or a missing message %s", page, resp.StatusCode, regexp.MustCompile(`⟦[^⟧]*⟧`).FindString(body))
		}
		ids, err := locale.IDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range reportcsv.Codes {
			if _, ok := ids["import_err_"+code]; !ok {
				t.Errorf("%s: no message for the problem %s", lang, code)
			}
		}
		for _, c := range reportcsv.Columns() {
			if _, ok := ids["import_col_"+c.Names[0]]; !ok {
				t.Errorf("%s: no help for the column %s", lang, c.Names[0])
			}
		}
	}
}

// In Chromium: the secretariat picks a file and imports it; the form, the
// form with problems and the notice pass axe and the Nu checker.
func TestImportInTheBrowser(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	tools := browsertest.Require(t)
	ts, db := newServer(t, seedtest.SQLite(t))
	makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
	page := ts.URL + "/es/elac2020/reports/import"
	file := filepath.Join(t.TempDir(), "informes.csv")
	good := "actividad;periodo;estado;avance\n1.1;2019-H1;en curso;limitado\n1.2;2019-H1;completada;completo\n"
	if err := os.WriteFile(file, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	b.Visit(t, ts.URL+"/es/login", func(ctx context.Context) error {
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("f-email"), "sec@example.org"),
			chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
			chromedp.Submit(chromedp.ID("f-password")),
		); err != nil {
			return err
		}
		return waitPath(ctx, "/es/account")
	})
	for _, v := range b.Axe(t, page) {
		t.Error(v)
	}
	b.Visit(t, page, func(ctx context.Context) error {
		if err := chromedp.Do(ctx,
			chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
			chromedp.Click(chromedp.CSS(`form[enctype] button[type=submit]`)),
		); err != nil {
			return err
		}
		for range 200 {
			text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
			if err == nil && strings.Contains(text, "Se importaron 2 informes.") {
				return nil
			}
			time.Sleep(25 * time.Millisecond)
		}
		return fmt.Errorf("the import did not go through")
	})
	if acc, err := db.AcceptedReports(context.Background(), "elac2020"); err != nil || len(acc) != 0 {
		t.Errorf("submitted reports are not public: %+v, %v", acc, err)
	}
	if r, err := db.Report(context.Background(), bitacora.ReportKey{Programme: "elac2020", Activity: "1.2", Period: "2019-H1"}); err != nil ||
		r.State != bitacora.StateSubmitted {
		t.Errorf("1.2 = %+v, %v", r, err)
	}

	web := newBrowser(t, ts)
	web.login("sec@example.org")
	docs := map[string][]byte{}
	_, body := web.get("/es/elac2020/reports/import")
	docs["form"] = []byte(body)
	_, body = web.upload("/es/elac2020/reports/import", "x.csv", []byte("actividad;periodo;estado\n1.1;2031-H1;x\n"))
	docs["problems"] = []byte(body)
	_, body = web.upload("/es/elac2020/reports/import", "", nil)
	docs["no file"] = []byte(body)
	_, body = web.upload("/es/elac2020/reports/import", "x.csv", []byte(good))
	docs["done"] = []byte(body)
	for name, msgs := range tools.VNU(t, docs) {
		for _, m := range browsertest.Errors(msgs) {
			t.Errorf("%s: %s", name, m)
		}
	}
}
