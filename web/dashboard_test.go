package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/browsertest"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// dashboardSite is eLAC2020 with a few reports, stored as focal points and
// the Bureau would: 1.1 under way in 2019-H1 and delayed in 2020-H2, 1.2
// completed in 2019-H1 (and since edited as a draft, which the public does
// not see), 4.1 suspended in 2019-H2, and a draft for 1.3 that was never
// submitted. Every period of eLAC2020 is closed by now: the last, 2020-H2,
// was due on 2021-02-14.
func dashboardSite(t *testing.T) (*httptest.Server, *store.DB) {
	t.Helper()
	ts, db := newServer(t, seedtest.SQLite(t))
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 1, Name: "test"})
	save := func(code, period string, base int, s bitacora.Status, c bitacora.Completion) (bitacora.ReportKey, *bitacora.Report) {
		t.Helper()
		k := bitacora.ReportKey{Programme: "elac2020", Activity: code, Period: period}
		rep, err := db.SaveReport(ctx, k, base, bitacora.ReportContent{Status: s, Completion: c, Narrative: "Avance del período."}, nil)
		if err != nil {
			t.Fatalf("save %v: %v", k, err)
		}
		return k, rep
	}
	accept := func(code, period string, s bitacora.Status, c bitacora.Completion) *bitacora.Report {
		t.Helper()
		k, rep := save(code, period, 0, s, c)
		rep, err := db.Submit(ctx, k, rep.Version, nil)
		if err != nil {
			t.Fatalf("submit %v: %v", k, err)
		}
		if rep, err = db.Review(ctx, k, rep.Version, true, "", nil); err != nil {
			t.Fatalf("accept %v: %v", k, err)
		}
		return rep
	}
	accept("1.1", "2019-H1", bitacora.StatusUnderWay, bitacora.CompletionSubstantial)
	accept("1.1", "2020-H2", bitacora.StatusDelayed, bitacora.CompletionLimited)
	done := accept("1.2", "2019-H1", bitacora.StatusCompleted, bitacora.CompletionComplete)
	save("1.2", "2019-H1", done.Version, bitacora.StatusCancelled, bitacora.CompletionNotStarted)
	accept("4.1", "2019-H2", bitacora.StatusSuspended, bitacora.CompletionNotStarted)
	save("1.3", "2019-H1", 0, bitacora.StatusCompleted, bitacora.CompletionComplete)
	time.Sleep(50 * time.Millisecond) // past the server's refresh interval
	return ts, db
}

var (
	matrixRowPattern = regexp.MustCompile(`<tr><th scope="row"><a href="/(?:es|en|pt|fr)/elac2020/activities/([0-9.]+)">[0-9.]+</a></th>(.*?)</tr>`)
	cellPattern      = regexp.MustCompile(`<td[^>]*>(?:<a href="[^"]*">)?([^<]*)(?:</a>)?</td>`)
)

// matrix reads the status matrix of a dashboard page: by activity code, the
// text of its cells (responsible, latest status, completion, then one per
// period).
func matrix(html string) (map[string][]string, []string) {
	rows := map[string][]string{}
	var order []string
	for _, m := range matrixRowPattern.FindAllStringSubmatch(html, -1) {
		var cells []string
		for _, c := range cellPattern.FindAllStringSubmatch(m[2], -1) {
			cells = append(cells, c[1])
		}
		rows[m[1]] = cells
		order = append(order, m[1])
	}
	return rows, order
}

