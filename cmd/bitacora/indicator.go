package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/indicatorfile"
	"github.com/elac/bitacora/store"
)

const indicatorUsage = `Usage: bitacora indicator add --code C --name N --unit U --source S [flags]
       bitacora indicator add --file definition.json
       bitacora indicator update --code C [flags, or --file definition.json]
       bitacora indicator import FILE --indicator CODE [--programme SLUG] [--decimal , | .] [--dry-run]
       bitacora indicator list

add and update define an indicator: its names (--name in Spanish, --name-en,
--name-pt, --name-fr), definitions (--definition, --definition-en…), unit,
source and citation, methodology link, direction (higher or lower is better),
what it measures (--measures elac2020:29 for objective 29, elac2020:29/29.1 for
activity 29.1; repeatable) and the programme's baseline and target
(--baseline elac2020=10.6@2015 for the region, --target elac2020/CHL=25@2022
for Chile; repeatable). --file reads the definition as JSON, in the shape of
GET /api/v1/indicators/{code}; the flags then change what they name.

import reads a CSV or JSON file as the World Bank, ITU, Our World in Data or
a statistical office publish it and replaces the indicator's observations,
all or nothing; --dry-run only says what it would store.`

func runIndicator(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stdout, indicatorUsage)
		return nil
	}
	cfg := defaultConfig()
	cfg.fromEnv(e.getenv)
	sub := args[0]
	fs := newFlagSet(e, "indicator "+sub, "[flags]", "Defines indicators and imports their observations.")
	cfg.databaseFlags(fs)
	file := fs.String("file", "", "the definition as JSON (add, update)")
	code := fs.String("code", "", "the indicator's code, e.g. IT.NET.BBND.P2 (add, update)")
	texts := map[string]*string{}
	for _, l := range bitacora.TranslationLanguages {
		suffix := "-" + l
		if l == "es" {
			suffix = ""
		}
		texts["name"+suffix] = fs.String("name"+suffix, "", "the name in "+l)
		texts["definition"+suffix] = fs.String("definition"+suffix, "", "the definition in "+l)
	}
	unit := fs.String("unit", "", "the unit: percent, per 100 inhabitants…")
	source := fs.String("source", "", "the source")
	citation := fs.String("citation", "", "how to cite the source")
	method := fs.String("methodology", "", "a link to the methodology")
	direction := fs.String("direction", "", "higher or lower: which is better")
	var measures []bitacora.IndicatorLink
	fs.Func("measures", "PROGRAMME:OBJECTIVE or PROGRAMME:OBJECTIVE/ACTIVITY (repeatable)", func(v string) error {
		m, err := bitacora.ParseIndicatorLink(v)
		measures = append(measures, m)
		return err
	})
	type goalFlag struct {
		programme, country string
		mark               bitacora.Mark
		target             bool
	}
	var goalFlags []goalFlag
	setGoal := func(target bool) func(string) error {
		return func(v string) error {
			prog, country, mark, err := bitacora.ParseGoalMark(v)
			goalFlags = append(goalFlags, goalFlag{prog, country, mark, target})
			return err
		}
	}
	fs.Func("baseline", "PROGRAMME[/ISO3]=VALUE@YEAR (repeatable)", setGoal(false))
	fs.Func("target", "PROGRAMME[/ISO3]=VALUE@YEAR (repeatable)", setGoal(true))
	indicator := fs.String("indicator", "", "the indicator's code (import)")
	programme := fs.String("programme", "", "a programme the indicator measures (import)")
	decimal := fs.String("decimal", "", "the file's decimal mark, . or , (import; inferred when not given)")
	dry := fs.Bool("dry-run", false, "say what the import would store, store nothing (import)")
	pos, err := parseFlags(e, fs, args[1:])
	if err != nil {
		return err
	}
	if sub != "import" && len(pos) > 0 {
		return usageError{fmt.Sprintf("indicator %s takes no arguments, got %q", sub, pos)}
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = bitacora.WithPrincipal(ctx, bitacora.Operator())
	svc := bitacora.NewIndicators(db)
	switch sub {
	case "add", "update":
		var def bitacora.Indicator
		switch {
		case *file != "":
			raw, err := os.ReadFile(*file)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &def); err != nil {
				return usageError{fmt.Sprintf("--file %s: %v", *file, err)}
			}
		case sub == "update":
			cur, err := db.Indicator(ctx, *code)
			if err != nil {
				return err
			}
			def = *cur
		}
		if def.Name == nil {
			def.Name = map[string]string{}
		}
		if def.Definition == nil {
			def.Definition = map[string]string{}
		}
		for _, l := range bitacora.TranslationLanguages {
			suffix := "-" + l
			if l == "es" {
				suffix = ""
			}
			if v := *texts["name"+suffix]; v != "" {
				def.Name[l] = v
			}
			if v := *texts["definition"+suffix]; v != "" {
				def.Definition[l] = v
			}
		}
		set := func(dst *string, v string) {
			if v != "" {
				*dst = v
			}
		}
		set(&def.Code, *code)
		set(&def.Unit, *unit)
		set(&def.Source, *source)
		set(&def.Citation, *citation)
		set(&def.Methodology, *method)
		if *direction != "" {
			def.Direction = bitacora.Direction(*direction)
		}
		if len(measures) > 0 {
			def.Measures = measures
		}
		for _, g := range goalFlags {
			def.Goals = bitacora.SetGoalMark(def.Goals, g.programme, g.country, g.mark, g.target)
		}
		if sub == "add" {
			err = svc.Add(ctx, def)
		} else {
			err = svc.Update(ctx, def.Code, def)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s indicator %s\n", map[string]string{"add": "added", "update": "updated"}[sub], def.Code)
	case "import":
		if len(pos) != 1 || *indicator == "" {
			return usageError{"indicator import takes one FILE and --indicator CODE"}
		}
		data, err := os.ReadFile(pos[0])
		if err != nil {
			return err
		}
		opts := indicatorfile.Options{JSON: strings.EqualFold(filepath.Ext(pos[0]), ".json")}
		switch *decimal {
		case "":
		case ".", ",":
			opts.Decimal = (*decimal)[0]
		default:
			return usageError{"--decimal is . or ,"}
		}
		res, err := indicatorfile.Read(data, opts)
		printImport(e, res)
		if err != nil {
			return err
		}
		if _, err := db.Indicator(ctx, *indicator); err != nil {
			return err
		}
		if *dry {
			fmt.Fprintln(e.stdout, "dry run: nothing stored")
			return nil
		}
		err = svc.Import(ctx, bitacora.ObservationImport{Indicator: *indicator, Programme: *programme,
			Observations: res.Observations, Source: filepath.Base(pos[0])})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "stored %d observations of %s\n", len(res.Observations), *indicator)
	case "list":
		list, err := db.Indicators(ctx)
		if err != nil {
			return err
		}
		for _, i := range list {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", i.Code, i.NameIn("es"), i.Unit, i.Source)
		}
	default:
		return usageError{fmt.Sprintf("unknown indicator command %q: add, update, import or list", sub)}
	}
	return nil
}

// printImport says what a file holds, or why it is refused.
func printImport(e *env, r *indicatorfile.Result) {
	if len(r.Problems) > 0 {
		for _, p := range r.Problems {
			fmt.Fprintln(e.stderr, p.String())
		}
		return
	}
	fmt.Fprintf(e.stdout, "shape %s, decimal mark %q", r.Shape, r.Decimal)
	if r.Inferred {
		fmt.Fprint(e.stdout, " (inferred)")
	}
	fmt.Fprintf(e.stdout, "\n%d observations: %d member States, %d aggregates; %d empty cells (no value)\n",
		len(r.Observations), r.Countries, r.Aggregates, r.Missing)
	if len(r.Skipped) > 0 {
		fmt.Fprintf(e.stdout, "skipped %d values of %d countries that are not ECLAC members: %s\n",
			r.SkippedValues(), len(r.Skipped), strings.Join(r.SkippedCodes(), " "))
	}
	if r.Converted {
		fmt.Fprintln(e.stdout, "note: the file was not UTF-8; it was read as Windows-1252 (a spreadsheet's \"CSV\")")
	}
}
