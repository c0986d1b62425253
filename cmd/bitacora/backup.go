package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/elac/bitacora/store"
)

const backupHelp = `Writes a consistent copy of the whole database to FILE ("-": standard
output) while the site keeps serving: everything as it was when the copy
began. One format for both databases (gzip'd JSON lines), so a SQLite
backup restores into PostgreSQL and the other way round. The job queue is
left out; its periodic jobs are scheduled again when the server starts.
The file appears only once it is whole.`

const restoreHelp = `Reads a backup made by "bitacora backup" into the database, which must
be new: a SQLite file that does not exist yet, or an empty PostgreSQL
database. Everything is written in one transaction, so a cut-off or altered
file leaves nothing behind; then the schema is brought up to date and the
change record is verified. Moving from SQLite to PostgreSQL:

  bitacora backup bitacora.backup.gz
  bitacora restore --db postgres://user@host/bitacora bitacora.backup.gz`

func runBackup(ctx context.Context, e *env, args []string) error {
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "backup", "[--db URL] FILE", backupHelp)
	cfg.databaseFlags(fs)
	pos, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"backup needs one FILE (or - for standard output)"}
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	if pos[0] == "-" {
		sum, err := db.Backup(ctx, e.stdout)
		if err == nil {
			fmt.Fprintf(e.stderr, "backup of %s: schema %d, %d tables, %d rows\n", db.Name, sum.Schema, sum.Tables, sum.Rows)
		}
		return err
	}
	// Written beside the file and renamed over it when whole, so that
	// FILE is never a backup cut off half way.
	tmp, err := os.CreateTemp(filepath.Dir(pos[0]), ".bitacora-backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	sum, err := db.Backup(ctx, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), pos[0])
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: backup of %s, schema %d, %d tables, %d rows\n", pos[0], db.Name, sum.Schema, sum.Tables, sum.Rows)
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "restore", "[--db URL] FILE", restoreHelp)
	cfg.databaseFlags(fs)
	pos, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"restore needs one FILE (or - for standard input)"}
	}
	var in io.Reader = e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	db, err := store.OpenNoMigrate(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := db.Restore(ctx, in)
	if err != nil {
		return err
	}
	n, err := db.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("restored, but the change record does not verify: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s: restored %d tables, %d rows (schema %d); the change record's %d entries verify\n", db.Name, sum.Tables, sum.Rows, sum.Schema, n)
	return nil
}
