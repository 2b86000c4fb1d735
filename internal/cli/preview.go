package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	flag "github.com/spf13/pflag"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/preview"
	"terraform-basemachina-modules/internal/templates"
	"terraform-basemachina-modules/internal/tfplan"
)

// planOffline runs the offline plan; tests replace it to avoid terraform.
var planOffline = tfplan.Plan

type previewCmd struct {
	dir      string
	varFiles []string
	vars     []string
	region   string
	out      string
	asJSON   bool
	timeout  time.Duration
	modules  string // a local checkout of terraform-basemachina-modules (--modules)
}

func (c *previewCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	fs.StringArrayVar(&c.varFiles, "var-file", nil, l.S("A variables file, as terraform plan's -var-file. Repeatable."))
	fs.StringArrayVar(&c.vars, "var", nil, l.S("A variable NAME=VALUE, as terraform plan's -var. Repeatable."))
	fs.StringVar(&c.region, "region", "", l.S("Region to plan and price; a region without prices gets the whole preview with the cost shown as unavailable. Defaults to the root's region variable, else ap-northeast-1."))
	fs.StringVar(&c.out, "out", "", l.S("File that receives the plan JSON (default: a temporary directory; it holds sensitive variable values, so do not share it)."))
	fs.BoolVar(&c.asJSON, "json", false, l.S("Print the summary and estimate as JSON."))
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, l.S("How long terraform init and plan may take."))
	fs.StringVar(&c.modules, "modules", "", l.S("A local checkout of terraform-basemachina-modules: the root's git sources of its modules are planned against it, in a copy of the root, with nothing downloaded."))
}

func (c *previewCmd) validate(args []string, l i18n.Lang) error {
	if len(args) > 1 {
		return usagef("Give at most one root module directory (got %d).", len(args))
	}
	c.dir = "."
	if len(args) == 1 {
		c.dir = args[0]
	}
	if st, err := os.Stat(c.dir); err != nil || !st.IsDir() {
		return usagef("%s is not a directory: give the directory of a Terraform root module.", c.dir)
	}
	if matches, _ := filepath.Glob(filepath.Join(c.dir, "*.tf")); len(matches) == 0 {
		return usagef("%s holds no .tf files: give the directory of a Terraform root module.", c.dir)
	}
	for i, f := range c.varFiles {
		if _, err := os.Stat(f); err != nil {
			// As with terraform -chdir=DIR, a file named from the root module's directory.
			inRoot := filepath.Join(c.dir, f)
			if _, rootErr := os.Stat(inRoot); filepath.IsAbs(f) || rootErr != nil {
				return usagef("The variables file %s does not exist.", f)
			}
			c.varFiles[i] = inRoot
		}
	}
	if c.modules != "" {
		if _, err := templates.ModulesOf(c.modules); err != nil {
			return usagef("--modules %s is not a checkout of terraform-basemachina-modules: it holds no modules/bridge/variables.tf.", c.modules)
		}
	}
	for _, v := range c.vars {
		if k, _, ok := strings.Cut(v, "="); !ok || k == "" {
			return usagef("--var takes NAME=VALUE (got %q).", v)
		}
	}
	if c.timeout <= 0 {
		return usagef("--timeout must be positive.")
	}
	return nil
}

