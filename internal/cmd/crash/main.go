// Command crash is Bitácora's crash-safety check: for each database it
// prepares (eLAC2020 and the accounts of a focal point, the Bureau and
// the secretariat), it runs `bitacora serve` as a child process under a
// write load of concurrent clients, kills it with SIGKILL at a random
// moment, restarts it, and checks that every write acknowledged with a
// 2xx is there, that nothing is half-written, and that `bitacora audit
// verify` passes; -cycles times. On PostgreSQL, -pg-restart names a
// command that kills the database server in immediate mode and starts it
// again, run during the load of -pg-kills cycles. It prints a table and
// exits 1 if anything acknowledged was lost.
//
//	go build -o /tmp/bitacora ./cmd/bitacora
//	go run ./internal/cmd/crash -bitacora /tmp/bitacora -cycles 100
//	go run ./internal/cmd/crash -bitacora /tmp/bitacora -db postgres://… -pg-restart 'pg_ctl -D … -m immediate restart'
//
// scripts/crash.sh builds both and runs them, with a throwaway PostgreSQL
// cluster when asked. Everything is loopback and bounded by -timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/elac/bitacora/internal/crashtest"
)

func main() {
	var dbs []string
	flag.Func("db", "database: sqlite (a file in a temporary folder, the default) or a postgres:// URL of an empty database; repeat for several", func(v string) error {
		dbs = append(dbs, v)
		return nil
	})
	bin := flag.String("bitacora", "", "the bitacora binary to run (required)")
	cycles := flag.Int("cycles", 100, "kill cycles per database")
	load := flag.Duration("load", 2*time.Second, "longest write load of a cycle before the kill (the kill comes at a random moment within it)")
	pgRestart := flag.String("pg-restart", "", "shell command that kills PostgreSQL in immediate mode and starts it again")
	pgKills := flag.Int("pg-kills", 5, "cycles during whose load PostgreSQL is killed (with -pg-restart)")
	seed := flag.Uint64("seed", 0, "seed of the random moments and choices (0: a new one)")
	timeout := flag.Duration("timeout", 30*time.Minute, "give up after this long")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "crash: -bitacora is required")
		os.Exit(2)
	}
	if *seed == 0 {
		*seed = rand.Uint64()
	}
	if len(dbs) == 0 {
		dbs = []string{"sqlite"}
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	var results []crashtest.Result
	failed := false
	for _, db := range dbs {
		c := crashtest.Config{DSN: db, Cycles: *cycles, Load: *load, Seed: *seed, Progress: os.Stderr,
			Command: func(args ...string) *exec.Cmd { return exec.Command(*bin, args...) }}
		if db == "sqlite" {
			dir, err := os.MkdirTemp("", "bitacora-crash-db-")
			if err != nil {
				fmt.Fprintln(os.Stderr, "crash:", err)
				os.Exit(1)
			}
			defer os.RemoveAll(dir)
			c.DSN = filepath.Join(dir, "bitacora.db")
		} else if *pgRestart != "" {
			c.PostgresKills = *pgKills
			c.RestartPostgres = func(ctx context.Context) error {
				out, err := exec.CommandContext(ctx, "sh", "-c", *pgRestart).CombinedOutput()
				if err != nil {
					return fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
				}
				return nil
			}
		}
		fmt.Fprintf(os.Stderr, "crash: %s, %d cycles, seed %d\n", db, *cycles, c.Seed)
		r, err := crashtest.Run(ctx, c)
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "crash: %s acknowledged, by kind: %v\n", db, r.Kinds)
		for _, f := range r.Faults {
			fmt.Fprintln(os.Stderr, "crash:", f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "crash:", err)
			failed = true
			if errors.Is(err, context.DeadlineExceeded) {
				break
			}
		}
		if !r.OK() {
			failed = true
		}
	}
	crashtest.Table(os.Stdout, results)
	if failed {
		os.Exit(1)
	}
}
