//go:build emulator

package emulator_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestBootstrapCycle applies examples/bootstrap (state bucket, GitHub OIDC provider, plan and
// apply roles), checks what it made and destroys it without leftovers.
func TestBootstrapCycle(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const bucket = "cyc-bootstrap-state"
	s := newStack(t, w, "examples/bootstrap", "", map[string]any{
		"github_repository": "example-org/bridge-infra",
		"state_bucket_name": bucket,
		"workflow_refs":     []string{testWorkflowRef},
		// Two environments in this account, as the single-account layout has them.
		"environments": map[string]any{"dev": map[string]any{"name_prefix": "bridge-dev", "plan_pull_requests": true}, "production": map[string]any{"name_prefix": "bridge-prod"}},
	}).asAdministrator()
	t.Logf("apply: %s", s.apply())
	assertNoDrift(t, s.plan())
	assertRulesHold(t, s)
	out := s.outputs()
	if str(t, out, "state_bucket_name") != bucket {
		t.Errorf("state_bucket_name = %v, want %s", out["state_bucket_name"], bucket)
	}
	// Each environment has its own key; the bootstrap's own key is apart.
	blocks, _ := out["backend_blocks"].(map[string]any)
	for _, env := range []string{"dev", "production"} {
		block, _ := blocks[env].(string)
		if !strings.Contains(block, bucket) || !strings.Contains(block, "use_lockfile") || !strings.Contains(block, `"bridge/`+env+`/terraform.tfstate"`) {
			t.Errorf("backend_blocks[%s] does not name the bucket, its own key and native locking:\n%s", env, block)
		}
	}
	if block := str(t, out, "bootstrap_backend_block"); !strings.Contains(block, `"bootstrap/terraform.tfstate"`) {
		t.Errorf("bootstrap_backend_block does not use the bootstrap's own key:\n%s", block)
	}
	if _, err := s3.NewFromConfig(w.cfg, func(o *s3.Options) { o.UsePathStyle = true }).HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Errorf("state bucket %s: %v", bucket, err)
	}
	// The roles, as the workflows get them: repository variables (plan and pull request roles per
	// environment, where plans are saved) and each GitHub environment's apply role.
	var roles []string
	vars, _ := out["github_variables"].(map[string]any)
	repository, _ := vars["repository"].(map[string]any)
	environments, _ := vars["environments"].(map[string]any)
	arns := map[string]string{}
	for name, v := range repository {
		value, _ := v.(string)
		if strings.HasPrefix(name, "TF_SAVED_PLANS_") {
			if env := strings.ToLower(strings.TrimPrefix(name, "TF_SAVED_PLANS_")); value != "s3://"+bucket+"/bridge/"+env+"/plans/" {
				t.Errorf("github_variables.repository.%s = %q, want s3://%s/bridge/%s/plans/", name, value, bucket, env)
			}
			continue
		}
		arns[name] = value
	}
	for env, v := range environments {
		m, _ := v.(map[string]any)
		arns["environments."+env+".AWS_APPLY_ROLE_ARN"], _ = m["AWS_APPLY_ROLE_ARN"].(string)
	}
	if len(arns) != 5 || len(environments) != 2 {
		t.Errorf("want a plan and an apply role per environment and a pull request role for dev in github_variables, got %v", vars)
	}
	// The Access Analyzer's findings go to the topic the bootstrap made.
	if topic := str(t, out, "access_findings_topic_arn"); !strings.HasSuffix(topic, ":bridge-cicd-access-findings") {
		t.Errorf("access_findings_topic_arn = %q, want the bootstrap's findings topic", topic)
	}
	for k, arn := range arns {
		if !strings.HasPrefix(arn, "arn:aws:iam::123456789012:role/") {
			t.Errorf("output %s = %q is not a role ARN of this account", k, arn)
			continue
		}
		role := arn[strings.LastIndex(arn, "/")+1:]
		roles = append(roles, role)
		if _, err := iam.NewFromConfig(w.cfg).GetRole(ctx(t), &iam.GetRoleInput{RoleName: aws.String(role)}); err != nil {
			t.Errorf("role %s: %v", role, err)
		}
	}
	providers, err := iam.NewFromConfig(w.cfg).ListOpenIDConnectProviders(ctx(t), &iam.ListOpenIDConnectProvidersInput{})
	if err != nil || len(providers.OpenIDConnectProviderList) != 1 {
		t.Errorf("want the GitHub OIDC provider, got %+v (%v)", providers, err)
	}

	s.must("destroy", "-auto-approve", "-input=false")
	if left := w.inventory(t).Matching(append(roles, bucket)...); len(left) > 0 {
		t.Errorf("destroying bootstrap left behind:\n%s", left)
	}
	providers, err = iam.NewFromConfig(w.cfg).ListOpenIDConnectProviders(ctx(t), &iam.ListOpenIDConnectProvidersInput{})
	if err != nil || len(providers.OpenIDConnectProviderList) != 0 {
		t.Errorf("the OIDC provider survived destroy: %+v (%v)", providers, err)
	}
}
