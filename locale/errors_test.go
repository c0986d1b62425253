package locale

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/reportcsv"
	"github.com/elac/bitacora/translationfile"
)

// errorSources are the packages whose errors can reach a person: the
// domain, the two faces (web, api) and what they read requests and the
// read model with (param, published), the store, the report importer and
// the password hasher (its "busy" answer). Paths are from this package's
// folder.
var errorSources = []string{"..", "../web", "../api", "../param", "../published", "../store", "../reportcsv", "../translationfile", "../password"}

// operatorOnly are the functions whose errors only an operator reads, on
// the command line, in English: opening and migrating the database,
// importing the programme document, verifying the audit chain, backing up
// and restoring. "*" is a whole file.
var operatorOnly = map[string][]string{
	"error.go":           {"Errorf"}, // the constructor itself
	"store/store.go":     {"*"},
	"store/migrate.go":   {"*"},
	"store/programme.go": {"ImportProgramme", "validateDocument"},
	"store/party.go":     {"registerParties", "resolveParty"},
	"store/audit.go":     {"auditBroken"},
	"store/backup.go":    {"*"},
}

// dynamicKeys are the keys a call site builds at run time (a literal
// prefix + a value), with every value the prefix is completed with.
var dynamicKeys = map[string][]string{
	"import_err_": reportcsv.Codes,
	"tfile_err_":  translationfile.Codes,
}

// errorCall is one bitacora.Errorf call in the source.
type errorCall struct {
	pos   string // file:line
	file  string // relative to the module: "store/report.go"
	fn    string // the enclosing function
	keyed bool   // followed by .WithKey
	keys  []string
	args  []string // the template's names given
	count bool     // "Count" is among them
}

// errorCalls parses the error sources (not their tests) and returns every
// call of bitacora.Errorf (Errorf in the domain package itself) and every
// bitacora.Error literal, with the key given to it, if any.
func errorCalls(t *testing.T) []errorCall {
	t.Helper()
	var calls []errorCall
	fset := token.NewFileSet()
	for _, dir := range errorSources {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel("..", name)
			rel = filepath.ToSlash(rel)
			domain := f.Name.Name == "bitacora"
			for _, decl := range f.Decls {
				fn := "(package)"
				if fd, ok := decl.(*ast.FuncDecl); ok {
					fn = fd.Name.Name
				}
				// WithKey calls first: the Errorf calls they are made on
				// are keyed.
				keyed := map[ast.Expr]*ast.CallExpr{}
				ast.Inspect(decl, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok {
						if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "WithKey" {
							keyed[ast.Unparen(sel.X)] = c
						}
					}
					return true
				})
				ast.Inspect(decl, func(n ast.Node) bool {
					var call errorCall
					switch n := n.(type) {
					case *ast.CallExpr:
						if !isErrorf(n.Fun, domain) {
							return true
						}
						call.pos = fset.Position(n.Pos()).String()
						if wk := keyed[n]; wk != nil {
							call.keyed = true
							call.keys, call.args = keyOf(t, call.pos, wk.Args)
						}
					case *ast.CompositeLit:
						if !isErrorType(n.Type, domain) {
							return true
						}
						call.pos = fset.Position(n.Pos()).String()
						for _, el := range n.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok && fmt.Sprint(kv.Key) == "Key" {
								call.keyed = true
							}
						}
					default:
						return true
					}
					call.file, call.fn = rel, fn
					for _, a := range call.args {
						call.count = call.count || a == "Count"
					}
					calls = append(calls, call)
					return true
				})
			}
		}
	}
	if len(calls) < 50 {
		t.Fatalf("found only %d error calls: is the parser looking in the right place?", len(calls))
	}
	return calls
}

func isErrorf(fun ast.Expr, domain bool) bool {
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == "bitacora" && f.Sel.Name == "Errorf"
	case *ast.Ident:
		return domain && f.Name == "Errorf"
	}
	return false
}

