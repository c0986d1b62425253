package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/elac/bitacora"
	"github.com/jackc/pgx/v5/pgconn"
)

// connectTimeout bounds each new PostgreSQL connection, unless the
// database URL says otherwise (connect_timeout): without it a host that
// does not answer holds a request as long as the operating system keeps
// trying (minutes), where it should fail at once with a 503.
const connectTimeout = 5 * time.Second

// withConnectTimeout adds connect_timeout to a PostgreSQL URL that has
// none.
func withConnectTimeout(dsn string) string {
	if strings.Contains(dsn, "connect_timeout=") {
		return dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "connect_timeout=" + strings.TrimSuffix(connectTimeout.String(), "s")
}

// Unavailable reports whether err says that the database cannot be
// reached, or went away while the statement ran — stopped, restarting,
// its host or network gone — rather than that it refused the statement.
// Such an error is the database's absence, not a fault of ours: the web
// answers it 503, and the public keeps what it was shown.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var de *bitacora.Error
	if errors.As(err, &de) {
		return de.Code == bitacora.EUNAVAILABLE
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08: connection exception; 57P01–57P03: the server is
		// shutting down, crashed, or not yet accepting connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// The request's deadline (web.Options.RequestTimeout) passed
		// while it waited for a connection or for an answer: a database
		// that hangs is as absent as one that is stopped.
		return true
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		pgconn.Timeout(err)
}
