package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckPassesTheExamplesAndFailsABrokenPlan(t *testing.T) {
	for _, name := range []string{"complete", "existing-vpc", "bootstrap"} {
		if code, stdout, stderr := run(t, english, "check", fixture(name)); code != ExitOK || !strings.Contains(stdout, " 0 failed") {
			t.Errorf("%s: wanted no rule broken and exit 0, got %d %q %q", name, code, stdout, stderr)
		}
	}
	data, err := os.ReadFile(fixture("complete"))
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), `"cidr_ipv4": "34.85.43.93/32"`, `"cidr_ipv4": "0.0.0.0/0"`, 1)
	if broken == string(data) {
		t.Fatal("the fixture no longer holds BaseMachina's address as cidr_ipv4")
	}
	path := filepath.Join(t.TempDir(), "broken.json")
	_ = os.WriteFile(path, []byte(broken), 0o644)
	code, stdout, _ := run(t, english, "check", path, "--json")
	var out struct {
		OK    bool `json:"ok"`
		Rules []struct {
			ID         string   `json:"id"`
			Holds      bool     `json:"holds"`
			Violations []string `json:"violations"`
		} `json:"rules"`
	}
	if code != ExitFinding || json.Unmarshal([]byte(stdout), &out) != nil || out.OK {
		t.Fatalf("wanted exit 1 and ok=false, got %d %s", code, stdout)
	}
	for _, r := range out.Rules {
		if r.ID == "ingress-narrow" && (r.Holds || !strings.Contains(strings.Join(r.Violations, " "), "0.0.0.0/0")) {
			t.Errorf("wanted ingress-narrow broken by 0.0.0.0/0, got %+v", r)
		}
	}
}

func TestCheckRejectsBadInput(t *testing.T) {
	cases := map[string][]string{
		"no plan":      {"check"},
		"two plans":    {"check", fixture("complete"), fixture("bootstrap")},
		"missing plan": {"check", filepath.Join(t.TempDir(), "nope.json")},
	}
	for name, args := range cases {
		if code, _, stderr := run(t, english, args...); code != ExitUsage || stderr == "" {
			t.Errorf("%s: wanted exit 2 with a message, got %d %q", name, code, stderr)
		}
	}
}

func TestCostDiffPrintsTheMonthlyChange(t *testing.T) {
	code, stdout, stderr := run(t, english, "cost", "--diff", fixture("existing-vpc"), fixture("complete"), "--region", "ap-northeast-1")
	if code != ExitOK {
		t.Fatalf("wanted exit 0, got %d %s", code, stderr)
	}
	// existing-vpc and complete as priced in docs/cost.md: 37.49 and 119.05 USD in Tokyo (two tasks).
	for _, want := range []string{"37.49 USD -> 119.05 USD (+81.56 USD)", "NAT gateway hours"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("wanted %q in:\n%s", want, stdout)
		}
	}
	if code, stdout, _ := run(t, english, "cost", "--diff", fixture("complete"), fixture("complete"), "--region", "ap-northeast-1"); code != ExitOK || !strings.Contains(stdout, "(+0.00 USD)") || !strings.Contains(stdout, "No priced item changes") {
		t.Errorf("wanted no change between a plan and itself, got %d %q", code, stdout)
	}
	if code, _, stderr := run(t, english, "cost", "--diff", fixture("complete"), fixture("complete"), "--compare"); code != ExitUsage || !strings.Contains(stderr, "--diff and --compare") {
		t.Errorf("wanted --diff with --compare refused, got %d %q", code, stderr)
	}
}

