package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// editorField is a field of the translations editor as a browser sends
// it: its index on the page, id and hash.
type deskField struct{ index, id, hash string }

var (
	deskIDInput   = regexp.MustCompile(`<input type="hidden" name="id_(\d+)" value="([^"]+)">\s*<input type="hidden" name="hash_\d+" value="([0-9a-f]+)">`)
	deskTextareas = regexp.MustCompile(`(?s)<textarea id="t-(\d+)" name="text_\d+"[^>]*>(.*?)</textarea>`)
)

// editorForm reads the editor's page: its fields by id, and the form a
// browser would send unchanged.
func editorForm(t *testing.T, page string) (map[string]deskField, url.Values) {
	t.Helper()
	fields := map[string]deskField{}
	form := url.Values{}
	for _, m := range deskIDInput.FindAllStringSubmatch(page, -1) {
		fields[m[2]] = deskField{m[1], m[2], m[3]}
		form.Set("id_"+m[1], m[2])
		form.Set("hash_"+m[1], m[3])
	}
	for _, m := range deskTextareas.FindAllStringSubmatch(page, -1) {
		form.Set("text_"+m[1], htmlUnescape(m[2]))
	}
	if m := regexp.MustCompile(`name="show" value="(\w+)"`).FindStringSubmatch(page); m != nil {
		form.Set("show", m[1])
	}
	if len(fields) == 0 {
		t.Fatalf("no field on the editor's page:\n%s", page)
	}
	return fields, form
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
}

// translationsOf returns a programme's translations into lang, by field
// id, and whether each is stale.
func translationsOf(t *testing.T, db *store.DB, lang string) map[string]string {
	t.Helper()
	list, err := db.TranslationList(context.Background(), "elac2020")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, tr := range list {
		if tr.Lang == lang {
			out[bitacora.TranslationFieldID(tr.Subject, tr.Field)] = tr.Text
		}
	}
	return out
}

