// Package store keeps programmes in a SQL database: SQLite (embedded, the
// default) or PostgreSQL (for several instances on one database). The same
// SQL serves both; dialect.go holds the few differences.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/elac/bitacora"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/riverqueue/river"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is a Bitácora database.
type DB struct {
	db      *sql.DB
	dialect dialect
	// Name is the database's address with any password removed, for logs
	// and messages.
	Name string
	now  func() time.Time
	dsn  string // as given, password and all: for Watch's own connection
	conn string // as given to sql.Open: for the job engine's own pool
	// jobs queues River jobs in the store's transactions (jobs.go).
	jobs *river.Client[*sql.Tx]
	// changes counts the transactions this process committed that changed
	// what the public sees (took a generation) and, while Watch runs, the
	// changes other instances announced.
	changes atomic.Uint64
	// published holds the open transactions that took a generation.
	published sync.Map // *sql.Tx → true
	// changed is closed, and replaced, when changes moves (see Changed).
	changedMu sync.Mutex
	changed   chan struct{}
}

// Open opens the database that dsn names and brings its schema up to date.
// A dsn beginning with postgres:// or postgresql:// selects PostgreSQL;
// anything else is the path of a SQLite file, whose folder is created.
func Open(ctx context.Context, dsn string) (*DB, error) {
	s, err := open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenNoMigrate opens the database without touching its schema.
func OpenNoMigrate(ctx context.Context, dsn string) (*DB, error) { return open(ctx, dsn) }

func open(ctx context.Context, dsn string) (*DB, error) {
	s := &DB{now: func() time.Time { return time.Now().UTC() }, dsn: dsn}
	var conn string
	if IsPostgres(dsn) {
		u, err := url.Parse(dsn)
		if err != nil || u.Host == "" && u.Query().Get("host") == "" {
			return nil, bitacora.Errorf(bitacora.EINVALID, "database: %q is not a valid postgres:// URL", redact(dsn))
		}
		s.dialect, s.Name, conn = postgresDialect, redact(dsn), withConnectTimeout(dsn)
		s.dsn = conn
	} else {
		path, sync, err := sqliteOptions(strings.TrimPrefix(dsn, "sqlite:"))
		if err != nil {
			return nil, err
		}
		if path == "" {
			return nil, bitacora.Errorf(bitacora.EINVALID, "database: empty SQLite path")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, bitacora.Errorf(bitacora.EUNAVAILABLE, "database: cannot create folder %s: %v", filepath.Dir(path), unwrapPathError(err))
		}
		if err := checkWritable(path); err != nil {
			return nil, err
		}
		s.dialect, s.Name = sqliteDialect, path
		// WAL lets readers go on while one writer writes; immediate
		// transactions take the write lock up front, so two writers wait
		// for each other (busy_timeout) instead of failing to upgrade.
		// synchronous=NORMAL (the default) syncs the log at checkpoints:
		// a killed process loses nothing committed, a power cut or an
		// operating system crash may undo the last commits. FULL, asked
		// for with ?synchronous=full, syncs it at every commit.
		conn = "file:" + path + "?_txlock=immediate" +
			"&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(" + sync + ")"
	}
	db, err := sql.Open(s.dialect.driver, conn)
	if err != nil {
		return nil, bitacora.Errorf(bitacora.EINVALID, "database: %s: %v", s.Name, err)
	}
	if s.dialect.name == "sqlite" {
		db.SetMaxOpenConns(8)
	} else {
		db.SetMaxOpenConns(20)
	}
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s.db, s.conn = db, conn
	if err := s.openJobs(); err != nil {
		db.Close()
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, bitacora.Errorf(bitacora.EUNAVAILABLE, "database: cannot reach %s: %s", s.Name, oneLine(err))
	}
	return s, nil
}

// sqliteOptions splits a SQLite address into its path and the one option
// it takes, ?synchronous=normal (the default) or full: full syncs the log
// at every commit, so that a power cut cannot undo a commit acknowledged
// before it, at the cost of a sync per commit (on the disk where it was
// measured, report saves 96/s against 218/s, CSV imports 3,623 rows/s
// against 3,903).
func sqliteOptions(dsn string) (path, sync string, err error) {
	path, query, _ := strings.Cut(dsn, "?")
	sync = "NORMAL"
	if query == "" {
		return path, sync, nil
	}
	q, err := url.ParseQuery(query)
	if err == nil {
		for k := range q {
			if k != "synchronous" {
				err = fmt.Errorf("unknown option %q", k)
			}
		}
	}
	switch v := strings.ToLower(q.Get("synchronous")); {
	case err != nil:
	case v == "full", v == "normal":
		sync = strings.ToUpper(v)
	default:
		err = fmt.Errorf("synchronous=%q: use full or normal", v)
	}
	if err != nil {
		return "", "", bitacora.Errorf(bitacora.EINVALID, "database: %s: %v (a SQLite path takes only ?synchronous=full or normal)", path, err)
	}
	return path, sync, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Dialect names the database: "sqlite" or "postgres".
func (s *DB) Dialect() string { return s.dialect.name }

// SQL returns the underlying pool, for metrics.
func (s *DB) SQL() *sql.DB { return s.db }

// Ping checks that the database answers.
func (s *DB) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return bitacora.Errorf(bitacora.EUNAVAILABLE, "database: %s does not answer: %v", s.Name, err)
	}
	return nil
}

// Close closes the pool.
func (s *DB) Close() error { return s.db.Close() }

// tx runs fn in a transaction, committing if it returns nil.
func (s *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer s.published.Delete(tx)
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	_, published := s.published.Load(tx)
	if published {
		s.noteChange()
	}
	return nil
}

// queryer is what *sql.DB and *sql.Tx share, so that reads can run in or
// out of a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// redact removes the password from a database URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		if i := strings.Index(dsn, "@"); i >= 0 {
			return "postgres://…" + dsn[i:]
		}
		return "postgres://…"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// checkWritable makes sure a SQLite file can be created or written, so that
// an unwritable folder is one clear error rather than a driver's riddle.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return bitacora.Errorf(bitacora.EUNAVAILABLE, "database: cannot write %s: %v", path, unwrapPathError(err))
	}
	return f.Close()
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// oneLine folds a driver's multi-line error (pgx lists every address it
// tried) into one line, without repeats.
func oneLine(err error) string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range strings.Split(err.Error(), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !seen[l] {
			seen[l] = true
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
