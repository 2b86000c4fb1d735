//go:build emulator

package emulator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"terraform-basemachina-modules/test/iamsim"
	"terraform-basemachina-modules/test/moto"
	"terraform-basemachina-modules/test/testfiles"
)

// moto's account: every ARN the stacks get carries it.
const account = "123456789012"

// operator is the principal bridgectl's commands run as: the role the docs tell an operator to use.
const operator = "operator"

// caller is what one access key stands for: a principal in one phase of one stack.
type caller struct {
	Principal, Phase, Stack string
}

// keyFor is the access key the principal signs with in this phase; "" (an administrator) signs
// with the harness's own key, whose calls are not evaluated.
func (w *world) keyFor(principal, phase, stack string) string {
	if principal == "" {
		return "emulator"
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	c := caller{principal, phase, stack}
	for k, v := range w.callers {
		if v == c {
			return k
		}
	}
	k := fmt.Sprintf("AKIAEMULATOR%08d", len(w.callers)+1)
	w.callers[k] = c
	return k
}

// testWorkflowRef is the reusable workflow the bootstraps of the cycles trust (github_trust).
const testWorkflowRef = "acme/terraform-basemachina-modules/.github/workflows/terraform.yml@0123456789abcdef0123456789abcdef01234567"

// ciPrincipals are the CI roles of the bootstrap example as its plan gives them
// (testdata/plans/bootstrap.json, which TestFixturesAreCurrent keeps current): its plan role and
// its production apply role, whose managed_name_prefix "bridge" every stack's name starts with.
func ciPrincipals(t *testing.T) map[string]iamsim.Principal {
	t.Helper()
	loadPrincipals.Do(func() {
		defaultPrincipals, principalsErr = iamsim.PrincipalsFromPlan(testfiles.Plan("bootstrap"), account, "production")
	})
	if principalsErr != nil {
		t.Fatal(principalsErr)
	}
	out := map[string]iamsim.Principal{}
	for k, v := range defaultPrincipals {
		out[k] = v
	}
	return out
}

var (
	loadPrincipals    sync.Once
	defaultPrincipals map[string]iamsim.Principal
	principalsErr     error
)

// requests maps every call the world's principals made so far to the IAM requests AWS makes for
// it, failing the test on a call it cannot map; calls counts the calls.
func (w *world) requests(t *testing.T) (reqs []iamsim.Request, principals map[string]iamsim.Principal, calls int) {
	t.Helper()
	w.mu.Lock()
	callers := map[string]caller{}
	for k, v := range w.callers {
		callers[k] = v
	}
	principals = map[string]iamsim.Principal{}
	for k, v := range w.principals {
		principals[k] = v
	}
	w.mu.Unlock()
	unmapped := map[string]int{}
	examples := map[string]any{} // one call of each unmapped operation, to write its mapping from
	without := map[string]bool{} // principals with calls and no policies, reported once
	for _, c := range w.front.Calls() {
		who, ok := callers[c.Key]
		if !ok {
			continue
		}
		p, ok := principals[who.Principal]
		if !ok {
			if !without[who.Principal] {
				t.Errorf("the calls of %s (%s, %s) have no policies to evaluate them with", who.Principal, who.Phase, who.Stack)
			}
			without[who.Principal] = true
			continue
		}
		calls++
		rs, err := iamsim.Requests(iamsim.Call{Service: c.Service, Operation: c.Operation, Region: c.Region, Params: c.Params}, who.Principal, p.ARN, w.account)
		var missing iamsim.ErrUnmapped
		if errors.As(err, &missing) {
			unmapped[missing.Operation]++
			examples[missing.Operation] = c
			continue
		}
		if err != nil {
			t.Errorf("%s during %s of %s: %v", c.Service+"."+c.Operation, who.Phase, who.Stack, err)
			continue
		}
		for i := range rs {
			rs[i].Labels = map[string]string{"phase": who.Phase, "stack": who.Stack}
		}
		reqs = append(reqs, rs...)
	}
	if len(unmapped) > 0 {
		var names []string
		for n, count := range unmapped {
			names = append(names, fmt.Sprintf("%s (%d calls)", n, count))
		}
		sort.Strings(names)
		if data, err := json.MarshalIndent(examples, "", "  "); err == nil {
			path := filepath.Join(repoRoot, "out", "emulator", "unmapped", strings.ReplaceAll(t.Name(), "/", "_")+".json")
			if os.MkdirAll(filepath.Dir(path), 0o755) == nil && os.WriteFile(path, data, 0o644) == nil {
				t.Logf("an example call of each unmapped operation: %s", path)
			}
		}
		t.Errorf("%d operations have no IAM mapping in test/iamsim/operations.json, so their calls cannot be evaluated:\n  %s", len(names), strings.Join(names, "\n  "))
	}
	return reqs, principals, calls
}

// simulatorHere says whether the simulator can run, failing the test where it must.
func simulatorHere(t *testing.T) bool {
	t.Helper()
	if err := iamsim.Available(); err != nil {
		if os.Getenv("EMULATOR_REQUIRED") == "1" {
			t.Errorf("the IAM simulator is required with the emulator: %v", err)
		} else {
			t.Logf("Not evaluating the calls: %v", err)
		}
		return false
	}
	return true
}

// evaluate decides every call the world's principals made with the IAM simulator, fails the
// test on each denied call with the statement that would have to change, and keeps the usage for
// the report TestMain writes.
func (w *world) evaluate(t *testing.T) {
	t.Helper()
	reqs, principals, calls := w.requests(t)
	if calls == 0 || !simulatorHere(t) {
		return
	}
	results, err := iamsim.Simulate(principals, reqs)
	if err != nil {
		t.Error(err)
		return
	}
	denied := 0
	for i, r := range results {
		q := reqs[i]
		usage.add(q, r)
		if r.Allowed() {
			continue
		}
		denied++
		if denied <= 40 {
			t.Errorf("DENIED %s as %s (%s of %s): %s on %s: %s", q.Why, q.Principal, q.Labels["phase"], q.Labels["stack"], q.Action, q.Resource, r.Explain())
		}
	}
	if denied > 40 {
		t.Errorf("... and %d more denied requests", denied-40)
	}
	name := t.Name()
	if w.account != account {
		name += " (account " + w.account + ")"
	}
	usage.addWorld(name, calls, len(reqs), denied, principals)
	t.Logf("IAM evaluation: %d calls by CI principals, %d IAM requests, %d denied", calls, len(reqs), denied)
}

// assertNeeded shows the evaluation can fail for the grant it names: the calls so far,
// evaluated with the statement sid removed from the principal's policies, have a denied request
// of call (service.Operation) for action.
func assertNeeded(t *testing.T, w *world, principal, sid, call, action string) {
	t.Helper()
	reqs, principals, _ := w.requests(t)
	if !simulatorHere(t) {
		return
	}
	p := principals[principal]
	removed := 0
	var kept []iamsim.Policy
	for _, pol := range p.Identity {
		var doc struct {
			Version   string           `json:"Version"`
			Statement []map[string]any `json:"Statement"`
		}
		if err := json.Unmarshal(pol.Policy, &doc); err != nil {
			t.Fatal(err)
		}
		var statements []map[string]any
		for _, st := range doc.Statement {
			if st["Sid"] == sid {
				removed++
				continue
			}
			statements = append(statements, st)
		}
		doc.Statement = statements
		data, _ := json.Marshal(doc)
		kept = append(kept, iamsim.Policy{Name: pol.Name, Policy: data})
	}
	if removed == 0 {
		t.Fatalf("%s has no statement %s", principal, sid)
	}
	p.Identity = kept
	principals[principal] = p
	results, err := iamsim.Simulate(principals, reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if q := reqs[i]; !r.Allowed() && q.Principal == principal && q.Action == action && strings.HasPrefix(q.Why, call) {
			t.Logf("without %s, %s is denied %s: %s", sid, q.Why, action, r.Explain())
			return
		}
	}
	t.Errorf("without statement %s of %s, no call of %s was denied %s: the evaluation could not see the grant missing", sid, principal, call, action)
}

// principalsFromAccount reads roles as the emulated account holds them: their inline policies,
// their attached managed policies' default versions and their permissions boundary.
// operatorPolicies name the managed policies an operator's role would carry.
func principalsFromAccount(t *testing.T, w *world, roles map[string]string, operatorPolicies ...string) map[string]iamsim.Principal {
	t.Helper()
	query := moto.IAMQueryAt(ctx(t), w.cfg)
	out := map[string]iamsim.Principal{}
	for name, role := range roles {
		p, err := moto.ReadRole(query, role)
		if err != nil {
			t.Fatalf("role %s: %v", role, err)
		}
		out[name] = p
	}
	if len(operatorPolicies) > 0 {
		op := iamsim.Principal{ARN: "arn:aws:iam::" + w.account + ":role/operator"}
		for _, name := range operatorPolicies {
			pol, err := moto.ReadManagedPolicy(query, "arn:aws:iam::"+w.account+":policy/"+name)
			if err != nil {
				t.Fatalf("operator policy %s: %v", name, err)
			}
			op.Identity = append(op.Identity, pol)
		}
		out[operator] = op
	}
	return out
}

// usePrincipals makes these the policies the world's calls are evaluated with.
func (w *world) usePrincipals(ps map[string]iamsim.Principal) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, v := range ps {
		w.principals[k] = v
	}
}

// stackBoundary is the bootstrap's permissions boundary, created in the world's account as the
// bootstrap (applied by an administrator) would: the document of the bootstrap example's plan.
func (w *world) stackBoundary(t *testing.T) string {
	t.Helper()
	w.boundaryOnce.Do(func() {
		doc, err := iamsim.PolicyFromPlan(testfiles.Plan("bootstrap"), "-boundary-production")
		if err != nil {
			t.Fatal(err)
		}
		out, err := iam.NewFromConfig(w.cfg).CreatePolicy(ctx(t), &iam.CreatePolicyInput{PolicyName: aws.String("bridge-cicd-boundary-production"), PolicyDocument: aws.String(string(doc))})
		if err != nil {
			t.Fatal(err)
		}
		w.boundaryARN = aws.ToString(out.Policy.Arn)
	})
	return w.boundaryARN
}
