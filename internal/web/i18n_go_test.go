package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"huikuan/internal/commitment"
	"huikuan/internal/excuse"
	"huikuan/internal/followup"
	"huikuan/internal/store"
)

// runTimeKeys are the families of message keys the Go code builds at run
// time ("disp." + a disposition): each family's every value must have a
// message.
var runTimeKeys = map[string][]string{
	"disp.": followup.Dispositions,
	"st.":   {string(commitment.Open), string(commitment.Kept), string(commitment.PartlyKept), string(commitment.Broken), string(commitment.Cancelled)},
	"sk.":   append([]string{""}, store.SupportKinds...),
	"excuse.": func() []string {
		var out []string
		for _, c := range excuse.Categories {
			out = append(out, string(c))
		}
		return out
	}(),
}

// goMessageKeys finds the keys the package's Go code translates: the
// literal argument of every T and Tf call and of base(r, key), and for a
// key built as "prefix." + value, every value of runTimeKeys[prefix]. A
// key built any other way is returned in unknown.
func goMessageKeys(t *testing.T) (keys map[string]token.Position, unknown []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	keys = map[string]token.Position{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			var arg ast.Expr
			switch {
			case (sel.Sel.Name == "T" || sel.Sel.Name == "Tf") && len(call.Args) > 0:
				arg = call.Args[0]
			case sel.Sel.Name == "base" && len(call.Args) == 2:
				arg = call.Args[1]
			default:
				return true
			}
			pos := fset.Position(arg.Pos())
			switch a := arg.(type) {
			case *ast.BasicLit:
				k, _ := strconv.Unquote(a.Value)
				keys[k] = pos
			case *ast.BinaryExpr:
				lit, ok := a.X.(*ast.BasicLit)
				prefix, _ := strconv.Unquote(lit.Value)
				values, known := runTimeKeys[prefix]
				if !ok || a.Op != token.ADD || !known {
					unknown = append(unknown, pos.String())
					break
				}
				for _, v := range values {
					keys[prefix+v] = pos
				}
			case *ast.Ident:
				// A variable: the function's own parameter (Base.T's key,
				// base's titleKey) or a key chosen from literals that are
				// calls' arguments or assignments checked below.
			default:
				unknown = append(unknown, pos.String())
			}
			return true
		})
	}
	return keys, unknown
}

// TestEveryGoMessageExists checks the message keys the Go code uses, as
// TestEveryMessageExists checks the templates': a missing key shows its
// name instead of words.
func TestEveryGoMessageExists(t *testing.T) {
	keys, unknown := goMessageKeys(t)
	for _, pos := range unknown {
		t.Errorf("%s: a message key built at run time that runTimeKeys does not list", pos)
	}
	// Keys chosen by a variable in serveError.
	for _, k := range []string{"error", "bad.request", "not.found", "forbidden"} {
		keys[k] = token.Position{Filename: "server.go"}
	}
	if len(keys) < 20 {
		t.Fatalf("found %d keys used from Go; the search is broken", len(keys))
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range keys {
			if !yield(k) {
				return
			}
		}
	}) {
		m, ok := messages[k]
		if !ok || m[0] == "" || m[1] == "" {
			t.Errorf("%s: message %q is missing", keys[k], k)
		}
	}
}
