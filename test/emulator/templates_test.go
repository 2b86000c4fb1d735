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
	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/templates/live"
)

// TestTemplateEnvironmentsCycle runs the repository `bridgectl init` writes from the customer
// template, as its README does: the bootstrap root with its bootstrap.tfvars, then each
// environment root on the S3 backend the bootstrap made (its own key, S3 native locking),
// initialised from its committed lock file, planned and applied with its own <env>.tfvars, then
// destroyed. What init wrote (state bucket, boundary, names) must be what the bootstrap made. It runs in both layouts the README gives: one account per
// environment (the recommended one: the bootstrap run in each account with its environment only,
// each with its own state bucket), and one account for both (the bootstrap with both
// environments, kept apart by their name prefixes). Both environments are applied at once, so
// their names and keys must not collide.
func TestTemplateEnvironmentsCycle(t *testing.T) {
	t.Parallel()
	t.Run("one account per environment", func(t *testing.T) {
		t.Parallel()
		dev := newWorld(t)
		// A second account of the same organization: the same moto, its own front and principals.
		production := dev.inAccount(t, "210987654321")
		templateCycle(t, map[string]*world{"dev": dev, "production": production}, map[string]string{"dev": "cyc-live-dev-state", "production": "cyc-live-prod-state"})
	})
	t.Run("one account", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		templateCycle(t, map[string]*world{"dev": w, "production": w}, map[string]string{"dev": "cyc-live-state", "production": "cyc-live-state"})
	})
}

// templateCycle writes the repository for the accounts of worlds (environment -> its account),
// bootstraps each account with the bootstrap root init wrote for it, then deploys each
// environment under its own roles.
func templateCycle(t *testing.T, worlds map[string]*world, buckets map[string]string) {
	t.Helper()
	repo, answers := writeRepository(t, worlds, buckets)
	configs := map[string]map[string]any{}
	certificates := map[string]string{}
	for _, b := range answers.Bootstraps() {
		envs := b.Environments
		w := worlds[envs[0]]
		boot := newTemplateStack(t, w, repo, b.Dir, nil).asAdministrator()
		t.Logf("apply %s in %s (%v): %s", b.Dir, w.account, envs, boot.applyWith("-var-file=bootstrap.tfvars"))
		assertRulesHold(t, boot)
		out := boot.outputs()
		cfgs, _ := out["backend_configs"].(map[string]any)
		bs, _ := out["stack_permissions_boundary_arns"].(map[string]any)
		if len(cfgs) != len(envs) {
			t.Fatalf("the bootstrap in %s gave backend_configs for %v, want %v only", w.account, cfgs, envs)
		}
		for _, e := range answers.Environments {
			// init wrote each environment's boundary from the account and the bootstrap's name:
			// the one the bootstrap made, or the environment's roles could create no role.
			if slices.Contains(envs, e.Name) && bs[e.Name] != templates.BoundaryARN(e) {
				t.Errorf("init wrote %s's iam_permissions_boundary %s; the bootstrap made %v", e.Name, templates.BoundaryARN(e), bs[e.Name])
			}
		}
		certificate := importCertificate(t, w)
		// From here on CI deploys: each environment is planned with its plan role and applied and
		// destroyed with its own apply role, dev is planned once more as a pull request plans it,
		// and an operator runs bridgectl with the operator policies of the account's environments.
		roles := map[string]string{}
		var operatorPolicies []string
		for _, env := range envs {
			c, _ := cfgs[env].(map[string]any)
			configs[env] = c
			certificates[env] = certificate
			if !strings.HasPrefix(fmt.Sprint(bs[env]), "arn:aws:iam::"+w.account+":") {
				t.Errorf("%s's permissions boundary %v is not in its account %s", env, bs[env], w.account)
			}
			roles["plan-"+env] = "bridge-cicd-plan-" + env
			roles["apply-"+env] = "bridge-cicd-apply-" + env
			if env == "dev" {
				roles["pr-dev"] = "bridge-cicd-pr-dev"
			}
			operatorPolicies = append(operatorPolicies, "bridge-cicd-operator-"+env)
		}
		w.usePrincipals(principalsFromAccount(t, w, roles, operatorPolicies...))
	}

	t.Run("environments", func(t *testing.T) {
		for _, env := range templates.Environments {
			t.Run(env, func(t *testing.T) {
				t.Parallel()
				w := worlds[env]
				bucket := buckets[env]
				client := s3.NewFromConfig(w.cfg, func(o *s3.Options) { o.UsePathStyle = true })
				cfg := configs[env]
				key, _ := cfg["key"].(string)
				if key == "" || cfg["bucket"] != bucket || cfg["use_lockfile"] != true {
					t.Fatalf("backend_configs[%s] = %v: want the bucket, a key and native locking", env, cfg)
				}
				// init wrote the bucket and region into versions.tf; the key is the template's own.
				s := newTemplateStack(t, w, repo, env, map[string]any{})
				// What init cannot know: the tenant (a secret in CI) and, here, the certificate
				// imported instead of a DNS-validated one.
				overrides := map[string]any{
					"tenant_id": "tenant-" + env, "route53_zone_id": nil, "certificate_arn": certificates[env],
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
					assertLockHeld(t, s, client, bucket, key, varFiles)
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
				if got := str(t, bridgeOf(t, outputs), "service_name"); !strings.HasPrefix(got, "bridge-") {
					t.Errorf("service_name %q does not carry the prefix the apply role may manage", got)
				}
				assertDoctor(t, s, outputs)

				s.must(append([]string{"destroy", "-auto-approve", "-input=false"}, varFiles...)...)
			})
		}
	})
	// Each environment kept its own state object, in its own account's bucket.
	for _, env := range templates.Environments {
		w := worlds[env]
		client := s3.NewFromConfig(w.cfg, func(o *s3.Options) { o.UsePathStyle = true })
		listed, err := client.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: aws.String(buckets[env])})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, o := range listed.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
		want, _ := configs[env]["key"].(string)
		if want == "" || !slices.Contains(keys, want) {
			t.Errorf("the state bucket %s holds %v, not %s's state %s", buckets[env], keys, env, want)
		}
	}
	// No destroy of the bootstrap: its bucket keeps the environments' state versions, as it should.
}

