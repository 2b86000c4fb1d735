//go:build emulator

// Package emulator_test applies, changes, diagnoses and destroys every example against moto, the
// local AWS emulator (test/moto starts it). It runs with the emulator build tag; without
// moto on the machine each test is skipped with the reason.
package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/iamsim"
	"terraform-basemachina-modules/test/moto"
	"terraform-basemachina-modules/test/tfstate"
)

const region = "ap-northeast-1"

var (
	repoRoot  string
	bridgectl string
	initMu    sync.Mutex // inits take turns: they share the provider cache
)

func TestMain(m *testing.M) {
	root, err := tfplan.RepoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	repoRoot = root
	bin, err := os.MkdirTemp("", "bridgectl-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bridgectl = filepath.Join(bin, "bridgectl")
	build := exec.Command("go", "build", "-o", bridgectl, "./cmd/bridgectl")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build bridgectl: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(bin)
	if err := usage.write(filepath.Join(root, "out", "emulator", "iam-report.txt")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	if err := usage.writeUnused(filepath.Join(root, "out", "emulator", "unused-grants.json")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	// Every grant of the CI roles is used by some call or explained; only a full, passing run
	// has seen every call.
	if run := flag.Lookup("test.run"); code == 0 && run != nil && run.Value.String() == "" {
		for _, p := range usage.checkUnusedGrants(root) {
			fmt.Fprintln(os.Stderr, "FAIL:", p)
			code = 1
		}
	}
	os.Exit(code)
}

// world is one emulated AWS account: moto and the front before it, and who signed each request
// (iam_test.go evaluates every call against the principal that made it).
type world struct {
	moto    *moto.Moto
	front   *moto.Front
	cfg     aws.Config // the harness's own client: an administrator, never evaluated
	account string     // the account the world is (moto keeps accounts apart; see inAccount)

	boundaryOnce sync.Once // the bootstrap's permissions boundary, created once (iam_test.go)
	boundaryARN  string

	mu         sync.Mutex
	callers    map[string]caller           // access key -> the principal and phase it stands for
	principals map[string]iamsim.Principal // principal name -> its policies
}

// newWorld starts moto and its front for the test and stops both when it ends, failed or not.
func newWorld(t *testing.T) *world {
	t.Helper()
	if err := moto.Available(); err != nil {
		if os.Getenv("EMULATOR_REQUIRED") == "1" {
			t.Fatalf("moto is required here (scripts/emulator.sh found it) but: %v", err)
		}
		t.Skipf("Skipping the emulator cycle: %v.", err)
	}
	logPath := filepath.Join(t.TempDir(), "moto.log")
	m, err := moto.StartMoto(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	t.Cleanup(func() {
		// moto answers an action it cannot handle with a 500 and logs the Python traceback.
		if log, err := os.ReadFile(logPath); err == nil && t.Failed() {
			if tb := tracebacks(string(log)); tb != "" {
				t.Logf("moto's tracebacks:\n%s", tb)
			}
			t.Logf("moto's log ends with:\n%s", lastLines(string(log), 40))
		}
	})
	f, err := moto.NewFront(m.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	w := &world{moto: m, front: f, cfg: moto.Config(f.URL, region), account: account, callers: map[string]caller{}, principals: ciPrincipals(t)}
	t.Cleanup(func() { w.evaluate(t); w.assertJudged(t) })
	return w
}

// assertJudged fails the test on anything the front's runtime model could not decide (a task
// definition or role it could not read, the simulator not running): those tasks were let run
// unjudged so the cycle would not hang.
func (w *world) assertJudged(t *testing.T) {
	t.Helper()
	for _, u := range w.front.Unjudged() {
		t.Errorf("the emulator could not judge whether ECS would run a task: %s", u)
	}
}

// inAccount is another account of the same emulated organization: the same moto, a front of its
// own that plays the account (its calls, its state, its evaluation with its own principals).
func (w *world) inAccount(t *testing.T, id string) *world {
	t.Helper()
	f, err := moto.NewAccountFront(w.moto.URL, id)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	other := &world{moto: w.moto, front: f, cfg: moto.Config(f.URL, region), account: id, callers: map[string]caller{}, principals: map[string]iamsim.Principal{}}
	t.Cleanup(func() { other.evaluate(t); other.assertJudged(t) })
	return other
}

func (w *world) inventory(t *testing.T) moto.Inventory {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	inv, err := moto.Take(ctx, w.cfg, w.front)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// stack is one Terraform root copied, with the modules, into a temporary directory and pointed at
// the world's emulator.
type stack struct {
	t    *testing.T
	w    *world
	root string // the temporary copy's root, holding modules/ and rel
	rel  string
	dir  string
	vars map[string]any
	// planAs and applyAs are the principals CI would use: the plan role for init, plan and the
	// state reads, the environment's apply role for apply and destroy. "" is an administrator
	// (the bootstrap), whose calls are not evaluated.
	planAs, applyAs string
}

// newStack copies modules/ and the root at rel (relative to the repository) into a temporary
// directory with the same layout, so relative module sources resolve, and runs terraform init.
// It copies what the repository holds (tfplan.CopyRepositoryFiles), never what a user's commands
// left in the working tree.
func newStack(t *testing.T, w *world, rel string, src string, vars map[string]any) *stack {
	t.Helper()
	if src == "" {
		src = repoRoot
	}
	tmp := t.TempDir()
	for _, dir := range []string{"modules", rel} {
		if err := tfplan.CopyRepositoryFiles(filepath.Join(src, dir), filepath.Join(tmp, dir)); err != nil {
			t.Fatalf("copy %s: %v", dir, err)
		}
	}
	s := openStack(t, w, tmp, rel)
	if src == repoRoot {
		s.boundDeploymentWait()
	}
	// CI's apply role creates roles only with the bootstrap's permissions boundary: every root
	// that takes one gets it, as the docs tell a customer to give it.
	if declares(s.dir, "iam_permissions_boundary") {
		s.set(map[string]any{"iam_permissions_boundary": w.stackBoundary(t)})
	}
	s.set(vars)
	s.init()
	return s
}

// deploymentWait bounds how long an apply waits for the Bridge service. The emulator answers a
// deployment at once, so a healthy one is steady within seconds; the module's default (20m, the
// provider's) would make every first deployment that cannot start (a mutant, a regression) cost
// 20 minutes before the apply fails.
const deploymentWait = "5m"

// boundDeploymentWait gives the root's Bridge module call deploymentWait through an override file;
// only for modules of this tree (an older release has no deployment_timeout).
func (s *stack) boundDeploymentWait() {
	s.t.Helper()
	files, _ := filepath.Glob(filepath.Join(s.dir, "*.tf"))
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil && strings.Contains(string(data), `module "bridge" {`) {
			override := fmt.Sprintf("module \"bridge\" {\n  deployment_timeout = %q\n}\n", deploymentWait)
			if err := os.WriteFile(filepath.Join(s.dir, "deployment_wait_override.tf"), []byte(override), 0o600); err != nil {
				s.t.Fatal(err)
			}
			return
		}
	}
}

// declares tells whether the root in dir declares the variable.
func declares(dir, variable string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil && strings.Contains(string(data), `variable "`+variable+`"`) {
			return true
		}
	}
	return false
}

// openStack is the root at rel inside the copy tmp, its provider pointed at the world's emulator.
func openStack(t *testing.T, w *world, tmp, rel string) *stack {
	t.Helper()
	s := &stack{t: t, w: w, root: tmp, rel: rel, dir: filepath.Join(tmp, rel), vars: map[string]any{}, planAs: "plan", applyAs: "apply"}
	if err := moto.WriteOverride(s.dir, w.front.URL); err != nil {
		t.Fatal(err)
	}
	return s
}

// init runs terraform init with extra arguments; inits take turns, as they share the provider cache.
func (s *stack) init(extra ...string) {
	s.t.Helper()
	initMu.Lock()
	defer initMu.Unlock()
	s.must(append([]string{"init", "-input=false"}, extra...)...)
}

// upgradeTo replaces the configuration (modules and root) with the one under src, keeping the
// state, the variables and the initialised providers, as a user bumping the module version does.
func (s *stack) upgradeTo(src string) {
	s.t.Helper()
	if err := os.RemoveAll(filepath.Join(s.root, "modules")); err != nil {
		s.t.Fatal(err)
	}
	tfFiles, _ := filepath.Glob(filepath.Join(s.dir, "*.tf"))
	for _, f := range tfFiles {
		_ = os.Remove(f)
	}
	// Only what the repository holds: the stack keeps its own certificate and variables, as a
	// user's root does when the module version changes.
	for _, dir := range []string{"modules", s.rel} {
		if err := tfplan.CopyRepositoryFiles(filepath.Join(src, dir), filepath.Join(s.root, dir)); err != nil {
			s.t.Fatalf("copy %s: %v", dir, err)
		}
	}
	if err := moto.WriteOverride(s.dir, s.w.front.URL); err != nil {
		s.t.Fatal(err)
	}
	if _, given := s.vars["iam_permissions_boundary"]; !given && declares(s.dir, "iam_permissions_boundary") {
		s.set(map[string]any{"iam_permissions_boundary": s.w.stackBoundary(s.t)})
	}
	s.init()
}

// asAdministrator makes the stack's commands an administrator's, not evaluated: the bootstrap,
// which someone with administrator rights applies once, and the VPC a customer already has.
func (s *stack) asAdministrator() *stack {
	s.planAs, s.applyAs = "", ""
	return s
}

// set merges vars into the root's terraform.tfvars.json.
func (s *stack) set(vars map[string]any) {
	s.t.Helper()
	for k, v := range vars {
		s.vars[k] = v
	}
	data, err := json.MarshalIndent(s.vars, "", "  ")
	if err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "terraform.tfvars.json"), data, 0o600); err != nil {
		s.t.Fatal(err)
	}
}

// unset removes variables from the root's terraform.tfvars.json, so they take their defaults again.
func (s *stack) unset(names ...string) {
	s.t.Helper()
	for _, name := range names {
		delete(s.vars, name)
	}
	s.set(nil)
}

// terraform runs one command in the stack and returns stdout; stderr joins the error.
func (s *stack) terraform(args ...string) (string, error) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	args = append(args, "-no-color")
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = s.dir
	as := s.planAs
	if args[0] == "apply" || args[0] == "destroy" || args[0] == "import" {
		as = s.applyAs
	}
	cmd.Env = append(tfplan.TerraformEnv(repoRoot), "AWS_EC2_METADATA_DISABLED=true",
		"AWS_ACCESS_KEY_ID="+s.w.keyFor(as, "terraform "+args[0], s.rel), "AWS_SECRET_ACCESS_KEY=emulator", "AWS_SESSION_TOKEN=", "AWS_PROFILE=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	started := time.Now()
	err := cmd.Run()
	s.t.Logf("terraform %s (%s)", args[0], time.Since(started).Round(time.Second))
	if err != nil {
		return stdout.String(), fmt.Errorf("terraform %s: %w%s\n%s\n%s", strings.Join(args, " "), err, s.ecsReasons(stderr.String()), lastLines(stdout.String(), 40), stderr.String())
	}
	return stdout.String(), nil
}

var serviceWait = regexp.MustCompile(`waiting for ECS Service \((arn:aws:ecs:[^:]+:\d+:service/([^/]+)/([^)]+))\)`)

// ecsReasons is what ECS says about each service whose wait failed the command: the provider's
// error only says that the wait ran out, the service's newest event says why (as an operator
// reads it with bridgectl doctor or describe-services). It goes on the error's first line.
func (s *stack) ecsReasons(stderr string) string {
	var reasons []string
	for _, m := range serviceWait.FindAllStringSubmatch(stderr, -1) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		out, err := ecs.NewFromConfig(s.w.cfg).DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(m[2]), Services: []string{m[3]}})
		cancel()
		if err == nil && len(out.Services) == 1 && len(out.Services[0].Events) > 0 {
			reasons = append(reasons, aws.ToString(out.Services[0].Events[0].Message))
		}
	}
	if len(reasons) == 0 {
		return ""
	}
	return " (ECS: " + strings.Join(reasons, "; ") + ")"
}

