package storetest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// counter is a template whose build makes a table holding one row, in the
// way the store uses each database (WAL on SQLite), and counts its builds.
func counter(builds *int, leaveOpen bool) *Template {
	return NewTemplate("counter", func(ctx context.Context, b Backend) error {
		*builds++
		driver, dsn := "pgx", b.DSN
		if b.Name == "sqlite" {
			// No automatic checkpoint: the row stays in the -wal file
			// until the last connection closes.
			driver, dsn = "sqlite", "file:"+b.DSN+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)"
		}
		db, err := sql.Open(driver, dsn)
		if err != nil {
			return err
		}
		for _, q := range []string{"CREATE TABLE t (x INTEGER)", "INSERT INTO t (x) VALUES (42)"} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if leaveOpen {
			return nil // a careless build: its connection stays open
		}
		return db.Close()
	})
}

func rows(t *testing.T, b Backend) []int {
	t.Helper()
	driver, dsn := "pgx", b.DSN
	if b.Name == "sqlite" {
		driver = "sqlite"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Query("SELECT x FROM t ORDER BY x")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var xs []int
	for rs.Next() {
		var x int
		rs.Scan(&x)
		xs = append(xs, x)
	}
	return xs
}

func add(t *testing.T, b Backend, x int) {
	t.Helper()
	driver := "pgx"
	if b.Name == "sqlite" {
		driver = "sqlite"
	}
	db, err := sql.Open(driver, b.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("INSERT INTO t (x) VALUES ($1)", x); err != nil {
		t.Fatal(err)
	}
}

// Each test gets its own copy of what the build made, built once per
// backend; a write to one copy is not seen by the next.
func TestTemplateCopies(t *testing.T) {
	defer RemoveTemplates()
	builds := 0
	tp := counter(&builds, false)
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			get := tp.SQLite
			if name == "postgres" {
				get = tp.Postgres
			}
			before := builds
			for i := range 3 {
				b := get(t)
				if b.Name != name || b.Template != "counter" {
					t.Fatalf("backend = %+v", b)
				}
				if xs := rows(t, b); len(xs) != 1 || xs[0] != 42 {
					t.Fatalf("copy %d holds %v; want the build's [42]", i, xs)
				}
				add(t, b, i)
			}
			if builds-before != 1 {
				t.Errorf("%d builds for three copies; want 1", builds-before)
			}
		})
	}
}

// A SQLite template still open when its build returns is refused: copying
// its main file alone could miss what sits in the -wal file.
func TestTemplateSQLiteLeftOpenIsRefused(t *testing.T) {
	builds := 0
	b := counter(&builds, true).buildSQLite()
	if b.err == nil || !strings.Contains(b.err.Error(), "checkpoint") {
		t.Fatalf("build that left the database open: %v; want a checkpoint error", b.err)
	}
}

// CREATE DATABASE … TEMPLATE refuses a template anyone is connected to:
// connections a build leaves behind are ended, and no one can connect to
// the template afterwards.
func TestTemplatePostgresIsFreeOfConnections(t *testing.T) {
	defer RemoveTemplates()
	builds := 0
	tp := counter(&builds, true)
	if xs := rows(t, tp.Postgres(t)); len(xs) != 1 || xs[0] != 42 {
		t.Fatalf("copy holds %v; want [42]", xs)
	}
	dsn, err := databaseURL(adminURL(t), tp.pg.db)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err == nil || !strings.Contains(err.Error(), "not currently accepting connections") {
		t.Errorf("connecting to the template: %v; want it refused", err)
	}
}

// RemoveTemplates drops the PostgreSQL templates made so far.
func TestRemoveTemplates(t *testing.T) {
	builds := 0
	tp := counter(&builds, false)
	tp.Postgres(t)
	admin := adminURL(t)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exists := func() bool {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", tp.pg.db).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	if !exists() {
		t.Fatal("the template database is not there")
	}
	RemoveTemplates()
	if exists() {
		t.Error("the template database is still there after RemoveTemplates")
	}
}