func auditSeq(t *testing.T, db *store.DB) int64 {
	t.Helper()
	seq, _, err := db.AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// The editor saves every field of its page in one form, all or nothing:
// a field the programme does not have refuses the whole form, keeps what
// was typed and says which field; a good form saves only the fields that
// changed, one change-record entry each, and lands on the editor with a
// flash. The English visitor then reads the translation, and the English
// search finds it.
func TestTranslationEditorSavesManyFieldsAtOnce(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")

		resp, page := b.get("/es/elac2020/translations")
		total := len(bitacora.TranslatableFields(mustDoc(t, db)))
		if resp.StatusCode != 200 || !strings.Contains(page, "0 de "+strconv.Itoa(total)+" campos") || !strings.Contains(page, `href="/es/elac2020/translations/en"`) {
			t.Fatalf("progress page: %d, want English at 0 of %d\n%s", resp.StatusCode, total, page)
		}
		// Only the languages the programme is translated into: not its
		// own, nor one the site does not speak, nor another format.
		for _, path := range []string{"/es/elac2020/translations/es", "/es/elac2020/translations/de", "/es/elac2020/translations/de.csv",
			"/es/elac2020/translations/en.pdf", "/es/elac2020/translations/.xliff", "/es/nope/translations/en"} {
			if resp, _ := b.get(path); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d; want 404", path, resp.StatusCode)
			}
		}
		_, page = b.get("/es/elac2020/translations/en")
		fields, form := editorForm(t, page)
		if len(fields) != total {
			t.Errorf("the editor lists %d fields; the programme has %d", len(fields), total)
		}
		for _, id := range []string{"programme.title", "area:1.title", "objective:1.text", "activity:1.3.text"} {
			if _, ok := fields[id]; !ok {
				t.Errorf("the editor has no field %s", id)
			}
		}
		components := 0
		for id := range fields {
			if strings.HasPrefix(id, "component:") {
				components++
			}
		}
		if components == 0 {
			t.Error("the editor lists no component")
		}
		act, area := fields["activity:1.3.text"], fields["area:1.title"]
		form.Set("text_"+act.index, "Publish a yearly Zanzibarian broadband report")
		form.Set("text_"+area.index, "Digital infrastructure")
		// A field that is not the programme's: nothing is saved.
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("id_99999", "activity:99.9.text")
		bad.Set("text_99999", "Nothing")
		before := auditSeq(t, db)
		resp, page = b.post("/es/elac2020/translations/en", bad)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Zanzibarian") {
			t.Fatalf("a form with a field the programme lacks: %d; want 422 keeping the text\n%s", resp.StatusCode, page)
		}
		if got := translationsOf(t, db, "en"); len(got) != 0 || auditSeq(t, db) != before {
			t.Fatalf("a refused form saved %v", got)
		}

		// A field with a problem of its own says it on that field.
		bad = url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("hash_"+act.index, "not-a-hash")
		resp, page = b.post("/es/elac2020/translations/en", bad)
		fieldError := regexp.MustCompile(`id="t-` + act.index + `"[^>]*aria-invalid="true">Publish a yearly Zanzibarian broadband report</textarea>\s*<p class="error" id="e-` + act.index + `">`)
		if resp.StatusCode != http.StatusUnprocessableEntity || !fieldError.MatchString(page) {
			t.Fatalf("a field with a bad hash: %d; want 422 with the error on the field\n%s", resp.StatusCode, page)
		}
		if got := translationsOf(t, db, "en"); len(got) != 0 {
			t.Fatalf("a refused form saved %v", got)
		}

		resp, _ = b.post("/es/elac2020/translations/en", form)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/es/elac2020/translations/en" {
			t.Fatalf("save: %d → %q", resp.StatusCode, loc)
		}
		_, page = b.get("/es/elac2020/translations/en")
		if flashOf(page) != "Traducciones guardadas." || !strings.Contains(page, "2 de "+strconv.Itoa(total)+" campos") {
			t.Errorf("after saving: flash %q\n", flashOf(page))
		}
		got := translationsOf(t, db, "en")
		if len(got) != 2 || got["activity:1.3.text"] != "Publish a yearly Zanzibarian broadband report" || got["area:1.title"] != "Digital infrastructure" {
			t.Errorf("saved %v", got)
		}
		if n := auditSeq(t, db) - before; n != 2 {
			t.Errorf("saving two fields wrote %d change-record entries; want 2", n)
		}
		// The same form again changes nothing, and says so.
		mid := auditSeq(t, db)
		_, page = b.get("/es/elac2020/translations/en")
		_, form = editorForm(t, page)
		b.post("/es/elac2020/translations/en", form)
		if _, page = b.get("/es/elac2020/translations/en"); flashOf(page) != "Nada cambió: no se guardó nada." || auditSeq(t, db) != mid {
			t.Errorf("an unchanged form: flash %q, %d new entries", flashOf(page), auditSeq(t, db)-mid)
		}

		// The English visitor reads it, and finds it by searching.
		waitFor(t, ts, "/en/elac2020/activities/1.3", "Zanzibarian broadband")
		waitFor(t, ts, "/en/search?q=zanzibarian", "/en/elac2020/activities/1.3")
		if _, es := fetchPage(t, ts, "/es/elac2020/activities/1.3", nil); strings.Contains(string(es), "Zanzibarian") {
			t.Error("the Spanish page shows the English translation")
		}
	})
}

