package clustertest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/web"
)

// Instance is a Bitácora server in this process on a loopback port, set
// up as `bitacora serve` sets one up (the store's Watch, the read model's
// Follow, the same http.Server limits), without an API rate limit.
type Instance struct {
	URL   string
	DB    *store.DB
	Web   *web.Server
	hs    *http.Server
	close context.CancelFunc
}

// StartInstance opens dsn and serves it; Close stops both.
func StartInstance(ctx context.Context, dsn string, log *slog.Logger) (*Instance, error) {
	return StartInstanceWith(ctx, dsn, log, web.Options{})
}

// StartInstanceWith is StartInstance with the server's options.
func StartInstanceWith(ctx context.Context, dsn string, log *slog.Logger, opts web.Options) (*Instance, error) {
	if opts.Version == "" {
		opts.Version = "cluster"
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(ctx)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		cancel()
		return nil, err
	}
	srv, err := web.New(db, log, opts)
	if err != nil {
		cancel()
		db.Close()
		return nil, err
	}
	db.Watch(ctx, log)
	go srv.Follow(ctx)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		db.Close()
		return nil, err
	}
	hs := web.NewHTTPServer(srv.Handler())
	go hs.Serve(ln)
	return &Instance{URL: "http://" + ln.Addr().String(), DB: db, Web: srv, hs: hs, close: cancel}, nil
}

// Close stops the server and closes its database.
func (in *Instance) Close() {
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	in.hs.Shutdown(sctx)
	in.close()
	in.DB.Close()
}
