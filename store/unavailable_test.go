package store

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/elac/bitacora/store/storetest"
	"github.com/jackc/pgx/v5"
)

// A database that cannot be reached is told apart from one that refuses a
// statement: the first is a 503 (Unavailable), the second our fault.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	ctx := context.Background()
	if _, err := pgx.Connect(ctx, "postgres://u@"+addr+"/db?sslmode=disable"); !Unavailable(err) {
		t.Errorf("connection refused: Unavailable(%v) = false", err)
	}
	db, err := Open(ctx, storetest.NewPostgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.db.ExecContext(ctx, "SELEC 1"); err == nil || Unavailable(err) {
		t.Errorf("a syntax error: Unavailable(%v) = true", err)
	}
	// A request whose deadline passed while it waited: a hung database.
	late, cancel := context.WithTimeout(ctx, time.Nanosecond)
	defer cancel()
	<-late.Done()
	if _, err := db.db.ExecContext(late, "SELECT 1"); !Unavailable(err) {
		t.Errorf("a deadline passed: Unavailable(%v) = false", err)
	}
	if Unavailable(nil) {
		t.Error("Unavailable(nil)")
	}
}

// Every PostgreSQL connection is bounded in time, unless the URL says
// otherwise: a host that does not answer must not hold requests for
// minutes.
func TestConnectTimeout(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u@h/db":                       "postgres://u@h/db?connect_timeout=5",
		"postgres://u@h/db?sslmode=disable":       "postgres://u@h/db?sslmode=disable&connect_timeout=5",
		"postgres://u@h/db?connect_timeout=30":    "postgres://u@h/db?connect_timeout=30",
		"postgres://u@h/db?a=1&connect_timeout=1": "postgres://u@h/db?a=1&connect_timeout=1",
	} {
		if got := withConnectTimeout(in); got != want {
			t.Errorf("withConnectTimeout(%q) = %q, want %q", in, got, want)
		}
	}
	// The driver reads it: each new connection gives up after it.
	conf, err := pgx.ParseConfig(withConnectTimeout("postgres://u@127.0.0.1:5432/db"))
	if err != nil {
		t.Fatal(err)
	}
	if conf.ConnectTimeout != connectTimeout {
		t.Errorf("connect timeout %s, want %s", conf.ConnectTimeout, connectTimeout)
	}
}
