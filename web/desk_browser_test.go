package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// Issue 13's "done when", in real Chromium: a member of
// the secretariat who has never seen the API registers a new organisation
// with its Spanish and English names, translates an activity into English
// (and English visitors read it and find it), sets a weight, uploads a new
// edition of the document that adds an activity led by that organisation
// and sends it to the Bureau; a focal point removes a wrong evidence file
// from their draft report (drafts are their authors': the secretariat
// withdraws published files instead); a Bureau member approves the
// revision from a form that shows no id; the public then sees the new
// activity and who leads it.
//
// The path runs once, on SQLite, the default store: what each step writes
// is tested on both databases by the web tests of that step (desk_test.go,
// register_test.go, translation_test.go, evidence_files_test.go) and by
// store/.
func TestSecretariatDeskEndToEnd(t *testing.T) {
	t.Parallel()
	seedtest.On(t, "sqlite", func(t *testing.T, be storetest.Backend) {
		b := shared.Browser(t)
		ts, db := newServer(t, be)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)

		text := func(url string) string {
			t.Helper()
			var s string
			b.Eval(t, url, `document.querySelector("main").innerText`, &s)
			return s
		}
		location := func(url string, steps ...chromedp.Action[chromedp.Void]) string {
			t.Helper()
			var path string
			b.Visit(t, url, func(ctx context.Context) error {
				if err := chromedp.Do(ctx, steps...); err != nil {
					return err
				}
				if err := flashed(ctx); err != nil {
					return err
				}
				path, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
				return nil
			})
			return path
		}

		signIn(t, b, ts, "sec@example.org")
		// 1. The register: a new organisation, then its English name.
		party := location(ts.URL+"/es/admin/parties",
			chromedp.SendKeys(chromedp.ID("f-name"), "Fundación Nueva para la Conectividad"),
			chromedp.SendKeys(chromedp.ID("f-acronym"), "FNC"),
			chromedp.SetValue(chromedp.ID("f-kind"), string(bitacora.KindOrganisation)),
			chromedp.Click(chromedp.CSS(`form[method=post][action$="/admin/parties"] button[type=submit]`)))
		if !strings.HasPrefix(party, "/es/admin/parties/") {
			t.Fatalf("adding a party lands on %s", party)
		}
		id := strings.TrimPrefix(party, "/es/admin/parties/")
		act(t, b, ts.URL+party,
			chromedp.SendKeys(chromedp.ID("alias-0"), "New Foundation for Connectivity"),
			chromedp.SetValue(chromedp.ID("alias-lang-0"), "en"),
			chromedp.Click(chromedp.CSS(`form[action$="/aliases"] button[type=submit]`)))

		// 2. A translation, typed in the editor.
		b.Visit(t, ts.URL+"/es/elac2020/translations/en", func(ctx context.Context) error {
			name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[value="activity:1.1.text"]').name.replace("id_", "text_")`))
			if err != nil {
				return fmt.Errorf("the editor has no field for 1.1: %w", err)
			}
			if err := chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.CSS(`textarea[name="`+name+`"]`), "Hold a regional dialogue on broadband infrastructure policies"),
				chromedp.Click(chromedp.CSS(`form.editor button[type=submit]`))); err != nil {
				return err
			}
			return flashed(ctx)
		})

		// 3. A weight, previewed, then saved.
		b.Visit(t, ts.URL+"/es/elac2020/weights", func(ctx context.Context) error {
			field := chromedp.CSS(`[id="w-1.1"]`)
			if err := chromedp.Do(ctx, chromedp.SetValue(field, "3"), chromedp.Click(chromedp.CSS(`button[value=preview]`))); err != nil {
				return err
			}
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`main section.notice table`))); err != nil {
				return fmt.Errorf("the preview: %w", err)
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[value=save]`))); err != nil {
				return err
			}
			return flashed(ctx)
		})

		// 4. A new edition that adds 1.6, led by the new organisation,
		// uploaded; the draft opened from the page that lists the
		// reader's warnings; sent to the Bureau.
		edition := strings.Replace(string(seed.ELAC2020), "\t1.5. Investigar alternativas viables de redes de acceso local y comunitario\t\tAsociación para el Progreso de las Comunicaciones (APC) e ISOC",
			"\t1.5. Investigar alternativas viables de redes de acceso local y comunitario\t\tAsociación para el Progreso de las Comunicaciones (APC) e ISOC\n\t1.6. Crear un observatorio regional de la conectividad\tFundación Nueva para la Conectividad (FNC)\tISOC", 1)
		edition = strings.Replace(edition, "LC/TS.2018/60", "LC/TS.2019/99", 1)
		file := filepath.Join(t.TempDir(), "edicion-2019.txt")
		if err := os.WriteFile(file, []byte(edition), 0o600); err != nil {
			t.Fatal(err)
		}
		var draft string
		b.Visit(t, ts.URL+"/es/elac2020/revisions", func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
				chromedp.Click(chromedp.CSS(`form[action$="/revisions/edition"] button[type=submit]`))); err != nil {
				return err
			}
			link := chromedp.CSS(`main .notice a[href*="/revisions/"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(link)); err != nil {
				return fmt.Errorf("no link to the draft after the upload: %w", err)
			}
			var err error
			draft, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main .notice a[href*="/revisions/"]').pathname`))
			return err
		})
		if !strings.HasPrefix(draft, "/es/elac2020/revisions/") {
			t.Fatalf("the edition's draft is at %q", draft)
		}
		page := text(ts.URL + draft)
		if !strings.Contains(page, "Crear un observatorio regional de la conectividad") || !strings.Contains(page, "Responsable: Fundación Nueva para la Conectividad") {
			t.Fatalf("the draft does not show the new activity and its party by name:\n%s", page)
		}
		act(t, b, ts.URL+draft, chromedp.Click(chromedp.CSS(`form[action$="/propose"] button[type=submit]`)))

		// 5. A focal point removes a wrong file from their draft report.
		focal := makeUser(t, db, "focal@mtic.example")
		if _, err := db.AddMembership(context.Background(), focal.ID, accessGroup, "2018-01-01", ""); err != nil {
			t.Fatal(err)
		}
		actx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: focal.ID, Name: focal.Email})
		k := bitacora.ReportKey{Programme: "elac2020", Activity: "1.1", Period: "2019-H1"}
		rep, err := db.SaveReport(actx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited}, nil)
		if err == nil {
			rep, err = db.AddFile(actx, k, rep.Version, "informe.pdf", "application/pdf", []byte("%PDF-1.4\n% informe\n%%EOF\n"), nil)
		}
		if err == nil {
			rep, err = db.AddFile(actx, k, rep.Version, "equivocado.pdf", "application/pdf", []byte("%PDF-1.4\n% otro\n%%EOF\n"), nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		wrong := rep.Files[len(rep.Files)-1]
		signIn(t, b, ts, "focal@mtic.example")
		reportURL := ts.URL + "/es/elac2020/activities/1.1/reports/2019-H1"
		act(t, b, reportURL, chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action$="/files/%d/remove"] button`, wrong.ID))))
		if page := text(reportURL); strings.Contains(page, "equivocado.pdf") || !strings.Contains(page, "informe.pdf") {
			t.Errorf("after removing the wrong file, the draft shows:\n%s", page)
		}

		// 6. The Bureau approves the revision from its page: no id on it.
		signIn(t, b, ts, "mesa@example.org")
		page = text(ts.URL + draft)
		if strings.Contains(page, id) || !strings.Contains(page, "Enviada a la Mesa Directiva") {
			t.Errorf("the Bureau's page of the revision shows the party's id %q, or not its state:\n%s", id, page)
		}
		approved := location(ts.URL+draft, chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`)))
		if approved != "/es/elac2020/diff" {
			t.Errorf("the approval lands on %s", approved)
		}

		// 7. What the public sees.
		b.Visit(t, ts.URL+"/es/account", func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action$="/logout"] button`))); err != nil {
				return err
			}
			return waitPath(ctx, "/es/")
		})
		if page := text(ts.URL + "/es/elac2020/activities/1.6"); !strings.Contains(page, "Fundación Nueva para la Conectividad") {
			t.Errorf("the new activity does not show who leads it:\n%s", page)
		}
		if page := text(ts.URL + "/en/elac2020/activities/1.1"); !strings.Contains(page, "Hold a regional dialogue on broadband infrastructure policies") {
			t.Errorf("an English visitor does not read the translation:\n%s", page)
		}
		if page := text(ts.URL + "/en/search?q=broadband+infrastructure+policies"); !strings.Contains(page, "1.1") {
			t.Errorf("the English search does not find the translation:\n%s", page)
		}
		if page := text(ts.URL + "/en/parties/" + id); !strings.Contains(page, "New Foundation for Connectivity") {
			t.Errorf("the party's page lacks its English name:\n%s", page)
		}
		if w, err := db.Weights(context.Background(), "elac2020"); err != nil || w["1.1"] != 3 {
			t.Errorf("weights: %v %v", w, err)
		}
	})
}
