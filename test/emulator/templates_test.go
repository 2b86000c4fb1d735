//go:build emulator

package emulator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"terraform-basemachina-modules/internal/templates"
)

// TestTemplateEnvironmentsCycle runs the customer repository template as its README does, in one
// emulated account: the bootstrap root with the two environments, then each environment root on
// the S3 backend the bootstrap made (its own key, S3 native locking), initialised from its
// committed lock file, planned and applied with its own <env>.tfvars, then destroyed. Both
// environments are applied at once, so their names and keys must not collide.
func TestTemplateEnvironmentsCycle(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const bucket = "cyc-live-state"
	boot := newTemplateStack(t, w, "bootstrap", nil).asAdministrator()
	// The template's own environments (variables.tf): bridge-dev and bridge-prod in this account.
	boot.set(map[string]any{"github_repository": "acme/bridge-infra", "state_bucket_name": bucket, "workflow_refs": []string{testWorkflowRef}})
	t.Logf("apply bootstrap: %s", boot.apply())
	assertRulesHold(t, boot)
	out := boot.outputs()
	configs, _ := out["backend_configs"].(map[string]any)
	boundaries, _ := out["stack_permissions_boundary_arns"].(map[string]any)
	certificate := importCertificate(t, w)
	// From here on CI deploys: each environment is planned with its plan role and applied and
	// destroyed with its own apply role, dev is planned once more as a pull request plans it, and
	// an operator runs bridgectl with both environments' operator policies, as the bootstrap made
	// them in this account.
	roles := map[string]string{"pr-dev": "bridge-cicd-pr-dev"}
	var operatorPolicies []string
	for _, env := range templates.Environments {
		roles["plan-"+env] = "bridge-cicd-plan-" + env
		roles["apply-"+env] = "bridge-cicd-apply-" + env
		operatorPolicies = append(operatorPolicies, "bridge-cicd-operator-"+env)
	}
	w.usePrincipals(principalsFromAccount(t, w, roles, operatorPolicies...))
	client := s3.NewFromConfig(w.cfg, func(o *s3.Options) { o.UsePathStyle = true })

	t.Run("environments", func(t *testing.T) {
		for _, env := range templates.Environments {
			t.Run(env, func(t *testing.T) {
				t.Parallel()
				cfg, _ := configs[env].(map[string]any)
				key, _ := cfg["key"].(string)
				if key == "" || cfg["bucket"] != bucket || cfg["use_lockfile"] != true {
					t.Fatalf("backend_configs[%s] = %v: want the bucket, a key and native locking", env, cfg)
				}
				// Only the bucket is the customer's to fill in; the key is the template's own.
				s := newTemplateStack(t, w, env, map[string]any{"bucket": bucket})
				overrides := map[string]any{
					"tenant_id": "tenant-" + env, "bridge_image_tag": "1.0.0", "domain_name": testDomain,
					"route53_zone_id": nil, "certificate_arn": certificate, "iam_permissions_boundary": boundaries[env],
				}
				if env == "production" {
					overrides["protect_from_deletion"] = false
					overrides["delete_access_logs_on_destroy"] = true
				}
				varFiles := s.varFiles(env, overrides)
				t.Logf("apply %s: %s", env, s.applyWith(varFiles...))
				assertNoDrift(t, s.plan(varFiles...))
				if env == "dev" {
					// A pull request's plan: its role reads the state and nothing else, so the
					// workflow plans without refreshing and without the lock.
					s.planAs = "pr-dev"
					assertNoDrift(t, s.plan(append([]string{"-refresh=false", "-lock=false"}, varFiles...)...))
					s.planAs = "plan-dev"
				}
				if env == "production" {
					assertRulesHold(t, s, "deletion-protection") // turned off above, for the destroy
				} else {
					assertRulesHold(t, s)
				}

				// The state is under the key the bootstrap gave this environment, and no lock is left.
				if _, err := client.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
					t.Errorf("no state at s3://%s/%s, the key the bootstrap gave %s: %v", bucket, key, env, err)
				}
				var missing *s3types.NotFound
				if _, err := client.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key + ".tflock")}); !errors.As(err, &missing) {
					t.Errorf("s3://%s/%s.tflock after apply: want it released (NotFound), got %v", bucket, key, err)
				}
				outputs := s.outputs()
				if got := str(t, outputs, "service_name"); !strings.HasPrefix(got, "bridge-") {
					t.Errorf("service_name %q does not carry the prefix the apply role may manage", got)
				}
				assertDoctor(t, s, outputs)

				s.must(append([]string{"destroy", "-auto-approve", "-input=false"}, varFiles...)...)
			})
		}
	})
	// Each environment kept its own state object.
	listed, err := client.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range listed.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	for _, env := range templates.Environments {
		cfg, _ := configs[env].(map[string]any)
		want, _ := cfg["key"].(string)
		if want == "" || !strings.Contains(strings.Join(keys, " "), want) {
			t.Errorf("the state bucket holds %v, not %s's state %s", keys, env, want)
		}
	}
	// No destroy of the bootstrap: its bucket keeps the environments' state versions, as it should.
}

// newTemplateStack localizes templates/live/<root> (its git sources pointed at the working
// tree's modules) and runs terraform init from the root's committed lock file. backend, when not
// nil, points the root's S3 backend at the emulator with these settings over the root's own.
func newTemplateStack(t *testing.T, w *world, root string, backend map[string]any) *stack {
	t.Helper()
	tmp := t.TempDir()
	dir, err := templates.Localize(repoRoot, root, tmp)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(tmp, dir)
	s := openStack(t, w, tmp, rel)
	if slices.Contains(templates.Environments, root) {
		// CI inits an environment with that environment's roles, from the first command on.
		s.planAs, s.applyAs = "plan-"+root, "apply-"+root
	}
	args := []string{"-lockfile=readonly"}
	if backend != nil {
		settings := map[string]any{
			"use_path_style":              true,
			"skip_credentials_validation": true, "skip_requesting_account_id": true,
			"skip_metadata_api_check": true, "skip_region_validation": true,
			"endpoints": map[string]any{"s3": w.front.URL, "sts": w.front.URL, "iam": w.front.URL},
		}
		for k, v := range backend {
			settings[k] = v
		}
		var b strings.Builder
		for k, v := range settings {
			value, _ := json.Marshal(v)
			if m, ok := v.(map[string]any); ok {
				var parts []string
				for mk, mv := range m {
					parts = append(parts, fmt.Sprintf("%s = %q", mk, mv))
				}
				value = []byte("{ " + strings.Join(parts, ", ") + " }")
			}
			fmt.Fprintf(&b, "%s = %s\n", k, value)
		}
		file := filepath.Join(dir, "emulator.s3.tfbackend")
		if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-backend-config="+file)
	}
	s.init(args...)
	return s
}

// varFiles returns the arguments that plan with the environment's own variables file, then the
// emulator's overrides (a later -var-file wins).
func (s *stack) varFiles(env string, overrides map[string]any) []string {
	s.t.Helper()
	data, err := json.MarshalIndent(overrides, "", "  ")
	if err != nil {
		s.t.Fatal(err)
	}
	file := filepath.Join(s.dir, "emulator.tfvars.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		s.t.Fatal(err)
	}
	return []string{"-var-file=" + env + ".tfvars", "-var-file=" + file}
}

// applyWith applies with extra arguments and returns how long it took.
func (s *stack) applyWith(args ...string) time.Duration {
	s.t.Helper()
	started := time.Now()
	s.must(append([]string{"apply", "-auto-approve", "-input=false"}, args...)...)
	return time.Since(started)
}
