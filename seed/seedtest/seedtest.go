// Package seedtest gives tests databases that already hold eLAC2020: one
// template per test process, made by the very path the server takes on
// its first start (store.Open migrates, seed.LoadIfEmpty parses and
// imports eLAC2020), then copied for each test. Tests of that path itself
// (the migrations, the import, the first start) keep using storetest.Each
// and an empty database.
//
// A package that uses seedtest calls storetest.RemoveTemplates from its
// TestMain.
package seedtest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// Template is the eLAC2020 template.
var Template = storetest.NewTemplate("elac2020", func(ctx context.Context, b storetest.Backend) error {
	db, err := store.Open(ctx, b.DSN)
	if err != nil {
		return err
	}
	loaded, err := seed.LoadIfEmpty(ctx, db)
	if err == nil && !loaded {
		err = errors.New("seed.LoadIfEmpty did not import eLAC2020 into an empty database")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
})

// Each runs fn as a subtest on every backend, each time on a new database
// holding eLAC2020 (a copy of the template).
func Each(t *testing.T, fn func(t *testing.T, b storetest.Backend)) {
	t.Helper()
	Template.Each(t, fn)
}

// EachParallel is Each with the two runs side by side (see
// storetest.Template.EachParallel).
func EachParallel(t *testing.T, fn func(t *testing.T, b storetest.Backend)) {
	t.Helper()
	Template.EachParallel(t, fn)
}

// On runs fn as one subtest, named like Each's, on a new database holding
// eLAC2020 on the named backend ("sqlite" or "postgres"). It is for web
// tests whose subject is not the database — a path through the browser, a
// cache key, a metric's labels — so that the test command pays for them
// once: the store's own tests, and the web tests of what the database
// decides, run on both with Each.
func On(t *testing.T, backend string, fn func(t *testing.T, b storetest.Backend)) {
	t.Helper()
	t.Run(backend, func(t *testing.T) {
		switch backend {
		case "sqlite":
			fn(t, Template.SQLite(t))
		case "postgres":
			fn(t, Template.Postgres(t))
		default:
			t.Fatalf("seedtest: no backend %q", backend)
		}
	})
}

// SQLite returns a new SQLite database holding eLAC2020.
func SQLite(t testing.TB) storetest.Backend {
	t.Helper()
	return Template.SQLite(t)
}

// NextCycle rewrites a document of the eLAC2020 family (the seed, or a
// synthetic one made from it) as the next cycle, eLAC2024 (symbol
// LC/TS.2022/12, 2022-2024): a second programme to import beside the first.
func NextCycle(doc []byte) string {
	return strings.NewReplacer("LC/TS.2018/60", "LC/TS.2022/12", "2018-2020", "2022-2024", "(eLAC2020)", "(eLAC2024)").Replace(string(doc))
}
