package examples

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// profileRoots are the roots that take their profile from modules/profile (issue #29: each profile
// written once), with the profile each one calls.
var profileRoots = map[string]string{
	"examples/complete":         "production",
	"examples/dev":              "development",
	"templates/live/production": "production",
	"templates/live/dev":        "development",
}

// profileSettings is what modules/profile provides: by output (one per module it configures), by
// argument of that module, the value of each profile.
type profileSettings map[string]map[string]map[string]cty.Value

// readProfile evaluates the settings of modules/profile/main.tf (values only, no references) and
// checks that each is an output of the module, an argument of its module, and given for both
// profiles.
func readProfile(t *testing.T, root string) profileSettings {
	t.Helper()
	dir := filepath.Join(root, "modules", "profile")
	body := parseFile(t, filepath.Join(dir, "main.tf"))
	outputs := map[string]bool{}
	for _, b := range parseFile(t, filepath.Join(dir, "outputs.tf")).Blocks {
		if b.Type == "output" {
			outputs[b.Labels[0]] = true
		}
	}
	settings := profileSettings{}
	for _, b := range body.Blocks {
		if b.Type != "locals" {
			continue
		}
		for name, attr := range b.Body.Attributes {
			if !outputs[name] {
				t.Errorf("modules/profile: local %s is no output of the module", name)
				continue
			}
			v, diags := attr.Expr.Value(nil)
			if diags.HasErrors() || !v.Type().IsObjectType() {
				t.Fatalf("modules/profile: local %s must be an object of values only: %v", name, diags)
			}
			module := strings.ReplaceAll(name, "_", "-")
			variables := map[string]bool{}
			for _, vb := range parseFile(t, filepath.Join(root, "modules", module, "variables.tf")).Blocks {
				if vb.Type == "variable" {
					variables[vb.Labels[0]] = true
				}
			}
			settings[name] = map[string]map[string]cty.Value{}
			for argument, byProfile := range v.AsValueMap() {
				if !variables[argument] {
					t.Errorf("modules/profile: %s.%s is no input of modules/%s", name, argument, module)
				}
				if !byProfile.Type().IsObjectType() || len(byProfile.Type().AttributeTypes()) != 2 || !byProfile.Type().HasAttribute("production") || !byProfile.Type().HasAttribute("development") {
					t.Errorf("modules/profile: %s.%s must give a value for production and for development, got %s", name, argument, byProfile.GoString())
					continue
				}
				settings[name][argument] = byProfile.AsValueMap()
			}
		}
	}
	for name := range outputs {
		if _, ok := settings[name]; !ok {
			t.Errorf("modules/profile: output %s has no local of its settings", name)
		}
	}
	if len(settings["network"]) == 0 || len(settings["bridge"]) == 0 || len(settings["datastore"]) == 0 {
		t.Fatalf("modules/profile provides fewer settings than it did (%v): update this test", settings)
	}
	return settings
}

func parseFile(t *testing.T, path string) *hclsyntax.Body {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return f.Body.(*hclsyntax.Body)
}

// rootConfig is what the check reads of a root module: its module calls and its locals.
type rootConfig struct {
	dir     string
	modules []*hclsyntax.Block
	locals  map[string]hclsyntax.Expression
}

func parseRoot(dir string, files map[string][]byte) (rootConfig, error) {
	r := rootConfig{dir: dir, locals: map[string]hclsyntax.Expression{}}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f, diags := hclsyntax.ParseConfig(files[name], filepath.Join(dir, name), hcl.InitialPos)
		if diags.HasErrors() {
			return r, diags
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			switch b.Type {
			case "module":
				r.modules = append(r.modules, b)
			case "locals":
				for n, a := range b.Body.Attributes {
					r.locals[n] = a.Expr
				}
			}
		}
	}
	return r, nil
}

