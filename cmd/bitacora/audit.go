package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

const auditUsage = `Usage: bitacora audit verify [--against FILE] [--db URL] [--data DIR]
       bitacora audit head [--db URL] [--data DIR]
       bitacora audit list [--subject S]… [--after SEQ] [--limit N] [--format text|json] [--db URL] [--data DIR]

The change record: every write, who made it and when, the thing before and
after, each entry chained to the one before by its hash.

verify checks the whole chain and names the first entry that was edited,
deleted, reordered or added by hand, and exits 1 if there is one. With
--against FILE it checks too that every head saved in FILE (one per line,
as head prints them; blank lines and lines starting with # are skipped) is
still in the chain with the same hash, and that the chain is not shorter:
a log rewritten whole, every entry rehashed and the head moved, passes the
first check but not this one.

head verifies the chain and prints its head, one line of JSON: seq, hash
and the time of the last entry. Keep it where whoever can write to the
database cannot (publish it, dated; mail it; append it to a file in
another system), and verify against it later. It protects the entries up
to the newest saved head; entries after it, and a rewrite by someone who
can also change the saved heads, it cannot.

list prints entries one per line: seq, time, actor, action, subject, before
and after, separated by tabs (--format json: one JSON object per line, with
the hashes). Without --subject, the log from after --after, oldest first;
with --subject (activity:elac2020/1.3, party:isoc, programme:elac2020…),
that history, newest first. --limit 0 prints all.`

// runAudit verifies or prints the change record.
func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, auditUsage)
		return usageError{"audit needs verify, head or list"}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(e.stdout, auditUsage)
		return nil
	case "verify", "head", "list":
	default:
		fmt.Fprintln(e.stderr, auditUsage)
		return usageError{fmt.Sprintf("audit %s: use verify, head or list", args[0])}
	}
	sub := args[0]
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "audit "+sub, "[flags]", strings.SplitN(auditUsage, "\n\n", 2)[1])
	cfg.databaseFlags(fs)
	var subjects []string
	var after int64
	var limit int
	var format, against string
	if sub == "verify" {
		fs.StringVar(&against, "against", "", "a file of heads saved earlier by `bitacora audit head`, one per line")
	}
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
	var saved []bitacora.AuditHead
	if against != "" {
		// Read before the database is opened: a bad file is the
		// operator's mistake, told at once.
		if saved, err = readHeads(against); err != nil {
			return err
		}
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "verify":
		return auditVerify(ctx, e, db, against, saved)
	case "head":
		head, err := db.VerifyAuditAgainst(ctx, nil)
		if err != nil {
			return err
		}
		line, _ := json.Marshal(head)
		fmt.Fprintf(e.stdout, "%s\n", line)
		return nil
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

func auditVerify(ctx context.Context, e *env, db *store.DB, against string, saved []bitacora.AuditHead) error {
	// The head printed is the last entry verified: the head may have
	// moved on since, with a write made meanwhile.
	head, err := db.VerifyAuditAgainst(ctx, saved)
	if err != nil {
		if against != "" {
			return fmt.Errorf("%w (checked against %s)", err, against)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "audit log verified: %d entries, head %s\n", head.Seq, head.Hash[:12])
	if against != "" {
		newest := saved[0]
		for _, h := range saved {
			if h.Seq > newest.Seq {
				newest = h
			}
		}
		fmt.Fprintf(e.stdout, "heads saved in %s: %d, all in the chain (the newest: entry %d, hash %s)\n", against, len(saved), newest.Seq, newest.Hash[:12])
	}
	return nil
}

// readHeads reads a file of heads saved by `bitacora audit head`: one JSON
// object a line; blank lines and lines starting with # are skipped.
func readHeads(path string) ([]bitacora.AuditHead, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--against: %w", err)
	}
	var heads []bitacora.AuditHead
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var h bitacora.AuditHead
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&h); err != nil || !h.Valid() {
			return nil, usageError{fmt.Sprintf("--against %s: line %d is not a head as `bitacora audit head` prints it", path, i+1)}
		}
		heads = append(heads, h)
	}
	if len(heads) == 0 {
		return nil, usageError{fmt.Sprintf("--against %s: the file holds no head", path)}
	}
	return heads, nil
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
