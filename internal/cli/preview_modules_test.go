package cli

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/leakcheck"
	"terraform-basemachina-modules/test/testfiles"
	"terraform-basemachina-modules/tools/release"
)

// capturePlan replaces the offline plan with the fixture plan of examples/complete and keeps what
// preview asked for: the options, and the main.tf of the directory it would plan, read before
// preview removes its copy.
func capturePlan(t *testing.T) (*tfplan.Options, *string) {
	t.Helper()
	var opt tfplan.Options
	var mainTF string
	saved := planOffline
	t.Cleanup(func() { planOffline = saved })
	planOffline = func(_ context.Context, o tfplan.Options) (*tfplan.Result, error) {
		opt = o
		data, _ := os.ReadFile(filepath.Join(o.Dir, "main.tf"))
		mainTF = string(data)
		plan, err := testfiles.LoadPlan("complete")
		if err != nil {
			return nil, err
		}
		raw, _ := os.ReadFile(testfiles.Plan("complete"))
		return &tfplan.Result{Plan: plan, JSON: raw}, nil
	}
	return &opt, &mainTF
}

// writtenRepository writes a customer's repository with init and returns its directory.
func writtenRepository(t *testing.T, v initValues) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	if code, _, stderr := run(t, english, "init", dir, "--values", writeValues(t, t.TempDir(), v)); code != ExitOK {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	return dir
}

