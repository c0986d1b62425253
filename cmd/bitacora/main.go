// Command bitacora runs Bitácora: it serves a programme of regional
// cooperation activities, and reads, imports and exports programme
// documents. See `bitacora help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintf(os.Stderr, "bitacora: %v\n", err)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "bitacora: %v\n", err)
		os.Exit(1)
	}
}

// usageError is a command line that cannot be run as written.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

// env is what a command may touch of the world, passed in so that tests can
// run every command in-process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"serve", "serve the site and the API (the default)", runServe},
		{"parse", "read a programme document and print what was read", runParse},
		{"import", "read a programme document and store it", runImport},
		{"export", "print a stored programme as JSON, Markdown or CSV", runExport},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"audit", "verify the change record, print its head, list it", runAudit},
		{"user", "add users, make password links, list users", runUser},
		{"remind", "find the reminders of deadlines due, and send them", runRemind},
		{"report", "print the follow-up report of a programme as PDF or HTML", runReport},
		{"iati", "link partners' IATI activity files to activities as evidence", runIATI},
		{"indicator", "define indicators, import their observations", runIndicator},
		{"backup", "copy the whole database to a file, while it serves", runBackup},
		{"restore", "read a backup into a new database (SQLite or PostgreSQL)", runRestore},
		{"version", "print the version", runVersion},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || (len(args[0]) > 0 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help" && args[0] != "-help") {
		if err := runServe(ctx, e, args); !errors.Is(err, errHelp) {
			return err
		}
		return nil
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, getenv, stdin, stdout, stderr)
		}
		printUsage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			if err := c.run(ctx, e, args[1:]); !errors.Is(err, errHelp) {
				return err
			}
			return nil
		}
	}
	printUsage(stderr)
	return usageError{fmt.Sprintf("unknown command %q", name)}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Bitácora runs a programme of regional cooperation activities.")
	fmt.Fprintln(w, "\nUsage: bitacora [command] [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n`bitacora COMMAND --help` tells more. With no command, bitacora serves.")
}
