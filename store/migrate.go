package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/elac/bitacora"
)

// Migrations are numbered files, applied in order, forward only, each in its
// own transaction. They are templates so that one file serves both
// databases: {{.ID}}, {{.Time}} and {{.Blob}} become each one's words.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations(fsys fs.FS, d dialect) ([]migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		base := path.Base(f)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s: name must start with a positive number and _", base)
		}
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		t, err := template.New(base).Option("missingkey=error").Parse(string(raw))
		if err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", base, err)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, d); err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: base, sql: b.String()})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migrations must be numbered 1, 2, 3…: %s is number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion returns the version the database is at and the newest
// version this build knows.
func (s *DB) SchemaVersion(ctx context.Context) (have, want int, err error) {
	ms, err := loadMigrations(migrationFS, s.dialect)
	if err != nil {
		return 0, 0, err
	}
	have, err = s.currentVersion(ctx, s.db)
	return have, len(ms), err
}

func (s *DB) currentVersion(ctx context.Context, q queryer) (int, error) {
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if err != nil {
		// No table yet: an empty database.
		var n int
		if s.tableExists(ctx, q, "schema_migrations", &n); n == 0 {
			return 0, nil
		}
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}

func (s *DB) tableExists(ctx context.Context, q queryer, name string, n *int) {
	query := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if s.dialect.name == "postgres" {
		query = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
	}
	q.QueryRowContext(ctx, s.dialect.rebind(query), name).Scan(n)
}

// Migrate applies the migrations the database lacks. A database whose
// schema is newer than this build is refused: an older binary must not
// write into a shape it does not know.
func (s *DB) Migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFS, s.dialect)
	if err != nil {
		return err
	}
	return s.migrate(ctx, ms)
}

func (s *DB) migrate(ctx context.Context, ms []migration) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return bitacora.Errorf(bitacora.EUNAVAILABLE, "database: %s: %v", s.Name, err)
	}
	defer conn.Close()
	if s.dialect.name == "postgres" {
		// Several instances may start at once on one database: one
		// migrates, the others wait and then find nothing to do.
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(7130420)"); err != nil {
			return fmt.Errorf("store: migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(7130420)")
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at %s NOT NULL)`, s.dialect.Time)); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	have, err := s.currentVersion(ctx, conn)
	if err != nil {
		return err
	}
	if have > len(ms) {
		return bitacora.Errorf(bitacora.EUNSUPPORTED,
			"database %s has schema version %d, newer than this build of bitacora knows (%d): run a newer bitacora", s.Name, have, len(ms))
	}
	for _, m := range ms[have:] {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, s.dialect.rebind("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
			m.version, m.name, s.now()); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	return s.migrateJobs(ctx)
}
