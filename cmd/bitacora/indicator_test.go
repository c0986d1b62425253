package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// A secretariat member defines the broadband indicator with flags, links
// it to objective 29 and activity 29.1, and imports the World Bank's file:
// a dry run stores nothing, the import stores the member States and the
// aggregates and says what it skipped; a file with a problem names its
// line and column and stores nothing.
func TestIndicatorCommand(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		out, _, err := runCmd(t, "indicator", "add", "--db", b.DSN, "--code", "IT.NET.BBND.P2",
			"--name", "Suscripciones a banda ancha fija", "--name-en", "Fixed broadband subscriptions",
			"--unit", "por 100 habitantes", "--source", "UIT", "--measures", "elac2020:29", "--measures", "elac2020:29/29.1",
			"--baseline", "elac2020=10.6@2015", "--target", "elac2020=20@2020", "--target", "elac2020/CHL=25@2020")
		if err != nil || !strings.Contains(out, "added indicator IT.NET.BBND.P2") {
			t.Fatalf("indicator add: %v %s", err, out)
		}
		if _, _, err := runCmd(t, "indicator", "add", "--db", b.DSN, "--code", "X", "--name", "X", "--unit", "u", "--source", "s",
			"--measures", "elac2020:29/1.1"); err == nil {
			t.Error("an activity outside its objective was accepted")
		}
		wb := filepath.Join("..", "..", "indicatorfile", "testdata", "worldbank_wide.csv")
		out, _, err = runCmd(t, "indicator", "import", wb, "--indicator", "IT.NET.BBND.P2", "--programme", "elac2020", "--dry-run", "--db", b.DSN)
		if err != nil || !strings.Contains(out, "dry run: nothing stored") || !strings.Contains(out, "skipped 6 values of 4 countries that are not ECLAC members: ABW PRI USA XKX") {
			t.Fatalf("dry run: %v %s", err, out)
		}
		out, _, _ = runCmd(t, "indicator", "list", "--db", b.DSN)
		if !strings.Contains(out, "IT.NET.BBND.P2\tSuscripciones a banda ancha fija") {
			t.Errorf("list: %s", out)
		}
		bad := filepath.Join(t.TempDir(), "bad.csv")
		os.WriteFile(bad, []byte("iso3,year,value\nCHL,2019,1.5\nCHL,2019,1.6\n"), 0o644)
		_, errs, err := runCmd(t, "indicator", "import", bad, "--indicator", "IT.NET.BBND.P2", "--db", b.DSN)
		if err == nil || !strings.Contains(errs, "line 3, column 3: duplicate") {
			t.Errorf("a duplicate: %v %s", err, errs)
		}
		out, _, err = runCmd(t, "indicator", "import", wb, "--indicator", "IT.NET.BBND.P2", "--programme", "elac2020", "--db", b.DSN)
		if err != nil || !strings.Contains(out, "stored 47 observations of IT.NET.BBND.P2") {
			t.Fatalf("import: %v %s", err, out)
		}
	})
}
