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
	})
	t.Logf("apply: %s", s.apply())
	assertNoDrift(t, s.plan())
	out := s.outputs()
	if str(t, out, "state_bucket_name") != bucket {
		t.Errorf("state_bucket_name = %v, want %s", out["state_bucket_name"], bucket)
	}
	if block := str(t, out, "backend_block"); !strings.Contains(block, bucket) || !strings.Contains(block, "use_lockfile") {
		t.Errorf("backend_block does not name the bucket with native locking:\n%s", block)
	}
	if _, err := s3.NewFromConfig(w.cfg, func(o *s3.Options) { o.UsePathStyle = true }).HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Errorf("state bucket %s: %v", bucket, err)
	}
	var roles []string
	for _, k := range []string{"plan_role_arn", "apply_role_arn"} {
		arn := str(t, out, k)
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
