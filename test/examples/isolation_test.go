package examples

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"terraform-basemachina-modules/test/iamsim"
	"terraform-basemachina-modules/test/testfiles"
)

// The template's bootstrap holds dev and production in one account, each with its own name
// prefix. These tests attack that layout with the IAM simulator over the planned documents: every
// request below is one a dev job, a pull request, a role the stacks create or a foreign token
// would make to reach what it must not, and each is decided by IAM's evaluation logic.

const liveBucket = "acme-bridge-tfstate"

// liveRoles are the template bootstrap's roles, named <kind>-<environment> (plan-dev, pr-dev,
// apply-production, ...), and "admin-under-<env>": a role holding every action, as a role the
// apply role creates may, capped by that environment's permissions boundary.
func liveRoles(t *testing.T) map[string]iamsim.Principal {
	t.Helper()
	ciRoles(t) // skips, or fails in CI, without the simulator
	path := testfiles.Plan("live-bootstrap")
	out := map[string]iamsim.Principal{}
	for _, env := range []string{"dev", "production"} {
		roles, err := iamsim.PrincipalsFromPlan(path, account, env)
		if err != nil {
			t.Fatal(err)
		}
		for kind, p := range roles {
			out[kind+"-"+env] = p
		}
		boundary, err := iamsim.PolicyFromPlan(path, "-boundary-"+env)
		if err != nil {
			t.Fatal(err)
		}
		out["admin-under-"+env] = iamsim.Principal{
			ARN:      "arn:aws:iam::" + account + ":role/bridge-" + env + "-anything",
			Identity: []iamsim.Policy{{Name: "everything", Policy: json.RawMessage(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}},
			Boundary: []iamsim.Policy{{Name: "bridge-cicd-boundary-" + env, Policy: boundary}},
		}
	}
	if _, ok := out["pr-dev"]; !ok {
		t.Fatal("the template bootstrap has no pull request role for dev")
	}
	if _, ok := out["pr-production"]; ok {
		t.Fatal("the template bootstrap lets pull requests plan production")
	}
	return out
}

// decideAs evaluates cases as principal over roles and reports every decision that differs.
func decideAs(t *testing.T, roles map[string]iamsim.Principal, principal string, cases []iamCase) {
	t.Helper()
	reqs := make([]iamsim.Request, len(cases))
	for i, c := range cases {
		reqs[i] = iamsim.Request{Principal: principal, Action: c.action, Resource: c.resource, Account: account, Context: c.context}
		if strings.HasPrefix(c.action, "kms:") {
			// A KMS key admits IAM policies only through its key policy: the default one, which
			// lets the account's IAM policies decide (AWS KMS Developer Guide, "Default key policy").
			reqs[i].ResourcePolicy = json.RawMessage(`{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":"kms:*","Resource":"*"}]}`)
		}
	}
	results, err := iamsim.Simulate(roles, reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if got := decision(results[i].Decision); got != c.want {
			t.Errorf("%s as %s: %s, want %s (%s)", c.name, principal, got, c.want, results[i].Explain())
		}
	}
}

// TestTheDevApplyRoleReachesNothingOfProduction takes every Allow statement of the production
// apply role that names production's resources, every action it grants (service:* expanded to
// the service's actions from iam-data) on each of those resources, and asks the same of the dev
// apply role: production must be allowed each (so the request is one production really makes) and
// dev none.
func TestTheDevApplyRoleReachesNothingOfProduction(t *testing.T) {
	roles := liveRoles(t)
	prod := roles["apply-production"]
	context := map[string]any{
		"iam:PermissionsBoundary": "arn:aws:iam::" + account + ":policy/bridge-cicd-boundary-production",
		"iam:PassedToService":     "ecs-tasks.amazonaws.com",
		"iam:PolicyARN":           "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
	}
	var reqs []iamsim.Request
	var sids []string // the statement each request comes from
	for _, pol := range prod.Identity {
		for _, st := range statementsOf(t, pol.Policy) {
			if st.Effect != "Allow" {
				continue
			}
			for _, pattern := range st.Resource {
				if !strings.Contains(pattern, "bridge-prod") && !strings.Contains(pattern, "/production/") {
					continue
				}
				arn := concrete(pattern)
				for _, action := range expandActions(t, st.Action) {
					reqs = append(reqs, iamsim.Request{Action: action, Resource: arn, Account: account, Context: context, Unvalidated: true})
					sids = append(sids, st.Sid)
				}
			}
		}
	}
	both := make([]iamsim.Request, 0, 2*len(reqs))
	for _, r := range reqs {
		r.Principal = "apply-production"
		both = append(both, r)
		r.Principal = "apply-dev"
		both = append(both, r)
	}
	results, err := iamsim.Simulate(roles, both)
	if err != nil {
		t.Fatal(err)
	}
	meant, reached, metadata := 0, 0, 0
	for i := 0; i < len(both); i += 2 {
		// Only what production is allowed by the statement that names its resources: a service:*
		// action on another resource type, or one allowed by a grant on "*", is not production's.
		if !results[i].Allowed() || !allowedBy(results[i], sids[i/2]) {
			continue
		}
		meant++
		dev := results[i+1]
		if !dev.Allowed() {
			continue
		}
		// What IAM cannot hold to a name: Describe and List calls in ReadStackServices, which read
		// no data (the statement says so and TestThePlanRoleOnlyReads proves it), and actions AWS
		// authorizes only on "*".
		if allowedOnlyBy(dev, "ReadStackServices") || wildcardOnly(t, both[i+1].Action) {
			metadata++
			continue
		}
		reached++
		if reached <= 20 {
			t.Errorf("the dev apply role may %s on %s (%s)", both[i+1].Action, both[i+1].Resource, dev.Allow[0])
		}
	}
	t.Logf("%d requests on production's resources that its apply role may make by the statements naming them; the dev apply role may make %d of them, and %d metadata reads or \"*\"-only actions", meant, reached, metadata)
	if meant < 500 {
		t.Fatalf("the production apply role was allowed only %d requests on its own resources: the test would prove nothing", meant)
	}
	if reached > 0 {
		t.Fatalf("the dev apply role reaches %d of production's requests", reached)
	}
}

func allowedBy(r iamsim.Result, sid string) bool {
	for _, s := range r.Allow {
		if s.Sid == sid {
			return true
		}
	}
	return false
}

func allowedOnlyBy(r iamsim.Result, sid string) bool {
	for _, s := range r.Allow {
		if s.Sid != sid {
			return false
		}
	}
	return len(r.Allow) > 0
}

// wildcardOnly tells whether IAM authorizes the action on "*" only (no resource type in the
// Service Authorization Reference, as iam-data lists it).
func wildcardOnly(t *testing.T, action string) bool {
	t.Helper()
	service, name, _ := strings.Cut(action, ":")
	actions := serviceActions(t, service)
	a, ok := actions[strings.ToLower(name)]
	return ok && len(a.ResourceTypes) == 0
}

type iamAction struct {
	Name          string
	ResourceTypes []struct{ Name string }
}

func serviceActions(t *testing.T, service string) map[string]iamAction {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(iamsim.ModulesDir(), "node_modules", "@cloud-copilot", "iam-data", "data", "actions", service+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var actions map[string]iamAction
	if err := json.Unmarshal(data, &actions); err != nil {
		t.Fatal(err)
	}
	return actions
}

// Requests a dev job might try beyond the names: production's state, the CI roles, production's
// records, and a role it creates with production's boundary.
func TestTheDevApplyRoleCannotStepIntoProduction(t *testing.T) {
	roles := liveRoles(t)
	prodBoundary := map[string]any{"iam:PermissionsBoundary": "arn:aws:iam::" + account + ":policy/bridge-cicd-boundary-production"}
	devBoundary := map[string]any{"iam:PermissionsBoundary": "arn:aws:iam::" + account + ":policy/bridge-cicd-boundary-dev"}
	decideAs(t, roles, "apply-dev", []iamCase{
		{"overwrite production's state", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/terraform.tfstate", nil, implicitDeny},
		{"read production's state", "s3:GetObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/terraform.tfstate", nil, implicitDeny},
		{"delete production's lock", "s3:DeleteObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/terraform.tfstate.tflock", nil, implicitDeny},
		{"empty the state bucket", "s3:DeleteBucket", "arn:aws:s3:::" + liveBucket, nil, implicitDeny},
		{"swap production's approved plan", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/plans/1-1.tfplan", nil, implicitDeny},
		{"read production's approved plan", "s3:GetObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/plans/1-1.tfplan", nil, implicitDeny},
		{"re-trust the production apply role", "iam:UpdateAssumeRolePolicy", "arn:aws:iam::" + account + ":role/bridge-cicd-apply-production", devBoundary, explicitDeny},
		{"create a production-named role under its boundary", "iam:CreateRole", "arn:aws:iam::" + account + ":role/bridge-prod-evil", devBoundary, implicitDeny},
		{"create a role with production's boundary", "iam:CreateRole", "arn:aws:iam::" + account + ":role/bridge-dev-evil", prodBoundary, implicitDeny},
		{"pass production's seed role to a task", "iam:PassRole", "arn:aws:iam::" + account + ":role/bridge-prod-seed-task", map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}, implicitDeny},
		{"re-trust a prefix role made without the boundary", "iam:UpdateAssumeRolePolicy", "arn:aws:iam::" + account + ":role/bridge-dev-legacy", nil, implicitDeny},
		// What dev must still do, so the denials are not a policy that denies everything.
		{"write its own state", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/dev/terraform.tfstate", nil, allowed},
		{"create a dev role under its boundary", "iam:CreateRole", "arn:aws:iam::" + account + ":role/bridge-dev-bridge-task", devBoundary, allowed},
		{"change its own database", "rds:ModifyDBInstance", "arn:aws:rds:ap-northeast-1:" + account + ":db:bridge-dev-postgres", nil, allowed},
	})
}

// A role the apply role creates holds at most its boundary, whatever its policies and trust say.
func TestARoleUnderTheBoundaryReadsOnlyItsEnvironmentsData(t *testing.T) {
	roles := liveRoles(t)
	decideAs(t, roles, "admin-under-dev", []iamCase{
		{"read production's tenant secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:bridge-prod-bridge-tenant-id-20261201-AbCdEf", nil, implicitDeny},
		{"read another workload's secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:payments/db-AbCdEf", nil, implicitDeny},
		{"read a state file", "s3:GetObject", "arn:aws:s3:::" + liveBucket + "/bridge/dev/terraform.tfstate", nil, implicitDeny},
		{"read another bucket", "s3:GetObject", "arn:aws:s3:::payments-exports/2026/11.csv", nil, implicitDeny},
		{"read production's seed bucket", "s3:GetObject", "arn:aws:s3:::bridge-prod-seed-123/seed.sql", nil, implicitDeny},
		{"read another workload's parameter", "ssm:GetParameter", "arn:aws:ssm:ap-northeast-1:" + account + ":parameter/payments/api-key", nil, implicitDeny},
		{"read production's logs", "logs:GetLogEvents", "arn:aws:logs:ap-northeast-1:" + account + ":log-group:/ecs/bridge-prod/bridge:log-stream:x", nil, implicitDeny},
		{"pull another workload's image", "ecr:BatchGetImage", "arn:aws:ecr:ap-northeast-1:" + account + ":repository/payments/api", nil, implicitDeny},
		{"decrypt a ciphertext directly", "kms:Decrypt", "arn:aws:kms:ap-northeast-1:" + account + ":key/11111111-2222-3333-4444-555555555555", nil, implicitDeny},
		{"assume another role", "sts:AssumeRole", "arn:aws:iam::" + account + ":role/admin", nil, implicitDeny},
		{"create a user", "iam:CreateUser", "arn:aws:iam::" + account + ":user/evil", nil, implicitDeny},
		// What the stacks' roles need still holds.
		{"read its tenant secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:bridge-dev-bridge-tenant-id-20261201-AbCdEf", nil, allowed},
		{"decrypt through Secrets Manager", "kms:Decrypt", "arn:aws:kms:ap-northeast-1:" + account + ":key/11111111-2222-3333-4444-555555555555", map[string]any{"kms:ViaService": "secretsmanager.ap-northeast-1.amazonaws.com"}, allowed},
		{"write its logs", "logs:PutLogEvents", "arn:aws:logs:ap-northeast-1:" + account + ":log-group:/ecs/bridge-dev/bridge:log-stream:x", nil, allowed},
	})
}

// The role a pull request's token gets reads dev's state and nothing else; the approved plans
// are written by the plan role of their environment and read by its apply role only.
func TestThePullRequestRoleReadsNoSecret(t *testing.T) {
	roles := liveRoles(t)
	decideAs(t, roles, "pr-dev", []iamCase{
		{"read dev's tenant secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:bridge-dev-bridge-tenant-id-20261201-AbCdEf", nil, implicitDeny},
		{"read production's state", "s3:GetObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/terraform.tfstate", nil, implicitDeny},
		{"hold production's lock", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/terraform.tfstate.tflock", nil, implicitDeny},
		{"hold dev's lock", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/dev/terraform.tfstate.tflock", nil, implicitDeny},
		{"read a task definition", "ecs:DescribeTaskDefinition", "*", nil, implicitDeny},
		{"read launch templates' user data", "ec2:DescribeLaunchTemplateVersions", "*", nil, implicitDeny},
		// A saved plan holds the state's values in clear, secrets included.
		{"read dev's saved plan", "s3:GetObject", "arn:aws:s3:::" + liveBucket + "/bridge/dev/plans/1-1.tfplan", nil, implicitDeny},
		{"save a plan for dev's apply job", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/dev/plans/1-1.tfplan", nil, implicitDeny},
		{"read dev's state", "s3:GetObject", "arn:aws:s3:::" + liveBucket + "/bridge/dev/terraform.tfstate", nil, allowed},
		{"list the workspaces, as every terraform command does", "s3:ListBucket", "arn:aws:s3:::" + liveBucket, map[string]any{"s3:prefix": "env:/"}, allowed},
		{"list production's keys", "s3:ListBucket", "arn:aws:s3:::" + liveBucket, map[string]any{"s3:prefix": "bridge/production/"}, implicitDeny},
	})
	decideAs(t, roles, "plan-dev", []iamCase{
		{"read production's tenant secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:bridge-prod-bridge-tenant-id-20261201-AbCdEf", nil, implicitDeny},
		{"read production's state", "s3:GetObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/terraform.tfstate", nil, implicitDeny},
		{"save a plan for production's apply job", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/plans/1-1.tfplan", nil, implicitDeny},
		{"save a plan for its own apply job", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/dev/plans/1-1.tfplan", nil, allowed},
	})
	decideAs(t, roles, "apply-production", []iamCase{
		{"fetch its approved plan", "s3:GetObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/plans/1-1.tfplan", nil, allowed},
		{"rewrite its approved plan", "s3:PutObject", "arn:aws:s3:::" + liveBucket + "/bridge/production/plans/1-1.tfplan", nil, implicitDeny},
	})
}

// TestTrustPoliciesAdmitOnlyTheReviewedWorkflow evaluates sts:AssumeRoleWithWebIdentity against
// each role's trust policy with GitHub tokens that differ from the trusted one in one claim.
// The trust policy is built from the plan's trusted_claims output exactly as the module builds it
// (the provider's ARN is unknown at plan). These requests go to the simulator's evaluation core
// (Unvalidated): iam-data describes GitHub's own claim keys but not the generic <provider>:aud and
// :sub keys, which its validation would drop, while STS evaluates them.
func TestTrustPoliciesAdmitOnlyTheReviewedWorkflow(t *testing.T) {
	ciRoles(t)
	claims := plannedOutput[map[string]map[string]any](t, "live-bootstrap", "trusted_claims")
	const host = "token.actions.githubusercontent.com"
	provider := "arn:aws:iam::" + account + ":oidc-provider/" + host
	workflow := first(t, claims["apply-production"][host+":job_workflow_ref"])
	token := func(sub, ref, wf string) map[string]any {
		return map[string]any{host + ":aud": "sts.amazonaws.com", host + ":sub": sub, host + ":ref": ref, host + ":job_workflow_ref": wf, host + ":repository": "acme/bridge-infra"}
	}
	repo := "repo:acme/bridge-infra:"
	otherWorkflow := strings.Replace(workflow, "terraform.yml", "evil.yml", 1)
	cases := []struct {
		name, role string
		token      map[string]any
		want       decision
	}{
		{"production job on main, pinned workflow", "apply-production", token(repo+"environment:production", "refs/heads/main", workflow), allowed},
		{"production job from another branch", "apply-production", token(repo+"environment:production", "refs/heads/feature", workflow), implicitDeny},
		{"production job from a pull request", "apply-production", token(repo+"environment:production", "refs/pull/7/merge", workflow), implicitDeny},
		{"dev environment job", "apply-production", token(repo+"environment:dev", "refs/heads/main", workflow), implicitDeny},
		{"another repository", "apply-production", token("repo:mallory/bridge-infra:environment:production", "refs/heads/main", workflow), implicitDeny},
		{"another workflow file", "apply-production", token(repo+"environment:production", "refs/heads/main", otherWorkflow), implicitDeny},
		{"the workflow at a branch", "apply-production", token(repo+"environment:production", "refs/heads/main", strings.SplitN(workflow, "@", 2)[0]+"@refs/heads/main"), implicitDeny},
		{"a job running no reusable workflow", "apply-production", map[string]any{host + ":aud": "sts.amazonaws.com", host + ":sub": repo + "environment:production", host + ":ref": "refs/heads/main"}, implicitDeny},
		{"dev plan on main", "plan-dev", token(repo+"ref:refs/heads/main", "refs/heads/main", workflow), allowed},
		{"production plan from a pull request", "plan-production", token(repo+"pull_request", "refs/pull/7/merge", workflow), implicitDeny},
		{"production plan from another branch", "plan-production", token(repo+"ref:refs/heads/feature", "refs/heads/feature", workflow), implicitDeny},
		{"dev pull request plan", "pr-dev", token(repo+"pull_request", "refs/pull/7/merge", workflow), allowed},
		{"pull request naming a workflow of its own", "pr-dev", token(repo+"pull_request", "refs/pull/7/merge", otherWorkflow), implicitDeny},
		{"pull request from another repository", "pr-dev", token("repo:mallory/bridge-infra:pull_request", "refs/pull/7/merge", workflow), implicitDeny},
	}
	principals := map[string]iamsim.Principal{"github": {ARN: provider, Identity: []iamsim.Policy{}}}
	var reqs []iamsim.Request
	for _, c := range cases {
		c.token = pruneNil(c.token)
		trust, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity",
			"Condition": map[string]any{"StringEquals": claims[c.role]},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		if claims[c.role] == nil {
			t.Fatalf("trusted_claims has no role %s: %v", c.role, keysOf(claims))
		}
		reqs = append(reqs, iamsim.Request{Principal: "github", Action: "sts:AssumeRoleWithWebIdentity", Resource: "arn:aws:iam::" + account + ":role/bridge-cicd-" + c.role,
			Account: account, Context: c.token, ResourcePolicy: trust, Unvalidated: true})
	}
	results, err := iamsim.Simulate(principals, reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if got := decision(results[i].Decision); got != c.want {
			t.Errorf("%s (%s): %s, want %s", c.name, c.role, got, c.want)
		}
	}
}

type statement struct {
	Sid      string
	Effect   string
	Action   []string
	Resource []string
}

// statementsOf reads a policy document's statements, with Action and Resource as lists.
func statementsOf(t *testing.T, doc json.RawMessage) []statement {
	t.Helper()
	var raw struct {
		Statement []struct {
			Sid      string
			Effect   string
			Action   any
			Resource any
		}
	}
	if err := json.Unmarshal(doc, &raw); err != nil {
		t.Fatal(err)
	}
	list := func(v any) []string {
		switch x := v.(type) {
		case string:
			return []string{x}
		case []any:
			var out []string
			for _, e := range x {
				s, _ := e.(string)
				out = append(out, s)
			}
			return out
		}
		return nil
	}
	var out []statement
	for _, s := range raw.Statement {
		out = append(out, statement{Sid: s.Sid, Effect: s.Effect, Action: list(s.Action), Resource: list(s.Resource)})
	}
	return out
}

// concrete turns a resource pattern into one ARN it matches, in the test's region and account.
func concrete(pattern string) string {
	parts := strings.SplitN(pattern, ":", 6)
	if len(parts) == 6 {
		if parts[3] == "*" {
			parts[3] = "ap-northeast-1"
		}
		if parts[4] == "*" {
			parts[4] = account
		}
		pattern = strings.Join(parts, ":")
	}
	return strings.ReplaceAll(pattern, "*", "x")
}

// expandActions lists the IAM actions the patterns name, from iam-data's list of each service's
// actions.
func expandActions(t *testing.T, patterns []string) []string {
	t.Helper()
	var out []string
	for _, p := range patterns {
		service, name, _ := strings.Cut(p, ":")
		if !strings.Contains(name, "*") {
			out = append(out, p)
			continue
		}
		actions := serviceActions(t, service)
		prefix := strings.ToLower(strings.TrimSuffix(name, "*"))
		for key, a := range actions {
			if strings.HasPrefix(key, prefix) {
				out = append(out, service+":"+a.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// plannedOutput reads an output's planned value from the offline plan of an example (the
// fixture keeps the outputs keptOutputs names).
func plannedOutput[T any](t *testing.T, example, name string) T {
	t.Helper()
	var plan struct {
		OutputChanges map[string]struct {
			After json.RawMessage `json:"after"`
		} `json:"output_changes"`
	}
	data, err := os.ReadFile(testfiles.Plan(example))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	var v T
	out, ok := plan.OutputChanges[name]
	if !ok || json.Unmarshal(out.After, &v) != nil {
		t.Fatalf("the %s plan has no known output %s", example, name)
	}
	return v
}

func first(t *testing.T, v any) string {
	t.Helper()
	if list, ok := v.([]any); ok && len(list) > 0 {
		s, _ := list[0].(string)
		return s
	}
	t.Fatalf("want a list of strings, got %v", v)
	return ""
}

func pruneNil(m map[string]any) map[string]any {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
	return m
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
