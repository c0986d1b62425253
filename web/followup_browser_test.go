package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/browsertest"
	"github.com/elac/bitacora/seed/seedtest"
)

// The path of issue #6, in real Chromium: a focal point of the working
// group on access and digital infrastructure reports on activity 1.1 for
// 2019-H1 with a PDF attached; the Bureau returns it with a comment; the
// focal point fixes and resubmits; the Bureau accepts; the public activity
// page, the report page and the API all show it.
func TestReportReviewInTheBrowser(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	tools := browsertest.Require(t)
	ts, db := newServer(t, seedtest.SQLite(t))
	ctx := context.Background()
	focal := makeUser(t, db, "focal@mtic.example")
	if _, err := db.AddMembership(ctx, focal.ID, "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital", "2018-01-01", ""); err != nil {
		t.Fatal(err)
	}
	makeUser(t, db, "bureau@example.org", bitacora.RoleBureau)
	pdf := filepath.Join(t.TempDir(), "informe-2019-H1.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	report := ts.URL + "/es/elac2020/activities/1.1/reports/2019-H1"

	// act opens the report page, runs the steps and waits for the page the
	// form leads back to.
	act := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		b.Visit(t, report, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, steps...); err != nil {
				return err
			}
			// The form's answer redirects back to the report, which
			// says what was done (a flash, announced as a status);
			// anything else is the form again with its errors.
			for range 200 {
				flash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main .flash[role=status]') || {}).textContent || ""`))
				if err == nil && flash != "" {
					return nil
				}
				time.Sleep(25 * time.Millisecond)
			}
			text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
			return fmt.Errorf("the form did not go through:\n%s", text)
		})
	}
	pageText := func(url string) string {
		t.Helper()
		var text string
		b.Eval(t, url, `document.querySelector("main").innerText`, &text)
		return text
	}

	signIn(t, b, ts, "focal@mtic.example")
	act(
		chromedp.SetValue(chromedp.ID("f-status"), "under_way"),
		chromedp.SetValue(chromedp.ID("f-completion"), "limited"),
		chromedp.SendKeys(chromedp.ID("f-narrative"), "Se realizó el diálogo regional sobre **políticas** de infraestructura."),
		chromedp.SendKeys(chromedp.ID("f-events"), "2019-05-14 | Asunción | 11 países"),
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{pdf}),
		chromedp.Click(chromedp.CSS(`form[enctype] button[type=submit]`)),
	)
	if text := pageText(report); !strings.Contains(text, "informe-2019-H1.pdf") || !strings.Contains(text, "Borrador") {
		t.Fatalf("after saving, the report page lacks the file or the draft state:\n%s", text)
	}
	// The report page with its forms passes axe, signed in.
	for _, v := range b.Axe(t, report) {
		t.Errorf("report page: %s", v)
	}
	act(chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)))

	signIn(t, b, ts, "bureau@example.org")
	act(
		chromedp.SendKeys(chromedp.ID("f-comment"), "Indiquen los acuerdos del diálogo."),
		chromedp.Click(chromedp.CSS(`button[value=return]`)),
	)
	if text := pageText(report); !strings.Contains(text, "Devuelto con comentarios") {
		t.Fatalf("the report was not returned:\n%s", text)
	}
	if acc, _ := db.AcceptedReports(ctx, "elac2020"); len(acc) != 0 {
		t.Fatal("the public sees a report that was returned")
	}

	signIn(t, b, ts, "focal@mtic.example")
	if text := pageText(report); !strings.Contains(text, "Indiquen los acuerdos del diálogo.") {
		t.Fatalf("the focal point does not see the Bureau's comment:\n%s", text)
	}
	act(
		chromedp.SendKeys(chromedp.ID("f-narrative"), "\nAcuerdos: hoja de ruta regional de banda ancha."),
		chromedp.Click(chromedp.CSS(`form[enctype] button[type=submit]`)),
	)
	act(chromedp.Click(chromedp.CSS(`form[action$="/submit"] button`)))

	signIn(t, b, ts, "bureau@example.org")
	act(chromedp.Click(chromedp.CSS(`button[value=accept]`)))

	// The public: sign out, then look.
	b.Visit(t, ts.URL+"/es/account", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action$="/logout"] button`))); err != nil {
			return err
		}
		return waitPath(ctx, "/es/")
	})
	activity := pageText(ts.URL + "/es/elac2020/activities/1.1")
	if !strings.Contains(activity, "Último estado aceptado: En curso · Limitado (1.er semestre de 2019)") {
		t.Errorf("the public activity page does not show the accepted status:\n%s", activity)
	}
	public := pageText(report)
	for _, want := range []string{"Informe aceptado", "hoja de ruta regional", "informe-2019-H1.pdf", "Asunción"} {
		if !strings.Contains(public, want) {
			t.Errorf("the public report page lacks %q", want)
		}
	}
	if strings.Contains(public, "Redactar el informe") || strings.Contains(public, "Aceptar") {
		t.Error("the public sees the authors' or the Bureau's forms")
	}
	resp, err := http.Get(ts.URL + "/api/v1/programmes/elac2020/activities/1.1/reports/2019-H1")
	if err != nil {
		t.Fatal(err)
	}
	var api struct {
		Accepted *bitacora.Report `json:"accepted"`
	}
	json.NewDecoder(resp.Body).Decode(&api)
	resp.Body.Close()
	if api.Accepted == nil || api.Accepted.Status != bitacora.StatusUnderWay || len(api.Accepted.Files) != 1 || api.Accepted.Version < 6 {
		t.Fatalf("API: %+v", api.Accepted)
	}
	resp, err = http.Get(ts.URL + "/es/files/" + fmt.Sprint(api.Accepted.Files[0].ID))
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the accepted PDF: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if n, err := db.VerifyAudit(ctx); err != nil || n < 8 {
		t.Errorf("audit: %d, %v", n, err)
	}
	// And the public report page is valid HTML.
	resp, _ = http.Get(report)
	var page strings.Builder
	buf := make([]byte, 1<<16)
	for {
		n, err := resp.Body.Read(buf)
		page.Write(buf[:n])
		if err != nil {
			break
		}
	}
	resp.Body.Close()
	for _, m := range browsertest.Errors(tools.VNU(t, map[string][]byte{"report": []byte(page.String())})["report"]) {
		t.Errorf("report page: %s", m)
	}
}

// flashed waits for the page's flash message, the sign that a form went
// through; without one it says what the page shows instead.
func flashed(ctx context.Context) error {
	for range 200 {
		flash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main .flash[role=status]') || {}).textContent || ""`))
		if err == nil && flash != "" {
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
	return fmt.Errorf("the form did not go through:\n%s", text)
}

// act opens url, takes the steps (fill in, press a button) and waits for
// the flash that says the form went through.
func act(t *testing.T, b *browsertest.Browser, url string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	b.Visit(t, url, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, steps...); err != nil {
			return err
		}
		return flashed(ctx)
	})
}

func waitPath(ctx context.Context, want string) error {
	for range 200 {
		path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		if err == nil && path == want {
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return fmt.Errorf("the browser did not reach %s", want)
}
