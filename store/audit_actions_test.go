package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Every action the store writes to the change record is one of the
// constants of bitacora.AuditActions, never a literal: pages build the
// label of an action at run time, so an action declared anywhere else
// would escape the catalogue test and show as ⟦key⟧. The check reads the
// store's source: each call of writer.audit (the action is its first
// argument) and of DB.change (its fourth), and each step of
// DB.changeSteps (its first field), must pass a bitacora.Action…
// constant, or a variable that carries one through.
func TestAuditActionsAreDeclaredConstants(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			// A step of changeSteps carries its action in its first field.
			if lit, ok := n.(*ast.CompositeLit); ok {
				if id, ok := lit.Type.(*ast.Ident); ok && id.Name == "step" && len(lit.Elts) > 0 {
					calls++
					if a, ok := lit.Elts[0].(*ast.SelectorExpr); ok {
						if x, ok := a.X.(*ast.Ident); !ok || x.Name != "bitacora" || !strings.HasPrefix(a.Sel.Name, "Action") {
							t.Errorf("%s: the action of a step is not a bitacora.Action… constant", fset.Position(lit.Pos()))
						}
					} else if _, ok := lit.Elts[0].(*ast.Ident); !ok {
						t.Errorf("%s: the action of a step is not a bitacora.Action… constant", fset.Position(lit.Pos()))
					}
				}
				return true
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			arg := -1
			switch {
			case sel.Sel.Name == "audit" && len(call.Args) == 4:
				arg = 0
			case sel.Sel.Name == "change" && len(call.Args) == 5:
				arg = 3
			default:
				return true
			}
			calls++
			switch a := call.Args[arg].(type) {
			case *ast.Ident: // a parameter passing an action through
			case *ast.SelectorExpr:
				if x, ok := a.X.(*ast.Ident); !ok || x.Name != "bitacora" || !strings.HasPrefix(a.Sel.Name, "Action") {
					t.Errorf("%s: the action of %s is not a bitacora.Action… constant", fset.Position(call.Pos()), sel.Sel.Name)
				}
			default:
				t.Errorf("%s: the action of %s is not a bitacora.Action… constant", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
	if calls < 15 {
		t.Errorf("found %d writes to the change record; the store has more: is the check still finding them?", calls)
	}
}
