//go:build emulator

package emulator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// auditDefects are the defects of the audit's broken stack (issue #27) that show when it is
// applied, taken from the committed mutant list so the two cannot drift apart. The audit's other
// defects need a stack that applies (the seed bucket policy and the seed task role: their mutants'
// stages catch them) or would hide these (ALB logs granted to the wrong account fail the load
// balancer, so no listener and no service would exist; its mutant is caught in the existing-VPC
// cycle).
var auditDefects = []string{
	"no-circuit-breaker",
	"no-deployment-alarms",
	"execution-role-cannot-pull",
	"execution-role-cannot-read-tenant-id",
	"monitoring-role-trusts-ecs-tasks",
	"redis-user-group-without-default",
}

// TestAuditBrokenStack applies examples/complete (with Redis) built with the audit's defects and
// expects what AWS does: RDS refuses the instance (its monitoring role does not trust
// monitoring.rds.amazonaws.com), ElastiCache the user group (no user named default), and no task
// of the Bridge's first deployment starts: ECS's reason is in the service's events, the first
// request the execution role is denied (ECS reads the secrets before it pulls the image), and
// without a circuit breaker the deployment stays in progress while the apply's wait runs out.
// bridgectl check's rollback rule fails on the applied state. The broken stack then destroys
// without leftovers. The correct stack passing is TestCompleteStacksSideBySide.
func TestAuditBrokenStack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	const name = "bridge-audit"
	vars := completeVars(name)
	vars["create_redis"] = true
	for k, v := range teardownVars { // nothing to unprotect with an apply that cannot succeed
		vars[k] = v
	}
	s := newComplete(t, w, brokenTree(t), vars)
	override := "module \"bridge\" {\n  deployment_timeout = \"90s\"\n}\n"
	if err := os.WriteFile(filepath.Join(s.dir, "audit_wait_override.tf"), []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.terraform("apply", "-auto-approve", "-input=false")
	if err == nil {
		t.Fatal("the audit's broken stack applied")
	}
	for _, want := range []struct{ what, text string }{
		{"RDS refusing the Enhanced Monitoring role", "does not include the required permissions for: ENHANCED_MONITORING"},
		{"ElastiCache refusing a user group without default", "You must add default user to a user group"},
		{"the Bridge service's wait running out", "waiting for ECS Service"},
		{"ECS's reason beside it", "(ECS: (service bridge-audit-bridge) was unable to start tasks: ResourceInitializationError"},
	} {
		if !strings.Contains(err.Error(), want.text) {
			t.Errorf("the failed apply does not show %s (%q):\n%v", want.what, want.text, err)
		}
	}

	svc := describeService(t, w, name, name+"-bridge")
	if svc.RunningCount != 0 || len(svc.Deployments) != 1 || svc.Deployments[0].RolloutState != ecstypes.DeploymentRolloutStateInProgress {
		t.Errorf("without a circuit breaker the first deployment must stay in progress with nothing running; got %d running, %+v", svc.RunningCount, svc.Deployments)
	}
	if events := eventLines(svc); !strings.Contains(events, "ResourceInitializationError") || !strings.Contains(events, "is not authorized to perform: secretsmanager:GetSecretValue") {
		t.Errorf("the service's events do not give ECS's reason (the execution role may not read TENANT_ID):\n%s", events)
	}
	rollback := false
	for _, r := range appliedRules(t, s) {
		rollback = rollback || (r.ID == "rollback" && !r.Holds)
	}
	if !rollback {
		t.Error("bridgectl check's rollback rule holds on the applied state of a service without a circuit breaker")
	}

	s.must("destroy", "-auto-approve", "-input=false")
	if left := w.inventory(t).Matching(name); len(left) > 0 {
		t.Errorf("destroying the broken stack left behind:\n%s", left)
	}
}

// brokenTree is a copy of the repository with the audit's defects applied, made by the mutation
// harness from the committed list, so the test and the list cannot drift apart.
func brokenTree(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	names := "^(" + strings.Join(auditDefects, "|") + ")$"
	cmd := exec.Command("go", "run", "./test/mutants", "-run", names, "-combine-into", dst)
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the mutation harness could not build the broken tree: %v\n%s", err, out)
	}
	return dst
}