func (c *previewCmd) execute(ctx context.Context, env IO, l i18n.Lang) error {
	repoRoot, _ := tfplan.RepoRoot() // empty outside this repository: the user's Terraform configuration applies
	vars := map[string]string{}
	for _, v := range c.vars {
		k, val, _ := strings.Cut(v, "=")
		vars[k] = val
	}
	varFiles := make([]string, len(c.varFiles))
	for i, f := range c.varFiles {
		abs, err := filepath.Abs(f)
		if err != nil {
			return usageError{err}
		}
		varFiles[i] = abs
	}
	placeholders, err := c.ephemeralPlaceholders(env, vars)
	if err != nil {
		return err
	}
	for _, name := range placeholders {
		fmt.Fprintf(env.Stderr, l.S("%s is ephemeral and not given (TF_VAR_%s, --var or a variables file): the plan uses the placeholder %s.\n"), name, name, placeholderValue)
	}
	planDir := c.dir
	if c.modules != "" {
		copied, cleanup, err := c.pointAtModules(env, l)
		if err != nil {
			return err
		}
		defer cleanup()
		planDir = copied
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	started := time.Now()
	fmt.Fprintf(env.Stderr, l.S("Copying %s to a temporary directory and running terraform init / plan with dummy credentials (no AWS account needed)...\n"), c.dir)
	res, err := planOffline(ctx, tfplan.Options{RepoRoot: repoRoot, Dir: planDir, Region: c.region, Vars: vars, VarFiles: varFiles})
	if err != nil {
		return planFailed(env, err)
	}
	defer res.Cleanup()
	fmt.Fprintf(env.Stderr, l.S("Planned in %.1f s\n"), time.Since(started).Seconds())

	planPath, err := c.writePlan(res.JSON)
	if err != nil {
		return err
	}
	region := c.region
	if region == "" {
		region = "ap-northeast-1"
		if v, ok := res.Plan.Variables["region"]; ok && v != nil {
			if s, ok := v.Value.(string); ok && s != "" {
				region = s
			}
		}
	}
	summary := preview.Summarize(res.Plan, cost.Category, l)
	// A region without prices comes back as an estimate marked unavailable, not as an error: the
	// rest of the preview does not depend on prices, so it is shown whole.
	estimate, err := cost.FromPlan(res.Plan, region, cost.DefaultAssumptions())
	if err != nil {
		return usageError{err}
	}
	if c.asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		out := map[string]any{"summary": summary, "cost": estimate, "plan_json": planPath}
		if summary.EgressComparable() {
			out["compare"] = cost.Compare(estimate)
		}
		return enc.Encode(out)
	}
	root := preview.Root{Dir: c.dir, Example: isExample(repoRoot, c.dir), PlanPath: planPath}
	printFitted(env.Stdout, func(w io.Writer) { preview.Write(w, root, summary, estimate, l) })
	return nil
}

// isExample tells whether dir is one of this repository's examples, where `make test` runs.
func isExample(repoRoot, dir string) bool {
	if repoRoot == "" {
		return false
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(filepath.Join(repoRoot, "examples"), abs)
	return err == nil && rel != "." && !strings.HasPrefix(rel, "..") && !strings.Contains(rel, string(filepath.Separator))
}

// planFailed shows only Terraform's diagnostics of a failed init or plan, and keeps everything the
// command printed in a file (readable by its owner only: it may name variable values) whose path
// it gives. Other failures (a root that cannot be copied) are reported as they are.
func planFailed(env IO, err error) error {
	var f *tfplan.Failure
	if !errors.As(err, &f) {
		return i18n.Errorf("The offline plan failed: %w", err)
	}
	if d := preview.Diagnostics(f.Stdout, f.Stderr); d != "" {
		fmt.Fprintln(env.Stderr, d)
		fmt.Fprintln(env.Stderr)
	}
	log, werr := os.CreateTemp("", "bridgectl-preview-*.log")
	if werr == nil {
		_, werr = io.WriteString(log, "$ terraform "+f.Command+"\n"+f.Stdout+f.Stderr)
		if cerr := log.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		return i18n.Errorf("The offline plan failed: terraform %s ended with %w, and its full output could not be written to a file: %w", f.Command, f.Err, werr)
	}
	return i18n.Errorf("The offline plan failed: terraform %s ended with %w. Its full output: %s", f.Command, f.Err, log.Name())
}

// writePlan keeps the plan JSON for `bridgectl cost` and `bridgectl check`, readable by its owner
// only: it holds the values of sensitive variables.
func (c *previewCmd) writePlan(data []byte) (string, error) {
	path := c.out
	if path == "" {
		f, err := os.CreateTemp("", "bridgectl-preview-*.plan.json")
		if err != nil {
			return "", err
		}
		path = f.Name()
		_ = f.Close()
	} else if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", err
	}
	return path, os.Chmod(path, 0o600)
}
