package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Stage is one check of scripts/test.sh, narrowed to what a mutant needs:
//
//	static                    every static check of scripts/test.sh, in its order
//	static:<check>[:<dir>]    one of them: fmt, validate, tflint, trivy, docs, actionlint
//	                          (validate and docs take an optional root, e.g. static:validate:modules/bridge)
//	tftest:<module>[:<file>]  terraform test of one module, optionally one test file (-filter)
//	go:<package>[:<regexp>]   go test of one package, optionally -run <regexp>
//	emulator:<Test>           scripts/emulator.sh with EMULATOR_TEST_ARGS='-run ^<Test>$ -v'
//
// Kind is static, tftest, go or emulator (what MUTANTS_STAGES selects).
type Stage struct {
	Kind string
	Arg  string // the check, module, package or test
	Opt  string // the root, test file or -run expression
}

func (s Stage) String() string {
	out := s.Kind
	if s.Arg != "" {
		out += ":" + s.Arg
	}
	if s.Opt != "" {
		out += ":" + s.Opt
	}
	return out
}

// Kinds of stage, cheapest first.
var Kinds = []string{"static", "tftest", "go", "emulator"}

var (
	staticChecks = []string{"fmt", "validate", "tflint", "trivy", "docs", "actionlint"}
	testName     = regexp.MustCompile(`^Test[A-Za-z0-9_]*$`)
)

// ParseStage reads one stage of a mutant's stages: line.
func ParseStage(s string) (Stage, error) {
	kind, rest, _ := strings.Cut(s, ":")
	arg, opt, _ := strings.Cut(rest, ":")
	st := Stage{Kind: kind, Arg: arg, Opt: opt}
	cleanPath := func(p string) bool {
		return p != "" && !strings.HasPrefix(p, "/") && !strings.Contains(p, "..") && !strings.ContainsAny(p, " '\"$`;&|")
	}
	switch kind {
	case "static":
		if arg == "" {
			if opt != "" {
				return st, fmt.Errorf("stage %q: static takes a check before a root", s)
			}
			return st, nil
		}
		if !contains(staticChecks, arg) {
			return st, fmt.Errorf("stage %q: unknown static check %q (%s)", s, arg, strings.Join(staticChecks, ", "))
		}
		if opt != "" && (arg != "validate" && arg != "docs" || !cleanPath(opt)) {
			return st, fmt.Errorf("stage %q: only static:validate and static:docs take a root directory", s)
		}
	case "tftest":
		if !cleanPath(arg) || (opt != "" && !cleanPath(opt)) {
			return st, fmt.Errorf("stage %q: want tftest:<module directory>[:<test file>]", s)
		}
	case "go":
		if !strings.HasPrefix(arg, "./") || !cleanPath(arg) {
			return st, fmt.Errorf("stage %q: want go:./<package>[:<test regexp>]", s)
		}
		if opt != "" {
			if _, err := regexp.Compile(opt); err != nil || strings.ContainsAny(opt, " '\"$`;&") {
				return st, fmt.Errorf("stage %q: the -run expression %q is not a plain regular expression", s, opt)
			}
		}
	case "emulator":
		if !testName.MatchString(arg) || opt != "" {
			return st, fmt.Errorf("stage %q: want emulator:<TestName>", s)
		}
	default:
		return st, fmt.Errorf("stage %q: unknown kind %q (%s)", s, kind, strings.Join(Kinds, ", "))
	}
	return st, nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// Timeout is how long a stage may run before the harness stops it (an error, never a catch).
func (s Stage) Timeout() time.Duration {
	switch s.Kind {
	case "emulator":
		return 75 * time.Minute
	case "go":
		return 45 * time.Minute
	default:
		return 30 * time.Minute
	}
}

// Script is the bash the stage runs from the copy's root, after `source scripts/env.sh`. It does
// what scripts/test.sh does for the same check; go stages rewrite the golden files first
// (UPDATE_GOLDEN=1, as `make fixtures` would before a commit), so a mutant is caught by a check of
// behaviour, never by a fixture that merely differs. dirs lists the roots static checks visit.
func (s Stage) Script(dirs StaticDirs) string {
	switch s.Kind {
	case "static":
		if s.Arg == "" {
			var parts []string
			for _, c := range staticChecks {
				parts = append(parts, Stage{Kind: "static", Arg: c}.Script(dirs))
			}
			return strings.Join(parts, " &&\n")
		}
		return staticScript(s.Arg, s.Opt, dirs)
	case "tftest":
		filter := ""
		if s.Opt != "" {
			filter = " -filter=" + s.Opt
		}
		return fmt.Sprintf("cd %s && terraform init -backend=false -input=false -no-color >/dev/null && terraform test -no-color%s", s.Arg, filter)
	case "go":
		run := ""
		if s.Opt != "" {
			run = " -run '" + s.Opt + "'"
		}
		return fmt.Sprintf("UPDATE_GOLDEN=1 go test -count=1 -timeout 40m%s %s", run, s.Arg)
	case "emulator":
		return fmt.Sprintf("EMULATOR_TEST_ARGS='-run ^%s$ -v' bash scripts/emulator.sh", s.Arg)
	}
	return "false"
}

// StaticDirs are the roots scripts/test.sh checks: terraform_dirs (modules/*, examples/*) and
// fixture_dirs (test/integration/fixtures/*).
type StaticDirs struct {
	Terraform []string
	Fixtures  []string
}

// FindStaticDirs globs the roots in the copy.
func FindStaticDirs(root string) (StaticDirs, error) {
	var d StaticDirs
	for _, pattern := range []string{"modules/*", "examples/*"} {
		m, err := globDirs(root, pattern)
		if err != nil {
			return d, err
		}
		d.Terraform = append(d.Terraform, m...)
	}
	m, err := globDirs(root, "test/integration/fixtures/*")
	d.Fixtures = m
	return d, err
}

func globDirs(root, pattern string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(root, pattern))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range matches {
		if isDir(m) {
			rel, _ := filepath.Rel(root, m)
			out = append(out, filepath.ToSlash(rel))
		}
	}
	return out, nil
}

func staticScript(check, root string, dirs StaticDirs) string {
	each := func(list []string, f func(string) string) string {
		if root != "" {
			list = []string{root}
		}
		var parts []string
		for _, d := range list {
			parts = append(parts, f(d))
		}
		return strings.Join(parts, " &&\n")
	}
	switch check {
	case "fmt":
		return `terraform fmt -check -recursive -diff modules examples test templates && ` +
			`{ out=$(gofmt -l $(git ls-files "*.go")); [[ -z "$out" ]] || { echo "gofmt would change: $out"; exit 1; }; }`
	case "validate":
		return each(append(append([]string(nil), dirs.Terraform...), dirs.Fixtures...), func(d string) string {
			return fmt.Sprintf(`echo "validate %[1]s" && (cd %[1]s && lock=() && { [[ ! -f .terraform.lock.hcl ]] || lock=(-lockfile=readonly); } && `+
				`terraform init -backend=false -input=false -no-color "${lock[@]}" >/dev/null && terraform validate -no-color)`, d)
		})
	case "tflint":
		return `tflint --recursive --config="$repo_root/.tflint.hcl" --no-color`
	case "trivy":
		return `bash scripts/trivy.sh`
	case "docs":
		return each(dirs.Terraform, func(d string) string {
			return fmt.Sprintf(`terraform-docs --config "$repo_root/.terraform-docs.yml" --output-check %s`, d)
		})
	case "actionlint":
		return `actionlint -no-color && actionlint -no-color templates/live/.github/workflows/*.yml`
	}
	return "false"
}
