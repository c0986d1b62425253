package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

const auditUsage = `Usage: bitacora audit verify [--db URL] [--data DIR]
       bitacora audit list [--subject S]… [--after SEQ] [--limit N] [--format text|json] [--db URL] [--data DIR]

The change record: every write, who made it and when, the thing before and
after, each entry chained to the one before by its hash.

verify checks the whole chain and names the first entry that was edited,
deleted, reordered or added by hand, and exits 1 if there is one. Note the
head it prints somewhere else: a log rewritten whole would end elsewhere.

list prints entries one per line: seq, time, actor, action, subject, before
and after, separated by tabs (--format json: one JSON object per line, with
the hashes). Without --subject, the log from after --after, oldest first;
with --subject (activity:elac2020/1.3, party:isoc, programme:elac2020…),
that history, newest first. --limit 0 prints all.`

// runAudit verifies or prints the change record.
func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, auditUsage)
		return usageError{"audit needs verify or list"}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(e.stdout, auditUsage)
		return nil
	case "verify", "list":
	default:
		fmt.Fprintln(e.stderr, auditUsage)
		return usageError{fmt.Sprintf("audit %s: use verify or list", args[0])}
	}
	sub := args[0]
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "audit "+sub, "[flags]", strings.SplitN(auditUsage, "\n\n", 2)[1])
	cfg.databaseFlags(fs)
	var subjects []string
	var after int64
	var limit int
	var format string
	if sub == "list" {
		fs.Func("subject", "show the history of this subject (repeatable)", func(v string) error {
			subjects = append(subjects, v)
			return nil
		})
		fs.Int64Var(&after, "after", 0, "start after this seq (without --subject)")
		fs.IntVar(&limit, "limit", 0, "print at most N entries (0: all)")
		fs.StringVar(&format, "format", "text", "output format: text or json")
	}
	pos, err := parseFlags(e, fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("audit %s takes no arguments, got %q", sub, pos)}
	}
	if format != "" && format != "text" && format != "json" {
		return usageError{fmt.Sprintf("--format %q: use text or json", format)}
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	if sub == "verify" {
		return auditVerify(ctx, e, db)
	}
	show := auditPrinter(e, format, limit)
	if len(subjects) > 0 {
		entries, err := db.History(ctx, subjects...)
		if err != nil {
			return err
		}
		for _, a := range entries {
			if !show(a) {
				break
			}
		}
		return nil
	}
	for {
		page, err := db.AuditEntries(ctx, after, 0)
		if err != nil {
			return err
		}
		for _, a := range page {
			if !show(a) {
				return nil
			}
			after = a.Seq
		}
		if len(page) < store.MaxAuditPage {
			return nil
		}
	}
}

func auditVerify(ctx context.Context, e *env, db *store.DB) error {
	n, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	// The hash of the last entry verified: the head may have moved on
	// since, with a write made meanwhile.
	head := bitacora.AuditGenesis
	if n > 0 {
		last, err := db.AuditEntries(ctx, int64(n)-1, 1)
		if err != nil {
			return err
		}
		if len(last) == 1 {
			head = last[0].Hash
		}
	}
	fmt.Fprintf(e.stdout, "audit log verified: %d entries, head %s\n", n, head[:12])
	return nil
}

// auditPrinter returns a function that prints an entry and reports whether
// more may follow under limit.
func auditPrinter(e *env, format string, limit int) func(bitacora.AuditEntry) bool {
	printed := 0
	enc := json.NewEncoder(e.stdout)
	return func(a bitacora.AuditEntry) bool {
		if limit > 0 && printed >= limit {
			return false
		}
		printed++
		if format == "json" {
			enc.Encode(a)
			return true
		}
		fmt.Fprintln(e.stdout, strings.Join([]string{strconv.FormatInt(a.Seq, 10), a.At, a.Actor, a.Action, a.Subject,
			string(a.Before), string(a.After)}, "\t"))
		return true
	}
}
