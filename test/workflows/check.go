// Package workflows checks GitHub Actions workflows against the repository they run in: every
// input and secret they read is declared, every reusable workflow they call exists and gets the
// inputs it requires, and every directory, variables file and path filter they name exists. The
// copied deploy workflow of the first wave read a production.tfvars that never existed; this is
// the check that would have failed on it.
package workflows

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Workflow is the part of a workflow file the checks read.
type Workflow struct {
	RawOn map[string]yaml.Node `yaml:"on"`
	On    map[string]trigger   `yaml:"-"`
	Env   map[string]string    `yaml:"env"`
	Jobs  map[string]job       `yaml:"jobs"`
}

type trigger struct {
	Paths   []string         `yaml:"paths"`
	Inputs  map[string]input `yaml:"inputs"`
	Secrets map[string]input `yaml:"secrets"`
}

type input struct {
	Required bool `yaml:"required"`
	Default  any  `yaml:"default"`
}

type job struct {
	Uses     string            `yaml:"uses"`
	With     map[string]any    `yaml:"with"`
	Secrets  any               `yaml:"secrets"`
	Env      map[string]string `yaml:"env"`
	Strategy struct {
		Matrix map[string]any `yaml:"matrix"`
	} `yaml:"strategy"`
	Defaults struct {
		Run struct {
			WorkingDirectory string `yaml:"working-directory"`
		} `yaml:"run"`
	} `yaml:"defaults"`
	Steps []step `yaml:"steps"`
}

type step struct {
	Name             string            `yaml:"name"`
	Uses             string            `yaml:"uses"`
	Run              string            `yaml:"run"`
	WorkingDirectory string            `yaml:"working-directory"`
	With             map[string]any    `yaml:"with"`
	Env              map[string]string `yaml:"env"`
}

// Repo describes where a workflow runs and what it may call.
type Repo struct {
	// Root is the directory the workflow's repository checks out (this repository, or the
	// customer repository template).
	Root string
	// Modules is this repository's root: where OWNER/terraform-basemachina-modules/... and
	// ./.github/workflows/... resolve for the workflows of Root == Modules.
	Modules string
	// Remote is how callers name this repository (OWNER/terraform-basemachina-modules).
	Remote string
	// Ref is the commit callers must pin it to: the newest release's in RELEASES.
	Ref string
}

var (
	expression = regexp.MustCompile(`\$\{\{(.*?)\}\}`)
	inputRef   = regexp.MustCompile(`\binputs\.([A-Za-z0-9_-]+)`)
	secretRef  = regexp.MustCompile(`\bsecrets\.([A-Za-z0-9_-]+)`)
	matrixRef  = regexp.MustCompile(`^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$`)
	hashFiles  = regexp.MustCompile(`hashFiles\(([^)]*)\)`)
	quoted     = regexp.MustCompile(`'([^']+)'`)
)

// Load parses one workflow file.
func Load(file string) (*Workflow, string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, "", err
	}
	var w Workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		return nil, "", fmt.Errorf("%s: %w", file, err)
	}
	// Triggers are mappings (push, workflow_call), lists (schedule) or empty (workflow_dispatch:).
	w.On = map[string]trigger{}
	for event, node := range w.RawOn {
		var t trigger
		if node.Kind == yaml.MappingNode {
			if err := node.Decode(&t); err != nil {
				return nil, "", fmt.Errorf("%s: on.%s: %w", file, event, err)
			}
		}
		w.On[event] = t
	}
	return &w, string(data), nil
}

