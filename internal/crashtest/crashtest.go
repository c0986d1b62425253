// Package crashtest proves that Bitácora loses nothing it acknowledged
// when its process is killed: it runs `bitacora serve` as a child process,
// drives a write load through the JSON API and the site's forms from a
// few concurrent clients, kills the server with SIGKILL at a random
// moment, restarts it, and checks the database: every write that was
// answered with a 2xx is there, nothing half-written is visible, and the
// change record verifies (`bitacora audit verify`). On PostgreSQL it can
// also kill the database server itself (immediate mode) during the load.
//
// The driver is a library so that the crash command (internal/cmd/crash,
// scripts/crash.sh) and a short smoke run in the test command share it;
// the caller says how to start a bitacora process (Config.Command).
// Everything is loopback.
package crashtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/store"
)

// Config is one run of the driver on one database.
type Config struct {
	// DSN is the database: a SQLite path, or a postgres:// URL of an
	// empty database.
	DSN string
	// Command returns a bitacora process with the given arguments
	// (`serve …`, `audit verify …`), not yet started.
	Command func(args ...string) *exec.Cmd
	// AuditVerify, when set, verifies the change record instead of a
	// `bitacora audit verify` process (the smoke test runs the command
	// in-process, which spares a process start per cycle).
	AuditVerify func(ctx context.Context) error
	// Cycles is how many times the server is killed and restarted.
	Cycles int
	// Load is the longest a cycle's write load runs before the kill; the
	// kill comes at a random moment between a tenth of it and all of it.
	Load time.Duration
	// RestartPostgres, when set, kills the PostgreSQL server in immediate
	// mode and starts it again; it is called during the load of
	// PostgresKills cycles spread over the run.
	RestartPostgres func(ctx context.Context) error
	PostgresKills   int
	// Seed makes the random moments and choices repeatable; 0 picks one.
	Seed uint64
	// Progress, when set, hears a line per cycle.
	Progress io.Writer
}

// Result is what a run measured; Lost, HalfWritten and AuditFailures
// must be 0.
type Result struct {
	Database       string
	Cycles         int
	PostgresKills  int
	Attempted      int
	Acknowledged   int
	Lost           int
	HalfWritten    int
	AuditFailures  int
	ServerFailures int // restarts that did not become ready
	// Kinds counts the acknowledged writes by kind ("save", "CSV
	// import", "revision approval"…).
	Kinds map[string]int
	Took  time.Duration
	// Faults says what was lost or half-written, at most a few lines each.
	Faults []string
}

// OK reports whether nothing acknowledged was lost and nothing else
// failed.
func (r Result) OK() bool {
	return r.Lost == 0 && r.HalfWritten == 0 && r.AuditFailures == 0 && r.ServerFailures == 0
}

// Table prints results as a Markdown table.
func Table(w io.Writer, rs []Result) {
	fmt.Fprintln(w, "| database | cycles | PostgreSQL kills | writes attempted | writes acknowledged | acknowledged writes lost | half-written found | audit verify failures | time taken |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d | %d | %.0f s |\n", r.Database, r.Cycles, r.PostgresKills,
			r.Attempted, r.Acknowledged, r.Lost, r.HalfWritten, r.AuditFailures, r.Took.Seconds())
	}
}

// Run prepares the database, then runs the cycles. An error is a run that
// could not go on (the server did not start, the database could not be
// read); losses are in the Result.
func Run(ctx context.Context, c Config) (Result, error) {
	started := time.Now()
	if c.Cycles < 1 {
		return Result{}, errors.New("crashtest: at least one cycle")
	}
	if c.Load <= 0 {
		c.Load = 2 * time.Second
	}
	if c.Seed == 0 {
		c.Seed = rand.Uint64()
	}
	d := &driver{c: c, rnd: rand.New(rand.NewPCG(c.Seed, 0x6269746163))}
	res := Result{Database: "sqlite"}
	if store.IsPostgres(c.DSN) {
		res.Database = "postgres"
	}
	d.res = &res
	defer d.close()
	dir, err := os.MkdirTemp("", "bitacora-crash-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	d.dir = dir
	if err := d.prepare(ctx); err != nil {
		return res, fmt.Errorf("crashtest: prepare: %w", err)
	}
	pgEvery := 0
	if c.RestartPostgres != nil && c.PostgresKills > 0 {
		pgEvery = max(1, c.Cycles/c.PostgresKills)
	}
	for i := range c.Cycles {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		killPG := pgEvery > 0 && res.PostgresKills < c.PostgresKills && i%pgEvery == pgEvery/2
		if err := d.cycle(ctx, i, killPG); err != nil {
			res.Took = time.Since(started)
			return res, fmt.Errorf("crashtest: cycle %d: %w", i+1, err)
		}
		res.Cycles++
		if c.Progress != nil {
			fmt.Fprintf(c.Progress, "crash: %s cycle %d/%d: %d attempted, %d acknowledged, %d lost, %d half-written (%.0f s)\n",
				res.Database, i+1, c.Cycles, res.Attempted, res.Acknowledged, res.Lost, res.HalfWritten, time.Since(started).Seconds())
		}
	}
	// After the last kill: start once more, and check.
	if err := d.restartAndCheck(ctx); err != nil {
		return res, err
	}
	res.Took = time.Since(started)
	return res, nil
}

// driver holds a run's state between cycles.
type driver struct {
	c   Config
	rnd *rand.Rand
	res *Result
	dir string

	fx   *fixture // the accounts and targets made by prepare
	acks *ledger  // every acknowledged write
	addr string
	srv  *exec.Cmd
	exit chan error // the server process's end
	logs *os.File

	mu          sync.Mutex
	sessions    map[string]*session // signed in once per run, by email
	observation int                 // the last value of the indicator's observations sent
}

// nextObservation is the value of the next import of observations.
func (d *driver) nextObservation() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.observation++
	return d.observation
}