// snapshot hashes every file of a tree, to tell that nothing in it changed.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// preview --modules plans a copy of the root whose git sources name the checkout's modules, and
// leaves the root itself as it was; the tenant id, which CI takes from a secret, gets a
// placeholder, said on stderr, unless something gives it.
func TestPreviewWithModulesPlansACopyAgainstTheCheckout(t *testing.T) {
	repo := writtenRepository(t, initAnswers())
	dev := filepath.Join(repo, "dev")
	before := snapshot(t, repo)
	opt, mainTF := capturePlan(t)
	t.Chdir(repo)
	code, _, stderr := run(t, english, "preview", "dev", "--var-file", "dev.tfvars", "--modules", testfiles.Root(), "--out", filepath.Join(t.TempDir(), "plan.json"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if opt.Dir == dev || opt.Dir == "dev" || strings.HasPrefix(opt.Dir, repo) {
		t.Errorf("preview planned %s itself, not a copy", opt.Dir)
	}
	sources := regexp.MustCompile(`source\s*=\s*"([^"]+)"`).FindAllStringSubmatch(*mainTF, -1)
	if len(sources) != 3 {
		t.Fatalf("want the profile, network and bridge calls in the planned main.tf:\n%s", *mainTF)
	}
	for _, s := range sources {
		resolved := filepath.Clean(filepath.Join(opt.Dir, s[1]))
		if !strings.HasPrefix(s[1], "../") || filepath.Dir(resolved) != filepath.Join(testfiles.Root(), "modules") {
			t.Errorf("source %q resolves to %s, want a relative path into %s/modules", s[1], resolved, testfiles.Root())
		}
	}
	if got := opt.Vars["tenant_id"]; got != placeholderValue {
		t.Errorf("tenant_id = %q, want the placeholder", got)
	}
	if len(opt.VarFiles) != 1 || opt.VarFiles[0] != filepath.Join(dev, "dev.tfvars") {
		t.Errorf("--var-file dev.tfvars, named from the root's directory as with terraform -chdir, became %v", opt.VarFiles)
	}
	pinned, err := release.Newest(testfiles.Root())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Planning the 3 module calls of dev (ref " + pinned.Commit + ") against " + filepath.Join(testfiles.Root(), "modules") + "; dev itself is not changed.",
		"tenant_id is ephemeral and not given (TF_VAR_tenant_id, --var or a variables file): the plan uses the placeholder " + placeholderValue + "."} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	after := snapshot(t, repo)
	if len(after) != len(before) {
		t.Errorf("preview added or removed files in the repository: %d before, %d after", len(before), len(after))
	}
	for p, h := range before {
		if after[p] != h {
			t.Errorf("preview changed %s", p)
		}
	}

	// Whatever gives the tenant id keeps it: --var, a variables file, TF_VAR_tenant_id.
	given := filepath.Join(t.TempDir(), "tenant.tfvars.json")
	data, _ := json.Marshal(map[string]string{"tenant_id": "from-a-file"})
	if err := os.WriteFile(given, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{english, []string{"--var", "tenant_id=from-a-flag"}, "from-a-flag"},
		{english, []string{"--var-file", given}, ""},
		{map[string]string{"LANG": "en_US.UTF-8", "TF_VAR_tenant_id": "from-the-environment"}, nil, ""},
	} {
		args := append([]string{"preview", "dev", "--var-file", "dev.tfvars", "--modules", testfiles.Root(), "--out", filepath.Join(t.TempDir(), "plan.json")}, c.args...)
		if code, _, stderr := run(t, c.env, args...); code != ExitOK || opt.Vars["tenant_id"] != c.want || strings.Contains(stderr, "placeholder") {
			t.Errorf("%v: exit %d, tenant_id %q (want %q): %s", c.args, code, opt.Vars["tenant_id"], c.want, stderr)
		}
	}
}

// --modules is refused when it is no checkout of the modules, and when the root calls none of
// them by a git source, so that nothing is planned against something it does not mean.
func TestPreviewRefusesModulesItCannotUse(t *testing.T) {
	capturePlan(t)
	repo := writtenRepository(t, initAnswers())
	own := t.TempDir()
	if err := os.WriteFile(filepath.Join(own, "main.tf"), []byte("variable \"x\" {\n  default = 1\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	notCheckout := t.TempDir()
	cases := []struct {
		args   []string
		en, ja string
	}{
		{[]string{"preview", filepath.Join(repo, "dev"), "--modules", notCheckout},
			"--modules " + notCheckout + " is not a checkout of terraform-basemachina-modules: it holds no modules/bridge/variables.tf.",
			"--modules " + notCheckout + " は terraform-basemachina-modules のチェックアウトではありません"},
		{[]string{"preview", own, "--modules", testfiles.Root()},
			own + " calls no module of terraform-basemachina-modules by a git source, so --modules has nothing to replace.",
			own + " は terraform-basemachina-modules のモジュールを git ソースで呼んでいないので"},
	}
	for _, c := range cases {
		for _, l := range []struct {
			env  map[string]string
			want string
		}{{english, c.en}, {japanese, c.ja}} {
			code, _, stderr := run(t, l.env, c.args...)
			if code != ExitUsage || !strings.Contains(stderr, l.want) {
				t.Errorf("%v (%s): wanted exit 2 and %q, got %d %q", c.args, l.env["LANG"], l.want, code, stderr)
			}
			if l.env["LANG"] == japanese["LANG"] {
				if found := leakcheck.Find(stderr); len(found) > 0 {
					t.Errorf("English in the Japanese refusal: %+v", found)
				}
			}
		}
	}
}

// readmePreviewCommands are the preview commands the template's READMEs document, by the root
// they plan: the lines that begin with `bridgectl preview`, with $MODULES standing for a checkout
// of the modules beside the repository. Both READMEs must document the same command for a root.
func readmePreviewCommands(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, name := range []string{"README.md", "README.en.md"} {
		data, err := os.ReadFile(filepath.Join(testfiles.Root(), "templates", "live", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "bridgectl preview ") {
				continue
			}
			line = os.Expand(line, func(v string) string {
				if v == "MODULES" {
					return "../terraform-basemachina-modules"
				}
				return "$" + v
			})
			args := strings.Fields(strings.ReplaceAll(line, `"`, ""))[1:]
			if len(args) < 2 {
				continue
			}
			root := args[1]
			if prev, ok := out[root]; ok && strings.Join(prev, " ") != strings.Join(args, " ") {
				t.Errorf("the READMEs document two preview commands for %s: %v and %v", root, prev, args)
			}
			out[root] = args
		}
	}
	return out
}

// The written repository plans offline, each root once: real terraform init and plan against this
// working tree's modules, nothing downloaded, the tenant id a placeholder, the repository
// untouched, the stacks under the answered names, and every security rule of `bridgectl check`
// holds on each plan. The commands are the ones the template READMEs
// document (verbatim, run at the top of the repository with the modules checked out beside it as
// ../terraform-basemachina-modules); a root they leave out fails the test.
func TestTheWrittenRepositoryPlansOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("Skipping: plans three roots with terraform (about a minute); run without -short.")
	}
	root := testfiles.Root()
	// Outside this repository preview uses the user's Terraform configuration: the project's, here.
	t.Setenv("TF_CLI_CONFIG_FILE", tfplan.CLIConfigFile(root))
	t.Setenv("TF_PLUGIN_CACHE_DIR", tfplan.PluginCacheDir(root))
	t.Setenv("TF_VAR_tenant_id", "")
	_ = os.Unsetenv("TF_VAR_tenant_id")
	work := t.TempDir()
	repo := filepath.Join(work, "repo")
	if code, _, stderr := run(t, english, "init", repo, "--values", writeValues(t, work, initAnswers())); code != ExitOK {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if err := os.Symlink(root, filepath.Join(work, "terraform-basemachina-modules")); err != nil {
		t.Fatal(err)
	}
	commands := readmePreviewCommands(t)
	before := snapshot(t, repo)
	t.Chdir(repo)
	for _, c := range []struct{ root, vars, name string }{
		{"bootstrap", "bootstrap.tfvars", `"bridge-cicd-apply-dev"`},
		{"dev", "dev.tfvars", `"globex-dev-`},
		{"production", "production.tfvars", `"globex-prod-`},
	} {
		args, documented := commands[c.root]
		if !documented {
			t.Errorf("the template READMEs give no `bridgectl preview %s` command (step 1)", c.root)
			args = []string{"preview", c.root, "--var-file", c.vars, "--modules", "../terraform-basemachina-modules"}
		}
		out := filepath.Join(t.TempDir(), c.root+".plan.json")
		code, stdout, stderr := run(t, english, append(args, "--out", out)...)
		if code != ExitOK {
			t.Errorf("bridgectl %s (documented in the README: %v): exit %d:\n%s\n%s", strings.Join(args, " "), documented, code, stdout, stderr)
			continue
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := tfplan.Parse(data)
		if err != nil || len(plan.ResourceChanges) < 10 || !strings.Contains(string(data), c.name) {
			t.Errorf("%s: want a plan of the stack named %s, got %v", c.root, c.name, err)
		}
		// The pull-request and plan jobs run check on the same plan and fail on a broken rule.
		if code, stdout, stderr := run(t, english, "check", out); code != ExitOK {
			t.Errorf("bridgectl check on %s's plan: exit %d:\n%s\n%s", c.root, code, stdout, stderr)
		}
		if placeholder := strings.Contains(stderr, "tenant_id is ephemeral"); placeholder != (c.root != "bootstrap") {
			t.Errorf("%s: tenant_id placeholder said %v:\n%s", c.root, placeholder, stderr)
		}
	}
	after := snapshot(t, repo)
	for p, h := range before {
		if after[p] != h {
			t.Errorf("preview changed %s", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("preview left files in the repository: %d before, %d after", len(before), len(after))
	}
}
