package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// Statements counts the statements sent to the database by a DB that
// OpenCounting opened.
type Statements struct{ n atomic.Int64 }

// N returns how many statements were sent so far.
func (c *Statements) N() int64 { return c.n.Load() }

var registerCounting sync.Once

// OpenCounting is Open over the same driver wrapped so that every
// statement sent (exec, query, prepare) is counted: a test's way to see
// round trips, on either database.
func OpenCounting(ctx context.Context, dsn string) (*DB, *Statements, error) {
	registerCounting.Do(func() {
		sql.Register("sqlite-counting", &countingDriver{d: &sqlite.Driver{}})
		sql.Register("pgx-counting", &countingDriver{d: stdlib.GetDefaultDriver()})
	})
	// The plain open first: it creates a SQLite file's folder and checks
	// the address, as Open does.
	s, err := OpenNoMigrate(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	s.Close()
	defer func() { sqliteDialect.driver, postgresDialect.driver = "sqlite", "pgx" }()
	sqliteDialect.driver, postgresDialect.driver = "sqlite-counting", "pgx-counting"
	if s, err = Open(ctx, dsn); err != nil {
		return nil, nil, err
	}
	c := &Statements{}
	current.Store(c)
	return s, c, nil
}

// current is the counter that connections of the counting drivers add to:
// the last OpenCounting's (the store's tests run one at a time).
var current atomic.Pointer[Statements]

type countingDriver struct{ d driver.Driver }

func (c *countingDriver) Open(name string) (driver.Conn, error) {
	conn, err := c.d.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn}, nil
}

type countingConn struct{ driver.Conn }

func count() {
	if c := current.Load(); c != nil {
		c.n.Add(1)
	}
}

func (c *countingConn) Prepare(query string) (driver.Stmt, error) {
	count()
	return c.Conn.Prepare(query)
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	count()
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	count()
	return e.ExecContext(ctx, query, args)
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	count()
	return q.QueryContext(ctx, query, args)
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // the driver has nothing newer
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// FileChunk is the most bytes a row of report_file_chunks holds.
const FileChunk = fileChunk

// MigrateTo applies the migrations up to version and no further: a
// test's way to hold data the way an older schema held it.
func (s *DB) MigrateTo(ctx context.Context, version int) error {
	ms, err := loadMigrations(migrationFS, s.dialect)
	if err != nil {
		return err
	}
	return s.migrate(ctx, ms[:version])
}

// Rebind writes a query's ? placeholders as the database wants them.
func (s *DB) Rebind(query string) string { return s.dialect.rebind(query) }
