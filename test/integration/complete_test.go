//go:build integration

package integration

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	http_helper "github.com/gruntwork-io/terratest/modules/http-helper"
	"github.com/gruntwork-io/terratest/modules/terraform"
	test_structure "github.com/gruntwork-io/terratest/modules/test-structure"

	"terraform-basemachina-modules/internal/cli"
	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/test/examples"
)

// TestCompleteExample deploys examples/complete, proves the Bridge serves through the ALB, seeds
// the database and runs the doctor, then destroys everything. Stages can be skipped while iterating
// (SKIP_deploy=true, SKIP_destroy=true, ...).
func TestCompleteExample(t *testing.T) {
	t.Parallel()
	cfg := awsConfig(t)
	tenant := tenantID(t)
	root := repoRoot(t)
	// The deploy and checks have 70 minutes; the deferred destroy has its own 45 (destroyContext).
	ctx, cancel := context.WithTimeout(context.Background(), 70*time.Minute)
	defer cancel()

	dir := test_structure.CopyTerraformFolderToTemp(t, root, "examples/complete")
	if err := examples.WriteTestCertificate(dir); err != nil {
		t.Fatal(err)
	}
	opts := options(t, root, dir, withStackBoundary(map[string]any{
		"region":                        cfg.Region,
		"azs":                           []string{cfg.Region + "a", cfg.Region + "c"},
		"name":                          uniqueName("bt"),
		"tenant_id":                     tenant,
		"domain_name":                   "bridge.example.com", // the name examples.WriteTestCertificate signs
		"protect_from_deletion":         false,
		"create_final_snapshot":         false, // a test stack keeps no snapshot behind
		"delete_access_logs_on_destroy": true,
		"allowed_cidr_blocks":           []string{"34.85.43.93/32", runnerCIDR(t)},
	}))

	defer test_structure.RunTestStage(t, "destroy", func() {
		dctx, dcancel := destroyContext()
		defer dcancel()
		terraform.DestroyContext(t, dctx, opts)
	})
	test_structure.RunTestStage(t, "deploy", func() { terraform.InitAndApplyContext(t, ctx, opts) })

	test_structure.RunTestStage(t, "validate", func() {
		stack := stackOutputs(t, ctx, opts)
		if stack.Region != cfg.Region || !stack.HasDatastore || stack.SeedTaskDefinitionARN == "" {
			t.Fatalf("wanted the bridge and datastore objects of a stack in %s, got %+v", cfg.Region, stack)
		}
		cluster, service, targetGroup, albDNS := stack.ClusterName, stack.ServiceName, stack.TargetGroupARN, stack.ALBDNSName

		waitHealthy(t, ctx, diagnose.Clients{ECS: ecs.NewFromConfig(cfg), ELB: elbv2.NewFromConfig(cfg)}, stack)

		// The service runs what it should, with the circuit breaker and rollback on.
		svc, err := ecs.NewFromConfig(cfg).DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: []string{service}})
		if err != nil || len(svc.Services) != 1 {
			t.Fatalf("describe service: %v", err)
		}
		s := svc.Services[0]
		if s.RunningCount != s.DesiredCount || s.DesiredCount < 1 {
			t.Errorf("wanted running = desired >= 1, got %d / %d", s.RunningCount, s.DesiredCount)
		}
		breaker := s.DeploymentConfiguration.DeploymentCircuitBreaker
		if breaker == nil || !breaker.Enable || !breaker.Rollback {
			t.Errorf("wanted the circuit breaker with rollback, got %+v", breaker)
		}

		// Every registered target is healthy.
		th, err := elbv2.NewFromConfig(cfg).DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(targetGroup)})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range th.TargetHealthDescriptions {
			if d.TargetHealth.State != "healthy" {
				t.Errorf("target %s is %s (%s)", aws.ToString(d.Target.Id), d.TargetHealth.State, d.TargetHealth.Reason)
			}
		}

		// Through the ALB, the Bridge answers its readiness endpoint.
		http_helper.HTTPGetWithRetryContext(t, ctx, "https://"+albDNS+"/ok", insecureTLS(), 200, "bridge is ready", 30, 10*time.Second)
	})

	test_structure.RunTestStage(t, "operate", func() {
		// bridgectl seed loads the example's SQL into the private database with no bastion.
		runBridgectl(t, ctx, "seed", "--dir", dir, "--file", filepath.Join(dir, "seed", "init.sql"), "--timeout", "15m")
		// bridgectl doctor finds nothing wrong with the healthy stack.
		runBridgectl(t, ctx, "doctor", "--dir", dir, "--wait", "--timeout", "10m")
	})
}

func waitHealthy(t *testing.T, ctx context.Context, clients diagnose.Clients, stack diagnose.Stack) {
	t.Helper()
	d := &diagnose.Doctor{Clients: clients, Stack: stack, Lang: i18n.English}
	deadline := time.Now().Add(15 * time.Minute)
	for {
		ok, rs := d.Healthy(ctx)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Bridge did not become healthy in 15 minutes: %s / %s", rs[0].Summary, rs[1].Summary)
		}
		t.Logf("waiting: %s / %s", rs[0].Summary, rs[1].Summary)
		time.Sleep(15 * time.Second)
	}
}

func runBridgectl(t *testing.T, ctx context.Context, args ...string) {
	t.Helper()
	var out strings.Builder
	code := cli.Run(ctx, append(args, "--lang", "en"), cli.IO{Stdout: &out, Stderr: &out, Getenv: os.Getenv})
	t.Logf("bridgectl %s:\n%s", args[0], out.String())
	if code != cli.ExitOK {
		t.Fatalf("bridgectl %s exited %d", args[0], code)
	}
}
