// Command scale is Bitácora's scale benchmark: it builds N programmes of M
// activities with P reporting periods of accepted reports through the
// public import paths, runs the real server over that database on a
// loopback port with the default configuration, and prints what it
// measured: warm page and API latencies, the first public read after a
// write, the write itself, the CSV import's rows per second, the memory of
// the process and the size of the database.
//
//	go run ./internal/cmd/scale -programmes 4 -activities 1000 -periods 5
//
// The programmes are the eLAC2020 document repeated (53 activities a copy),
// imported as the CLI's `bitacora import` does (programmedoc.Parse, then
// store.ImportProgramme); the reports go in through the site's CSV import
// (POST /{slug}/reports/import) as a signed-in secretariat user, in files
// within the import's limits. The server runs in this process, so the RSS
// figures include the benchmark's own client.
//
// Everything is loopback and bounded by -timeout. The database is a SQLite
// file in a temporary folder, or -db postgres://… (an empty database).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	var c config
	flag.IntVar(&c.Programmes, "programmes", 1, "how many programmes (N)")
	flag.IntVar(&c.Activities, "activities", 1000, "activities per programme (M; rounded up to whole copies of eLAC2020's 53)")
	flag.IntVar(&c.Periods, "periods", 5, "reporting periods (P), half-years from 2018-H2; one accepted report per activity and period")
	flag.StringVar(&c.DB, "db", "", "database: empty for a SQLite file in a temporary folder, or postgres://… (an empty database)")
	flag.IntVar(&c.Requests, "requests", 200, "requests per route for the warm latencies (K)")
	flag.IntVar(&c.Writes, "writes", 3, "rounds of write-then-first-read")
	flag.IntVar(&c.Chunk, "chunk", 10000, "reports per CSV file (at most 10,000; files also stay under 5 MB)")
	flag.StringVar(&c.CPUProfile, "cpuprofile", "", "write a CPU profile of the acceptance rounds to this file")
	flag.DurationVar(&c.Timeout, "timeout", 15*time.Minute, "give up after this long")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
	defer cancel()
	if err := run(ctx, c, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}
