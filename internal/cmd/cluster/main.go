// Command cluster runs Bitácora's fault and load drivers (issue 16) on
// loopback, against real `bitacora serve` processes, and prints what it
// measured. scripts/faults.sh builds it and the server, starts a throwaway
// PostgreSQL cluster and HAProxy, and runs it:
//
//	cluster -bitacora BIN -pg URL -haproxy PATH two     two instances behind HAProxy
//	cluster -bitacora BIN -pg URL -stop CMD -start CMD outage
//	cluster -bitacora BIN limits                           slow clients, 2,000 connections, uploads, long searches
//
// -pg is a superuser URL of the PostgreSQL server: each run creates a
// database of its own there. Everything is bounded by -timeout.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

type config struct {
	Bitacora, PG, HAProxy string
	Stop, Start           string
	Rounds, Propagations  int
	Down, Duration        time.Duration
	Connections           int
	Nice                  int
	ProbeURL              string
	Timeout               time.Duration
	Seed                  uint64
}

func main() {
	var c config
	flag.StringVar(&c.Bitacora, "bitacora", "", "the bitacora binary")
	flag.StringVar(&c.PG, "pg", "", "a superuser URL of the PostgreSQL server (two, outage)")
	flag.StringVar(&c.HAProxy, "haproxy", "haproxy", "the haproxy binary (two)")
	flag.StringVar(&c.Stop, "stop", "", "a shell command that stops PostgreSQL (outage)")
	flag.StringVar(&c.Start, "start", "", "a shell command that starts it again (outage)")
	flag.IntVar(&c.Rounds, "rounds", 300, "rounds of concurrent saves of one report (two)")
	flag.IntVar(&c.Propagations, "propagations", 20, "public changes timed each way between the instances (two)")
	flag.DurationVar(&c.Down, "down", 30*time.Second, "how long PostgreSQL stays stopped (outage)")
	flag.DurationVar(&c.Duration, "duration", 75*time.Second, "how long the resource load lasts (limits)")
	flag.IntVar(&c.Connections, "connections", 2000, "concurrent connections (limits)")
	flag.IntVar(&c.Nice, "nice", 10, "how much lower than the server's the load's CPU priority is (limits; 0: the same)")
	flag.StringVar(&c.ProbeURL, "probe-url", "", "the address the probe asks (probe, started by limits)")
	flag.DurationVar(&c.Timeout, "timeout", 15*time.Minute, "give up after this long")
	flag.Uint64Var(&c.Seed, "seed", uint64(time.Now().UnixNano()), "seed of the randomized runs")
	flag.Parse()
	if flag.NArg() == 1 && flag.Arg(0) == "probe" {
		if err := runProbe(c); err != nil {
			fmt.Fprintln(os.Stderr, "cluster probe:", err)
			os.Exit(1)
		}
		return
	}
	if c.Bitacora == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: cluster -bitacora BIN [flags] two|outage|limits")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
	defer cancel()
	var err error
	switch flag.Arg(0) {
	case "two":
		err = runTwo(ctx, c)
	case "outage":
		err = runOutage(ctx, c)
	case "limits":
		err = runLimits(ctx, c)
	default:
		err = fmt.Errorf("unknown scenario %q: two, outage or limits", flag.Arg(0))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cluster:", err)
		os.Exit(1)
	}
}