// Check returns every problem of one workflow file, or none.
func Check(repo Repo, file string) []string {
	w, text, err := Load(file)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	fail := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s: ", filepath.Base(file))+fmt.Sprintf(format, args...))
	}
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(repo.Root, filepath.FromSlash(rel)))
		return err == nil
	}

	// What the file reads must be declared.
	call, reusable := w.On["workflow_call"]
	dispatch := w.On["workflow_dispatch"]
	for _, m := range expression.FindAllStringSubmatch(text, -1) {
		for _, r := range inputRef.FindAllStringSubmatch(m[1], -1) {
			if _, ok := call.Inputs[r[1]]; !ok {
				if _, ok := dispatch.Inputs[r[1]]; !ok {
					fail("reads inputs.%s, which it does not declare", r[1])
				}
			}
		}
		for _, r := range secretRef.FindAllStringSubmatch(m[1], -1) {
			if _, ok := call.Secrets[r[1]]; reusable && !ok && r[1] != "GITHUB_TOKEN" {
				fail("reads secrets.%s, which its workflow_call does not declare", r[1])
			}
		}
	}

	// Path filters must name something that exists.
	for event, t := range w.On {
		for _, p := range t.Paths {
			prefix := strings.TrimSuffix(strings.SplitN(p, "*", 2)[0], "/")
			if prefix != "" && !exists(prefix) {
				fail("on.%s.paths names %q, which does not exist", event, p)
			}
		}
	}

	for name, j := range w.Jobs {
		dirs := map[string]bool{}
		if d := j.Defaults.Run.WorkingDirectory; d != "" && !strings.Contains(d, "${{") {
			dirs[d] = true
		}
		for i, s := range j.Steps {
			// An expression inside a script is pasted into it before the shell runs: a branch
			// name or an input with `"; curl ...` becomes code (GitHub's security hardening
			// guide, "Understanding the risk of script injections"). Values go through env:.
			if strings.Contains(s.Run, "${{") {
				fail("job %s: step %d (%s) expands ${{ }} inside run:; pass the value through env:", name, i+1, s.Name)
			}
			if d := s.WorkingDirectory; d != "" && !strings.Contains(d, "${{") && !strings.HasPrefix(d, ".bridge-modules") {
				dirs[d] = true
			}
			for k, v := range s.With {
				if f, ok := v.(string); ok && (k == "go-version-file" || k == "cache-dependency-path") && !strings.HasPrefix(f, ".bridge-modules/") && !exists(f) {
					fail("job %s: %s names %q, which does not exist", name, k, f)
				}
			}
		}
		for d := range dirs {
			if !exists(d) {
				fail("job %s: working-directory %q does not exist", name, d)
			}
		}
		// A variables file named in the environment must be in the job's directory.
		for _, env := range []map[string]string{w.Env, j.Env} {
			for k, v := range env {
				if !strings.HasSuffix(v, ".tfvars") || strings.Contains(v, "${{") {
					continue
				}
				found := len(dirs) == 0 && exists(v)
				for d := range dirs {
					found = found || exists(path.Join(d, v))
				}
				if !found {
					fail("job %s: %s = %q, which does not exist in the job's working directory", name, k, v)
				}
			}
		}
		if j.Uses != "" {
			problems = append(problems, checkCall(repo, filepath.Base(file), name, j, exists)...)
		}
	}
	for _, m := range hashFiles.FindAllStringSubmatch(text, -1) {
		for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
			if !exists(q[1]) {
				fail("hashFiles names %q, which does not exist", q[1])
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// checkCall checks one job that calls a reusable workflow.
func checkCall(repo Repo, file, name string, j job, exists func(string) bool) []string {
	var problems []string
	fail := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s: job %s: ", file, name)+fmt.Sprintf(format, args...))
	}
	var target string
	switch {
	case strings.HasPrefix(j.Uses, "./.github/workflows/"):
		target = filepath.Join(repo.Root, j.Uses)
	case strings.HasPrefix(j.Uses, repo.Remote+"/.github/workflows/"):
		rest := strings.TrimPrefix(j.Uses, repo.Remote+"/")
		at := strings.LastIndex(rest, "@")
		if at < 0 {
			fail("uses %q has no @ref", j.Uses)
			return problems
		}
		if ref := rest[at+1:]; ref != repo.Ref {
			fail("uses %q at %s; pin the newest release's commit %s (RELEASES)", j.Uses, ref, repo.Ref)
		}
		target = filepath.Join(repo.Modules, rest[:at])
	default:
		fail("uses %q, which is neither a workflow of this repository nor of %s", j.Uses, repo.Remote)
		return problems
	}
	called, _, err := Load(target)
	if err != nil {
		fail("calls %s, which cannot be read: %v", j.Uses, err)
		return problems
	}
	declared, ok := called.On["workflow_call"]
	if !ok {
		fail("calls %s, which has no workflow_call trigger", j.Uses)
		return problems
	}
	for k := range j.With {
		if _, ok := declared.Inputs[k]; !ok {
			fail("passes input %s, which %s does not declare", k, j.Uses)
		}
	}
	for k, in := range declared.Inputs {
		if _, given := j.With[k]; in.Required && !given {
			fail("does not pass the required input %s of %s", k, j.Uses)
		}
	}
	secrets, _ := j.Secrets.(map[string]any)
	if j.Secrets != "inherit" {
		for k := range secrets {
			if _, ok := declared.Secrets[k]; !ok {
				fail("passes secret %s, which %s does not declare", k, j.Uses)
			}
		}
		for k, s := range declared.Secrets {
			if _, given := secrets[k]; s.Required && !given {
				fail("does not pass the required secret %s of %s", k, j.Uses)
			}
		}
	}
	if v, ok := j.With["modules_repository"]; ok && v != repo.Remote {
		fail("modules_repository = %v, want %s (where the module sources point)", v, repo.Remote)
	}
	if v, ok := j.With["modules_ref"]; ok && v != repo.Ref {
		fail("modules_ref = %v, want %s (the commit of the workflow it calls)", v, repo.Ref)
	}
	// The environment's directory, variables file and lock file.
	for _, dir := range values(j, "working_directory") {
		envs := values(j, "environment")
		if !exists(dir) {
			fail("working_directory %q does not exist", dir)
			continue
		}
		if !exists(path.Join(dir, ".terraform.lock.hcl")) {
			fail("%s has no .terraform.lock.hcl (init -lockfile=readonly needs it)", dir)
		}
		for _, env := range envs {
			if len(envs) > 1 && env != dir {
				continue // a matrix pairs each directory with the environment of the same name
			}
			if !exists(path.Join(dir, env+".tfvars")) {
				fail("%s has no %s.tfvars for environment %s", dir, env, env)
			}
		}
	}
	return problems
}

// values expands an input given literally or as ${{ matrix.X }}.
func values(j job, key string) []string {
	v, ok := j.With[key].(string)
	if !ok {
		return nil
	}
	m := matrixRef.FindStringSubmatch(v)
	if m == nil {
		return []string{v}
	}
	list, _ := j.Strategy.Matrix[m[1]].([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
