//go:build emulator

package emulator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

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

// rolledBackDeployFailsTheApply deploys a revision ECS cannot start: the operator adds a secret to
// the Bridge whose ARN names no secret (a typo). The execution role may read it, but Secrets
// Manager finds nothing, so every task stops with ResourceInitializationError; the circuit breaker
// rolls the service back to the running revision, and the apply fails with the module's
// postcondition instead of reporting success. The front decides all of it from the account
// (test/moto/runtime.go); nothing is pinned. Removing the secret deploys cleanly again.
func rolledBackDeployFailsTheApply(t *testing.T, s *stack, out map[string]any) {
	t.Helper()
	previous := serviceTaskDefinition(t, s.w, out)
	missing := "arn:aws:secretsmanager:" + region + ":" + s.w.account + ":secret:" + str(t, bridgeOf(t, out), "service_name") + "-typo-AbCdEf"
	override := filepath.Join(s.dir, "revision_override.tf")
	if err := os.WriteFile(override, []byte(`module "bridge" {
  secrets = { EXTRA_TOKEN = "`+missing+`" }
}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.terraform("apply", "-auto-approve", "-input=false")
	if err == nil {
		t.Fatal("the apply succeeded although no task of the new revision can start")
	}
	if !regexp.MustCompile(`(?s)rolled.*back`).MatchString(err.Error()) {
		t.Errorf("the failed apply does not say the deployment was rolled back:\n%v", err)
	}
	if got := serviceTaskDefinition(t, s.w, out); got != previous {
		t.Errorf("after the rollback the service runs %s, want the previous revision %s", got, previous)
	}
	if events := serviceEvents(t, s.w, out); !strings.Contains(events, "ResourceInitializationError") || !strings.Contains(events, missing) {
		t.Errorf("the service's events do not give ECS's reason for the failed tasks:\n%s", events)
	}
	if err := os.Remove(override); err != nil {
		t.Fatal(err)
	}
	s.apply()
	assertNoDrift(t, s.plan())
}

// teardownVars are the README's teardown settings.
var teardownVars = map[string]any{"protect_from_deletion": false, "delete_access_logs_on_destroy": true}

// destroyKeepingOnlySnapshots follows the README's teardown (protection off, apply, destroy) and
// fails naming everything the stack left behind, except the final snapshot it keeps on purpose,
// which must be there.
func destroyKeepingOnlySnapshots(t *testing.T, s *stack, name string) {
	t.Helper()
	putAccessLogTestObject(t, s)
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

// putAccessLogTestObject writes what Elastic Load Balancing writes into an access log bucket when
// logging starts (ELB User Guide, "Enable access logs for your Application Load Balancer":
// <prefix>/AWSLogs/<account>/ELBAccessLogTestFile). moto writes nothing, so without it a destroy
// that leaves a non-empty bucket behind would pass here and fail on AWS. A stack without access
// logs is left as it is.
func putAccessLogTestObject(t *testing.T, s *stack) {
	t.Helper()
	const address = "module.bridge.aws_s3_bucket.access_logs[0]"
	if !strings.Contains(s.must("state", "list"), address) {
		return
	}
	bucket := stateValue(t, s, address, "bucket")
	var logging []struct {
		Prefix string `json:"prefix"`
	}
	if err := json.Unmarshal([]byte(stateValue(t, s, "module.bridge.aws_lb.this", "access_logs")), &logging); err != nil || len(logging) != 1 {
		t.Fatalf("the load balancer's access_logs in state: %v", err)
	}
	key := "AWSLogs/123456789012/ELBAccessLogTestFile"
	if logging[0].Prefix != "" {
		key = logging[0].Prefix + "/" + key
	}
	if _, err := s3.NewFromConfig(s.w.cfg).PutObject(ctx(t), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader("Enable AccessLog for ELB: " + bucket),
	}); err != nil {
		t.Fatalf("writing ELB's test object into %s: %v", bucket, err)
	}
}