func readRoot(t *testing.T, root, dir string) rootConfig {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(dir), "*.tf"))
	files := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = data
	}
	r, err := parseRoot(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// moduleOf names the module of this repository a source calls: ../../modules/<m> or
// git::...//modules/<m>?ref=...
var moduleOf = regexp.MustCompile(`(?:^|/)modules/([a-z0-9-]+)(?:\?|$)`)

func sourceModule(b *hclsyntax.Block) string {
	attr, ok := b.Body.Attributes["source"]
	if !ok {
		return ""
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || v.Type() != cty.String {
		return ""
	}
	if m := moduleOf.FindStringSubmatch(v.AsString()); m != nil {
		return m[1]
	}
	return ""
}

// profileCall is the root's call of modules/profile and the profile it names, or "" without one.
func (r rootConfig) profileCall() (label, name string) {
	for _, b := range r.modules {
		if sourceModule(b) != "profile" {
			continue
		}
		name = "(not a literal)"
		if attr, ok := b.Body.Attributes["name"]; ok {
			if v, diags := attr.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String {
				name = v.AsString()
			}
		}
		return b.Labels[0], name
	}
	return "", ""
}

// constant reports whether an expression depends on nothing but literals (through locals too).
func (r rootConfig) constant(expr hclsyntax.Expression, seen map[string]bool) bool {
	for _, tr := range expr.Variables() {
		if tr.RootName() != "local" || len(tr) < 2 {
			return false
		}
		name, ok := tr[1].(hcl.TraverseAttr)
		local, known := r.locals[name.Name]
		if !ok || !known || seen[name.Name] {
			return false
		}
		seen[name.Name] = true
		if !r.constant(local, seen) {
			return false
		}
	}
	return true
}

// references reports whether an expression reads module.<label> (through locals too).
func (r rootConfig) references(expr hclsyntax.Expression, label string, seen map[string]bool) bool {
	for _, tr := range expr.Variables() {
		if len(tr) < 2 {
			continue
		}
		step, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			continue
		}
		switch tr.RootName() {
		case "module":
			if step.Name == label {
				return true
			}
		case "local":
			if local, known := r.locals[step.Name]; known && !seen[step.Name] {
				seen[step.Name] = true
				if r.references(local, label, seen) {
					return true
				}
			}
		}
	}
	return false
}

// profileProblems lists each argument of a module call in the root that the profile provides and
// the root writes as a literal, and, in a root that calls modules/profile, each such argument that
// does not come from the profile or is not passed at all (the module's default would stand in for
// the profile's value).
func profileProblems(r rootConfig, settings profileSettings) []string {
	label, _ := r.profileCall()
	var problems []string
	var check func(expr hclsyntax.Expression, values []cty.Value, path string)
	check = func(expr hclsyntax.Expression, values []cty.Value, path string) {
		// The keys the profile gives inside an object argument (load_balancer.deletion_protection).
		var nested []string
		for _, v := range values {
			if !v.IsNull() && v.Type().IsObjectType() {
				for k := range v.Type().AttributeTypes() {
					if !slices.Contains(nested, k) {
						nested = append(nested, k)
					}
				}
			}
		}
		sort.Strings(nested)
		if cons, ok := expr.(*hclsyntax.ObjectConsExpr); ok && len(nested) > 0 {
			items := map[string]hclsyntax.Expression{}
			for _, item := range cons.Items {
				if k, diags := item.KeyExpr.Value(nil); !diags.HasErrors() && k.Type() == cty.String {
					items[k.AsString()] = item.ValueExpr
				}
			}
			for _, k := range nested {
				var inner []cty.Value
				for _, v := range values {
					if !v.IsNull() && v.Type().IsObjectType() && v.Type().HasAttribute(k) {
						inner = append(inner, v.GetAttr(k))
					}
				}
				item, ok := items[k]
				switch {
				case ok:
					check(item, inner, path+"."+k)
				case label != "":
					problems = append(problems, fmt.Sprintf("%s: %s.%s is the profile's, but the root leaves it out", r.dir, path, k))
				}
			}
			return
		}
		rng := expr.Range()
		switch {
		case r.constant(expr, map[string]bool{}):
			problems = append(problems, fmt.Sprintf("%s:%d: %s is written as a literal; it is a setting of modules/profile: pass the profile's output", rng.Filename, rng.Start.Line, path))
		case label != "" && !r.references(expr, label, map[string]bool{}):
			problems = append(problems, fmt.Sprintf("%s:%d: %s does not come from module.%s (a variable's default would be a second copy of the profile)", rng.Filename, rng.Start.Line, path, label))
		}
	}
	for _, b := range r.modules {
		// trivy evaluates module calls in alphabetical order: a count that reads a call it has not
		// evaluated yet drops those resources from its scan (aquasecurity/trivy#6274).
		if label != "" && b.Labels[0] < label {
			problems = append(problems, fmt.Sprintf("%s: module %q sorts before the profile's call %q, so trivy scans it without the profile's values: name the profile's call to sort first", r.dir, b.Labels[0], label))
		}
		output := strings.ReplaceAll(sourceModule(b), "-", "_")
		arguments, ok := settings[output]
		if !ok {
			continue
		}
		names := make([]string, 0, len(arguments))
		for a := range arguments {
			names = append(names, a)
		}
		sort.Strings(names)
		for _, a := range names {
			path := "module." + b.Labels[0] + "." + a
			attr, ok := b.Body.Attributes[a]
			if !ok {
				if label != "" {
					problems = append(problems, fmt.Sprintf("%s: %s is not passed: the module's default stands in for the profile's value", r.dir, path))
				}
				continue
			}
			check(attr.Expr, []cty.Value{arguments[a]["production"], arguments[a]["development"]}, path)
		}
	}
	return problems
}

// rootDirs are every root of examples/ and templates/live/.
func rootDirs(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	for _, glob := range []string{"examples/*/*.tf", "templates/live/*/*.tf"} {
		matches, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(glob)))
		for _, m := range matches {
			rel, _ := filepath.Rel(root, filepath.Dir(m))
			if rel = filepath.ToSlash(rel); !slices.Contains(out, rel) {
				out = append(out, rel)
			}
		}
	}
	if len(out) < 7 {
		t.Fatalf("found the roots %v, fewer than the four examples and three template roots", out)
	}
	return out
}

