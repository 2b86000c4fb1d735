// Package tfplan plans the repository's examples without an AWS account and reads the result.
//
// An offline plan runs real `terraform init` and `terraform plan` in a temporary copy of the
// repository's modules and one example, with a provider override that uses dummy credentials and
// skips every AWS call the provider would make before apply.
package tfplan

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"terraform-basemachina-modules/internal/i18n"

	tfjson "github.com/hashicorp/terraform-json"
)

// offlineProviderOverride configures the AWS provider so that planning needs no credentials. The
// access key is an obvious placeholder: nothing can be created with it. One block is written for
// the default provider and one per alias the root declares, since an override must match each.
const offlineProviderOverride = `
provider "aws" {%s
  access_key                  = "AKIAOFFLINEPLAN00000"
  secret_key                  = "offline-plan-placeholder-not-a-secret"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`

var initMu sync.Mutex

// Options describe one offline plan.
type Options struct {
	RepoRoot string // repository root (holds modules/ and examples/); empty outside this repository
	Example  string // directory name under examples/, when Dir is empty
	// Dir is the root module to plan: any directory whose module sources are local paths or
	// reachable remote ones.
	Dir      string
	Region   string            // region of the default provider; empty uses var.region, else ap-northeast-1
	Vars     map[string]string // -var values
	VarFiles []string          // -var-file paths, relative to the root module or absolute
	// Prepare runs in the copied root directory before init, for files a plan needs
	// (a test certificate, for instance).
	Prepare func(rootDir string) error
	// Log receives terraform's output; nil discards it.
	Log func(format string, args ...any)
	// Copy copies one module directory into the temporary tree; nil is CopyTree, everything the
	// directory holds. Tests give CopyRepositoryFiles, so files a user left there do not count.
	Copy func(src, dst string) error
}

// Result is a finished offline plan.
type Result struct {
	Plan     *tfjson.Plan
	JSON     []byte // output of terraform show -json
	WorkDir  string // the temporary copy of the root module; removed by Cleanup
	cleanDir string
}

// Cleanup removes the temporary copy.
func (r *Result) Cleanup() {
	if r != nil && r.cleanDir != "" {
		_ = os.RemoveAll(r.cleanDir)
	}
}

// Plan copies the root module and every local module it calls to a temporary directory, keeping
// their relative places, adds the offline provider override, and runs terraform init, plan and
// show -json there. The caller's directory is left untouched.
func Plan(ctx context.Context, opt Options) (*Result, error) {
	if opt.Log == nil {
		opt.Log = func(string, ...any) {}
	}
	rootDir := opt.Dir
	if rootDir == "" {
		rootDir = filepath.Join(opt.RepoRoot, "examples", opt.Example)
	}
	rootDir, err := filepath.Abs(rootDir)
	if err != nil {
		return nil, err
	}
	layout, err := localModules(rootDir)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "bridge-offline-plan-")
	if err != nil {
		return nil, i18n.Errorf("Cannot create a temporary directory: %w", err)
	}
	res := &Result{cleanDir: tmp}
	fail := func(err error) (*Result, error) {
		res.Cleanup()
		return nil, err
	}
	if opt.Copy == nil {
		opt.Copy = CopyTree
	}
	base := commonAncestor(layout)
	for _, d := range layout {
		rel, _ := filepath.Rel(base, d)
		if err := opt.Copy(d, filepath.Join(tmp, rel)); err != nil {
			return fail(i18n.Errorf("Cannot copy %s: %w", d, err))
		}
	}
	rel, _ := filepath.Rel(base, rootDir)
	dir := filepath.Join(tmp, rel)
	res.WorkDir = dir
	override, err := providerOverride(rootDir, opt.Region)
	if err != nil {
		return fail(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "offline_plan_override.tf"), []byte(override), 0o600); err != nil {
		return fail(i18n.Errorf("Cannot write the provider override: %w", err))
	}
	if opt.Prepare != nil {
		if err := opt.Prepare(dir); err != nil {
			return fail(i18n.Errorf("Cannot prepare %s for planning: %w", rootDir, err))
		}
	}

	tf := Terraform{Dir: dir, Env: TerraformEnv(opt.RepoRoot), Log: opt.Log}
	run := func(args ...string) ([]byte, error) { return tf.Run(ctx, args...) }

	// Without a lock file, init writes the provider into the shared plugin cache; two inits doing
	// that at once collide ("file exists"), so inits take turns while plans run in parallel.
	initMu.Lock()
	_, err = run("init", "-input=false", "-no-color")
	initMu.Unlock()
	if err != nil {
		return fail(err)
	}
	planArgs := []string{"plan", "-input=false", "-no-color", "-lock=false", "-out=offline.tfplan"}
	for _, f := range opt.VarFiles {
		if !filepath.IsAbs(f) {
			f = filepath.Join(rootDir, f)
		}
		planArgs = append(planArgs, "-var-file="+f)
	}
	for k, v := range opt.Vars {
		planArgs = append(planArgs, fmt.Sprintf("-var=%s=%s", k, v))
	}
	if _, err := run(planArgs...); err != nil {
		return fail(err)
	}
	out, err := run("show", "-json", "offline.tfplan")
	if err != nil {
		return fail(err)
	}
	plan, err := Parse(out)
	if err != nil {
		return fail(err)
	}
	res.Plan, res.JSON = plan, out
	return res, nil
}

