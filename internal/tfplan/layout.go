package tfplan

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"terraform-basemachina-modules/internal/i18n"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// rootFile is one parsed .tf file of a module directory.
type rootFile struct {
	path string
	body *hclsyntax.Body
}

func parseModuleDir(dir string) ([]rootFile, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, i18n.Errorf("%s holds no .tf files: give the directory of a Terraform root module.", dir)
	}
	var files []rootFile
	for _, p := range paths {
		if strings.HasSuffix(p, "_override.tf") || filepath.Base(p) == "override.tf" {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s: %s", p, diags.Error())
		}
		files = append(files, rootFile{path: p, body: f.Body.(*hclsyntax.Body)})
	}
	return files, nil
}

// ModuleCall is one module block of a module directory; Source is "" when it is not a literal.
type ModuleCall struct {
	File, Name, Source string
}

// ModuleCalls lists the module blocks of the .tf files in dir (override files left out).
func ModuleCalls(dir string) ([]ModuleCall, error) {
	files, err := parseModuleDir(dir)
	if err != nil {
		return nil, err
	}
	var out []ModuleCall
	for _, f := range files {
		for _, b := range f.body.Blocks {
			if b.Type != "module" || len(b.Labels) != 1 {
				continue
			}
			call := ModuleCall{File: f.path, Name: b.Labels[0]}
			if attr, ok := b.Body.Attributes["source"]; ok {
				if v, diags := attr.Expr.Value(nil); !diags.HasErrors() && v.Type().Equals(cty.String) {
					call.Source = v.AsString()
				}
			}
			out = append(out, call)
		}
	}
	return out, nil
}

// localModules lists dir and every directory it reaches through local module sources ("./" or
// "../"), transitively, so a copy that keeps their relative places still resolves every source.
func localModules(dir string) ([]string, error) {
	seen := map[string]bool{}
	var walk func(string) error
	walk = func(d string) error {
		if seen[d] {
			return nil
		}
		seen[d] = true
		calls, err := ModuleCalls(d)
		if err != nil {
			return err
		}
		for _, c := range calls {
			if strings.HasPrefix(c.Source, "./") || strings.HasPrefix(c.Source, "../") {
				if err := walk(filepath.Clean(filepath.Join(d, c.Source))); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(dir); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out, nil
}

func commonAncestor(dirs []string) string {
	base := dirs[0]
	for _, d := range dirs[1:] {
		for !within(d, base) {
			base = filepath.Dir(base)
		}
	}
	return base
}

// within reports whether d is base or below it; the filesystem root holds everything.
func within(d, base string) bool {
	rel, err := filepath.Rel(base, d)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// providerOverride writes the offline override for the root's AWS providers. The default provider
// plans in region, else in var.region when the root declares it, else in ap-northeast-1.
func providerOverride(dir, region string) (string, error) {
	files, err := parseModuleDir(dir)
	if err != nil {
		return "", err
	}
	hasRegionVar := false
	var aliases []string
	for _, f := range files {
		for _, b := range f.body.Blocks {
			switch {
			case b.Type == "variable" && len(b.Labels) == 1 && b.Labels[0] == "region":
				hasRegionVar = true
			case b.Type == "provider" && len(b.Labels) == 1 && b.Labels[0] == "aws":
				if a, ok := b.Body.Attributes["alias"]; ok {
					if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().Equals(cty.String) {
						aliases = append(aliases, v.AsString())
					}
				}
			}
		}
	}
	regionLine := "\n  region                      = \"ap-northeast-1\""
	switch {
	case region != "":
		regionLine = fmt.Sprintf("\n  region                      = %q", region)
	case hasRegionVar:
		regionLine = "\n  region                      = var.region"
	}
	var b strings.Builder
	// A backend of the root's own (S3 in a real stack) would need credentials at init: the copy plans
	// against an empty local state instead.
	b.WriteString("# Written by the offline planner; never part of the root module itself.\nterraform {\n  backend \"local\" {}\n}\n")
	fmt.Fprintf(&b, offlineProviderOverride, regionLine)
	for _, a := range aliases {
		fmt.Fprintf(&b, offlineProviderOverride, fmt.Sprintf("\n  alias                       = %q", a))
	}
	return b.String(), nil
}