func isErrorType(typ ast.Expr, domain bool) bool {
	switch t := typ.(type) {
	case *ast.SelectorExpr:
		x, ok := t.X.(*ast.Ident)
		return ok && x.Name == "bitacora" && t.Sel.Name == "Error"
	case *ast.Ident:
		return domain && t.Name == "Error"
	}
	return false
}

// keyOf reads the arguments of WithKey: the key (a literal, or a literal
// prefix of dynamicKeys + a value) and the names of its template data.
func keyOf(t *testing.T, pos string, args []ast.Expr) (keys, names []string) {
	if len(args) == 0 {
		t.Errorf("%s: WithKey without a key", pos)
		return nil, nil
	}
	switch k := args[0].(type) {
	case *ast.BasicLit:
		s, _ := strconv.Unquote(k.Value)
		keys = []string{s}
	case *ast.BinaryExpr:
		lit, ok := k.X.(*ast.BasicLit)
		prefix, _ := strconv.Unquote(lit.Value)
		suffixes, known := dynamicKeys[prefix]
		if !ok || k.Op != token.ADD || !known {
			t.Errorf("%s: a key built at run time that the test does not know: add its values to dynamicKeys", pos)
		}
		for _, s := range suffixes {
			keys = append(keys, prefix+s)
		}
	default:
		t.Errorf("%s: the key is not a literal", pos)
	}
	if len(args[1:])%2 != 0 {
		t.Errorf("%s: WithKey's template data are not name/value pairs", pos)
	}
	for i := 1; i < len(args); i += 2 {
		lit, ok := args[i].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			t.Errorf("%s: argument %d of WithKey is not a literal name", pos, i)
			continue
		}
		s, _ := strconv.Unquote(lit.Value)
		names = append(names, s)
	}
	return keys, names
}

// Every domain error that can reach a person carries a catalogue key, so
// that it is said in the reader's language; only the operator's own
// errors (listed in operatorOnly) stay in English.
func TestEveryErrorHasAKey(t *testing.T) {
	exempt := map[string]bool{}
	for file, fns := range operatorOnly {
		for _, fn := range fns {
			exempt[file+":"+fn] = true
		}
	}
	used := map[string]bool{}
	for _, c := range errorCalls(t) {
		if exempt[c.file+":*"] || exempt[c.file+":"+c.fn] {
			used[c.file+":*"], used[c.file+":"+c.fn] = true, true
			continue
		}
		if !c.keyed {
			t.Errorf("%s (%s): a domain error without a catalogue key: add .WithKey(\"error_…\", …)", c.pos, c.fn)
		}
	}
	// The list stays short and true: an entry that matches nothing goes.
	for k := range exempt {
		if !used[k] {
			t.Errorf("operatorOnly lists %s, which makes no error", k)
		}
	}
}

// Every key a call site gives is in every language, with the template
// names the call gives it, and with plural forms when it gives a count.
func TestEveryErrorKeyIsTranslated(t *testing.T) {
	msgs := map[string]map[string]string{}
	for _, lang := range Supported {
		m, err := IDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		msgs[lang] = m
	}
	keys := 0
	for _, c := range errorCalls(t) {
		given := map[string]bool{}
		for _, a := range c.args {
			given[a] = true
		}
		for _, key := range c.keys {
			keys++
			for _, lang := range Supported {
				msg, ok := msgs[lang][key]
				if !ok {
					t.Errorf("%s: %s lacks %q", c.pos, lang, key)
					continue
				}
				for _, p := range placeholders(msg) {
					if !given[p] {
						t.Errorf("%s: %s: %q shows {{.%s}}, which the call does not give", c.pos, lang, key, p)
					}
				}
				plural := strings.HasPrefix(msg, "{") && strings.Contains(msg, `"one"`) && strings.Contains(msg, `"other"`)
				if c.count != plural {
					t.Errorf("%s: %s: %q is given a count %v but has plural forms %v", c.pos, lang, key, c.count, plural)
				}
			}
		}
	}
	if keys < 50 {
		t.Fatalf("only %d keys found", keys)
	}
	// The generic message of each code, for an error without a key.
	for _, code := range bitacora.ErrorCodes {
		for _, lang := range Supported {
			if strings.TrimSpace(msgs[lang][CodeKey(code)]) == "" {
				t.Errorf("%s has no message for the code %s (%s)", lang, code, CodeKey(code))
			}
		}
	}
}

