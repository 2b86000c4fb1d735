package workflows

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/templates"
	"terraform-basemachina-modules/test/testfiles"
	"terraform-basemachina-modules/tools/release"
)

func repoRoot(*testing.T) string { return testfiles.Root() }

// readRepoFile is a file of the repository as text; a missing file fails the test.
func readRepoFile(t *testing.T, root, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// newest is the newest release of RELEASES: the template and its workflows pin its commit.
func newest(t *testing.T) release.Release {
	t.Helper()
	r, err := release.Newest(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// releaseRef is the commit the template's sources and workflows must pin.
func releaseRef(t *testing.T) string { return newest(t).Commit }

func repos(t *testing.T) map[string]Repo {
	root := repoRoot(t)
	ref := releaseRef(t)
	return map[string]Repo{
		".github/workflows":                  {Root: root, Modules: root, Remote: templates.Repository, Ref: ref},
		templates.Dir + "/.github/workflows": {Root: filepath.Join(root, templates.Dir), Modules: root, Remote: templates.Repository, Ref: ref},
	}
}

func TestEveryWorkflowReferencesOnlyWhatExists(t *testing.T) {
	n := 0
	for dir, repo := range repos(t) {
		files, _ := filepath.Glob(filepath.Join(repoRoot(t), dir, "*.yml"))
		for _, f := range files {
			n++
			for _, p := range Check(repo, f) {
				t.Errorf("%s/%s", dir, p)
			}
		}
	}
	if n < 6 {
		t.Fatalf("found %d workflows, want at least ci, integration, terraform, terraform-drift and the template's bridge and drift", n)
	}
}

// TestCheckCatchesBrokenWorkflows: each broken workflow must be reported, with what is wrong.
func TestCheckCatchesBrokenWorkflows(t *testing.T) {
	repo := repos(t)[templates.Dir+"/.github/workflows"]
	caller := func(with, secrets string) string {
		return "on:\n  push:\njobs:\n  dev:\n    uses: " + templates.Repository + "/.github/workflows/terraform.yml@" + repo.Ref + "\n    with:\n" + with + "    secrets:\n" + secrets
	}
	full := "      working_directory: dev\n      environment: dev\n      aws_region: x\n      plan_role_arn: x\n      modules_repository: " + templates.Repository + "\n      modules_ref: " + repo.Ref + "\n"
	tenant := "      tenant_id: x\n"
	cases := map[string]struct{ workflow, want string }{
		"the first wave's missing production.tfvars": {
			"on:\n  push:\nenv:\n  TFVARS_FILE: production.tfvars\njobs:\n  apply:\n    defaults:\n      run:\n        working-directory: dev\n    steps: []\n",
			`TFVARS_FILE = "production.tfvars", which does not exist`,
		},
		"an undeclared input": {
			"on:\n  workflow_call:\n    inputs:\n      a:\n        type: string\njobs:\n  x:\n    steps:\n      - run: echo ${{ inputs.b }}\n",
			"reads inputs.b, which it does not declare",
		},
		"an undeclared secret": {
			"on:\n  workflow_call:\njobs:\n  x:\n    steps:\n      - run: echo ${{ secrets.token }}\n",
			"reads secrets.token",
		},
		"a missing required input": {caller(strings.Replace(full, "      plan_role_arn: x\n", "", 1), tenant), "does not pass the required input plan_role_arn"},
		"an unknown input":         {caller(full+"      region: x\n", tenant), "passes input region, which"},
		"a missing secret":         {caller(full, "      other: x\n"), "does not pass the required secret tenant_id"},
		"a directory that is not there": {
			caller(strings.Replace(full, "working_directory: dev", "working_directory: staging", 1), tenant),
			`working_directory "staging" does not exist`,
		},
		"an environment without its variables file": {
			caller(strings.Replace(full, "environment: dev", "environment: staging", 1), tenant),
			"dev has no staging.tfvars",
		},
		"a tag instead of the release commit": {
			strings.Replace(caller(full, tenant), "@"+repo.Ref, "@v1.0.0", 1),
			"pin the newest release's commit " + repo.Ref,
		},
		"modules_ref at another commit": {
			caller(strings.Replace(full, "modules_ref: "+repo.Ref, "modules_ref: 55ab0193c0fca37e7aafd1392ff94bc88eed21cf", 1), tenant),
			"modules_ref = 55ab0193c0fca37e7aafd1392ff94bc88eed21cf, want " + repo.Ref,
		},
		"an input pasted into a script": {
			"on:\n  workflow_call:\n    inputs:\n      dir:\n        type: string\njobs:\n  x:\n    steps:\n      - name: say\n        run: echo ${{ inputs.dir }}\n",
			"job x: step 1 (say) expands ${{ }} inside run:",
		},
		"a path filter of nothing": {"on:\n  pull_request:\n    paths: [\"staging/**\"]\njobs: {}\n", `paths names "staging/**"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), "broken.yml")
			if err := os.WriteFile(f, []byte(c.workflow), 0o644); err != nil {
				t.Fatal(err)
			}
			problems := strings.Join(Check(repo, f), "\n")
			if !strings.Contains(problems, c.want) {
				t.Errorf("want a problem containing %q, got:\n%s", c.want, problems)
			}
		})
	}
}

// TestTemplateMatchesTheBootstrap: the template's environments are the bootstrap's, each root's
// backend key is the one its apply role may write, and every module source is this repository at
// the newest release's commit.
func TestTemplateMatchesTheBootstrap(t *testing.T) {
	root := repoRoot(t)
	read := func(rel string) string { return readRepoFile(t, root, rel) }
	prefix := regexp.MustCompile(`key_prefix\s*=\s*optional\(string,\s*"([^"]+)"\)`).FindStringSubmatch(read("modules/bootstrap/variables.tf"))
	if prefix == nil {
		t.Fatal("modules/bootstrap/variables.tf: no default state.key_prefix")
	}
	bootstrapDefault := regexp.MustCompile(`(?s)variable "environments".*?default\s*=\s*\{(.*?)\}\s*nullable`).FindStringSubmatch(read("modules/bootstrap/variables.tf"))
	for _, env := range templates.Environments {
		if bootstrapDefault == nil || !strings.Contains(bootstrapDefault[1], env+" ") {
			t.Errorf("the bootstrap module's default environments do not include %s", env)
		}
		versions := read(templates.Dir + "/" + env + "/versions.tf")
		want := `key          = "` + prefix[1] + "/" + env + `/terraform.tfstate"`
		if !strings.Contains(versions, want) {
			t.Errorf("%s/%s/versions.tf: want the backend key the bootstrap gives %s (%s)", templates.Dir, env, env, want)
		}
		// The environment's roles manage only names under its prefix and records in dns_names: its
		// own variables file must stay inside both, or its first apply is denied.
		entry := regexp.MustCompile(`(?m)^\s*` + env + `\s*=\s*\{\s*name_prefix\s*=\s*"([^"]+)".*dns_names\s*=\s*\["([^"]+)"\]`).FindStringSubmatch(read(templates.Dir + "/bootstrap/bootstrap.tfvars"))
		if entry == nil {
			t.Errorf("%s/bootstrap/bootstrap.tfvars does not create the environment %s with a name_prefix and dns_names", templates.Dir, env)
			continue
		}
		tfvars := read(templates.Dir + "/" + env + "/" + env + ".tfvars")
		name := regexp.MustCompile(`(?m)^name\s*=\s*"([^"]+)"`).FindStringSubmatch(tfvars)
		domain := regexp.MustCompile(`(?m)^domain_name\s*=\s*"([^"]+)"`).FindStringSubmatch(tfvars)
		if name == nil || !strings.HasPrefix(name[1], entry[1]) {
			t.Errorf("%s/%s/%s.tfvars: name %v does not begin with the bootstrap's name_prefix %q for %s", templates.Dir, env, env, name, entry[1], env)
		}
		if domain == nil || domain[1] != entry[2] {
			t.Errorf("%s/%s/%s.tfvars: domain_name %v is not the bootstrap's dns_names %q for %s", templates.Dir, env, env, domain, entry[2], env)
		}
	}
	matrix := regexp.MustCompile(`environment: \[(.*)\]`).FindStringSubmatch(read(templates.Dir + "/.github/workflows/drift.yml"))
	if matrix == nil || !slices.Equal(strings.Split(strings.ReplaceAll(matrix[1], " ", ""), ","), templates.Environments) {
		t.Errorf("the drift workflow's matrix is %v, want every environment %v", matrix, templates.Environments)
	}
	for _, r := range templates.Roots {
		sources, err := templates.Sources(filepath.Join(root, templates.Dir, r))
		if err != nil {
			t.Error(err)
			continue
		}
		if len(sources) == 0 {
			t.Errorf("%s/%s calls no module", templates.Dir, r)
		}
		for _, s := range sources {
			if _, err := os.Stat(filepath.Join(root, "modules", s.Module)); err != nil {
				t.Errorf("%s calls modules/%s, which does not exist", s.File, s.Module)
			}
			if s.Ref != releaseRef(t) {
				t.Errorf("%s calls modules/%s at %s, want %s (the newest release in RELEASES)", s.File, s.Module, s.Ref, releaseRef(t))
			}
		}
	}
}

// TestTemplateWorkflowsReadTheBootstrapsVariables: every variable the template's workflows read is
// one the bootstrap's github_variables output gives (for an environment the template bootstrap
// creates, and a pull-request role only where that environment allows pull requests), or
// AWS_REGION; a renamed output or a typo would leave a role ARN empty at run time.
func TestTemplateWorkflowsReadTheBootstrapsVariables(t *testing.T) {
	root := repoRoot(t)
	read := func(rel string) string { return readRepoFile(t, root, rel) }
	outputs := read("modules/bootstrap/outputs.tf")
	given := map[string]bool{"AWS_REGION": true}
	tfvars := read(templates.Dir + "/bootstrap/bootstrap.tfvars")
	for _, env := range templates.Environments {
		entry := regexp.MustCompile(`(?m)^\s*` + env + `\s*=\s*\{(.*)\}`).FindStringSubmatch(tfvars)
		if entry == nil {
			t.Fatalf("%s/bootstrap/bootstrap.tfvars does not create %s", templates.Dir, env)
		}
		for _, m := range regexp.MustCompile(`"([A-Z_]+_)\$\{upper\(replace\(env, "-", "_"\)\)\}" => (r\.arn|"s3)`).FindAllStringSubmatch(outputs, -1) {
			if m[1] == "AWS_PR_ROLE_ARN_" && !strings.Contains(entry[1], "plan_pull_requests = true") {
				continue
			}
			given[m[1]+strings.ToUpper(strings.ReplaceAll(env, "-", "_"))] = true
		}
	}
	if !strings.Contains(outputs, `AWS_APPLY_ROLE_ARN = r.arn`) {
		t.Fatal("modules/bootstrap/outputs.tf: github_variables gives no AWS_APPLY_ROLE_ARN per GitHub environment")
	}
	if len(given) < 1+2*len(templates.Environments) {
		t.Fatalf("found only %v in the bootstrap's github_variables: the pattern no longer matches outputs.tf", given)
	}
	reads := regexp.MustCompile(`vars\.([A-Z0-9_]+)|plan_role: ([A-Z0-9_]+)`)
	for _, f := range []string{"bridge.yml", "drift.yml"} {
		n := 0
		for _, m := range reads.FindAllStringSubmatch(read(templates.Dir+"/.github/workflows/"+f), -1) {
			n++
			if name := m[1] + m[2]; !given[name] {
				t.Errorf("%s reads the variable %s, which the template bootstrap does not give (it gives %v)", f, name, slices.Sorted(maps.Keys(given)))
			}
		}
		if n == 0 {
			t.Errorf("%s reads no variable", f)
		}
	}
}

// TestTheReusableWorkflowAppliesWhatWasApproved: pull requests plan with the role that can read
// nothing but state, and the apply job applies the saved plan it was shown, checked by its hash.
func TestTheReusableWorkflowAppliesWhatWasApproved(t *testing.T) {
	w, text, err := Load(filepath.Join(repoRoot(t), ".github/workflows/terraform.yml"))
	if err != nil {
		t.Fatal(err)
	}
	script := func(job string) string {
		var b strings.Builder
		for _, s := range w.Jobs[job].Steps {
			b.WriteString(s.Run + "\n")
		}
		return b.String()
	}
	for job, wants := range map[string][]string{
		"pull-request": {"-refresh=false -lock=false", "terraform show -json tfplan"},
		"plan":         {"-out=tfplan", `check plan.json`, `aws s3 cp --only-show-errors tfplan "$uri"`, "GITHUB_STEP_SUMMARY"},
		"apply":        {`aws s3 cp --only-show-errors "$SAVED_PLAN" tfplan`, "sha256sum --check", "terraform apply -input=false -no-color -lock-timeout=5m tfplan"},
	} {
		for _, want := range wants {
			if !strings.Contains(script(job), want) {
				t.Errorf("job %s does not run %q", job, want)
			}
		}
	}
	if strings.Contains(script("apply"), "terraform plan") {
		t.Error("the apply job plans again: what it applies would not be what was approved")
	}
	if !strings.Contains(text, "role-to-assume: ${{ inputs.pull_request_role_arn }}") {
		t.Error("the pull-request job does not assume the pull-request role")
	}
}

// A run step without shell: is bash -e {0}, without pipefail (GitHub Docs, "Workflow syntax for
// GitHub Actions"): a command piped into tee would fail silently. Every such pipe in the
// workflows sets pipefail in its step.
func TestPipesIntoTeeFailWithTheirCommand(t *testing.T) {
	root := repoRoot(t)
	files, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	more, _ := filepath.Glob(filepath.Join(root, templates.Dir, ".github", "workflows", "*.yml"))
	pipes := 0
	for _, f := range append(files, more...) {
		lines := strings.Split(readRepoFile(t, root, strings.TrimPrefix(f, root+"/")), "\n")
		for i, line := range lines {
			if !strings.Contains(line, "| tee") {
				continue
			}
			pipes++
			step := i
			for step > 0 && !strings.Contains(lines[step], "- name:") {
				step--
			}
			if !strings.Contains(strings.Join(lines[step:i], "\n"), "set -o pipefail") && !strings.Contains(strings.Join(lines[step:i], "\n"), "shell: bash") {
				t.Errorf("%s:%d pipes into tee in a step without pipefail: the step passes when the command fails", f, i+1)
			}
		}
	}
	if pipes == 0 {
		t.Fatal("no workflow pipes into tee: the test checks nothing (update it if the workflows changed)")
	}
}

// TestTheReusableWorkflowBuildsBridgectlFromThePinnedCommit: each job that runs bridgectl builds
// it from a checkout of modules_ref, after a step that fails unless modules_ref is a 40-digit commit
// and the one this workflow runs at (the OIDC claim job_workflow_sha): a caller whose uses: moved
// to another commit while modules_ref stayed behind (what Dependabot and Renovate leave) is refused.
func TestTheReusableWorkflowBuildsBridgectlFromThePinnedCommit(t *testing.T) {
	w, _, err := Load(filepath.Join(repoRoot(t), ".github/workflows/terraform.yml"))
	if err != nil {
		t.Fatal(err)
	}
	builds := 0
	for name, j := range w.Jobs {
		checkout, check, build := -1, -1, -1
		for i, s := range j.Steps {
			script, _ := s.With["script"].(string)
			switch {
			case strings.HasPrefix(s.Uses, "actions/checkout@") && s.With["repository"] == "${{ inputs.modules_repository }}":
				checkout = i
				if s.With["ref"] != "${{ inputs.modules_ref }}" {
					t.Errorf("job %s checks out the modules at %v, want ${{ inputs.modules_ref }}", name, s.With["ref"])
				}
			case strings.HasPrefix(s.Uses, "actions/github-script@") && strings.Contains(script, "job_workflow_sha"):
				check = i
				if s.Env["MODULES_REF"] != "${{ inputs.modules_ref }}" || !strings.Contains(script, "/^[0-9a-f]{40}$/") || !strings.Contains(script, "claims.job_workflow_sha !== ref") || !strings.Contains(script, "core.setFailed") {
					t.Errorf("job %s: the modules_ref check no longer compares modules_ref, a 40-digit commit, with job_workflow_sha:\n%s", name, script)
				}
			case strings.Contains(s.Run, "./cmd/bridgectl"):
				build = i
				if s.WorkingDirectory != ".bridge-modules" || strings.Contains(s.Run, "go install") {
					t.Errorf("job %s builds bridgectl from %q with %q, want go build in the checkout of modules_ref", name, s.WorkingDirectory, s.Run)
				}
			}
		}
		if build < 0 {
			continue
		}
		builds++
		if checkout < 0 || check < 0 || check > checkout || checkout > build {
			t.Errorf("job %s builds bridgectl (step %d) without checking modules_ref (step %d) and then checking it out (step %d)", name, build+1, check+1, checkout+1)
		}
	}
	if builds < 2 {
		t.Errorf("%d jobs build bridgectl, want pull-request and plan", builds)
	}
}
