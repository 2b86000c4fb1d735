package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/templates"
	"terraform-basemachina-modules/internal/tfplan"
)

// placeholderValue stands in for an ephemeral input nobody gave: the tenant id of a customer's
// roots comes from the secret BASEMACHINA_TENANT_ID (TF_VAR_tenant_id) in CI, never from a file,
// and a plan needs a value. Ephemeral values stay out of the plan, so the placeholder shows nowhere.
const placeholderValue = "00000000-0000-0000-0000-000000000000"

// pointAtModules copies the root module to a temporary directory and points its git sources of
// terraform-basemachina-modules at the checkout given by --modules, so the offline plan downloads
// nothing; the user's directory is not changed. It returns the copy and what removes it.
func (c *previewCmd) pointAtModules(env IO, l i18n.Lang) (string, func(), error) {
	modules, err := templates.ModulesOf(c.modules)
	if err != nil {
		return "", nil, usagef("--modules %s is not a checkout of terraform-basemachina-modules: it holds no modules/bridge/variables.tf.", c.modules)
	}
	original, err := filepath.Abs(c.dir)
	if err != nil {
		return "", nil, err
	}
	tmp, err := os.MkdirTemp("", "bridgectl-preview-root-")
	if err != nil {
		return "", nil, i18n.Errorf("Cannot create a temporary directory: %w", err)
	}
	cleanup := func() { _ = os.RemoveAll(tmp) }
	copied := filepath.Join(tmp, filepath.Base(original))
	if err := tfplan.CopyTree(original, copied); err != nil {
		cleanup()
		return "", nil, i18n.Errorf("Cannot copy %s: %w", c.dir, err)
	}
	pointed, err := templates.PointAt(copied, original, modules)
	if err != nil {
		cleanup()
		return "", nil, usageError{err}
	}
	if len(pointed) == 0 {
		cleanup()
		return "", nil, usagef("%s calls no module of terraform-basemachina-modules by a git source, so --modules has nothing to replace.", c.dir)
	}
	var refs []string
	for _, p := range pointed {
		if !slices.Contains(refs, p.Ref) {
			refs = append(refs, p.Ref)
		}
	}
	fmt.Fprintf(env.Stderr, l.S("Planning the %d module calls of %s (ref %s) against %s; %s itself is not changed.\n"), len(pointed), c.dir, strings.Join(refs, ", "), modules, c.dir)
	return copied, cleanup, nil
}

// ephemeralPlaceholders gives a placeholder to each required ephemeral variable of the root that
// nothing sets (--var, a variables file, the root's own terraform.tfvars or *.auto.tfvars, or
// TF_VAR_<name>), and returns their names.
func (c *previewCmd) ephemeralPlaceholders(env IO, vars map[string]string) ([]string, error) {
	required, err := requiredEphemeral(c.dir)
	if err != nil {
		return nil, usageError{err}
	}
	if len(required) == 0 {
		return nil, nil
	}
	files := slices.Clone(c.varFiles)
	for _, pattern := range []string{"terraform.tfvars", "terraform.tfvars.json", "*.auto.tfvars", "*.auto.tfvars.json"} {
		matches, _ := filepath.Glob(filepath.Join(c.dir, pattern))
		files = append(files, matches...)
	}
	given := map[string]bool{}
	for _, f := range files {
		names, err := variablesIn(f)
		if err != nil {
			return nil, usageError{err}
		}
		for _, n := range names {
			given[n] = true
		}
	}
	var placed []string
	for _, name := range required {
		if _, ok := vars[name]; ok || given[name] || (env.Getenv != nil && env.Getenv("TF_VAR_"+name) != "") {
			continue
		}
		vars[name] = placeholderValue
		placed = append(placed, name)
	}
	return placed, nil
}

// requiredEphemeral lists the root's ephemeral variables that have no default.
func requiredEphemeral(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range paths {
		if name := filepath.Base(p); name == "override.tf" || strings.HasSuffix(name, "_override.tf") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, diags
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			if b.Type != "variable" || len(b.Labels) != 1 {
				continue
			}
			_, hasDefault := b.Body.Attributes["default"]
			attr, ok := b.Body.Attributes["ephemeral"]
			if !ok || hasDefault {
				continue
			}
			if v, diags := attr.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.Bool && v.True() {
				out = append(out, b.Labels[0])
			}
		}
	}
	return out, nil
}

// variablesIn lists the variables a variables file sets: HCL, or JSON for *.json.
func variablesIn(path string) ([]string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var names []string
	if strings.HasSuffix(path, ".json") {
		var values map[string]json.RawMessage
		if err := json.Unmarshal(src, &values); err != nil {
			return nil, i18n.Errorf("Cannot read the variables file %s: %w", path, err)
		}
		for n := range values {
			names = append(names, n)
		}
		return names, nil
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	for n := range f.Body.(*hclsyntax.Body).Attributes {
		names = append(names, n)
	}
	return names, nil
}
