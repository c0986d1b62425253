package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/indicatorfile"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// A secretariat member defines the broadband indicator in the workspace
// (a form with an error first), links it to objective 29 and activity
// 29.1 with a regional baseline and target, uploads the World Bank's file
// (a preview that stores nothing, then the save), and a visitor finds the
// indicator page with its chart and tables, sorts the countries on the
// server, downloads the data, and opens a country's profile; the
// objective's page lists the indicator.
func TestIndicatorPagesAsSecretariat(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		ts, db := newServer(t, backend)
		makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
		b := newBrowser(t, ts)
		b.login("sec@example.org")

		def := url.Values{"code": {"IT.NET.BBND.P2"}, "name_es": {"Suscripciones a banda ancha fija"}, "name_en": {"Fixed broadband subscriptions"},
			"unit": {"por 100 habitantes"}, "source": {"UIT"}, "citation": {"UIT, World Telecommunication/ICT Indicators Database"},
			"direction": {"higher"}, "measures": {"elac2020:29\nelac2020:29/29.1"}, "baselines": {"elac2020=10.6@2015"},
			"targets": {"elac2020=20@2022\nelac2020/CHL=25@2022"}}
		bad := url.Values{}
		for k, v := range def {
			bad[k] = v
		}
		bad.Set("measures", "elac2020:29/1.1")
		resp, body := b.post("/es/admin/indicators", bad)
		wantStatus(t, "add with a link outside its objective", resp, body, http.StatusUnprocessableEntity, "")
		wantBody(t, "add with a wrong link", body, "no es de ese objetivo", "Suscripciones a banda ancha fija")
		resp, body = b.post("/es/admin/indicators", def)
		wantStatus(t, "add", resp, body, http.StatusSeeOther, "/es/admin/indicators/IT.NET.BBND.P2")

		data, err := os.ReadFile(filepath.Join("..", "indicatorfile", "testdata", "worldbank_wide.csv"))
		if err != nil {
			t.Fatal(err)
		}
		resp, body = b.postFile("/es/admin/indicators/IT.NET.BBND.P2/import", url.Values{"programme": {"elac2020"}}, "file", "API_IT.NET.BBND.P2.csv", data)
		wantStatus(t, "preview", resp, body, http.StatusOK, "")
		wantBody(t, "preview", body, "47 observaciones", "5 Estados miembros", "6 valores omitidos", "ABW, PRI, USA, XKX", "Guardar estas observaciones")
		if obs, _ := db.Observations(t.Context(), "IT.NET.BBND.P2"); len(obs) != 0 {
			t.Fatalf("the preview stored %d observations", len(obs))
		}
		carried := regexp.MustCompile(`name="data" value="([^"]+)"`).FindStringSubmatch(body)
		if carried == nil {
			t.Fatal("the preview carries no data")
		}
		resp, body = b.postFile("/es/admin/indicators/IT.NET.BBND.P2/import", url.Values{"data": {carried[1]}, "name": {"API_IT.NET.BBND.P2.csv"},
			"programme": {"elac2020"}, "save": {"1"}}, "", "", nil)
		wantStatus(t, "save", resp, body, http.StatusSeeOther, "/es/admin/indicators/IT.NET.BBND.P2")
		if obs, _ := db.Observations(t.Context(), "IT.NET.BBND.P2"); len(obs) != 47 {
			t.Fatalf("stored %d observations; want 47", len(obs))
		}
		// A file with a problem names its line and column and stores
		// nothing.
		resp, body = b.postFile("/es/admin/indicators/IT.NET.BBND.P2/import", url.Values{}, "file", "bad.csv", []byte("iso3,year,value\nCHL,2019,1.5\nATL,2019,2\n"))
		wantStatus(t, "a bad file", resp, body, http.StatusUnprocessableEntity, "")
		wantBody(t, "a bad file", body, "Línea 3, columna 1:", "«ATL» no es ningún país ni agregado conocido")

		// The visitor's pages.
		v := newBrowser(t, ts)
		resp, body = v.get("/en/indicators/IT.NET.BBND.P2")
		wantStatus(t, "indicator page", resp, body, http.StatusOK, "")
		wantBody(t, "indicator page", body, "Fixed broadband subscriptions", `role="img"`, `aria-labelledby="chart-regional-title chart-regional-desc"`,
			"went from 10.6 in 2015 to 17.6 in 2022", "Baseline 2015: 10.6", "Target 2022: 20", `href="/en/countries/CHL"`,
			"Target reached", `href="/en/indicators/IT.NET.BBND.P2/data.csv"`)
		if strings.Contains(body, "<script") {
			t.Error("the indicator page has a script")
		}
		// Puerto Rico and the United States are no member States: never in
		// the table. Haiti's true zero of 2015 is not its latest value.
		for _, s := range []string{"Puerto Rico", "United States", ">Kosovo<"} {
			if strings.Contains(body, s) {
				t.Errorf("the indicator page shows %s", s)
			}
		}
		order := func(body string) []string {
			var names []string
			for _, m := range regexp.MustCompile(`<th scope="row"><a href="/en/countries/([A-Z]{3})"`).FindAllStringSubmatch(body, -1) {
				names = append(names, m[1])
			}
			return names
		}
		if got := strings.Join(order(body), " "); got != "ARG BRA CHL HTI MEX" {
			t.Errorf("countries by name: %s", got)
		}
		_, body = v.get("/en/indicators/IT.NET.BBND.P2?sort=value&order=desc")
		if got := strings.Join(order(body), " "); got != "CHL ARG BRA MEX HTI" {
			t.Errorf("countries by value, descending: %s", got)
		}
		wantBody(t, "sorted page", body, `aria-sort="descending"`)
		_, body = v.get("/en/indicators/IT.NET.BBND.P2?sort=distance")
		if got := strings.Join(order(body), " "); got != "ARG BRA MEX CHL HTI" {
			// Chile's own target is 25 (distance 1.7); the others' is
			// the region's 20: Argentina (23.09) and Brazil (20.7) have
			// passed it, Mexico (19.5) is 0.5 away.
			t.Errorf("countries by distance: %s", got)
		}

		resp, body = v.get("/indicators/IT.NET.BBND.P2/data.csv")
		wantStatus(t, "CSV", resp, body, http.StatusOK, "")
		wantBody(t, "CSV", body, "country_code,country,year,value,flags,note\n", "HTI,Haiti,2015,0,,\n", "LCN,Latin America & Caribbean,2019,13.9")
		if strings.Contains(body, "HTI,Haiti,2016") {
			t.Error("Haiti's missing 2016 is in the CSV")
		}
		resp, body = v.get("/indicators/IT.NET.BBND.P2/data.json")
		var doc struct {
			Indicator    bitacora.Indicator     `json:"indicator"`
			Observations []bitacora.Observation `json:"observations"`
		}
		if err := json.Unmarshal([]byte(body), &doc); err != nil || len(doc.Observations) != 47 || doc.Indicator.Code != "IT.NET.BBND.P2" {
			t.Errorf("JSON: %v %d", err, len(doc.Observations))
		}

		resp, body = v.get("/es/countries/CHL")
		wantStatus(t, "country", resp, body, http.StatusOK, "")
		wantBody(t, "Chile's profile", body, "<h1>Chile</h1>", "Suscripciones a banda ancha fija", "17,3456789012345")
		resp, _ = v.get("/es/countries/chl")
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a lower-case code: %d; want 400 (codes are upper case)", resp.StatusCode)
		}
		// A code of the right shape that names no country is not found.
		if resp, _ = v.get("/es/countries/ZZZ"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown country: %d; want 404", resp.StatusCode)
		}
		resp, body = v.get("/es/elac2020/indicators")
		wantStatus(t, "programme's indicators", resp, body, http.StatusOK, "")
		wantBody(t, "programme's indicators", body, `href="/es/indicators/IT.NET.BBND.P2"`, "Objetivo 29")
		// Beside the objective, and beside the activities' progress.
		_, body = v.get("/es/elac2020/objectives/29")
		wantBody(t, "objective 29", body, `href="/es/indicators/IT.NET.BBND.P2"`, "Suscripciones a banda ancha fija")
		_, body = v.get("/en/elac2020/dashboard")
		wantBody(t, "progress page", body, `href="/en/indicators/IT.NET.BBND.P2"`, "17.6 by 2022", "20 by 2022", `href="/en/elac2020/indicators"`)
	})
}