// TestCostChangePricesWhatOnePlanChanges: on an empty state every priced item is new; on a state
// that already holds the stack, only what the plan changes is counted.
func TestCostChangePricesWhatOnePlanChanges(t *testing.T) {
	code, stdout, stderr := run(t, english, "cost", "--change", fixture("complete"), "--region", "ap-northeast-1")
	if code != ExitOK || !strings.Contains(stdout, "0.00 USD -> 119.05 USD (+119.05 USD)") {
		t.Errorf("wanted the whole stack as the change of a plan from an empty state, got %d %q %q", code, stdout, stderr)
	}

	// The same stack, already applied with one task; the plan raises it to two.
	data, err := os.ReadFile(fixture("complete"))
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	const service = "module.bridge.aws_ecs_service.this"
	found := false
	for _, raw := range plan["resource_changes"].([]any) {
		rc := raw.(map[string]any)
		change := rc["change"].(map[string]any)
		after, _ := change["after"].(map[string]any)
		before := map[string]any{}
		for k, v := range after {
			before[k] = v
		}
		change["before"], change["actions"] = before, []any{"no-op"}
		if rc["address"] == service {
			before["desired_count"], change["actions"] = 1.0, []any{"update"}
			found = true
		}
	}
	if !found {
		t.Fatalf("the fixture has no %s", service)
	}
	data, _ = json.Marshal(plan)
	path := filepath.Join(t.TempDir(), "scale-out.json")
	_ = os.WriteFile(path, data, 0o644)
	code, stdout, stderr = run(t, english, "cost", "--change", path, "--region", "ap-northeast-1", "--json")
	var out struct {
		Diff struct {
			Change float64 `json:"change_monthly_usd"`
			Lines  []struct {
				Address string  `json:"address"`
				Old     float64 `json:"old_monthly_usd"`
				New     float64 `json:"new_monthly_usd"`
			} `json:"lines"`
		} `json:"diff"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || code != ExitOK {
		t.Fatalf("wanted JSON and exit 0, got %d %v %q %q", code, err, stdout, stderr)
	}
	// Two tasks cost 22.49 USD a month in Tokyo (docs/cost.md): the second one is the change.
	if len(out.Diff.Lines) == 0 || out.Diff.Change < 11.2 || out.Diff.Change > 11.3 {
		t.Errorf("wanted the change of one task (about 11.25 USD), got %+v", out.Diff)
	}
	for _, l := range out.Diff.Lines {
		if l.Address != service {
			t.Errorf("wanted only the service's lines to change, got %+v", l)
		}
	}
	if code, _, stderr := run(t, english, "cost", "--change", "--diff", fixture("complete"), fixture("complete")); code != ExitUsage || !strings.Contains(stderr, "--change cannot") {
		t.Errorf("wanted --change with --diff refused, got %d %q", code, stderr)
	}
}

// The 1.0.0 bootstrap put its whole apply policy in one document of 8,462 characters, which
// CreatePolicy refuses (IAM quotas: 6,144); check refuses such a plan before anything is created.
func TestCheckRefusesAPolicyOverIAMsQuota(t *testing.T) {
	data, err := os.ReadFile(fixture("bootstrap"))
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	// Merge every part of the default apply policy into the first, as one document.
	var merged map[string]any
	var statements []any
	for _, rc := range plan["resource_changes"].([]any) {
		r := rc.(map[string]any)
		if r["type"] != "aws_iam_policy" || r["name"] != "apply_default" {
			continue
		}
		after := r["change"].(map[string]any)["after"].(map[string]any)
		var doc map[string]any
		if err := json.Unmarshal([]byte(after["policy"].(string)), &doc); err != nil {
			t.Fatal(err)
		}
		statements = append(statements, doc["Statement"].([]any)...)
		if merged == nil {
			merged = after
		}
	}
	if merged == nil {
		t.Fatal("the bootstrap fixture has no default apply policy")
	}
	one, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	merged["policy"] = string(one)
	broken, _ := json.Marshal(plan)
	path := filepath.Join(t.TempDir(), "one-policy.json")
	if err := os.WriteFile(path, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := run(t, english, "check", path, "--json")
	var out struct {
		Rules []struct {
			ID         string   `json:"id"`
			Holds      bool     `json:"holds"`
			Violations []string `json:"violations"`
		} `json:"rules"`
	}
	if code != ExitFinding || json.Unmarshal([]byte(stdout), &out) != nil {
		t.Fatalf("wanted exit 1 with a JSON report, got %d %s", code, stdout)
	}
	for _, r := range out.Rules {
		if r.ID != "iam-quotas" {
			if !r.Holds {
				t.Errorf("only iam-quotas should break, %s did: %v", r.ID, r.Violations)
			}
			continue
		}
		v := strings.Join(r.Violations, " ")
		if r.Holds || !strings.Contains(v, "aws_iam_policy.apply_default") || !strings.Contains(v, "quota of 6144") {
			t.Errorf("wanted iam-quotas broken by the merged policy, got %+v", r)
		}
	}
}

// A bootstrap root has no service, load balancer or VPC: check must say those rules had nothing
// to judge, apart from the ones that passed, instead of passing them (issue #29).
func TestCheckSaysWhichRulesHadNothingToJudge(t *testing.T) {
	code, stdout, _ := run(t, english, "check", fixture("bootstrap"))
	if code != ExitOK {
		t.Fatalf("wanted exit 0, got %d", code)
	}
	for _, line := range strings.Split(stdout, "\n") {
		if strings.Contains(line, "(rollback)") && !strings.HasPrefix(line, "[--] ") {
			t.Errorf("wanted the circuit breaker of a service the plan lacks marked [--], got %q", line)
		}
	}
	if !strings.Contains(stdout, "not applicable: nothing in the plan to judge") || !strings.Contains(stdout, "11 rules: 3 passed, 0 failed, 8 not applicable.") {
		t.Errorf("wanted the reason and the three counts, got:\n%s", stdout)
	}

	_, stdout, _ = run(t, english, "check", fixture("bootstrap"), "--json")
	var out struct {
		Summary struct {
			Passed        int `json:"passed"`
			Failed        int `json:"failed"`
			NotApplicable int `json:"not_applicable"`
		} `json:"summary"`
		Rules []struct {
			ID      string `json:"id"`
			Applies bool   `json:"applies"`
			Reason  string `json:"reason"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Summary.Passed != 3 || out.Summary.Failed != 0 || out.Summary.NotApplicable != 8 {
		t.Errorf("wanted 3 passed, 0 failed, 8 not applicable in the JSON summary, got %+v", out.Summary)
	}
	for _, r := range out.Rules {
		if r.ID == "rollback" && (r.Applies || r.Reason != "nothing-to-judge") {
			t.Errorf("wanted rollback not applicable with its reason in the JSON, got %+v", r)
		}
	}

	// In Japanese the mark's reason is Japanese too.
	_, stdout, _ = run(t, japanese, "check", fixture("bootstrap"))
	if !strings.Contains(stdout, "対象なし") || strings.Contains(stdout, "not applicable") {
		t.Errorf("wanted the Japanese reason, got:\n%s", stdout)
	}
}