// section returns the part of the page from the heading with the id to
// the end of its section.
func section(html, id string) string {
	i := strings.Index(html, `<h2 id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(html[i:], "</section>")
	return html[i : i+j]
}

// nbsp puts the no-break space that Spanish writes before "%".
func nbsp(s string) string { return strings.ReplaceAll(s, " %", "\u00a0%") }

func TestDashboard(t *testing.T) {
	t.Parallel()
	ts, db := dashboardSite(t)
	resp, body := fetchPage(t, ts, "/es/elac2020/dashboard", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("dashboard: %d", resp.StatusCode)
	}
	html := string(body)

	// The matrix: every activity, its cells as text with the status as a
	// class; no accepted report says so, and drafts do not show.
	rows, order := matrix(html)
	if len(order) != 53 {
		t.Fatalf("the matrix has %d rows; want 53", len(order))
	}
	want := map[string][]string{
		"1.1": {"Retrasada", "Limitado", "Sin informe", "En curso", "Sin informe", "Sin informe", "Retrasada"},
		"1.2": {"Completada", "Completo", "Sin informe", "Completada", "Sin informe", "Sin informe", "Sin informe"},
		"1.3": {"Sin informe", "—", "Sin informe", "Sin informe", "Sin informe", "Sin informe", "Sin informe"},
		"4.1": {"Suspendida", "No iniciado", "Sin informe", "Sin informe", "Suspendida", "Sin informe", "Sin informe"},
	}
	for code, w := range want {
		if got := rows[code]; len(got) != 1+len(w) || !reflect.DeepEqual(got[1:], w) {
			t.Errorf("matrix row %s: %q; want %q", code, got, w)
		}
	}
	// A reported cell links to its report; one with nothing reported
	// links nowhere.
	if !strings.Contains(html, `<td class="s-delayed"><a href="/es/elac2020/activities/1.1/reports/2020-H2">Retrasada</a></td>`) || !strings.Contains(html, `<td class="s-not_reported">Sin informe</td>`) {
		t.Error("status cells lack their class or their report's link")
	}
	for _, period := range []string{"2.º semestre de 2018", "1.er semestre de 2019", "2.º semestre de 2019", "1.er semestre de 2020", "2.º semestre de 2020"} {
		if !strings.Contains(html, `<th scope="col">`+period+`</th>`) {
			t.Errorf("no column for %s", period)
		}
	}

	// Area 1 has 7 activities, 2 reported: 1.1 limited (1) and 1.2
	// complete (3), a mean of 2, 67 % of complete. The 5 not reported do
	// not pull it down.
	areas := section(html, "by-area")
	if !strings.Contains(areas, nbsp(`<a href="/es/elac2020/areas/1">Área de acción 1. <span>Infraestructura digital</span></a></th><td class="num">2 de 7</td><td class="num">67 %</td>`)) {
		t.Errorf("area 1 progress is wrong:\n%s", areas)
	}
	if !strings.Contains(areas, nbsp(`<td class="num">1 de 8</td><td class="num">0 %</td>`)) {
		t.Error("area 2 (4.1 reported, not started) is wrong")
	}
	if !strings.Contains(areas, `<td class="num">0 de 2</td><td class="num">sin informes</td>`) {
		t.Error("area 3, with no report, is not shown as not reported")
	}
	if !strings.Contains(areas, `<svg class="chart" role="img"`) || !strings.Contains(areas, nbsp(`>67 % (2 de 7)</text>`)) ||
		!strings.Contains(areas, `<rect class="bar" x="0" y="21" width="201" height="14"/>`) {
		t.Errorf("the area chart does not show area 1:\n%s", areas)
	}
	// The whole programme: 3 reported of 53, mean (1 + 3 + 0) / 3.
	summary := section(html, "summary")
	for _, s := range []string{"Actividades con informe aceptado: 3 de 53.", "44 % de «completo»",
		`<th scope="row">Sin informe</th><td class="num">50</td><td class="num">94 %</td>`} {
		if !strings.Contains(summary, nbsp(s)) {
			t.Errorf("summary lacks %q:\n%s", s, summary)
		}
	}
	parties := section(html, "by-party")
	if !strings.Contains(parties, nbsp(`<a href="/es/parties/isoc">ISOC</a></th><td class="num">—</td><td class="num">—</td><td class="num">1 de 4</td><td class="num">33 %</td>`)) {
		t.Errorf("ISOC supports 1.1, 1.5, 2.1 and 3.1, of which 1.1 is reported (limited):\n%s", parties)
	}

	// Overdue: every activity without an accepted report for 2020-H2,
	// which is all but 1.1.
	overdue := section(html, "overdue")
	if !strings.Contains(overdue, "2.º semestre de 2020") || !strings.Contains(overdue, "14 de febrero de 2021") {
		t.Errorf("the overdue list does not name the last closed period:\n%s", overdue)
	}
	if n := strings.Count(overdue, "<li>"); n != 52 || strings.Contains(overdue, "/activities/1.1\"") || !strings.Contains(overdue, "/activities/1.2\"") {
		t.Errorf("the overdue list has %d activities; want the 52 but 1.1", n)
	}

	// The programme's home page sums it up and links here.
	_, home := fetchPage(t, ts, "/es/elac2020", nil)
	followup := section(string(home), "followup")
	if !strings.Contains(followup, "3 de 53") || !strings.Contains(followup, nbsp("44 %")) || !strings.Contains(followup, `href="/es/elac2020/dashboard"`) {
		t.Errorf("the programme page's follow-up section:\n%s", followup)
	}

	// The programme's activities, to check the party filter against.
	doc, err := db.Document(context.Background(), "elac2020")
	if err != nil {
		t.Fatal(err)
	}
	var isoc []string
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				for _, id := range append(append([]string{}, act.Responsible...), act.CoResponsible...) {
					if id == "isoc" {
						isoc = append(isoc, act.Code)
					}
				}
			}
		}
	}
	if len(isoc) != 4 {
		t.Fatalf("ISOC takes part in %v", isoc)
	}

	for _, tc := range []struct {
		query    string
		codes    []string // nil: check count only
		count    int
		periods  int
		overdue  int
		selected string
	}{
		{"?area=1", []string{"1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "3.1"}, 7, 5, 6, `<option value="1" selected>`},
		{"?party=isoc", isoc, 4, 5, 3, `<option value="isoc" selected>`},
		// As it stood at 2019-H1: two periods, 1.1 under way, and overdue
		// all that did not report for 2019-H1.
		{"?period=2019-H1", nil, 53, 2, 51, `<option value="2019-H1" selected>`},
		{"?area=2&party=isoc", []string{}, 0, 5, 0, `<option value="2" selected>`},
	} {
		resp, body := fetchPage(t, ts, "/es/elac2020/dashboard"+tc.query, nil)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", tc.query, resp.StatusCode)
			continue
		}
		html := string(body)
		rows, order := matrix(html)
		if len(order) != tc.count || (tc.codes != nil && !reflect.DeepEqual(order, tc.codes) && len(tc.codes) > 0) {
			t.Errorf("%s: the matrix shows %v; want %d rows %v", tc.query, order, tc.count, tc.codes)
		}
		if n := len(regexp.MustCompile(`<th scope="col">[12]\.(er|º) semestre de 20`).FindAllString(html, -1)); n != tc.periods && tc.count > 0 {
			t.Errorf("%s: %d period columns; want %d", tc.query, n, tc.periods)
		}
		if n := strings.Count(section(html, "overdue"), "<li>"); n != tc.overdue {
			t.Errorf("%s: %d overdue; want %d", tc.query, n, tc.overdue)
		}
		if !strings.Contains(html, tc.selected) {
			t.Errorf("%s: the filter form does not keep %s", tc.query, tc.selected)
		}
		if !strings.Contains(html, `href="/es/elac2020/dashboard.csv`+strings.ReplaceAll(tc.query, "&", "&amp;")+`"`) {
			t.Errorf("%s: the CSV link does not carry the filter", tc.query)
		}
		if tc.query == "?period=2019-H1" && !reflect.DeepEqual(rows["1.1"][1:], []string{"En curso", "Sustancial", "Sin informe", "En curso"}) {
			t.Errorf("%s: 1.1 shows %q", tc.query, rows["1.1"])
		}
		if tc.count == 0 && !strings.Contains(html, "Ninguna actividad corresponde a estos filtros.") {
			t.Errorf("%s: an empty result does not say so", tc.query)
		}
	}

	for _, q := range []string{"?area=99", "?area=uno", "?area=0", "?area=-1", "?area=1&area=2", "?party=nobody", "?party=Not_A_Party!",
		"?period=2030-H1", "?period=" + strings.Repeat("x", 300)} {
		for _, path := range []string{"/es/elac2020/dashboard", "/es/elac2020/dashboard.csv"} {
			if resp, body := fetchPage(t, ts, path+q, nil); resp.StatusCode != 400 || !bytes.Contains(body, []byte(`name="q"`)) {
				t.Errorf("%s%s = %d; want 400 and the error page", path, truncate(q), resp.StatusCode)
			}
		}
	}
	if resp, _ := fetchPage(t, ts, "/es/nope/dashboard", nil); resp.StatusCode != 404 {
		t.Errorf("an unknown programme's dashboard: %d", resp.StatusCode)
	}
}

func TestDashboardCSV(t *testing.T) {
	t.Parallel()
	ts, _ := dashboardSite(t)
	read := func(path string) [][]string {
		t.Helper()
		resp, body := fetchPage(t, ts, path, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="elac2020-dashboard.csv"`) {
			t.Errorf("%s: Content-Disposition %q", path, resp.Header.Get("Content-Disposition"))
		}
		records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return records
	}
	all := read("/es/elac2020/dashboard.csv")
	wantHeader := []string{"code", "area", "objective", "responsible", "status", "completion", "2018-H2", "2019-H1", "2019-H2", "2020-H1", "2020-H2"}
	if !reflect.DeepEqual(all[0], wantHeader) {
		t.Errorf("header %q; want %q", all[0], wantHeader)
	}
	if len(all) != 1+53 {
		t.Fatalf("%d rows; want a header and 53", len(all))
	}
	byCode := map[string][]string{}
	for _, r := range all[1:] {
		byCode[r[0]] = r
	}
	for code, want := range map[string][]string{
		"1.1": {"1.1", "1", "1", "Grupo de Trabajo sobre Acceso e Infraestructura Digital", "delayed", "limited", "not_reported", "under_way", "not_reported", "not_reported", "delayed"},
		"1.3": {"1.3", "1", "1", "Grupo de Trabajo sobre Acceso e Infraestructura Digital", "not_reported", "", "not_reported", "not_reported", "not_reported", "not_reported", "not_reported"},
		"4.1": {"4.1", "2", "4", "Grupo de Trabajo sobre Transformación Digital y Economía Digital", "suspended", "not_started", "not_reported", "not_reported", "suspended", "not_reported", "not_reported"},
	} {
		if !reflect.DeepEqual(byCode[code], want) {
			t.Errorf("row %s: %q; want %q", code, byCode[code], want)
		}
	}
	// The same filters as the page, and the same data in every language.
	if got := read("/en/elac2020/dashboard.csv?area=1"); len(got) != 1+7 {
		t.Errorf("area 1: %d rows; want 1+7", len(got))
	}
	if got := read("/fr/elac2020/dashboard.csv?party=isoc"); len(got) != 1+4 {
		t.Errorf("ISOC: %d rows; want 1+4", len(got))
	}
	if got := read("/pt/elac2020/dashboard.csv?period=2019-H1"); len(got[0]) != 6+2 || got[0][7] != "2019-H1" {
		t.Errorf("up to 2019-H1: header %q", got[0])
	}
	if got := read("/elac2020/dashboard.csv"); !reflect.DeepEqual(got, all) {
		t.Error("the CSV differs without a language prefix")
	}
}