// seedIndicator defines the broadband indicator of objective 29 with a
// regional baseline and target and Chile's own target, and imports the
// World Bank's file, for the browser tests and the walkthrough.
func seedIndicator(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	err := db.AddIndicator(ctx, bitacora.Indicator{Code: "IT.NET.BBND.P2",
		Name:       map[string]string{"es": "Suscripciones a banda ancha fija", "en": "Fixed broadband subscriptions", "pt": "Assinaturas de banda larga fixa", "fr": "Abonnements au haut débit fixe"},
		Definition: map[string]string{"es": "Suscripciones a internet de alta velocidad por línea fija, por 100 habitantes.", "en": "Fixed subscriptions to high-speed internet, per 100 people."},
		Unit:       "por 100 habitantes", Source: "UIT", Citation: "Unión Internacional de Telecomunicaciones (UIT), World Telecommunication/ICT Indicators Database.",
		Methodology: "https://www.itu.int/en/ITU-D/Statistics/Pages/default.aspx", Direction: bitacora.HigherIsBetter,
		Measures: []bitacora.IndicatorLink{{Programme: "elac2020", Objective: 29}, {Programme: "elac2020", Objective: 29, Activity: "29.1"}},
		Goals: []bitacora.Goal{{Programme: "elac2020", Baseline: &bitacora.Mark{Value: "10.6", Year: 2015}, Target: &bitacora.Mark{Value: "20", Year: 2022}},
			{Programme: "elac2020", Country: "CHL", Target: &bitacora.Mark{Value: "25", Year: 2022}}}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "indicatorfile", "testdata", "worldbank_wide.csv"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := indicatorfile.Read(data, indicatorfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportObservations(ctx, bitacora.ObservationImport{Indicator: "IT.NET.BBND.P2", Programme: "elac2020", Observations: res.Observations}); err != nil {
		t.Fatal(err)
	}
}
