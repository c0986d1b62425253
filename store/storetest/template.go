package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "modernc.org/sqlite" // to checkpoint the SQLite template before it is copied
)

// A Template is a database built once per test process and copied for
// every test that asks for it, so that a costly starting state (the
// migrations and the import of a whole programme) is paid once and not
// in every test. It is built by the caller's own code (storetest cannot
// import the store: the store's tests import storetest), so a template
// holds exactly what that code makes of an empty database.
//
// On SQLite the template file is checkpointed into one file and kept in
// memory; each test gets a copy in its own folder. On PostgreSQL the
// template is a database that accepts no connections once built, and each
// test's database is created from it (CREATE DATABASE … TEMPLATE …). A
// package that uses templates calls RemoveTemplates from its TestMain, so
// that the PostgreSQL templates are dropped when the process ends.
type Template struct {
	name  string
	build func(ctx context.Context, b Backend) error

	mu     sync.Mutex
	sqlite *built
	pg     *built
}

type built struct {
	data []byte // SQLite: the database file
	db   string // PostgreSQL: the template database's name
	err  error
}

// NewTemplate declares a template; build turns the empty database b into
// the starting state. It runs at most once per backend per process, when a
// test first asks for a copy.
func NewTemplate(name string, build func(ctx context.Context, b Backend) error) *Template {
	return &Template{name: name, build: build}
}

// Each runs fn as a subtest on every backend, each time on a new database
// copied from the template.
func (tp *Template) Each(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, tp.SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, tp.Postgres(t)) })
}

// EachParallel is Each with the two subtests parallel: for a long test
// whose two runs share nothing, so that they take a core each instead of
// one after the other.
func (tp *Template) EachParallel(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, tp.SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, tp.Postgres(t)) })
}

// SQLite returns a new SQLite database, in the test's temporary folder,
// copied from the template.
func (tp *Template) SQLite(t testing.TB) Backend {
	t.Helper()
	tp.mu.Lock()
	if tp.sqlite == nil {
		tp.sqlite = tp.buildSQLite()
	}
	b := tp.sqlite
	tp.mu.Unlock()
	if b.err != nil {
		t.Fatalf("template %s on sqlite: %v", tp.name, b.err)
	}
	path := filepath.Join(t.TempDir(), "bitacora.db")
	if err := os.WriteFile(path, b.data, 0o600); err != nil {
		t.Fatal(err)
	}
	return Backend{Name: "sqlite", DSN: path, Template: tp.name}
}

func (tp *Template) buildSQLite() *built {
	dir, err := os.MkdirTemp("", "bitacora-template-")
	if err != nil {
		return &built{err: err}
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	if err := tp.build(context.Background(), Backend{Name: "sqlite", DSN: path}); err != nil {
		return &built{err: err}
	}
	// The store runs SQLite in WAL mode: committed pages may still sit in
	// the -wal file, and a copy of the main file alone would miss them.
	// Leaving WAL mode checkpoints everything into the main file and
	// removes the -wal file; each copy turns WAL on again when it is
	// opened.
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return &built{err: err}
	}
	var mode string
	err = db.QueryRow("PRAGMA journal_mode=DELETE").Scan(&mode)
	db.Close()
	if err == nil && mode != "delete" {
		err = fmt.Errorf("journal mode stays %q: is the template still open?", mode)
	}
	if err != nil {
		return &built{err: fmt.Errorf("checkpoint: %w", err)}
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		return &built{err: fmt.Errorf("checkpoint: %s-wal is still there (%v)", path, err)}
	}
	data, err := os.ReadFile(path)
	return &built{data: data, err: err}
}

// Postgres returns a new database on the test server created from the
// template, dropped when the test ends. Without a server it skips or
// fails like NewPostgres.
func (tp *Template) Postgres(t testing.TB) Backend {
	t.Helper()
	admin := adminURL(t)
	tp.mu.Lock()
	if tp.pg == nil {
		tp.pg = tp.buildPostgres(admin)
		if tp.pg.db != "" {
			templatesMu.Lock()
			templates = append(templates, template{admin: admin, db: tp.pg.db})
			templatesMu.Unlock()
		}
	}
	b := tp.pg
	tp.mu.Unlock()
	if b.err != nil {
		t.Fatalf("template %s on postgres: %v", tp.name, b.err)
	}
	return Backend{Name: "postgres", DSN: createPostgres(t, admin, b.db), Template: tp.name}
}

func (tp *Template) buildPostgres(admin string) *built {
	ctx := context.Background()
	name := "bitacora_template_" + randomName()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return &built{err: err}
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return &built{err: fmt.Errorf("create database: %w", err)}
	}
	b := &built{db: name} // from here on it exists and must be dropped
	dsn, err := databaseURL(admin, name)
	if err == nil {
		err = tp.build(ctx, Backend{Name: "postgres", DSN: dsn})
	}
	// CREATE DATABASE … TEMPLATE refuses a template that anyone is
	// connected to: close the door, then see out whoever the build left
	// behind (a pool closes its connections without waiting for the
	// server to notice).
	if err == nil {
		_, err = db.ExecContext(ctx, "ALTER DATABASE "+name+" ALLOW_CONNECTIONS false")
	}
	if err == nil {
		_, err = db.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
	}
	b.err = err
	return b
}

// The PostgreSQL templates this process made, for RemoveTemplates.
var (
	templatesMu sync.Mutex
	templates   []template
)

type template struct{ admin, db string }

// RemoveTemplates drops the PostgreSQL templates this process made. Call
// it from TestMain after m.Run in every package that uses a Template.
func RemoveTemplates() {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	for _, tp := range templates {
		db, err := sql.Open("pgx", tp.admin)
		if err != nil {
			continue
		}
		db.Exec("DROP DATABASE IF EXISTS " + tp.db + " WITH (FORCE)")
		db.Close()
	}
	templates = nil
}

func databaseURL(admin, name string) (string, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return "", fmt.Errorf("postgres admin url: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}