func mustDoc(t *testing.T, db *store.DB) *bitacora.Document {
	t.Helper()
	doc, err := db.Document(context.Background(), "elac2020")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// rewordActivity approves a revision that rewords an activity.
func rewordActivity(t *testing.T, db *store.DB, code, text string) {
	t.Helper()
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	rev, err := db.CreateRevision(ctx, "elac2020", "Nueva redacción", []bitacora.Change{{Op: bitacora.OpEditActivity, Activity: code, Text: &text, Reason: "Precisión."}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApproveRevision(ctx, "elac2020", rev.ID, propose(t, db, "elac2020", rev), "2019-11-20", nil); err != nil {
		t.Fatal(err)
	}
}

// Once an approved revision rewords an activity, its translation is out
// of date: the progress page counts it, the editor's "out of date" filter
// lists it, and saving it confirmed makes it current again.
func TestTranslationOutOfDateAfterARevision(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")
		_, page := b.get("/en/elac2020/translations/en")
		fields, form := editorForm(t, page)
		form.Set("text_"+fields["activity:1.3.text"].index, "Yearly broadband report")
		form.Set("text_"+fields["activity:1.4.text"].index, "Something else")
		if resp, _ := b.post("/en/elac2020/translations/en", form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		if _, page = b.get("/en/elac2020/translations/en?show=stale"); strings.Contains(page, `value="activity:1.3.text"`) {
			t.Fatal("a current translation is listed as out of date")
		}
		rewordActivity(t, db, "1.3", "Elaborar un informe anual sobre la adopción de la banda ancha")

		_, page = b.get("/en/elac2020/translations")
		// Translated: 1.4 only; 1.3 is out of date.
		if !regexp.MustCompile(`English</a>: 1 of \d+ fields · \d+ missing · 1 out of date</li>`).MatchString(page) {
			t.Errorf("the progress page does not count one out-of-date field:\n%s", page)
		}
		_, page = b.get("/en/elac2020/translations/en?show=stale")
		fields, form = editorForm(t, page)
		if len(fields) != 1 || fields["activity:1.3.text"].id == "" || !strings.Contains(page, "Elaborar un informe anual") {
			t.Fatalf("the out-of-date filter lists %v", fields)
		}
		// Sent back untouched, it stays out of date; confirmed, it is current.
		b.post("/en/elac2020/translations/en", form)
		if _, page = b.get("/en/elac2020/translations/en?show=stale"); !strings.Contains(page, `value="activity:1.3.text"`) {
			t.Fatal("an untouched out-of-date translation became current")
		}
		form.Set("confirm_"+fields["activity:1.3.text"].index, "1")
		resp, _ := b.post("/en/elac2020/translations/en", form)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/en/elac2020/translations/en?show=stale" {
			t.Fatalf("confirm: %d → %q", resp.StatusCode, loc)
		}
		if _, page = b.get("/en/elac2020/translations/en?show=stale"); strings.Contains(page, `value="activity:1.3.text"`) || flashOf(page) != "Translations saved." {
			t.Errorf("a confirmed translation is still out of date (flash %q)", flashOf(page))
		}
		_ = ts
	})
}

// A language exported, edited offline and imported back gives the same
// result as typing it: XLIFF and CSV; an export after the import is the
// file that was imported.
func TestTranslationFilesRoundTrip(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")

		// CSV: fill in two rows, one of them with a comma, quotes and a
		// formula-like start.
		resp, csvFile := b.get("/es/elac2020/translations/en.csv")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(csvFile, "id,original,translation\n") {
			t.Fatalf("CSV export: %d %q\n%.300s", resp.StatusCode, resp.Header.Get("Content-Type"), csvFile)
		}
		lines := strings.Split(csvFile, "\n")
		for i, l := range lines {
			switch {
			case strings.HasPrefix(l, "activity:1.1.text,"):
				lines[i] = strings.TrimSuffix(l, ",") + `,"Broadband, for ""everyone"""`
			case strings.HasPrefix(l, "objective:2.text,"):
				lines[i] = strings.TrimSuffix(l, ",") + ",'=not a formula"
			}
		}
		edited := strings.Join(lines, "\n")
		resp, page := b.postMultipart("/es/elac2020/translations/en/import", url.Values{}, "elac2020-en.csv", []byte(edited))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("CSV import: %d\n%s", resp.StatusCode, page)
		}
		got := translationsOf(t, db, "en")
		if len(got) != 2 || got["activity:1.1.text"] != `Broadband, for "everyone"` || got["objective:2.text"] != "=not a formula" {
			t.Fatalf("after the CSV import: %v", got)
		}
		if _, again := b.get("/es/elac2020/translations/en.csv"); again != edited {
			t.Errorf("the CSV exported after the import is not the file imported")
		}

		// XLIFF: valid XML, a unit per field with its source, and a
		// target filled in by a translation tool.
		resp, xlf := b.get("/es/elac2020/translations/en.xliff")
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "elac2020-en.xliff") {
			t.Fatalf("XLIFF export: %d %v", resp.StatusCode, resp.Header)
		}
		var doc struct {
			Version string `xml:"version,attr"`
			File    struct {
				Source string `xml:"source-language,attr"`
				Target string `xml:"target-language,attr"`
			} `xml:"file"`
		}
		if err := xml.Unmarshal([]byte(xlf), &doc); err != nil || doc.Version != "1.2" || doc.File.Source != "es" || doc.File.Target != "en" {
			t.Fatalf("the XLIFF is %+v, %v", doc, err)
		}
		if n := strings.Count(xlf, "<trans-unit "); n != len(bitacora.TranslatableFields(mustDoc(t, db))) {
			t.Errorf("the XLIFF has %d units", n)
		}
		unit := regexp.MustCompile(`(?s)<trans-unit id="activity:1\.2\.text".*?<target state="needs-translation"></target>`)
		loc := unit.FindStringIndex(xlf)
		if loc == nil {
			t.Fatalf("no empty target for activity 1.2:\n%.2000s", xlf)
		}
		unitText := xlf[loc[0]:loc[1]]
		filled := strings.Replace(unitText, `<target state="needs-translation"></target>`, `<target state="translated">Monitor &lt;digital&gt; access</target>`, 1)
		editedXLF := xlf[:loc[0]] + filled + xlf[loc[1]:]
		if resp, page := b.postMultipart("/es/elac2020/translations/en/import", url.Values{}, "elac2020-en.xliff", []byte(editedXLF)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("XLIFF import: %d\n%s", resp.StatusCode, page)
		}
		got = translationsOf(t, db, "en")
		if len(got) != 3 || got["activity:1.2.text"] != "Monitor <digital> access" || got["activity:1.1.text"] != `Broadband, for "everyone"` {
			t.Fatalf("after the XLIFF import: %v", got)
		}
		if _, again := b.get("/es/elac2020/translations/en.xliff"); again != editedXLF {
			t.Errorf("the XLIFF exported after the import is not the file imported")
		}
		// The same file again changes nothing.
		before := auditSeq(t, db)
		b.postMultipart("/es/elac2020/translations/en/import", url.Values{}, "elac2020-en.xliff", []byte(editedXLF))
		if auditSeq(t, db) != before {
			t.Error("importing the same file again wrote to the change record")
		}
	})
}