// TestProfilesAreWrittenOnce: the settings that differ between production and development live in
// modules/profile only (issue #29). The examples and the template's environments call it with
// their profile and pass each of its settings on; no root writes one as a literal.
func TestProfilesAreWrittenOnce(t *testing.T) {
	root := repoRoot(t)
	settings := readProfile(t, root)
	for _, dir := range rootDirs(t, root) {
		r := readRoot(t, root, dir)
		_, name := r.profileCall()
		if want, ok := profileRoots[dir]; ok && name != want {
			t.Errorf("%s: wanted a call of modules/profile with name = %q, got %q", dir, want, name)
		}
		for _, p := range profileProblems(r, settings) {
			t.Error(p)
		}
	}
}

// The check finds each way a profile can be written twice, planted in a copy of a root.
func TestProfileCheckCatchesCopies(t *testing.T) {
	root := repoRoot(t)
	settings := readProfile(t, root)
	read := func(dir string) map[string][]byte {
		paths, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(dir), "*.tf"))
		files := map[string][]byte{}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(p)] = data
		}
		return files
	}
	cases := []struct {
		name, dir, file, old, new, want string
	}{
		{"a literal NAT mode", "examples/dev", "main.tf", "module.base_profile.network.nat_mode", `"instance"`, "module.network.nat_mode is written as a literal"},
		{"a literal in an object", "templates/live/dev", "main.tf", "load_balancer = module.base_profile.bridge.load_balancer", "load_balancer = { deletion_protection = false, deregistration_delay = 30 }", "module.bridge.load_balancer.deletion_protection is written as a literal"},
		{"a literal through a local", "examples/complete", "main.tf", "tasks       = coalesce(var.tasks, module.base_profile.bridge.desired_count)", "tasks       = 2", "module.bridge.desired_count is written as a literal"},
		{"a variable instead of the profile", "templates/live/production", "main.tf", "desired_count              = module.base_profile.bridge.desired_count", "desired_count              = var.tasks", "module.bridge.desired_count does not come from module.base_profile"},
		{"an argument left out", "examples/dev", "main.tf", "  logs          = module.base_profile.bridge.logs\n", "", "module.bridge.logs is not passed"},
		{"a key left out of an object", "templates/live/production", "main.tf", "load_balancer = merge(module.base_profile.bridge.load_balancer, {\n    deletion_protection = coalesce(var.protect_from_deletion, module.base_profile.bridge.load_balancer.deletion_protection)\n  })", "load_balancer = { deletion_protection = coalesce(var.protect_from_deletion, module.base_profile.bridge.load_balancer.deletion_protection) }", "module.bridge.load_balancer.deregistration_delay is the profile's, but the root leaves it out"},
		{"a variable in an object", "examples/complete", "main.tf", "load_balancer = merge(module.base_profile.bridge.load_balancer, {\n    deletion_protection = coalesce(var.protect_from_deletion, module.base_profile.bridge.load_balancer.deletion_protection)\n  })", "load_balancer = { deletion_protection = var.protect_from_deletion, deregistration_delay = module.base_profile.bridge.load_balancer.deregistration_delay }", "module.bridge.load_balancer.deletion_protection does not come from module.base_profile"},
		{"the profile's call named to sort late", "examples/dev", "main.tf", `module "base_profile" {`, `module "profile" {`, `module "bridge" sorts before the profile's call "profile"`},
		{"a literal in a root without the profile", "examples/existing-vpc", "main.tf", "load_balancer = { deletion_protection = var.protect_from_deletion }", "load_balancer = { deletion_protection = true }", "module.bridge.load_balancer.deletion_protection is written as a literal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := read(c.dir)
			if !strings.Contains(string(files[c.file]), c.old) {
				t.Fatalf("%s/%s no longer holds %q: update this case", c.dir, c.file, c.old)
			}
			files[c.file] = []byte(strings.Replace(string(files[c.file]), c.old, c.new, 1))
			r, err := parseRoot(c.dir, files)
			if err != nil {
				t.Fatal(err)
			}
			problems := strings.Join(profileProblems(r, settings), "\n")
			if !strings.Contains(problems, c.want) {
				t.Errorf("planted %q in %s/%s: want a problem containing %q, got:\n%s", c.new, c.dir, c.file, c.want, problems)
			}
		})
	}
}
