package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

const accessGroup = "grupo-de-trabajo-sobre-acceso-e-infraestructura-digital"

// cycleSite is a site in the middle of a reporting cycle: two periods,
// 2019-H1 (long due) and 2030-H1 (due in the future); on 2019-H1, 10.1
// (Red GEALC) and then 1.1 (the access working group) submitted, 1.2 (the
// same group) returned with a comment.
func cycleSite(t *testing.T, backend storetest.Backend) (*browser, *browser, *browser, *store.DB) {
	t.Helper()
	ts, db := newServer(t, backend)
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	if err := db.SetPeriods(ctx, "elac2020", []bitacora.Period{
		{Key: "2019-H1", StartsOn: "2019-01-01", EndsOn: "2019-06-30", Deadline: "2019-08-14"},
		{Key: "2030-H1", StartsOn: "2030-01-01", EndsOn: "2030-06-30", Deadline: "2030-08-14"},
	}); err != nil {
		t.Fatal(err)
	}
	submit := func(code string) *bitacora.Report {
		k := reportKey(code, "2019-H1")
		r, err := db.SaveReport(ctx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited}, nil)
		if err == nil {
			r, err = db.Submit(ctx, k, r.Version, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	submit("10.1")
	submit("1.1")
	r := submit("1.2")
	if _, err := db.Review(ctx, reportKey("1.2", "2019-H1"), r.Version, false, "Falta el detalle de los acuerdos.", nil); err != nil {
		t.Fatal(err)
	}
	focal := makeUser(t, db, "focal@mtic.example")
	if _, err := db.AddMembership(ctx, focal.ID, accessGroup, "2018-01-01", ""); err != nil {
		t.Fatal(err)
	}
	makeUser(t, db, "mesa@example.org", bitacora.RoleBureau)
	makeUser(t, db, "sec@example.org", bitacora.RoleSecretariat)
	fp, bureau, sec := newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts)
	fp.login("focal@mtic.example")
	bureau.login("mesa@example.org")
	sec.login("sec@example.org")
	return fp, bureau, sec, db
}

// The Bureau's queue lists the reports submitted and not reviewed, oldest
// first, each with one link to its review form; the GET form narrows it.
func TestReviewQueue(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		fp, bureau, sec, _ := cycleSite(t, backend)
		codes := func(path string) []string {
			t.Helper()
			resp, page := bureau.get(path)
			if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "private, no-store" {
				t.Fatalf("%s: %d %q", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
			var out []string
			for _, m := range regexp.MustCompile(`<a href="(/es/elac2020/activities/([0-9.]+)/reports/2019-H1#review-h)">`).FindAllStringSubmatch(page, -1) {
				out = append(out, m[2])
			}
			return out
		}
		if got := codes("/es/elac2020/reviews"); strings.Join(got, " ") != "10.1 1.1" {
			t.Errorf("the queue: %v; want 10.1 then 1.1 (oldest first), not the returned 1.2", got)
		}
		if got := codes("/es/elac2020/reviews?area=1"); strings.Join(got, " ") != "1.1" {
			t.Errorf("area 1: %v", got)
		}
		if got := codes("/es/elac2020/reviews?party=red-gealc"); strings.Join(got, " ") != "10.1" {
			t.Errorf("Red GEALC: %v", got)
		}
		if got := codes("/es/elac2020/reviews?period=2030-H1"); len(got) != 0 {
			t.Errorf("2030-H1: %v", got)
		}
		if resp, _ := bureau.get("/es/elac2020/reviews?period=1999-H1"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an unknown period: %d; want 400", resp.StatusCode)
		}
		// One click to the review form.
		if _, page := bureau.get("/es/elac2020/activities/1.1/reports/2019-H1"); !strings.Contains(page, `id="review-h"`) {
			t.Error("the queue's link does not lead to a review form")
		}
		// Linked from the workspace; refused to whoever may not review.
		if _, page := bureau.get("/es/account"); !strings.Contains(page, `href="/es/elac2020/reviews"`) {
			t.Error("the Bureau's workspace does not link the queue")
		}
		for who, b := range map[string]*browser{"focal point": fp, "secretariat": sec} {
			if resp, _ := b.get("/es/elac2020/reviews"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("the %s opens the queue: %d; want 403", who, resp.StatusCode)
			}
		}
	})
}

// A focal point's work list says, for every activity and period, where
// the report stands, when it is due and what to do, in one click.
func TestWorkList(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		fp, _, _, _ := cycleSite(t, backend)
		resp, page := fp.get("/es/my/activities")
		if resp.StatusCode != 200 {
			t.Fatalf("my activities: %d", resp.StatusCode)
		}
		item := func(code, period string) string {
			t.Helper()
			m := regexp.MustCompile(`<li class="w-[a-z_]+"><a href="/es/elac2020/activities/` + regexp.QuoteMeta(code) + `/reports/` + period + `">.*?</li>`).FindString(page)
			if m == "" {
				t.Fatalf("no item for %s %s", code, period)
			}
			return m
		}
		deadline, _ := time.Parse(time.DateOnly, "2030-08-14")
		// Days are counted in the programme's time zone (by default
		// Santiago's): between midnight UTC and midnight there, it is
		// still yesterday for the deadline.
		santiago, err := time.LoadLocation(bitacora.DefaultTimeZone)
		if err != nil {
			t.Fatal(err)
		}
		today, _ := time.Parse(time.DateOnly, time.Now().In(santiago).Format(time.DateOnly))
		// Spanish groups thousands with a dot: 1.353.
		left := strconv.Itoa(int(deadline.Sub(today).Hours() / 24))
		if len(left) > 3 {
			left = left[:len(left)-3] + "." + left[len(left)-3:]
		}
		for _, tc := range []struct {
			code, period string
			want         []string
			not          []string
		}{
			{"1.1", "2019-H1", []string{"Ver el informe 1.1 de 1.er semestre de 2019", "Enviado"}, []string{"plazo"}},
			{"1.2", "2019-H1", []string{"Corregir el informe 1.2 de 1.er semestre de 2019", "Devuelto", "vencido hace", "Falta el detalle de los acuerdos."}, nil},
			{"1.1", "2030-H1", []string{"Escribir el informe 1.1 de 1.er semestre de 2030", "Sin empezar", "quedan " + left + " días"}, []string{"vencido"}},
		} {
			got := item(tc.code, tc.period)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s %s lacks %q: %s", tc.code, tc.period, w, got)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("%s %s shows %q: %s", tc.code, tc.period, w, got)
				}
			}
		}
	})
}

