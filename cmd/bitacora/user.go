package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/web"
)

// runUser manages accounts from the command line: the first admin is made
// here, and nobody ever gets a default password — each user sets their own
// through a one-time link.
func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stdout, "Usage: bitacora user add --email E --name N [--role admin|bureau|secretariat]… [--lang es]\n"+
			"       bitacora user reset --email E\n       bitacora user list\n\n"+
			"add and reset print a one-time link to set the password (valid 7 days), on the\n"+
			"site's public address: --base-url or BITACORA_BASE_URL (default http://localhost:PORT of --addr);\n"+
			"with mail configured (--smtp-host, BITACORA_SMTP_HOST) they queue it by mail instead.")
		return nil
	}
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	sub := args[0]
	fs := newFlagSet(e, "user "+sub, "[flags]", "Manages user accounts.")
	cfg.databaseFlags(fs)
	cfg.siteFlags(fs)
	cfg.mailFlags(fs)
	email := fs.String("email", "", "e-mail address")
	name := fs.String("name", "", "display name (add)")
	lang := fs.String("lang", "es", "preferred language: es, en, pt or fr (add)")
	var roles []bitacora.UserRole
	fs.Func("role", "a staff role: admin, bureau or secretariat (repeatable)", func(v string) error {
		roles = append(roles, bitacora.UserRole(v))
		return nil
	})
	pos, err := parseFlags(e, fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("user %s takes no arguments, got %q", sub, pos)}
	}
	siteURL, err := cfg.SiteURL()
	if err != nil {
		return err
	}
	smtp, err := cfg.smtp()
	if err != nil {
		return err
	}
	// Junk in a flag is refused before it reaches the database, naming the
	// flag (the store refuses it too, naming the field).
	for _, f := range []struct{ flag, value string }{{"email", *email}, {"name", *name}, {"lang", *lang}} {
		switch bitacora.TextProblem(f.value) {
		case bitacora.TextNotUTF8:
			return usageError{fmt.Sprintf("--%s is not valid UTF-8", f.flag)}
		case bitacora.TextControls:
			return usageError{fmt.Sprintf("--%s holds a NUL byte or another control character", f.flag)}
		}
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	// The command line acts as the operator (bitacora.Operator): the
	// services still decide, and record the change as made by "cli".
	ctx = bitacora.WithPrincipal(ctx, bitacora.Operator())
	users := bitacora.NewUsers(db)
	link := func(u *bitacora.User, token string) string { return web.PasswordLink(siteURL, u.Lang, token) }
	switch sub {
	case "add":
		if *name == "" {
			*name = strings.Split(*email, "@")[0]
		}
		u, token, err := users.Create(ctx, *email, *name, *lang, roles)
		if err != nil {
			return err
		}
		if smtp.Enabled() {
			// The invitation is in the outbox: a `serve` sends it, with a
			// link of its own (which would end this one).
			fmt.Fprintf(e.stdout, "created user %d %s\nthe invitation goes out by mail (see the outbox)\n", u.ID, u.Email)
			break
		}
		fmt.Fprintf(e.stdout, "created user %d %s\nset the password within 7 days at:\n%s\n", u.ID, u.Email, link(u, token))
	case "reset":
		u, token, err := users.ResetLink(ctx, *email)
		if err != nil {
			return err
		}
		if smtp.Enabled() {
			fmt.Fprintf(e.stdout, "a new link for %s goes out by mail (see the outbox)\n", u.Email)
			break
		}
		fmt.Fprintf(e.stdout, "new link for %s (earlier links no longer work):\n%s\n", u.Email, link(u, token))
	case "list":
		list, err := db.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range list {
			state := "active"
			switch {
			case u.Disabled:
				state = "disabled"
			case !u.HasPassword:
				state = "invited"
			}
			var rs []string
			for _, r := range u.Roles {
				rs = append(rs, string(r))
			}
			fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, strings.Join(rs, ","), state)
		}
	default:
		return usageError{fmt.Sprintf("unknown user command %q: use add, reset or list", sub)}
	}
	return nil
}