// Parse reads `terraform show -json` output of a saved plan.
func Parse(data []byte) (*tfjson.Plan, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, i18n.Errorf("The input is not JSON: %w", err)
	}
	if _, ok := probe["format_version"]; !ok {
		return nil, i18n.Errorf("The input is JSON but not a Terraform plan: it has no format_version (use `terraform show -json PLANFILE`).")
	}
	if _, ok := probe["resource_changes"]; !ok {
		if _, hasValues := probe["values"]; hasValues {
			return nil, i18n.Errorf("The input is Terraform state, not a plan: use `terraform show -json PLANFILE`.")
		}
	}
	var plan tfjson.Plan
	if err := json.Unmarshal(data, &plan); err != nil {
		return nil, i18n.Errorf("Cannot read the Terraform plan: %w", err)
	}
	return &plan, nil
}

// TerraformEnv is the environment for terraform commands: inside this repository its CLI
// configuration and provider cache (scripts/env.sh chooses the same); outside it, the user's own
// configuration.
func TerraformEnv(repoRoot string) []string {
	env := append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	if repoRoot == "" {
		return env
	}
	cache := PluginCacheDir(repoRoot)
	if cache != "" {
		_ = os.MkdirAll(cache, 0o755)
	}
	// An empty TF_PLUGIN_CACHE_DIR is no cache; exec keeps the last of duplicate keys.
	return append(env, "TF_CLI_CONFIG_FILE="+CLIConfigFile(repoRoot), "TF_PLUGIN_CACHE_DIR="+cache)
}

// hasMirror says whether this machine carries hashicorp/aws in the filesystem mirror.
func hasMirror() bool {
	st, err := os.Stat("/opt/tf-plugins")
	return err == nil && st.IsDir()
}

// CLIConfigFile is the project's Terraform CLI configuration for this machine, chosen as
// scripts/env.sh does: the filesystem mirror when /opt/tf-plugins exists, the registry otherwise.
func CLIConfigFile(repoRoot string) string {
	if hasMirror() {
		return filepath.Join(repoRoot, "terraform.rc")
	}
	return filepath.Join(repoRoot, "terraform-registry.rc")
}

// PluginCacheDir is the provider cache for this machine, chosen as scripts/env.sh does: none with
// the mirror, whose unpacked layout `terraform init` links to directly, and .tools/plugin-cache
// with the registry, so each init does not download the provider again. Terraform's cache is not
// safe for concurrent inits (hashicorp/terraform#31964): an init that installs replaces the
// cache's entry, and a parallel `terraform test` met the gap ("fork/exec ...: no such file").
func PluginCacheDir(repoRoot string) string {
	if hasMirror() {
		return ""
	}
	return filepath.Join(repoRoot, ".tools", "plugin-cache")
}

// RepoRoot finds the repository root from the working directory upwards.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "terraform.rc")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "modules")); err == nil {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", i18n.Errorf("Not inside the terraform-basemachina-modules repository: no terraform.rc and modules/ above the working directory.")
		}
		dir = parent
	}
}

// CopyTree copies a directory, skipping Terraform's working files.
func CopyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if skipped(d.Name(), d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(path, target)
	})
}

// CopyRepositoryFiles copies what the repository holds under src (tracked files, and new files
// git does not ignore) into dst, with CopyTree's exceptions. Files a user's own commands left in
// the working tree (a certificate from `make preview`, state, tfvars, overrides) are ignored by
// .gitignore and so never reach a test's copy. Outside a git work tree it copies like CopyTree.
func CopyRepositoryFiles(src, dst string) error {
	list := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
	list.Dir = src
	out, err := list.Output()
	if err != nil {
		inside := exec.Command("git", "rev-parse", "--is-inside-work-tree")
		inside.Dir = src
		if inside.Run() != nil {
			return CopyTree(src, dst)
		}
		return i18n.Errorf("Cannot list the repository files under %s: %w", src, err)
	}
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if rel == "" || skippedPath(rel) {
			continue
		}
		path := filepath.Join(src, filepath.FromSlash(rel))
		// --cached lists a tracked file the work tree has deleted: the copy follows the work tree.
		if st, err := os.Stat(path); err != nil || st.IsDir() {
			continue
		}
		target := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := copyFile(path, target); err != nil {
			return err
		}
	}
	return nil
}

// skipped names what a copy leaves out: Terraform's working files, and the modules' native tests.
func skipped(name string, dir bool) bool {
	if dir {
		return name == ".terraform" || name == "tests"
	}
	return name == ".terraform.lock.hcl" || strings.HasSuffix(name, ".tfstate") || strings.HasSuffix(name, ".tfplan")
}

func skippedPath(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, dir := range parts[:len(parts)-1] {
		if skipped(dir, true) {
			return true
		}
	}
	return skipped(parts[len(parts)-1], false)
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
