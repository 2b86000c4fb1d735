// Package templates knows the customer repository layout under templates/live: roots that call
// this repository's modules by a git source pinned to a release commit. Tests cannot fetch that
// source offline, so Localize copies a root next to the working tree's modules and points its
// sources at them: the template is then planned and applied exactly as written, against the modules
// the next release will hold.
package templates

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// Dir is where the customer repository template lives, relative to the repository root.
const Dir = "templates/live"

// Repository is how the templates name this repository; customers replace OWNER with the owner
// they take the modules from.
const Repository = "OWNER/terraform-basemachina-modules"

// Environments are the template's environment roots, each with its own <name>.tfvars.
var Environments = []string{"dev", "production"}

// Roots are every Terraform root of the template.
var Roots = []string{"bootstrap", "dev", "production"}

// gitSource matches a module source of this repository pinned to a commit (40 hexadecimal digits),
// as tools/release pins the template: `"git::https://github.com/OWNER/...//modules/<m>?ref=<commit>"`.
var gitSource = regexp.MustCompile(`"git::https://github\.com/` + regexp.QuoteMeta(Repository) + `\.git//modules/([a-z0-9-]+)\?ref=([0-9a-f]{40})"`)

// Source is one module call of a template root.
type Source struct {
	File, Module, Ref string
}

// Sources lists the module calls of one root, and fails on a source that is not this repository
// at a commit: a template calls nothing else.
func Sources(rootDir string) ([]Source, error) {
	calls, err := tfplan.ModuleCalls(rootDir)
	if err != nil {
		return nil, err
	}
	var out []Source
	for _, c := range calls {
		m := gitSource.FindStringSubmatch(`"` + c.Source + `"`)
		if m == nil {
			return nil, i18n.Errorf("%s: module %q has the source %q; a template root calls only git::https://github.com/%s.git//modules/<module>?ref=<release commit, 40 hexadecimal digits>.", c.File, c.Name, c.Source, Repository)
		}
		out = append(out, Source{File: c.File, Module: m[1], Ref: m[2]})
	}
	return out, nil
}

// Localize copies the root templates/live/<root> of repoRoot and the working tree's modules into
// dst with the repository's layout (dst/templates/live/<root>, dst/modules), rewrites the root's git
// sources to the relative path of those modules, keeps the lock file, and returns the copied
// root's directory.
func Localize(repoRoot, root, dst string) (string, error) {
	if err := tfplan.CopyRepositoryFiles(filepath.Join(repoRoot, "modules"), filepath.Join(dst, "modules")); err != nil {
		return "", err
	}
	rel := filepath.Join(Dir, root)
	dir := filepath.Join(dst, rel)
	if err := tfplan.CopyRepositoryFiles(filepath.Join(repoRoot, rel), dir); err != nil {
		return "", err
	}
	// The copy leaves lock files out; the template's own is what init -lockfile=readonly checks.
	if lock, err := os.ReadFile(filepath.Join(repoRoot, rel, ".terraform.lock.hcl")); err == nil {
		if err := os.WriteFile(filepath.Join(dir, ".terraform.lock.hcl"), lock, 0o644); err != nil {
			return "", err
		}
	}
	modules, err := filepath.Rel(dir, filepath.Join(dst, "modules"))
	if err != nil {
		return "", err
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		local := gitSource.ReplaceAllString(string(data), `"`+filepath.ToSlash(modules)+`/$1"`)
		if err := os.WriteFile(f, []byte(local), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// moduleSource matches a git source of terraform-basemachina-modules of any owner, pinned to a ref:
// how the roots of a customer's repository (the template with OWNER replaced) call the modules.
var moduleSource = regexp.MustCompile(`^git::https://github\.com/[A-Za-z0-9-]+/terraform-basemachina-modules\.git//modules/([a-z0-9-]+)\?ref=([A-Za-z0-9._/-]+)$`)

// Pointed is a module call that PointAt pointed at a local checkout of the modules.
type Pointed struct {
	Name, Module, Ref string
}

// ModulesOf finds the modules directory of a local checkout of terraform-basemachina-modules: the
// checkout's modules/, or the directory itself when it holds the modules.
func ModulesOf(checkout string) (string, error) {
	for _, dir := range []string{filepath.Join(checkout, "modules"), checkout} {
		if st, err := os.Stat(filepath.Join(dir, "bridge", "variables.tf")); err == nil && !st.IsDir() {
			return filepath.Abs(dir)
		}
	}
	return "", &fs.PathError{Op: "stat", Path: filepath.Join(checkout, "modules", "bridge", "variables.tf"), Err: fs.ErrNotExist}
}

// PointAt rewrites the module sources of dir, a copy of the root module at original: each git
// source of terraform-basemachina-modules then names modules/<module> of modulesDir, and each
// local source ("./", "../") the directory it named from original, so that the copy plans from
// wherever it is with no download. It returns the calls it pointed at modulesDir, and fails when
// modulesDir lacks one of their modules.
func PointAt(dir, original, modulesDir string) ([]Pointed, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	var pointed []Pointed
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		body, err := parse(data, f)
		if err != nil {
			return nil, err
		}
		var edits []edit
		for _, b := range body.Blocks {
			attr, ok := b.Body.Attributes["source"]
			if b.Type != "module" || len(b.Labels) != 1 || !ok {
				continue
			}
			v, diags := attr.Expr.Value(nil)
			if diags.HasErrors() || !v.Type().Equals(cty.String) {
				continue
			}
			source, target := v.AsString(), ""
			switch m := moduleSource.FindStringSubmatch(source); {
			case m != nil:
				target = filepath.Join(modulesDir, m[1])
				if st, err := os.Stat(target); err != nil || !st.IsDir() {
					return nil, i18n.Errorf("%s: module %q calls modules/%s, which %s does not hold.", f, b.Labels[0], m[1], modulesDir)
				}
				pointed = append(pointed, Pointed{Name: b.Labels[0], Module: m[1], Ref: m[2]})
			case strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../"):
				target = filepath.Join(original, filepath.FromSlash(source))
			default:
				continue
			}
			rel, err := filepath.Rel(dir, target)
			if err != nil {
				return nil, err
			}
			rel = filepath.ToSlash(rel)
			if !strings.HasPrefix(rel, "../") {
				rel = "./" + rel
			}
			edits = append(edits, edit{attr.Expr.Range(), quote(rel)})
		}
		if len(edits) > 0 {
			if err := os.WriteFile(f, apply(data, edits), 0o644); err != nil {
				return nil, err
			}
		}
	}
	return pointed, nil
}