// assertLockHeld holds the state's lock as another run would (S3 native locking: the object
// <key>.tflock, written with If-None-Match: *) and shows that a plan then fails to take it instead
// of running beside that run; the lock released, the plan runs again.
func assertLockHeld(t *testing.T, s *stack, client *s3.Client, bucket, key string, varFiles []string) {
	t.Helper()
	lock := `{"ID":"0b0e6c1e-0000-4000-8000-000000000000","Operation":"OperationTypeApply","Who":"another-run@ci","Version":"1.11.4","Created":"2026-12-07T00:00:00Z","Path":"` + bucket + "/" + key + `"}`
	if _, err := client.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key + ".tflock"), Body: strings.NewReader(lock), IfNoneMatch: aws.String("*")}); err != nil {
		t.Fatalf("hold the lock: %v", err)
	}
	_, err := s.terraform(append([]string{"plan", "-input=false", "-lock-timeout=3s"}, varFiles...)...)
	if err == nil || !strings.Contains(err.Error(), "Error acquiring the state lock") || !strings.Contains(err.Error(), "another-run@ci") {
		t.Errorf("a plan while another run holds the lock: want it refused naming the holder, got %v", err)
	}
	if _, err := client.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key + ".tflock")}); err != nil {
		t.Fatal(err)
	}
	assertNoDrift(t, s.plan(varFiles...))
}

// writeRepository writes the customer's repository as `bridgectl init` does (templates.Render over
// the template bridgectl embeds), each environment in the account of worlds[env] with its state in
// buckets[env] and the template's name prefixes, and a copy of the working tree's modules beside
// it; every root's git sources then name that copy, as `bridgectl preview --modules` points them.
func writeRepository(t *testing.T, worlds map[string]*world, buckets map[string]string) (string, templates.Answers) {
	t.Helper()
	answers := templates.Answers{Repository: "acme/bridge-infra", ModulesOwner: "acme", ImageTag: "1.0.0"}
	prefixes := map[string]string{"dev": "bridge-dev", "production": "bridge-prod"}
	for _, env := range templates.Environments {
		answers.Environments = append(answers.Environments, templates.Environment{
			Name: env, AccountID: worlds[env].account, Region: region, AZs: []string{region + "a", region + "c"},
			Domain: testDomain, NamePrefix: prefixes[env], StateBucket: buckets[env], StateRegion: region,
		})
	}
	files, err := templates.Render(live.FS, answers)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "bridge-infra")
	for name, data := range files {
		path := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	modules := filepath.Join(tmp, "terraform-basemachina-modules", "modules")
	if err := tfplan.CopyRepositoryFiles(filepath.Join(repoRoot, "modules"), modules); err != nil {
		t.Fatal(err)
	}
	roots := slices.Clone(templates.Environments)
	for _, b := range answers.Bootstraps() {
		roots = append(roots, b.Dir)
	}
	for _, root := range roots {
		dir := filepath.Join(repo, filepath.FromSlash(root))
		if pointed, err := templates.PointAt(dir, dir, modules); err != nil || len(pointed) == 0 {
			t.Fatalf("point %s at the working tree's modules: %v (%d calls)", root, err, len(pointed))
		}
	}
	return repo, answers
}

// newTemplateStack opens the root at rel of the written repository repo and runs terraform init
// from the root's committed lock file. backend, when not nil, points the root's S3 backend at the
// emulator with these settings over the root's own.
func newTemplateStack(t *testing.T, w *world, repo, rel string, backend map[string]any) *stack {
	t.Helper()
	s := openStack(t, w, repo, rel)
	s.boundDeploymentWait()
	root := rel
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
		file := filepath.Join(s.dir, "emulator.s3.tfbackend")
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
