package main

import (
	"context"
	"strings"
	"testing"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// bitacora iati import: --dry-run reads and links nothing; a file with
// problems prints each by line and links nothing; --link picks which IATI
// activity goes to which programme activity; unlink takes one off.
func TestIATICommand(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		linked := func() map[string]int {
			ops, err := db.Operations(ctx, "elac2020")
			if err != nil {
				t.Fatal(err)
			}
			n := map[string]int{}
			for code, list := range ops {
				n[code] = len(list)
			}
			return n
		}
		caf := "../../iatiread/testdata/caf-2.03-extension.xml"
		out, errs, err := runCmd(t, "iati", "import", caf, "--db", b.DSN, "--programme", "elac2020", "--activity", "1.1", "--dry-run")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "XM-EXAMPLE-CAF-CFA-10421\tCable submarino de fibra óptica del Pacífico Sur\tXM-EXAMPLE-CAF\tEUR 3000000.00, USD 20000000.25\t1.1\n") ||
			!strings.Contains(errs, "nothing linked (--dry-run)") || len(linked()) != 0 {
			t.Fatalf("dry run: %q %q, %v linked", out, errs, linked())
		}

		_, errs, err = runCmd(t, "iati", "import", "../../iatiread/testdata/broken.xml", "--db", b.DSN, "--programme", "elac2020", "--activity", "1.1")
		if err == nil || !strings.Contains(errs, "broken.xml:6: <activity-date>: \"2019-13-45\" is not a date") || len(linked()) != 0 {
			t.Fatalf("broken file: %v %q, %v linked", err, errs, linked())
		}

		_, _, err = runCmd(t, "iati", "import", caf, "--db", b.DSN, "--programme", "elac2020",
			"--link", "XM-EXAMPLE-CAF-CFA-10421=1.1", "--link", "XM-EXAMPLE-CAF-CFA-10988=1.3")
		if err != nil {
			t.Fatal(err)
		}
		if got := linked(); got["1.1"] != 1 || got["1.3"] != 1 || len(got) != 2 {
			t.Errorf("linked %v", got)
		}
		if _, _, err := runCmd(t, "iati", "import", caf, "--db", b.DSN, "--programme", "elac2020", "--link", "XM-NOPE=1.1"); err == nil {
			t.Error("a --link naming an identifier the file lacks was accepted")
		}
		if _, _, err := runCmd(t, "iati", "unlink", "--db", b.DSN, "--programme", "elac2020", "--activity", "1.3", "--identifier", "XM-EXAMPLE-CAF-CFA-10988"); err != nil {
			t.Fatal(err)
		}
		if got := linked(); got["1.3"] != 0 || got["1.1"] != 1 {
			t.Errorf("after unlink: %v", got)
		}
	})
}