// The secretariat's cycle view counts, per period, the activities at each
// stage, and names, per responsible party, the activities not reported.
func TestCycleView(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, backend storetest.Backend) {
		fp, bureau, sec, db := cycleSite(t, backend)
		resp, page := sec.get("/es/elac2020/cycle?period=2019-H1")
		if resp.StatusCode != 200 {
			t.Fatalf("cycle: %d", resp.StatusCode)
		}
		doc, err := db.Document(context.Background(), "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		n := doc.CountActivities()
		row := regexp.MustCompile(`<tr><th scope="row"><a href="/es/elac2020/cycle\?period=2019-H1"[^>]*>1\.er semestre de 2019</a></th><td>[^<]*</td>((?:<td class="num">[^<]*</td>)+)</tr>`).FindStringSubmatch(page)
		if row == nil {
			t.Fatal("no row for 2019-H1")
		}
		cells := regexp.MustCompile(`<td class="num">([^<]*)</td>`).FindAllStringSubmatch(row[1], -1)
		var counts []string
		for _, c := range cells {
			counts = append(counts, c[1])
		}
		// not started, draft, submitted, returned, accepted
		if want := []string{strconv.Itoa(n - 3), "0", "2", "1", "0"}; strings.Join(counts, " ") != strings.Join(want, " ") {
			t.Errorf("2019-H1 counts %v; want %v", counts, want)
		}
		group := regexp.MustCompile(`(?s)<tr><th scope="row"><a href="/es/parties/` + accessGroup + `".*?</tr>`).FindString(page)
		if !strings.Contains(group, `/reports/2019-H1">1.2</a>`) || strings.Contains(group, `>1.1</a>`) {
			t.Errorf("the access group's row: 1.2 (returned) is not reported, 1.1 (submitted) is:\n%s", group)
		}
		if _, page := sec.get("/es/account"); !strings.Contains(page, `href="/es/elac2020/cycle"`) {
			t.Error("the secretariat's workspace does not link the cycle view")
		}
		for who, b := range map[string]*browser{"focal point": fp, "Bureau": bureau} {
			if resp, _ := b.get("/es/elac2020/cycle"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("the %s opens the cycle view: %d; want 403", who, resp.StatusCode)
			}
		}
	})
}
