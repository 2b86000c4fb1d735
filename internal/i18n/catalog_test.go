package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// catalogCalls take a catalog key as their first argument: Lang's methods, Errorf, and the CLI's
// error helpers built on Errorf.
var catalogCalls = map[string]bool{"S": true, "Sprintf": true, "Errorf": true, "usagef": true, "errorf": true}

// printCalls print or build text straight from a literal; a literal with words in it bypasses
// the catalog.
var printCalls = map[string]bool{
	"fmt.Errorf": true, "errors.New": true, "fmt.Printf": true, "fmt.Println": true, "fmt.Print": true,
	"fmt.Fprintf": true, "fmt.Fprintln": true, "fmt.Fprint": true,
}

var (
	verb = regexp.MustCompile(`%[-+# 0-9.*\[\]]*[a-zA-Z%]`)
	// A word is three or more letters; product and AWS names and CLI flags in a format are not
	// language and need no translation.
	word         = regexp.MustCompile(`[A-Za-z]{3,}`)
	notLanguage  = map[string]bool{"bridgectl": true, "USD": true, "NAT": true, "HTTPS": true, "HTTP": true, "BaseMachina": true, "Bridge": true, "ALB": true, "LCU": true, "FAIL": true, "WARN": true, "SKIP": true}
	flagOrPath   = regexp.MustCompile(`--[a-z-]+|[a-z]+(/[a-z.-]+)+`)
	repoPackages = "terraform-basemachina-modules/"
)

// userFacingFiles are the non-test Go files of every package bridgectl is built from.
func userFacingFiles(t *testing.T) []string {
	t.Helper()
	// bridgectl and the generator of the README and docs blocks.
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \",\"}}", "../../cmd/bridgectl", "../../test/docs").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var files []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || !strings.HasPrefix(f[0], repoPackages) || f[2] == "" {
			continue
		}
		for _, name := range strings.Split(f[2], ",") {
			files = append(files, filepath.Join(f[1], name))
		}
	}
	if len(files) < 20 {
		t.Fatalf("found only %d files in bridgectl's packages", len(files))
	}
	return files
}

func callName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		if pkg, ok := fn.X.(*ast.Ident); ok && (pkg.Name == "fmt" || pkg.Name == "errors") {
			return pkg.Name + "." + fn.Sel.Name
		}
		return fn.Sel.Name
	}
	return ""
}

func hasWords(s string) bool {
	s = flagOrPath.ReplaceAllString(verb.ReplaceAllString(s, ""), "")
	for _, w := range word.FindAllString(s, -1) {
		if !notLanguage[w] {
			return true
		}
	}
	return false
}

// Every message a user of bridgectl can see comes from the catalog: a literal passed to a catalog
// call must be a key, every key must be used, and no literal with words goes to fmt or errors.
func TestEveryUserFacingTextComesFromTheCatalog(t *testing.T) {
	used := map[string]bool{}
	literals := map[string]bool{}
	var bypass, unknown []string
	for _, path := range userFacingFiles(t) {
		if filepath.Base(path) == "catalog_ja.go" {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					literals[s] = true
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			name := callName(call)
			where := fset.Position(call.Pos()).String()
			if catalogCalls[name] {
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					key, _ := strconv.Unquote(lit.Value)
					used[key] = true
					if _, ok := japanese[key]; !ok {
						unknown = append(unknown, where+": "+lit.Value)
					}
				}
			}
			if printCalls[name] {
				for _, a := range call.Args {
					if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if s, _ := strconv.Unquote(lit.Value); hasWords(s) {
							bypass = append(bypass, where+": "+lit.Value)
						}
					}
				}
			}
			return true
		})
	}
	for _, u := range unknown {
		t.Errorf("catalog key missing from catalog_ja.go: %s", u)
	}
	for _, b := range bypass {
		t.Errorf("user-facing text bypasses the catalog (use l.S, l.Sprintf or i18n.Errorf): %s", b)
	}
	var unused []string
	for key := range japanese {
		if !used[key] && !literals[key] {
			unused = append(unused, key)
		}
	}
	sort.Strings(unused)
	for _, k := range unused {
		t.Errorf("catalog entry used nowhere: %q", k)
	}
}

// A translation keeps the English text's verbs, in the same order unless it indexes them.
func TestTranslationsKeepTheFormatVerbs(t *testing.T) {
	norm := func(s string) string {
		vs := verb.FindAllString(strings.ReplaceAll(s, "%w", "%v"), -1)
		if strings.Contains(s, "%[") {
			sort.Strings(vs)
		}
		return strings.Join(vs, " ")
	}
	for en, ja := range japanese {
		if ja == "" {
			t.Errorf("empty translation of %q", en)
		}
		if norm(en) != norm(ja) {
			t.Errorf("verbs differ: %q has %s, its Japanese %q has %s", en, norm(en), ja, norm(ja))
		}
	}
}

func TestErrorsRenderInTheUsersLanguage(t *testing.T) {
	inner := Errorf("Cannot read the SQL file: %w", exec.ErrNotFound)
	outer := Errorf("Cannot start the seed task: %w", inner)
	if got := outer.Error(); got != "Cannot start the seed task: Cannot read the SQL file: "+exec.ErrNotFound.Error() {
		t.Errorf("English rendering: %q", got)
	}
	if got := Japanese.Error(outer); got != "シードタスクを開始できません: SQL ファイルを読めません: "+exec.ErrNotFound.Error() {
		t.Errorf("Japanese rendering: %q", got)
	}
	if got := English.Error(outer); got != outer.Error() {
		t.Errorf("English Lang.Error: %q", got)
	}
}

// A translation breaks its lines where the English does: the two characters \ and n in a
// Japanese text print as they are ("terraform plan が失敗しました:\n..." on one line, as preview
// once printed), and the line breaks themselves must match.
func TestTranslationsKeepTheLineBreaks(t *testing.T) {
	for en, ja := range japanese {
		if strings.Count(ja, `\n`) != strings.Count(en, `\n`) {
			t.Errorf("%q: its Japanese %q holds a literal \\n", en, ja)
		}
		if strings.Count(ja, "\n") != strings.Count(en, "\n") {
			t.Errorf("%q: its Japanese %q breaks lines differently", en, ja)
		}
	}
}
