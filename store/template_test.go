package store

import (
	"context"
	"os"
	"testing"

	"github.com/elac/bitacora/store/storetest"
)

// Migrated is an empty database with every migration applied, made once
// per test process by Open and copied for each test that does not test
// the migrations themselves (TestMigrate and its neighbours start from an
// empty database). Exported for the store_test package.
var Migrated = storetest.NewTemplate("migrated", func(ctx context.Context, b storetest.Backend) error {
	db, err := Open(ctx, b.DSN)
	if err != nil {
		return err
	}
	return db.Close()
})

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.RemoveTemplates()
	os.Exit(code)
}