func (s *stack) must(args ...string) string {
	s.t.Helper()
	out, err := s.terraform(args...)
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// apply applies and returns how long it took.
func (s *stack) apply() time.Duration {
	s.t.Helper()
	started := time.Now()
	s.must("apply", "-auto-approve", "-input=false")
	return time.Since(started)
}

// plan saves a plan and returns it as JSON.
func (s *stack) plan(extra ...string) *tfjson.Plan {
	s.t.Helper()
	s.must(append([]string{"plan", "-input=false", "-out=cycle.tfplan"}, extra...)...)
	out := s.must("show", "-json", "cycle.tfplan")
	p, err := tfplan.Parse([]byte(out))
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

// applied lists the managed resources of the stack's state as Terraform stored them (`terraform
// state pull`: no provider schema to load, unlike `show -json`; test/tfstate).
func (s *stack) applied() []tfplan.Planned {
	s.t.Helper()
	resources, err := tfstate.Managed([]byte(s.must("state", "pull")))
	if err != nil {
		s.t.Fatal(err)
	}
	return resources
}

// outputs reads terraform output -json as plain values.
func (s *stack) outputs() map[string]any {
	s.t.Helper()
	flat, err := tfplan.FlattenOutputs([]byte(s.must("output", "-json")))
	if err != nil {
		s.t.Fatal(err)
	}
	out := map[string]any{}
	if err := json.Unmarshal(flat, &out); err != nil {
		s.t.Fatal(err)
	}
	return out
}

// bridgectl runs the CLI against the emulator and returns its exit code, stdout and stderr.
func (s *stack) bridgectl(args ...string) (int, string, string) {
	s.t.Helper()
	cmd := exec.Command(bridgectl, args...)
	cmd.Dir = s.dir
	cmd.Env = append(append(tfplan.TerraformEnv(repoRoot), moto.ClientEnv(s.w.front.URL, region)...), "LC_ALL=en_US.UTF-8",
		"AWS_ACCESS_KEY_ID="+s.w.keyFor(operator, "bridgectl "+args[0], s.rel))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
	}
	return code, stdout.String(), stderr.String()
}

// change is one resource the plan would touch and the attributes that differ.
type change struct {
	Address    string
	Type       string
	Actions    tfjson.Actions
	Attributes []string
	Replace    [][]any // the paths that force a replacement
}

func (c change) String() string {
	if len(c.Replace) > 0 {
		return fmt.Sprintf("%s %v %v (replaced because of %v)", c.Address, c.Actions, c.Attributes, c.Replace)
	}
	return fmt.Sprintf("%s %v %v", c.Address, c.Actions, c.Attributes)
}

// changes lists the plan's resource changes other than no-op and read, with the top-level
// attributes that differ between before and after (or become unknown).
func changes(p *tfjson.Plan) []change {
	var out []change
	for _, rc := range p.ResourceChanges {
		if rc.Change == nil || rc.Change.Actions.NoOp() || rc.Change.Actions.Read() {
			continue
		}
		c := change{Address: rc.Address, Type: rc.Type, Actions: rc.Change.Actions}
		for _, p := range rc.Change.ReplacePaths {
			if path, ok := p.([]any); ok {
				c.Replace = append(c.Replace, path)
			}
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		keys := map[string]bool{}
		for k := range before {
			keys[k] = true
		}
		for k := range after {
			keys[k] = true
		}
		for k := range unknown {
			keys[k] = true
		}
		for k := range keys {
			// after_unknown holds empty lists and objects for nested blocks; only a true inside
			// marks a value that is unknown until apply.
			if u, ok := unknown[k]; ok && holdsTrue(u) {
				c.Attributes = append(c.Attributes, k)
				continue
			}
			if !reflect.DeepEqual(before[k], after[k]) {
				c.Attributes = append(c.Attributes, k)
			}
		}
		sort.Strings(c.Attributes)
		out = append(out, c)
	}
	return out
}

func holdsTrue(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case []any:
		for _, e := range x {
			if holdsTrue(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if holdsTrue(e) {
				return true
			}
		}
	}
	return false
}

// tracebacks are the Python tracebacks in moto's log (the reason behind each 500), the last ten.
func tracebacks(log string) string {
	var out []string
	lines := strings.Split(log, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "Traceback") {
			continue
		}
		j := i + 1
		for j < len(lines) && (strings.HasPrefix(lines[j], " ") || strings.HasPrefix(lines[j], "\t")) {
			j++
		}
		if j < len(lines) {
			j++ // the exception line
		}
		out = append(out, strings.Join(lines[i:j], "\n"))
		i = j - 1
	}
	if len(out) > 10 {
		out = out[len(out)-10:]
	}
	return strings.Join(out, "\n\n")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
