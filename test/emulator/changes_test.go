//go:build emulator

package emulator_test

import (
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// statefulTypes hold data or identity users depend on; an ordinary change or an upgrade must never
// replace or delete them.
var statefulTypes = map[string]bool{
	"aws_lb": true, "aws_db_instance": true, "aws_secretsmanager_secret": true, "aws_cloudwatch_log_group": true,
	"aws_s3_bucket": true, "aws_elasticache_replication_group": true, "aws_ecs_cluster": true,
}

func assertNothingStatefulReplaced(t *testing.T, p *tfjson.Plan) {
	t.Helper()
	for _, c := range changes(p) {
		if statefulTypes[c.Type] && c.Actions.Delete() || statefulTypes[c.Type] && c.Actions.Replace() {
			t.Errorf("the plan would %v %s (%v): stateful resources must survive this change", c.Actions, c.Address, c.Attributes)
		}
	}
}

// toggleAccessLogsAndAutoscaling turns access logs off and autoscaling on in one apply, then back
// (with alsoBack applied at the same time).
func toggleAccessLogsAndAutoscaling(t *testing.T, s *stack, name string, alsoBack map[string]any) {
	t.Helper()
	s.set(map[string]any{"enable_access_logs": false, "max_tasks": 3})
	s.apply()
	if accessLogsEnabled(t, s.w, name+"-alb") {
		t.Error("access logs still on after enable_access_logs = false")
	}
	if left := s.w.inventory(t)["s3 bucket"]; containsPrefix(left, name+"-logs-") {
		t.Errorf("the access log bucket survived turning access logs off: %v", left)
	}
	if got := s.scalingPolicies(); len(got) != 2 {
		t.Errorf("with max_tasks = 3 the stack has scaling policies %v, want cpu and requests", got)
	}
	s.set(map[string]any{"enable_access_logs": true, "max_tasks": 2})
	s.set(alsoBack)
	s.apply()
	if !accessLogsEnabled(t, s.w, name+"-alb") {
		t.Error("access logs off after turning them back on")
	}
	if got := s.scalingPolicies(); len(got) != 0 {
		t.Errorf("with max_tasks = tasks = 2 the stack still has scaling policies %v", got)
	}
}

func (s *stack) scalingPolicies() []string {
	var out []string
	for _, addr := range strings.Fields(s.must("state", "list")) {
		if strings.Contains(addr, "aws_appautoscaling_policy.") {
			out = append(out, addr)
		}
	}
	return out
}

func containsPrefix(list []string, prefix string) bool {
	for _, v := range list {
		if strings.HasPrefix(v, prefix) {
			return true
		}
	}
	return false
}

// rolledBackDeployFailsTheApply: when ECS rolls a deployment back (the front reports the previous
// task definition, as DescribeServices does after a circuit breaker or alarm rollback), the apply
// fails with the module's postcondition instead of reporting success.
func rolledBackDeployFailsTheApply(t *testing.T, s *stack, out map[string]any) {
	t.Helper()
	previous := serviceTaskDefinition(t, s.w, out)
	s.w.front.PinServiceTaskDefinition(str(t, out, "service_name"), previous)
	s.set(map[string]any{"bridge_image_tag": "v1.5.0"})
	_, err := s.terraform("apply", "-auto-approve", "-input=false")
	s.w.front.PinServiceTaskDefinition(str(t, out, "service_name"), "")
	if err == nil {
		t.Fatal("the apply succeeded although ECS rolled the deployment back")
	}
	if !regexp.MustCompile(`(?s)rolled.*back`).MatchString(err.Error()) {
		t.Errorf("the failed apply does not say the deployment was rolled back:\n%v", err)
	}
}

// teardownVars are the README's teardown settings.
var teardownVars = map[string]any{"protect_from_deletion": false, "delete_access_logs_on_destroy": true}

// destroyKeepingOnlySnapshots follows the README's teardown (protection off, apply, destroy) and
// fails naming everything the stack left behind, except the final snapshot it keeps on purpose,
// which must be there.
func destroyKeepingOnlySnapshots(t *testing.T, s *stack, name string) {
	t.Helper()
	s.set(teardownVars)
	s.apply()
	s.must("destroy", "-auto-approve", "-input=false")
	left := s.w.inventory(t).Matching(name)
	snapshots, backups := left["db snapshot"], left["retained automated backup"]
	t.Logf("kept on purpose: snapshots %v, retained automated backups %v", snapshots, backups)
	delete(left, "db snapshot")
	delete(left, "retained automated backup")
	if len(left) > 0 {
		t.Errorf("destroy left behind:\n%s", left)
	}
	if !containsPrefix(backups, name+"-postgres") {
		t.Errorf("no retained automated backup of %s-postgres after destroy (delete_automated_backups = false); backups: %v", name, backups)
	}
	if !containsPrefix(snapshots, name+"-postgres-final-") {
		t.Errorf("no final snapshot %s-postgres-final-* after destroy; snapshots: %v", name, snapshots)
	}
}