// An import is all or nothing: the page lists every problem by line (CSV)
// or field (XLIFF) and saves nothing. A translation of an original revised
// since the export is saved as out of date, and the editor lists those.
func TestTranslationImportProblems(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")
		importFile := func(name, data string) (*http.Response, string) {
			t.Helper()
			return b.postMultipart("/es/elac2020/translations/en/import", url.Values{}, name, []byte(data))
		}
		for _, tc := range []struct {
			name, file string
			want       []string
		}{
			{"bad.csv", "id;original;translation\nactivity:1.1.text;x;Good\nactivity:99.9.text;x;Unknown\nactivity:1.1.text;x;Again\n;;lost\n",
				[]string{"Línea 3: «activity:99.9.text» no es un campo del programa.", "Línea 4: «activity:1.1.text» está dos veces en el archivo.", "Línea 5: el campo no tiene id."}},
			{"nocol.csv", "id,original\nactivity:1.1.text,x\n", []string{"Línea 1: El encabezado no tiene la columna «translation»."}},
			{"quote.csv", "id,original,translation\nactivity:1.1.text,x,\"open\n", []string{"Línea 2: No se puede leer el archivo"}},
			{"fr.xliff", `<?xml version="1.0"?><xliff version="1.2"><file original="elac2020" source-language="es" target-language="fr" datatype="plaintext"><body>` +
				`<trans-unit id="activity:1.1.text"><source>x</source><target>Bon</target></trans-unit></body></file></xliff>`,
				[]string{"El archivo es una traducción a «fr», no al idioma de esta página."}},
			{"unknown.xliff", `<?xml version="1.0"?><xliff version="1.2"><file original="elac2020" source-language="es" target-language="en" datatype="plaintext"><body>` +
				`<trans-unit id="activity:1.1.text"><source>x</source><target>Good</target></trans-unit>` +
				`<trans-unit id="area:77.title"><source>x</source><target>Nope</target></trans-unit>` +
				`<trans-unit id="activity:1.2.text"><source>x</source><target>A <g id="1">bold</g> word</target></trans-unit></body></file></xliff>`,
				[]string{"Campo «activity:1.2.text»: la traducción contiene marcas"}},
			{"not.xliff", `<html><body>hello</body></html>`, []string{"No es un archivo XLIFF 1.2."}},
			{"bytes.csv", "id,original,translation\nactivity:1.1.text,x,\xff\xfe\n", []string{"El texto no está en UTF-8"}},
			{"nul.csv", "id,original,translation\nactivity:1.1.text,x,a\x01b\n", []string{"Línea 2: la traducción contiene un byte NUL"}},
		} {
			resp, page := importFile(tc.name, tc.file)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d; want 422\n%s", tc.name, resp.StatusCode, page)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(page, htmlEscape(w)) {
					t.Errorf("%s: the page does not say %q\n%s", tc.name, w, problemsOf(page))
				}
			}
			if got := translationsOf(t, db, "en"); len(got) != 0 {
				t.Fatalf("%s: a refused file saved %v", tc.name, got)
			}
		}
		// The unknown field of the XLIFF is named too.
		if _, page := importFile("unknown.xliff", `<?xml version="1.0"?><xliff version="1.2"><file original="elac2020" source-language="es" target-language="en" datatype="plaintext"><body>`+
			`<trans-unit id="area:77.title"><source>x</source><target>Nope</target></trans-unit></body></file></xliff>`); !strings.Contains(page, htmlEscape("Campo «area:77.title»: «area:77.title» no es un campo del programa.")) {
			t.Errorf("unknown XLIFF unit:\n%s", problemsOf(page))
		}

		// Exported, then the original is revised, then imported: saved,
		// as out of date.
		_, csvFile := b.get("/es/elac2020/translations/en.csv")
		rewordActivity(t, db, "1.3", "Elaborar un informe anual sobre la adopción de la banda ancha")
		lines := strings.Split(csvFile, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "activity:1.3.text,") || strings.HasPrefix(l, "activity:1.4.text,") {
				lines[i] = strings.TrimSuffix(l, ",") + ",A translation"
			}
		}
		resp, _ := importFile("elac2020-en.csv", strings.Join(lines, "\n"))
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/es/elac2020/translations/en?show=stale" {
			t.Fatalf("import over a revised original: %d → %q", resp.StatusCode, loc)
		}
		_, page := b.get("/es/elac2020/translations/en?show=stale")
		fields, _ := editorForm(t, page)
		if len(fields) != 1 || fields["activity:1.3.text"].id == "" || !strings.Contains(flashOf(page), "desactualizadas") {
			t.Errorf("after importing over a revised original, out of date: %v, flash %q", fields, flashOf(page))
		}
		if got := translationsOf(t, db, "en"); got["activity:1.3.text"] != "A translation" || got["activity:1.4.text"] != "A translation" {
			t.Errorf("saved %v", got)
		}
		_ = ts
	})
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func problemsOf(page string) string {
	if i := strings.Index(page, `id="problems"`); i >= 0 {
		end := strings.Index(page[i:], "</div>")
		if end > 0 {
			return page[i : i+end]
		}
	}
	return page
}

