package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// A domain error reaches the periods form in the page's language, with the
// plural form of its count, and never in English on a page in another
// language.
func TestDomainErrorsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		// 2019-H1 has one report, 2019-H2 two.
		for _, k := range []bitacora.ReportKey{{Programme: "elac2020", Activity: "1.1", Period: "2019-H1"},
			{Programme: "elac2020", Activity: "1.1", Period: "2019-H2"}, {Programme: "elac2020", Activity: "1.2", Period: "2019-H2"}} {
			if _, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited}, nil); err != nil {
				t.Fatal(err)
			}
		}
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")
		ps, err := db.Periods(context.Background(), "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		// without returns the form of the periods with one row emptied.
		without := func(key string) url.Values {
			form := url.Values{}
			for i, p := range ps {
				n := strconv.Itoa(i)
				if p.Key == key {
					p = bitacora.Period{}
				}
				form.Set("key_"+n, p.Key)
				form.Set("starts_"+n, p.StartsOn)
				form.Set("ends_"+n, p.EndsOn)
				form.Set("deadline_"+n, p.Deadline)
			}
			return form
		}
		want := map[string][2]string{
			"es": {"El período 2019-H1 tiene 1 informe: no se puede eliminar.", "El período 2019-H2 tiene 2 informes: no se puede eliminar."},
			"en": {"Period 2019-H1 has 1 report: it cannot be removed.", "Period 2019-H2 has 2 reports: it cannot be removed."},
			"pt": {"O período 2019-H1 tem 1 relatório: não pode ser removido.", "O período 2019-H2 tem 2 relatórios: não pode ser removido."},
			"fr": {"La période 2019-H1 a 1 rapport : elle ne peut pas être supprimée.", "La période 2019-H2 a 2 rapports : elle ne peut pas être supprimée."},
		}
		for lang, msgs := range want {
			for i, period := range []string{"2019-H1", "2019-H2"} {
				resp, body := b.post("/"+lang+"/elac2020/periods", without(period))
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, msgs[i]) {
					t.Errorf("%s, removing %s: %d; the page lacks %q", lang, period, resp.StatusCode, msgs[i])
				}
				if lang != "en" && (strings.Contains(body, "cannot be removed") || strings.Contains(body, "reports:")) {
					t.Errorf("%s, removing %s: the page speaks English", lang, period)
				}
				if strings.Contains(body, "⟦") {
					t.Errorf("%s, removing %s: a missing message", lang, period)
				}
			}
		}
		if ps2, _ := db.Periods(context.Background(), "elac2020"); len(ps2) != len(ps) {
			t.Error("a period with reports was removed")
		}
		// An error page says the domain's message in the page's language
		// too: a person with no role may not see the periods.
		makeUser(t, db, "nobody@example.org")
		nobody := newBrowser(t, ts)
		nobody.login("nobody@example.org")
		for lang, msg := range map[string][2]string{"es": {"<h1>Acceso no permitido</h1>", "No tiene permiso para hacer esto."},
			"fr": {"<h1>Accès non autorisé</h1>", "Vous n’avez pas le droit de faire cela."}} {
			resp, body := nobody.get("/" + lang + "/elac2020/periods")
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, msg[0]) || !strings.Contains(body, msg[1]) {
				t.Errorf("%s periods page without the role: %d; the page lacks %q or %q", lang, resp.StatusCode, msg[0], msg[1])
			}
		}
	})
}

// The API answers every status in one language: the request's
// (Accept-Language), else the site's default, Spanish, for a 401, 403,
// 404, 409 and 422 alike.
func TestAPIErrorsInOneLanguage(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		if _, err := db.SaveReport(ctx, bitacora.ReportKey{Programme: "elac2020", Activity: "1.1", Period: "2019-H1"}, 0,
			bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited}, nil); err != nil {
			t.Fatal(err)
		}
		sec := makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		read, write := token(t, db, sec, bitacora.ScopeRead), token(t, db, sec, bitacora.ScopeWrite)
		ps, err := db.Periods(context.Background(), "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		call := func(method, path, tok, acceptLanguage string, in any) (int, string) {
			t.Helper()
			var body string
			if in != nil {
				b, _ := json.Marshal(in)
				body = string(b)
			}
			req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			if acceptLanguage != "" {
				req.Header.Set("Accept-Language", acceptLanguage)
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out struct {
				Error struct{ Code, Message string }
			}
			if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
				t.Fatalf("%s %s: %d, not a JSON error: %v", method, path, resp.StatusCode, err)
			}
			return resp.StatusCode, out.Error.Message
		}
		var kept []bitacora.Period // every period but 2019-H1, which has a report
		for _, p := range ps {
			if p.Key != "2019-H1" {
				kept = append(kept, p)
			}
		}
		periods := "/api/v1/programmes/elac2020/periods"
		cases := []struct {
			name, method, path, token string
			in                        any
			status                    int
			es, fr                    string
		}{
			{"401", "PUT", periods, "", map[string]any{"periods": ps}, 401,
				"Identifíquese con una clave de la API.", "Identifiez-vous avec une clé d’API."},
			{"403", "PUT", periods, read, map[string]any{"periods": ps}, 403,
				"Esta clave solo permite leer: para escribir hace falta una clave con permiso de escritura.",
				"Cette clé ne permet que la lecture : pour écrire, il faut une clé avec le droit d’écriture."},
			{"404", "GET", "/api/v1/programmes/elac2020/activities/9.9", "", nil, 404,
				"El programa elac2020 no tiene la actividad «9.9».", "Le programme elac2020 n’a pas d’activité « 9.9 »."},
			{"409", "PUT", periods, write, map[string]any{"periods": kept}, 409,
				"El período 2019-H1 tiene 1 informe: no se puede eliminar.", "La période 2019-H1 a 1 rapport : elle ne peut pas être supprimée."},
			{"422", "PUT", periods, write, map[string]any{"periods": []map[string]string{{"key": "no spaces allowed"}}}, 422,
				"Revise los datos marcados.", "Veuillez vérifier les champs signalés."},
		}
		for _, tc := range cases {
			for _, lang := range []struct{ header, want string }{{"", tc.es}, {"fr-CA,fr;q=0.9", tc.fr}, {"de", tc.es}} {
				status, msg := call(tc.method, tc.path, tc.token, lang.header, tc.in)
				if status != tc.status || msg != lang.want {
					t.Errorf("%s with Accept-Language %q: %d %q; want %d %q", tc.name, lang.header, status, msg, tc.status, lang.want)
				}
			}
		}
	})
}