// cycle is one restart, check, load and kill.
func (d *driver) cycle(ctx context.Context, i int, killPG bool) error {
	if err := d.restartAndCheck(ctx); err != nil {
		return err
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	l := d.newLoad(lctx, uint64(i))
	l.start(&wg)
	// The moment of the kill is counted from the first acknowledged
	// write, so that a slow start (a busy machine) still leaves a load
	// to interrupt.
	select {
	case <-l.first:
	case <-time.After(30 * time.Second):
	case <-ctx.Done():
	}
	load := d.c.Load/10 + time.Duration(d.rnd.Int64N(int64(d.c.Load-d.c.Load/10)+1))
	if killPG {
		// The database goes in the middle of the load and comes back; the
		// load goes on against the same server, which must recover by
		// itself, then the server is killed as in every cycle.
		pause(ctx, load/2)
		if err := d.c.RestartPostgres(ctx); err != nil {
			cancel()
			wg.Wait()
			return fmt.Errorf("restart PostgreSQL: %w", err)
		}
		d.res.PostgresKills++
		pause(ctx, load/2)
	} else {
		pause(ctx, load)
	}
	l.killed.Store(true)
	d.kill()
	// The clients see the connection go and stop; what was in flight is
	// attempted, not acknowledged.
	cancel()
	wg.Wait()
	l.finish(d.res, d.acks)
	if d.c.Progress != nil {
		for _, e := range l.errs {
			fmt.Fprintf(d.c.Progress, "crash: a client stopped before the kill: %s\n", e)
		}
	}
	return nil
}

func pause(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// restartAndCheck starts the server, waits for /readyz, and checks the
// database against the ledger.
func (d *driver) restartAndCheck(ctx context.Context) error {
	if err := d.startServer(ctx); err != nil {
		d.res.ServerFailures++
		return err
	}
	return d.check(ctx)
}

// startServer starts `bitacora serve` on a free loopback port. The port
// is chosen anew each time: a killed process's port may linger.
func (d *driver) startServer(ctx context.Context) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	d.addr = ln.Addr().String()
	ln.Close()
	if d.logs == nil {
		if d.logs, err = os.Create(filepath.Join(d.dir, "server.log")); err != nil {
			return err
		}
	}
	cmd := d.c.Command("serve", "--addr", d.addr, "--db", d.c.DSN, "--data", d.dir,
		"--api-rate", "0", "--api-token-rate", "0", "--log-level", "warn")
	cmd.Stdout, cmd.Stderr = d.logs, d.logs
	if err := cmd.Start(); err != nil {
		return err
	}
	d.srv = cmd
	d.exit = make(chan error, 1)
	go func() { d.exit <- cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+d.addr+"/readyz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-d.exit:
			d.srv = nil
			return fmt.Errorf("the server ended before it was ready (%v); its log: %s", err, d.logTail())
		case <-ctx.Done():
			d.kill()
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			d.kill()
			return fmt.Errorf("the server was not ready after 60 s; its log: %s", d.logTail())
		}
	}
}

// kill ends the server with SIGKILL and waits for it to be gone.
func (d *driver) kill() {
	if d.srv == nil {
		return
	}
	d.srv.Process.Signal(syscall.SIGKILL)
	<-d.exit
	d.srv = nil
}

// Close kills a server left running.
func (d *driver) close() {
	d.kill()
	if d.logs != nil {
		d.logs.Close()
	}
}

func (d *driver) logTail() string {
	b, _ := os.ReadFile(d.logs.Name())
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// auditVerify runs `bitacora audit verify` on the database.
func (d *driver) auditVerify(ctx context.Context) error {
	if d.c.AuditVerify != nil {
		return d.c.AuditVerify(ctx)
	}
	cmd := d.c.Command("audit", "verify", "--db", d.c.DSN)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("bitacora audit verify: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// openStore opens the database for the checks and the setup; it is
// closed again before the load, so that no other process holds the
// database open when the server is killed (a SQLite file is then
// recovered from its log by the next start, as after a real crash).
func (d *driver) openStore(ctx context.Context) (*store.DB, error) {
	return store.Open(ctx, d.c.DSN)
}

// prepare imports eLAC2020 and makes the accounts the load needs.
func (d *driver) prepare(ctx context.Context) error {
	db, err := d.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := seed.LoadIfEmpty(ctx, db); err != nil {
		return err
	}
	d.fx, err = makeFixture(ctx, db)
	d.acks = &ledger{}
	return err
}
