package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iatiread"
	"github.com/elac/bitacora/store"
)

const iatiSynopsis = "import FILE --programme SLUG (--activity CODE | --link IDENTIFIER=CODE …) [--dry-run] | unlink …"

const iatiAbout = `Links a partner's IATI activity file (versions 2.01–2.03 or 1.01–1.05) to
a programme's activities as evidence of the operations that carry them out.

  bitacora iati import FILE --programme SLUG --activity CODE [--dry-run]
      links every IATI activity of the file to the activity CODE
  bitacora iati import FILE --programme SLUG --link IDENTIFIER=CODE … [--dry-run]
      links each IATI activity named to its programme activity (repeatable)
  bitacora iati unlink --programme SLUG --activity CODE --identifier IDENTIFIER

A file with any problem the standard does not allow (no iati-identifier, a
value that is not a number, a date that is not a date) is refused whole:
each problem is printed as FILE:LINE: <element>: message. --dry-run prints
what the file holds and links nothing. Linking an identifier again
refreshes what is kept of it.`

func runIATI(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(e.stdout, "Usage: bitacora iati %s\n\n%s\n", iatiSynopsis, iatiAbout)
		return nil
	}
	sub := args[0]
	if sub != "import" && sub != "unlink" {
		return usageError{fmt.Sprintf("iati: unknown subcommand %q (import, unlink)", sub)}
	}
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "iati "+sub, "[flags]", iatiAbout)
	cfg.databaseFlags(fs)
	var slug, activity, identifier string
	var dryRun bool
	links := map[string]string{}
	fs.StringVar(&slug, "programme", "", "the programme's slug")
	fs.StringVar(&activity, "activity", "", "the programme activity's code")
	fs.StringVar(&identifier, "identifier", "", "the IATI identifier to unlink (unlink)")
	fs.BoolVar(&dryRun, "dry-run", false, "print what the file holds, link nothing (import)")
	fs.Func("link", "IDENTIFIER=CODE: link that IATI activity to that programme activity (repeatable)", func(v string) error {
		id, code, ok := strings.Cut(v, "=")
		if !ok || id == "" || code == "" {
			return errors.New("write --link IDENTIFIER=CODE")
		}
		links[id] = code
		return nil
	})
	pos, err := parseFlags(e, fs, args[1:])
	if err != nil {
		return err
	}
	if slug == "" {
		return usageError{"iati " + sub + ": --programme SLUG is required"}
	}
	ctx = bitacora.WithPrincipal(ctx, bitacora.Operator())
	if sub == "unlink" {
		if len(pos) > 0 || activity == "" || identifier == "" {
			return usageError{"iati unlink takes --programme, --activity and --identifier, and no arguments"}
		}
		db, err := store.Open(ctx, cfg.DSN())
		if err != nil {
			return err
		}
		defer db.Close()
		if err := bitacora.NewOperations(db).Unlink(ctx, slug, activity, identifier); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "%s unlinked from activity %s\n", identifier, activity)
		return nil
	}
	if len(pos) != 1 {
		return usageError{"iati import takes one FILE"}
	}
	if (activity == "") == (len(links) == 0) {
		return usageError{"iati import: give --activity CODE, or --link IDENTIFIER=CODE for each operation"}
	}
	name := pos[0]
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	acts, err := iatiread.Read(f)
	f.Close()
	var pe *iatiread.Error
	if errors.As(err, &pe) {
		for _, p := range pe.Problems {
			if p.Element != "" {
				fmt.Fprintf(e.stderr, "%s:%d: <%s>: %s\n", name, p.Line, p.Element, p.Message)
			} else {
				fmt.Fprintf(e.stderr, "%s:%d: %s\n", name, p.Line, p.Message)
			}
		}
		return fmt.Errorf("%s: %d problem(s): nothing linked", name, len(pe.Problems))
	}
	if err != nil {
		return err
	}
	var ask []bitacora.OperationLink
	found := map[string]bool{}
	for _, a := range acts {
		code := activity
		if len(links) > 0 {
			code = links[a.Identifier]
		}
		found[a.Identifier] = true
		title, _ := a.Title("")
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", a.Identifier, title, a.ReportingOrg.Ref, money(a.Disbursed), orDash(code))
		if code != "" {
			ask = append(ask, bitacora.OperationLink{Activity: code, IATI: a})
		}
	}
	for id := range links {
		if !found[id] {
			return fmt.Errorf("%s holds no IATI activity %s", name, id)
		}
	}
	if dryRun {
		fmt.Fprintf(e.stderr, "%d IATI activities read, %d would be linked: nothing linked (--dry-run)\n", len(acts), len(ask))
		return nil
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	if err := bitacora.NewOperations(db).Link(ctx, slug, filepath.Base(name), ask); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d IATI activities read, %d linked\n", len(acts), len(ask))
	return nil
}

func money(as []iatiread.Amount) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, a.Currency+" "+a.Value)
	}
	return orDash(strings.Join(parts, ", "))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
