package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/store"
)

// writers are the formats a programme prints in.
var writers = map[string]func(io.Writer, *bitacora.Document) error{
	"json": programmedoc.WriteJSON,
	"md":   programmedoc.WriteMarkdown,
	"csv":  programmedoc.WriteCSV,
}

func formatWriter(format string) (func(io.Writer, *bitacora.Document) error, error) {
	w, ok := writers[format]
	if !ok {
		return nil, usageError{fmt.Sprintf("--format %q: use json, md or csv", format)}
	}
	return w, nil
}

// readDocument reads a programme from a file ("-" is standard input): a
// JSON export of a programme, or a programme document as text.
func readDocument(e *env, path, slug string) (*bitacora.Document, []byte, error) {
	var src []byte
	var err error
	if path == "-" {
		src, err = io.ReadAll(io.LimitReader(e.stdin, programmedoc.MaxSize+1))
	} else {
		var f *os.File
		if f, err = os.Open(path); err == nil {
			src, err = io.ReadAll(io.LimitReader(f, programmedoc.MaxSize+1))
			f.Close()
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	name := path
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	doc, err := programmedoc.Read(src, programmedoc.Options{Slug: slug, SourceName: name})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return doc, src, nil
}

func printWarnings(w io.Writer, path string, doc *bitacora.Document) {
	for _, wn := range doc.Warnings {
		fmt.Fprintf(w, "%s:%d: %s\n", path, wn.Line, wn.Message)
	}
}

func runParse(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "parse", "FILE [--format json|md|csv] [--slug S]",
		"Reads a programme document (text extracted from its PDF, or a JSON export) and prints\n"+
			"what was read, without touching a database. Warnings go to standard error with\n"+
			"their line numbers. FILE may be - for standard input.")
	format := fs.String("format", "json", "output format: json, md or csv")
	slug := fs.String("slug", "", "programme slug (default: from the document, e.g. elac2020)")
	quiet := fs.Bool("quiet", false, "do not print warnings")
	pos, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"parse takes one FILE"}
	}
	write, err := formatWriter(*format)
	if err != nil {
		return err
	}
	doc, _, err := readDocument(e, pos[0], *slug)
	if err != nil {
		return err
	}
	if !*quiet {
		printWarnings(e.stderr, pos[0], doc)
	}
	return write(e.stdout, doc)
}

func runImport(ctx context.Context, e *env, args []string) error {
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "import", "FILE [--slug S] [--db URL]",
		"Reads a programme document (or a JSON export) and stores it as a new programme,\n"+
			"all or nothing. Warnings go to standard error with their line numbers.")
	slug := fs.String("slug", "", "programme slug (default: from the document, e.g. elac2020)")
	revise := fs.String("revise", "", "a new edition of programme SLUG: make a draft revision for the Bureau instead of a new programme")
	cfg.databaseFlags(fs)
	pos, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"import takes one FILE"}
	}
	doc, src, err := readDocument(e, pos[0], *slug)
	if err != nil {
		return err
	}
	printWarnings(e.stderr, pos[0], doc)
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	// The command line acts as the operator (bitacora.Operator), recorded
	// as "cli".
	ctx = bitacora.WithPrincipal(ctx, bitacora.Operator())
	if *revise != "" {
		return importEdition(ctx, e, db, *revise, pos[0], doc)
	}
	if err := bitacora.NewProgrammes(db).Import(ctx, doc, string(src)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %s: %d areas, %d activities, %d parties, %d warnings\n",
		doc.Programme.Slug, len(doc.Areas), doc.CountActivities(), len(doc.Parties), len(doc.Warnings))
	return nil
}

func runExport(ctx context.Context, e *env, args []string) error {
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "export", "SLUG [--format json|md|csv] [--db URL]",
		"Prints a stored programme. The JSON export imports back to the same bytes.")
	format := fs.String("format", "json", "output format: json, md or csv")
	cfg.databaseFlags(fs)
	pos, err := parseFlags(e, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"export takes one SLUG"}
	}
	write, err := formatWriter(*format)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	doc, err := db.Document(ctx, pos[0])
	if err != nil {
		return err
	}
	return write(e.stdout, doc)
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	fs := newFlagSet(e, "migrate", "[--db URL]",
		"Brings the database schema up to date (serve also does this at start).")
	cfg.databaseFlags(fs)
	if _, err := parseFlags(e, fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	have, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: schema version %d\n", db.Name, have)
	return nil
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "", "Prints the version.")
	if _, err := parseFlags(e, fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "bitacora %s\n", version)
	return nil
}

// importEdition turns a new edition of a programme into a draft revision:
// its activities matched to the current ones by code and by text, each
// difference a change whose reason says how the match was made.
func importEdition(ctx context.Context, e *env, db *store.DB, slug, path string, edition *bitacora.Document) error {
	name := path
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	rev, err := bitacora.NewRevisions(db).FromEdition(ctx, slug, name, edition)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if rev == nil {
		fmt.Fprintf(e.stdout, "%s matches programme %s exactly: no revision made\n", path, slug)
		return nil
	}
	changes := rev.Changes
	counts := map[bitacora.ChangeOp]int{}
	for _, c := range changes {
		counts[c.Op]++
	}
	fmt.Fprintf(e.stdout, "draft revision %d of %s with %d changes (%d added, %d retired, %d edited, %d reassigned, %d moved);\n"+
		"check the matches at /%s/revisions/%d and send it to the Bureau from there\n",
		rev.ID, slug, len(changes), counts[bitacora.OpAddActivity], counts[bitacora.OpRetireActivity], counts[bitacora.OpEditActivity],
		counts[bitacora.OpSetParties], counts[bitacora.OpMoveActivity], slug, rev.ID)
	return nil
}
