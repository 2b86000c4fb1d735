package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestApplyEditReplacesTheOneOccurrence(t *testing.T) {
	content := "a {\n  enable   = true\n  rollback = true\n}\n"
	out, err := ApplyEdit(content, Edit{File: "x.tf", Search: "  rollback = true\n", Replace: "  rollback = false\n"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a {\n  enable   = true\n  rollback = false\n}\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
	// An empty replacement deletes the lines.
	out, err = ApplyEdit(content, Edit{File: "x.tf", Search: "  enable   = true\n"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a {\n  rollback = true\n}\n"; out != want {
		t.Errorf("deletion: got %q, want %q", out, want)
	}
}

func TestApplyEditMatchesWholeLinesOnly(t *testing.T) {
	// "enable = true" is inside "xenable = true" too, but only as a whole line does it count.
	content := "xenable = true\nenable = true\n"
	out, err := ApplyEdit(content, Edit{File: "x.tf", Search: "enable = true\n", Replace: "enable = false\n"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "xenable = true\nenable = false\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
	// The first line of the file, and a last line without its newline.
	out, err = ApplyEdit("first\nlast", Edit{File: "x", Search: "first\n", Replace: "1st\n"})
	if err != nil || out != "1st\nlast" {
		t.Errorf("first line: got %q, %v", out, err)
	}
	out, err = ApplyEdit("first\nlast", Edit{File: "x", Search: "last\n", Replace: "LAST\n"})
	if err != nil || out != "first\nLAST" {
		t.Errorf("last line without newline: got %q, %v", out, err)
	}
}

func TestApplyEditRefusesStaleAndAmbiguousText(t *testing.T) {
	_, err := ApplyEdit("a\nb\n", Edit{File: "modules/x.tf", Search: "c\n", Replace: "d\n"})
	if err == nil || !strings.Contains(err.Error(), "not in the file") || !strings.Contains(err.Error(), "modules/x.tf") {
		t.Errorf("stale: want an error naming the file, got %v", err)
	}
	_, err = ApplyEdit("a\nb\na\n", Edit{File: "x", Search: "a\n", Replace: "d\n"})
	if err == nil || !strings.Contains(err.Error(), "2 times") {
		t.Errorf("ambiguous: want an error, got %v", err)
	}
}

func TestApplyMutantFailsLoudlyOnAMissingFileOrText(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := Mutant{Name: "m", Edits: []Edit{{File: "main.tf", Search: "x = 1\n", Replace: "x = 2\n"}}}
	if err := ApplyMutant(dir, m); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "main.tf")); string(data) != "x = 2\n" {
		t.Errorf("got %q", data)
	}
	if err := ApplyMutant(dir, m); err == nil {
		t.Error("applied twice: want the stale search text refused")
	}
	m.Edits[0].File = "absent.tf"
	if err := ApplyMutant(dir, m); err == nil {
		t.Error("want a missing file refused")
	}
}

const sample = `# a comment
mutant no-breaker
what: no circuit breaker
model: circuit breaker rollback
stages: tftest:modules/bridge, go:./test/examples/:TestEveryRule emulator:TestCompleteStacksSideBySide
edit modules/bridge/ecs.tf
--- search
  deployment_circuit_breaker {
    enable   = true
--- replace
  deployment_circuit_breaker {
    enable   = false
--- end

mutant drop-line
what: a line deleted, in two files
stages: static static:validate:modules/bridge static:trivy
survivor: nothing looks at it
edit a.tf
--- search
# keep
   indented = "as is"
--- replace
--- end
edit b.tf
--- search
x
--- replace
y
--- end
`

func TestParseList(t *testing.T) {
	ms, err := ParseList(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("got %d mutants", len(ms))
	}
	a, b := ms[0], ms[1]
	if a.Name != "no-breaker" || a.What != "no circuit breaker" || a.Model != "circuit breaker rollback" || a.Line != 2 {
		t.Errorf("first mutant: %+v", a)
	}
	var stages []string
	for _, s := range a.Stages {
		stages = append(stages, s.String())
	}
	if got := strings.Join(stages, " "); got != "tftest:modules/bridge go:./test/examples/:TestEveryRule emulator:TestCompleteStacksSideBySide" {
		t.Errorf("stages: %s", got)
	}
	if len(a.Edits) != 1 || a.Edits[0].File != "modules/bridge/ecs.tf" ||
		a.Edits[0].Search != "  deployment_circuit_breaker {\n    enable   = true\n" || a.Edits[0].Replace != "  deployment_circuit_breaker {\n    enable   = false\n" {
		t.Errorf("edit: %+v", a.Edits)
	}
	// Lines inside a block are verbatim: a "#" line is text, indentation stays, no replacement deletes.
	if b.Survivor != "nothing looks at it" || len(b.Edits) != 2 || b.Edits[0].Search != "# keep\n   indented = \"as is\"\n" || b.Edits[0].Replace != "" || b.Edits[1].Replace != "y\n" {
		t.Errorf("second mutant: %+v", b)
	}
	if b.Stages[0].Kind != "static" || b.Stages[0].Arg != "" || b.Stages[1].Opt != "modules/bridge" {
		t.Errorf("static stages: %+v", b.Stages)
	}
}

func TestParseListRefusesMistakes(t *testing.T) {
	for name, list := range map[string]string{
		"no what":         "mutant a\nstages: static\nedit x\n--- search\na\n--- replace\nb\n--- end\n",
		"no stages":       "mutant a\nwhat: w\nedit x\n--- search\na\n--- replace\nb\n--- end\n",
		"no edit":         "mutant a\nwhat: w\nstages: static\n",
		"unknown stage":   "mutant a\nwhat: w\nstages: lint:x\nedit x\n--- search\na\n--- replace\nb\n--- end\n",
		"bad go package":  "mutant a\nwhat: w\nstages: go:internal/x\nedit x\n--- search\na\n--- replace\nb\n--- end\n",
		"bad test name":   "mutant a\nwhat: w\nstages: emulator:run-all\nedit x\n--- search\na\n--- replace\nb\n--- end\n",
		"unclosed edit":   "mutant a\nwhat: w\nstages: static\nedit x\n--- search\na\n--- replace\nb\n",
		"no-op edit":      "mutant a\nwhat: w\nstages: static\nedit x\n--- search\na\n--- replace\na\n--- end\n",
		"empty search":    "mutant a\nwhat: w\nstages: static\nedit x\n--- search\n--- replace\na\n--- end\n",
		"duplicate name":  "mutant a\nwhat: w\nstages: static\nedit x\n--- search\na\n--- replace\nb\n--- end\nmutant a\nwhat: w\nstages: static\nedit x\n--- search\na\n--- replace\nb\n--- end\n",
		"absolute path":   "mutant a\nwhat: w\nstages: static\nedit /etc/x\n--- search\na\n--- replace\nb\n--- end\n",
		"unknown field":   "mutant a\nwho: w\n",
		"bad name":        "mutant A B\n",
		"field first":     "what: w\n",
		"search, no edit": "mutant a\nwhat: w\nstages: static\n--- search\na\n--- replace\nb\n--- end\n",
		"empty list":      "# nothing\n",
	} {
		if _, err := ParseList(strings.NewReader(list)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestStageScripts(t *testing.T) {
	dirs := StaticDirs{Terraform: []string{"modules/bridge", "examples/dev"}, Fixtures: []string{"test/integration/fixtures/network"}}
	for stage, want := range map[string]string{
		"tftest:modules/bridge":                           "cd modules/bridge && terraform init -backend=false -input=false -no-color >/dev/null && terraform test -no-color",
		"tftest:modules/bridge:tests/defaults.tftest.hcl": "terraform test -no-color -filter=tests/defaults.tftest.hcl",
		"go:./test/examples/":                             "UPDATE_GOLDEN=1 go test -count=1 -timeout 40m ./test/examples/",
		"go:./internal/rules/:TestRules":                  "-run 'TestRules' ./internal/rules/",
		"emulator:TestDevProfileCycle":                    "EMULATOR_TEST_ARGS='-run ^TestDevProfileCycle$ -v' bash scripts/emulator.sh",
		"static:validate:modules/bridge":                  "(cd modules/bridge && lock=()",
		"static:trivy":                                    "bash scripts/trivy.sh",
	} {
		st, err := ParseStage(stage)
		if err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		if got := st.Script(dirs); !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want it to contain %q", stage, got, want)
		}
	}
	// static:validate visits every root of scripts/test.sh, the fixtures too; static, every check.
	st, _ := ParseStage("static:validate")
	if got := st.Script(dirs); strings.Count(got, "terraform validate") != 3 {
		t.Errorf("static:validate: %q", got)
	}
	st, _ = ParseStage("static")
	if got := st.Script(dirs); !strings.Contains(got, "terraform fmt") || !strings.Contains(got, "actionlint") || !strings.Contains(got, "tflint") {
		t.Errorf("static: %q", got)
	}
}

func TestFailureReason(t *testing.T) {
	for _, c := range []struct{ name, log, want string }{
		{"terraform test", `run "defaults"... fail
╷
│ Error: Test assertion failed
│
│   on tests/defaults.tftest.hcl line 28, in run "defaults":
│   28:     condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable
│     ├────────────────
│     │ aws_ecs_service.this.deployment_circuit_breaker[0].enable is false
│
│ wanted circuit breaker with rollback, got [{"enable":false}]
╵
`, `wanted circuit breaker with rollback, got [{"enable":false}] (tests/defaults.tftest.hcl line 28)`},
		{"terraform test without a terminal",
			"  run \"secure_defaults\"... fail\n\nError: Test assertion failed\n\n  on tests/defaults.tftest.hcl line 96, in run \"secure_defaults\":\n  96:     condition = x\n    ├────\n    │ x is null\n\nwanted task ingress from the ALB security group only\n\nError: Test assertion failed\n",
			"wanted task ingress from the ALB security group only (tests/defaults.tftest.hcl line 96)"},
		{"a right-aligned line number",
			"Error: Invalid index\n\n  on tests/defaults.tftest.hcl line 246, in run \"secure_defaults\":\n 246:     condition = x[0]\n    ├────\n    │ x is empty list of object\n\nThe given key does not identify an element in this collection value: the\ncollection has no elements.\n\nError: Invalid index\n",
			"Invalid index: The given key does not identify an element in this collection value: the collection has no elements. (tests/defaults.tftest.hcl line 246)"},
		{"go test",
			"--- FAIL: TestEveryRuleHoldsForEveryExample (0.00s)\n    --- FAIL: TestEveryRuleHoldsForEveryExample/complete (0.00s)\n        plans_test.go:230: rule rollback fails\nFAIL\n",
			"plans_test.go:230: rule rollback fails"},
		{"a verbose emulator run",
			"=== CONT  TestTemplateEnvironmentsCycle\n    templates_test.go:46: terraform init (2s)\n    templates_test.go:132: a plan while another run holds the lock: want it refused naming the holder, got <nil>\n--- FAIL: TestTemplateEnvironmentsCycle (0.00s)\n",
			"templates_test.go:132: a plan while another run holds the lock: want it refused naming the holder, got <nil>"},
		{"a service wait that ran out, with ECS's reason on the failure line",
			"=== CONT  TestDevProfileCycle\n    dev_test.go:28: terraform init (1s)\n    dev_test.go:32: terraform apply (6m23s)\n    dev_test.go:32: terraform apply -auto-approve -input=false -no-color: exit status 1 (ECS: (service bridge-dev-bridge) was unable to start tasks: CannotPullContainerError: x)\n        Error: waiting for ECS Service (arn) create: timeout\n",
			"dev_test.go:32: terraform apply -auto-approve -input=false -no-color: exit status 1 (ECS: (service bridge-dev-bridge) was unable to start tasks: CannotPullContainerError: x)"},
		{"a failed apply says why in Terraform's error",
			"    dev_test.go:28: terraform init (1s)\n    dev_test.go:32: terraform apply (2m)\n    dev_test.go:32: terraform apply -auto-approve -input=false -no-color: exit status 1\n        module.x: Creating...\n\nError: creating RDS DB Instance (bridge-dev-postgres): operation error RDS: CreateDBInstance, api error InvalidParameterValue: IAM role ARN value is invalid\n\n  with module.datastore[0].aws_db_instance.this,\n  on ../../modules/datastore/rds.tf line 1, in resource \"aws_db_instance\" \"this\":\n   1: resource \"aws_db_instance\" \"this\" {\n--- FAIL: TestDevProfileCycle (130.00s)\nFAIL\n",
			"creating RDS DB Instance (bridge-dev-postgres): operation error RDS: CreateDBInstance, api error InvalidParameterValue: IAM role ARN value is invalid (../../modules/datastore/rds.tf line 1)"},
		{"validate",
			"╷\n│ Error: Invalid use of ephemeral value\n│\n│   on ecs.tf line 3:\n│    3: x\n│\n│ Ephemeral values are not valid in resource arguments.\n╵\n",
			"Invalid use of ephemeral value: Ephemeral values are not valid in resource arguments. (ecs.tf line 3)"},
	} {
		if got := FailureReason(c.log); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// The committed list parses, names files that exist and stages of the repository.
func TestTheCommittedListParses(t *testing.T) {
	f, err := os.Open("mutants.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	ms, err := ParseList(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 23 {
		t.Errorf("the list holds %d mutants; the issue asks for at least 23", len(ms))
	}
	root := filepath.Join("..", "..")
	files, _ := filepath.Glob(filepath.Join(root, "test", "emulator", "*_test.go"))
	var all strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
	}
	emulatorTests := all.String()
	for _, m := range ms {
		for _, e := range m.Edits {
			if _, err := os.Stat(filepath.Join(root, e.File)); err != nil {
				t.Errorf("mutant %s edits %s: %v", m.Name, e.File, err)
			}
		}
		for _, st := range m.Stages {
			switch st.Kind {
			case "tftest":
				if !isDir(filepath.Join(root, st.Arg, "tests")) {
					t.Errorf("mutant %s: %s has no tests/", m.Name, st.Arg)
				}
			case "go":
				if !isDir(filepath.Join(root, st.Arg)) {
					t.Errorf("mutant %s: no package %s", m.Name, st.Arg)
				}
			case "emulator":
				if !strings.Contains(emulatorTests, "func "+st.Arg+"(t *testing.T)") {
					t.Errorf("mutant %s: no emulator test %s in test/emulator", m.Name, st.Arg)
				}
			}
		}
	}
}

func TestInfrastructureFailuresAreNoCatch(t *testing.T) {
	log := "plans_test.go:118: terraform plan failed (exit status 1):\n Error: Failed to load plugin schemas\n fork/exec .terraform/providers/...: no such file or directory"
	if infrastructureFailure(log) == "" {
		t.Error("a provider missing from the plugin cache is the machine's failure")
	}
	if got := infrastructureFailure("plans_test.go:230: rule rollback fails"); got != "" {
		t.Errorf("a check's failure taken for the machine's: %s", got)
	}
}

// A run that selects only some kinds of stage keeps what an earlier run of the same mutant recorded
// for the others, and forgets it once the mutant changed.
func TestRunMutantKeepsEarlierOutcomesOfTheSameMutant(t *testing.T) {
	pristine := t.TempDir()
	if err := os.WriteFile(filepath.Join(pristine, "main.tf"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tftest, _ := ParseStage("tftest:modules/bridge")
	emu, _ := ParseStage("emulator:TestDevProfileCycle")
	m := Mutant{Name: "m", Stages: []Stage{tftest, emu}, Edits: []Edit{{File: "main.tf", Search: "x = 1\n", Replace: "x = 2\n"}}}
	r := &Runner{Pristine: pristine, Logs: t.TempDir(), Kinds: map[string]bool{}, Previous: map[string]Result{}}

	// Nothing recorded: both stages wait.
	if got := r.RunMutant(m); got.Status != Pending || len(got.Stages) != 2 || got.Stages[0].Outcome != StageNotRun {
		t.Errorf("nothing recorded: %+v", got)
	}
	// The cheap stage passed earlier: only the emulator stage waits.
	r.Previous["m"] = Result{Status: Pending, Mutant: m.Fingerprint(), Tree: "abc", Stages: []StageRun{{Stage: "tftest:modules/bridge", Outcome: StagePassed, Seconds: 5}, {Stage: "emulator:TestDevProfileCycle", Outcome: StageNotRun}}}
	got := r.RunMutant(m)
	if got.Status != Pending || got.Stages[0].Outcome != StagePassed || got.Stages[0].Tree != "abc" || got.Stages[1].Outcome != StageNotRun {
		t.Errorf("cheap stage passed earlier: %+v", got)
	}
	// Caught earlier: still caught, by the same stage, with its reason.
	r.Previous["m"] = Result{Status: Caught, CaughtBy: "tftest:modules/bridge", Reason: "wanted x", Mutant: m.Fingerprint(), Stages: []StageRun{{Stage: "tftest:modules/bridge", Outcome: StageFailed}}}
	if got := r.RunMutant(m); got.Status != Caught || got.CaughtBy != "tftest:modules/bridge" || got.Reason != "wanted x" {
		t.Errorf("caught earlier: %+v", got)
	}
	// The mutant changed since: nothing is kept.
	m.Edits[0].Replace = "x = 3\n"
	if got := r.RunMutant(m); got.Status != Pending || got.Stages[0].Outcome != StageNotRun {
		t.Errorf("changed mutant: %+v", got)
	}
}

// Every committed mutant still applies to the working tree, formatted: a change to the code a
// mutant edits must update the mutant in the same commit, not wait for the next `make mutants` to
// refuse to start.
func TestTheCommittedMutantsApplyToTheTree(t *testing.T) {
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skipf("Skipping: terraform is not on PATH (source scripts/env.sh): %v", err)
	}
	f, err := os.Open("mutants.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	ms, err := ParseList(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range CheckMutants(filepath.Join("..", ".."), FromWorktree, ms) {
		t.Error(err)
	}
}

// combine applies several mutants to one copy and leaves the source alone; a mutant whose text
// is not in the copy fails it instead of building a stack with fewer defects than asked.
func TestCombineAppliesEveryMutantToTheCopyOnly(t *testing.T) {
	repo := t.TempDir()
	if err := os.WriteFile(filepath.Join(repo, "ecs.tf"), []byte("enable   = true\nrollback = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	both := []Mutant{
		{Name: "a", Edits: []Edit{{File: "ecs.tf", Search: "enable   = true\n", Replace: "enable   = false\n"}}},
		{Name: "b", Edits: []Edit{{File: "ecs.tf", Search: "rollback = true\n", Replace: "rollback = false\n"}}},
	}
	dst := filepath.Join(t.TempDir(), "copy")
	if err := combine(repo, dst, both); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dst, "ecs.tf")); string(got) != "enable   = false\nrollback = false\n" {
		t.Errorf("the copy holds %q, want both mutants applied", got)
	}
	if got, _ := os.ReadFile(filepath.Join(repo, "ecs.tf")); string(got) != "enable   = true\nrollback = true\n" {
		t.Errorf("combine changed the source: %q", got)
	}
	stale := []Mutant{{Name: "c", Edits: []Edit{{File: "ecs.tf", Search: "missing = true\n", Replace: ""}}}}
	if err := combine(repo, filepath.Join(t.TempDir(), "copy"), stale); err == nil || !strings.Contains(err.Error(), "mutant c") {
		t.Errorf("a mutant whose text is missing: got %v, want an error naming it", err)
	}
}

// The watch sees go test's failure line even when it arrives split across writes, and only once.
func TestFailWatchSeesTheFirstFailedTest(t *testing.T) {
	w := &failWatch{failed: make(chan struct{})}
	fired := func() bool {
		select {
		case <-w.failed:
			return true
		default:
			return false
		}
	}
	for _, step := range []struct {
		chunk string
		fired bool
	}{
		{"=== CONT  TestX\n    x_test.go:3: terraform apply (2s)\n", false},
		{"--- FA", false},
		{"IL: TestX/sub (1.00s)\n", true},
		{"--- FAIL: TestX (2.00s)\n", true}, // a second failure line must not close the channel again
	} {
		if _, err := w.Write([]byte(step.chunk)); err != nil {
			t.Fatal(err)
		}
		if fired() != step.fired {
			t.Fatalf("after %q the watch fired = %v, want %v", w.String(), !step.fired, step.fired)
		}
	}
	quiet := &failWatch{failed: make(chan struct{})}
	_, _ = quiet.Write([]byte("--- PASS: TestX (1.00s)\nPASS\n"))
	select {
	case <-quiet.failed:
		t.Error("a passing run was taken for a failure")
	default:
	}
}

// A catch's reason is found again in its stage's part of the kept log; other mutants keep theirs.
func TestReasonsAreRecomputedFromTheKeptLogs(t *testing.T) {
	logs := t.TempDir()
	log := "\n==> stage tftest:modules/bridge\n$ terraform test\n<== stage tftest:modules/bridge passed\n" +
		"\n==> stage emulator:TestDevProfileCycle\n$ bash scripts/emulator.sh\n    dev_test.go:28: terraform init (1s)\n    dev_test.go:40: the NAT interface's check reads back true, want false\n" +
		"\n<== stage emulator:TestDevProfileCycle failed (exit 1)\n"
	if err := os.WriteFile(filepath.Join(logs, "m.log"), []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	res := &Results{Mutants: map[string]Result{
		"m":       {Status: Caught, CaughtBy: "emulator:TestDevProfileCycle", Reason: "dev_test.go:28: terraform init (1s)"},
		"no-log":  {Status: Caught, CaughtBy: "emulator:TestDevProfileCycle", Reason: "kept"},
		"running": {Status: "not caught", Reason: ""},
	}}
	if n := rereasonFromLogs(res, logs); n != 1 {
		t.Errorf("%d reasons changed, want 1", n)
	}
	if got := res.Mutants["m"].Reason; got != "dev_test.go:40: the NAT interface's check reads back true, want false" {
		t.Errorf("the recomputed reason is %q", got)
	}
	if got := res.Mutants["no-log"].Reason; got != "kept" {
		t.Errorf("a mutant without a log lost its reason: %q", got)
	}
}