// acceptWithCompletion makes an accepted report of the activity for 2019-H1.
func acceptWithCompletion(t *testing.T, db *store.DB, code string, c bitacora.Completion) {
	t.Helper()
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	k := bitacora.ReportKey{Programme: "elac2020", Activity: code, Period: "2019-H1"}
	r, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: c}, nil)
	if err == nil {
		r, err = db.Submit(ctx, k, r.Version, nil)
	}
	if err == nil {
		_, err = db.Review(ctx, k, r.Version, true, "", nil)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// The weights form previews the rollup before and after without saving,
// refuses what is not a positive number with the field named, and saves
// through the service with a flash.
func TestWeightsPreviewAndSave(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		acceptWithCompletion(t, db, "1.1", bitacora.CompletionComplete)
		acceptWithCompletion(t, db, "1.2", bitacora.CompletionLimited)
		b := newBrowser(t, ts)
		b.login("sec@example.org")
		activities := 0
		for _, a := range mustDoc(t, db).Areas {
			for _, o := range a.Objectives {
				activities += len(o.Activities)
			}
		}
		resp, page := b.get("/es/elac2020/weights")
		if resp.StatusCode != 200 || !strings.Contains(page, `name="w_1.1" value="1"`) || strings.Count(page, `name="w_`) != activities {
			t.Fatalf("weights form: %d\n%s", resp.StatusCode, page)
		}
		form := url.Values{"w_1.1": {"3"}, "w_1.2": {"1"}, "action": {"preview"}}
		before := auditSeq(t, db)
		resp, page = b.post("/es/elac2020/weights", form)
		// Objective 1: 1.1 complete (3) and 1.2 limited (1): 67 % with
		// equal weights, (3×3 + 1)/4 = 2.5 → 83 % with 1.1 weighing 3.
		preview := regexp.MustCompile(`<th scope="row">Objetivo 1</th><td class="num">67\p{Zs}%</td><td class="num"><strong>83\p{Zs}%</strong></td>`)
		if resp.StatusCode != 200 || !preview.MatchString(page) || !strings.Contains(page, `name="w_1.1" value="3"`) {
			t.Fatalf("preview: %d\n%s", resp.StatusCode, page)
		}
		if w, _ := db.Weights(context.Background(), "elac2020"); len(w) != 0 || auditSeq(t, db) != before {
			t.Fatalf("the preview saved %v", w)
		}
		// Not numbers, or not positive: the form comes back with each named.
		resp, page = b.post("/es/elac2020/weights", url.Values{"w_1.1": {"tres"}, "w_1.2": {"-1"}, "w_1.3": {"0,5"}, "action": {"save"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="e-1.1"`) || !strings.Contains(page, `id="e-1.2"`) ||
			strings.Contains(page, `id="e-1.3"`) || !strings.Contains(page, `name="w_1.1" value="tres"`) {
			t.Fatalf("invalid weights: %d\n%s", resp.StatusCode, page)
		}
		if w, _ := db.Weights(context.Background(), "elac2020"); len(w) != 0 {
			t.Fatalf("invalid weights saved %v", w)
		}
		form.Set("action", "save")
		form.Set("w_1.3", "0,5")
		resp, _ = b.post("/es/elac2020/weights", form)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/es/elac2020/weights" {
			t.Fatalf("save: %d → %q", resp.StatusCode, loc)
		}
		if w, _ := db.Weights(context.Background(), "elac2020"); len(w) != 2 || w["1.1"] != 3 || w["1.3"] != 0.5 {
			t.Errorf("saved %v; want 1.1: 3 and 1.3: 0.5 (1 is the default)", w)
		}
		_, page = b.get("/es/elac2020/weights")
		if flashOf(page) != "Ponderaciones guardadas." || !strings.Contains(page, `name="w_1.1" value="3"`) {
			t.Errorf("after saving: flash %q", flashOf(page))
		}
		// The public progress uses them.
		waitFor(t, ts, "/api/v1/programmes/elac2020/weights", `"1.1": 3`)
	})
}