// A period key or a party name that a spreadsheet would read as a formula
// reaches the public dashboard.csv as text.
func TestDashboardCSVCellsAreNotFormulas(t *testing.T) {
	t.Parallel()
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ts, db := newServer(t, b)
		ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
		const key = "=cmd|'calc'!A0"
		ps := []bitacora.Period{{Key: key, StartsOn: "2019-01-01", EndsOn: "2019-06-30", Deadline: "2019-07-31"}}
		if err := db.SetPeriods(ctx, "elac2020", ps); err != nil {
			t.Fatal(err)
		}
		// The site loads its content on the first request: this one.
		resp, body := fetchPage(t, ts, "/es/elac2020/dashboard.csv", nil)
		records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if resp.StatusCode != 200 || err != nil || len(records[0]) != 7 {
			t.Fatalf("dashboard.csv: %d %v %q", resp.StatusCode, err, records)
		}
		if got := records[0][6]; got != "'"+key {
			t.Errorf("period column %q; want %q", got, "'"+key)
		}
		for _, rec := range records {
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q would be read as a formula", cell)
				}
			}
		}
	})
}

// The dashboard with reports of every kind passes axe (colours, tables,
// the charts) and the Nu checker (inline SVG).
func TestDashboardAccessibleAndValid(t *testing.T) {
	t.Parallel()
	b := shared.Browser(t)
	tools := browsertest.Require(t)
	ts, _ := dashboardSite(t)
	docs := map[string][]byte{}
	paths := []string{"/es/elac2020/dashboard", "/en/elac2020/dashboard?area=1", "/fr/elac2020/dashboard?party=isoc&period=2019-H2", "/pt/elac2020"}
	axeEach(t, b, ts.URL, paths)
	for _, path := range paths {
		_, body := fetchPage(t, ts, path, nil)
		docs[path] = body
	}
	for _, v := range b.Axe(t, ts.URL+"/es/elac2020/dashboard", browsertest.Phone()) {
		t.Errorf("dashboard (phone): %s", v)
	}
	for name, msgs := range tools.VNU(t, docs) {
		for _, m := range browsertest.Errors(msgs) {
			t.Errorf("%s: %s", name, m)
		}
	}
}