// Localizer.Error says each kind of error in the reader's language.
func TestLocalizerError(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	has := func(n int) error {
		return bitacora.Errorf(bitacora.ECONFLICT, "period %s has %d reports: it cannot be removed", "2019-H1", n).
			WithKey("error_period_has_reports", "Period", "2019-H1", "Count", n)
	}
	wrapped := fmt.Errorf("store: %w", has(2))
	nested := bitacora.Errorf(bitacora.EINVALID, "line 3: …").WithKey("error_import_row", "Line", 3, "Activity", "1.1", "Period", "2019-H1", "Cause", has(1))
	want := map[string][]string{
		"es": {"El período 2019-H1 tiene 1 informe: no se puede eliminar.", "El período 2019-H1 tiene 2 informes: no se puede eliminar.",
			"El período 2019-H1 tiene 2 informes: no se puede eliminar.", "Línea 3 (actividad 1.1, período 2019-H1): El período 2019-H1 tiene 1 informe: no se puede eliminar.",
			"No encontramos lo que busca.", "Revise los datos marcados.", "Error interno. Inténtelo de nuevo en unos minutos."},
		"en": {"Period 2019-H1 has 1 report: it cannot be removed.", "Period 2019-H1 has 2 reports: it cannot be removed.",
			"Period 2019-H1 has 2 reports: it cannot be removed.", "Line 3 (activity 1.1, period 2019-H1): Period 2019-H1 has 1 report: it cannot be removed.",
			"We could not find what you are looking for.", "Please check the fields marked.", "Internal error. Please try again in a few minutes."},
		"pt": {"O período 2019-H1 tem 1 relatório: não pode ser removido.", "O período 2019-H1 tem 2 relatórios: não pode ser removido.",
			"O período 2019-H1 tem 2 relatórios: não pode ser removido.", "Linha 3 (atividade 1.1, período 2019-H1): O período 2019-H1 tem 1 relatório: não pode ser removido.",
			"Não encontramos o que você procura.", "Revise os campos marcados.", "Erro interno. Tente de novo em alguns minutos."},
		"fr": {"La période 2019-H1 a 1 rapport : elle ne peut pas être supprimée.", "La période 2019-H1 a 2 rapports : elle ne peut pas être supprimée.",
			"La période 2019-H1 a 2 rapports : elle ne peut pas être supprimée.", "Ligne 3 (activité 1.1, période 2019-H1) : La période 2019-H1 a 1 rapport : elle ne peut pas être supprimée.",
			"Nous n’avons pas trouvé ce que vous cherchez.", "Veuillez vérifier les champs signalés.", "Erreur interne. Veuillez réessayer dans quelques minutes."},
	}
	for _, lang := range Supported {
		l := c.Localizer(lang)
		got := []string{l.Error(has(1)), l.Error(has(2)), l.Error(wrapped), l.Error(nested),
			l.Error(bitacora.Errorf(bitacora.ENOTFOUND, "no such thing")),
			l.Error(&bitacora.InvalidFields{Fields: bitacora.FieldErrors{"key": "field_required"}}),
			l.Error(errors.New("pq: connection refused"))}
		for i := range got {
			if got[i] != want[lang][i] {
				t.Errorf("%s %d: got %q; want %q", lang, i, got[i], want[lang][i])
			}
		}
	}
	if s := c.Localizer("en").Error(nil); s != "" {
		t.Errorf("nil error: %q", s)
	}
}

// WithKey returns a copy: a shared error value is never changed.
func TestWithKeyCopies(t *testing.T) {
	shared := bitacora.Errorf(bitacora.EFORBIDDEN, "you may not")
	keyed := shared.WithKey("error_may_not")
	if shared.Key != "" || keyed == shared || keyed.Message != shared.Message || keyed.Code != shared.Code {
		t.Errorf("WithKey changed its receiver or lost its message: %+v %+v", shared, keyed)
	}
}
