// Package storetest gives tests the databases every store test must pass
// on: a SQLite file in a temporary folder, and a fresh database on the
// PostgreSQL server that BITACORA_TEST_POSTGRES names (the test command
// starts a throwaway cluster and sets it). Without that variable the
// PostgreSQL runs are skipped, unless BITACORA_REQUIRE_POSTGRES or CI is
// set: then they fail, so that CI never passes by skipping.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Backend is a database to test on.
type Backend struct {
	Name string // "sqlite" or "postgres"
	DSN  string
	// Template names the Template the database was copied from; empty
	// when the database is new and empty.
	Template string
}

// Each runs fn as a subtest on every backend, each time on a new, empty
// database.
func Each(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, Backend{Name: "sqlite", DSN: filepath.Join(t.TempDir(), "bitacora.db")})
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, Backend{Name: "postgres", DSN: NewPostgres(t)})
	})
}

// NewPostgres creates an empty database on the test server, dropped when
// the test ends, and returns its URL.
func NewPostgres(t testing.TB) string {
	t.Helper()
	return createPostgres(t, adminURL(t), "")
}

// adminURL is the test server's URL; without one the test is skipped, or
// fails where PostgreSQL is required.
func adminURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("BITACORA_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("BITACORA_REQUIRE_POSTGRES") != "" || os.Getenv("CI") != "" {
			t.Fatal("BITACORA_TEST_POSTGRES is not set: the PostgreSQL server did not start (run the tests with `make test`)")
		}
		t.Skip("BITACORA_TEST_POSTGRES not set; `make test` starts a PostgreSQL server and sets it")
	}
	return admin
}

// createPostgres creates a database, empty or copied from the template
// database named, dropped when the test ends, and returns its URL.
func createPostgres(t testing.TB, admin, template string) string {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("postgres admin: %v", err)
	}
	defer db.Close()
	name := "bitacora_test_" + randomName()
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, create); err != nil {
		t.Fatalf("postgres: create database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	dsn, err := databaseURL(admin, name)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

func randomName() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
