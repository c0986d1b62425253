package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/store/storetest"
)

// The generated document is a valid programme of whole copies of
// eLAC2020: 53 activities a copy, codes renumbered without collision.
func TestProgrammeText(t *testing.T) {
	for _, m := range []int{1, 53, 54, 1000} {
		doc, err := programmedoc.Parse(programmeText(m), programmedoc.Options{Slug: "x"})
		if err != nil {
			t.Fatal(err)
		}
		want := (m + 52) / 53 * 53
		codes := activityCodes(doc)
		seen := map[string]bool{}
		for _, c := range codes {
			seen[c] = true
		}
		if doc.CountActivities() != want || len(codes) != want || len(seen) != want {
			t.Errorf("m=%d: %d activities, %d distinct codes; want %d", m, doc.CountActivities(), len(seen), want)
		}
	}
	ps, err := halfYears(5)
	if err != nil || len(ps) != 5 || ps[0].Key != "2018-H2" || ps[4].Key != "2020-H2" {
		t.Errorf("halfYears(5) = %+v, %v", ps, err)
	}
}

// The smoke run: the whole benchmark at 1×20×2 and 2×20×2 on both
// databases. Every row of the table is there with a figure; no timing is
// asserted.
func TestSmoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		for _, n := range []int{1, 2} {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			var out bytes.Buffer
			c := config{Programmes: n, Activities: 20, Periods: 2, Requests: 5, Writes: 1, Chunk: 40, Timeout: time.Minute}
			if b.Name == "postgres" {
				c.DB = b.DSN // an empty database each run
				if n > 1 {
					c.DB = storetest.NewPostgres(t)
				}
			} // SQLite: the default, a file in a temporary folder

			if err := run(ctx, c, &out, tlog{t}); err != nil {
				t.Fatalf("%d programmes: %v\n%s", n, err, out.String())
			}
			checkTable(t, n, b.Name, out.String())
		}
	})
}

var number = regexp.MustCompile(`\d+(\.\d+)?`)

func checkTable(t *testing.T, n int, dialect, out string) {
	t.Helper()
	if want := regexp.MustCompile(`(?m)^Bitácora scale benchmark: ` + strconv.Itoa(n) +
		` programmes × 53 activities × 2 periods = ` + strconv.Itoa(n*106) + ` accepted reports, ` + dialect); !want.MatchString(out) {
		t.Errorf("header:\n%s", out)
	}
	figures := map[string]string{}
	var files int
	for _, l := range strings.Split(out, "\n") {
		cells := strings.Split(l, "|")
		if len(cells) != 4 || strings.HasPrefix(cells[1], "--") || strings.TrimSpace(cells[1]) == "measure" {
			continue
		}
		what, fig := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2])
		if strings.HasPrefix(what, "CSV import over HTTP, file ") {
			files++
		}
		figures[what] = fig
	}
	// 53×2 rows per programme in files of at most 40: 3 files each.
	if files != 3*n {
		t.Errorf("%d CSV files; want %d:\n%s", files, 3*n, out)
	}
	for _, prefix := range []string{
		"programme import (CLI path",
		"CSV import over HTTP, file 1 ",
		"CSV import over HTTP, overall",
		"first dashboard read after the import",
		"warm programme page",
		"warm activity page",
		"warm dashboard",
		"warm API programme",
		"warm API activity",
		"warm API progress",
		"write: report save",
		"first read after a write, same programme",
		"first read after a write, other programme",
		"write: acceptance by the Bureau",
		"first read after an acceptance (/es/scale-1)",
		"first read after an acceptance (/es/scale-1/activities/",
		"memory of this process",
		"Go heap in use after a collection",
		"database size (" + dialect + ")",
	} {
		found := false
		for what, fig := range figures {
			if !strings.HasPrefix(what, prefix) {
				continue
			}
			found = true
			if n == 1 && strings.HasPrefix(prefix, "first read after a write, other") {
				if fig != "n/a: one programme" {
					t.Errorf("%s: %q with one programme", what, fig)
				}
				continue
			}
			if !number.MatchString(fig) || strings.Contains(fig, "NaN") || strings.Contains(fig, "Inf") {
				t.Errorf("%s: %q is not a figure", what, fig)
			}
		}
		if !found {
			t.Errorf("no row %q in\n%s", prefix, out)
		}
	}
}

// tlog sends the progress lines to the test's log.
type tlog struct{ t *testing.T }

func (l tlog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
