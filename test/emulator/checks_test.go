//go:build emulator

package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/rules"
	"terraform-basemachina-modules/internal/seed"
	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/moto"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func str(t *testing.T, out map[string]any, key string) string {
	t.Helper()
	s, ok := out[key].(string)
	if !ok || s == "" {
		t.Fatalf("output %s is %v, want a non-empty string", key, out[key])
	}
	return s
}

func strs(t *testing.T, out map[string]any, key string) []string {
	t.Helper()
	list, ok := out[key].([]any)
	if !ok || len(list) == 0 {
		t.Fatalf("output %s is %v, want a non-empty list", key, out[key])
	}
	var res []string
	for _, v := range list {
		res = append(res, fmt.Sprint(v))
	}
	return res
}

// bridgeOf and datastoreOf are the root's bridge and datastore outputs: the modules' bridgectl
// objects, which bridgectl doctor, logs and seed read.
func bridgeOf(t *testing.T, out map[string]any) map[string]any {
	t.Helper()
	return object(t, out, "bridge")
}

func datastoreOf(t *testing.T, out map[string]any) map[string]any {
	t.Helper()
	return object(t, out, "datastore")
}

func object(t *testing.T, out map[string]any, name string) map[string]any {
	t.Helper()
	o, ok := out[name].(map[string]any)
	if !ok || len(o) == 0 {
		t.Fatalf("output %s is %v, want the module's bridgectl object", name, out[name])
	}
	return o
}

var (
	arnPattern = regexp.MustCompile(`^arn:aws:[a-z0-9-]+:ap-northeast-1:123456789012:.+`)
	sgPattern  = regexp.MustCompile(`^sg-[0-9a-f]+$`)
)

// assertCompleteOutputs checks the form of examples/complete's outputs and that each names
// something that exists in the emulator.
func assertCompleteOutputs(t *testing.T, w *world, out map[string]any, name, domain string) {
	t.Helper()
	if got := str(t, out, "bridge_url"); got != "https://"+domain {
		t.Errorf("bridge_url = %q, want https://%s", got, domain)
	}
	bridge, datastore := bridgeOf(t, out), datastoreOf(t, out)
	for _, v := range []struct {
		object    map[string]any
		what, key string
	}{
		{bridge, "bridge", "target_group_arn"}, {bridge, "bridge", "certificate_arn"},
		{datastore, "datastore", "seed_task_definition_arn"}, {out, "output", "db_master_secret_arn"},
	} {
		if s := str(t, v.object, v.key); !arnPattern.MatchString(s) {
			t.Errorf("%s %s = %q is not an ARN of this account and region", v.what, v.key, s)
		}
	}
	for _, v := range []struct {
		object    map[string]any
		what, key string
	}{
		{bridge, "bridge", "alb_security_group_id"}, {bridge, "bridge", "task_security_group_id"}, {datastore, "datastore", "db_security_group_id"},
	} {
		if s := str(t, v.object, v.key); !sgPattern.MatchString(s) {
			t.Errorf("%s %s = %q is not a security group id", v.what, v.key, s)
		}
	}
	if port, ok := bridge["port"].(float64); !ok || port != 8080 {
		t.Errorf("bridge port = %v, want 8080", bridge["port"])
	}
	if prefix := str(t, datastore, "seed_object_prefix"); prefix != seed.ObjectPrefix {
		t.Errorf("datastore seed_object_prefix = %q, want %q", prefix, seed.ObjectPrefix)
	}
	if str(t, bridgeOf(t, out), "region") != region {
		t.Errorf("output region = %v, want %s", bridgeOf(t, out)["region"], region)
	}
	c := ctx(t)
	svc, err := ecs.NewFromConfig(w.cfg).DescribeServices(c, &ecs.DescribeServicesInput{
		Cluster: aws.String(str(t, bridgeOf(t, out), "cluster_name")), Services: []string{str(t, bridgeOf(t, out), "service_name")}})
	if err != nil || len(svc.Services) != 1 || aws.ToString(svc.Services[0].Status) != "ACTIVE" {
		t.Errorf("service %v in cluster %v is not ACTIVE in the emulator: %v %+v", bridgeOf(t, out)["service_name"], bridgeOf(t, out)["cluster_name"], err, svc)
	}
	if _, err := elbv2.NewFromConfig(w.cfg).DescribeTargetGroups(c, &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{str(t, bridgeOf(t, out), "target_group_arn")}}); err != nil {
		t.Errorf("target group %v: %v", bridgeOf(t, out)["target_group_arn"], err)
	}
	groups, err := cloudwatchlogs.NewFromConfig(w.cfg).DescribeLogGroups(c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(str(t, bridgeOf(t, out), "log_group_name"))})
	if err != nil || len(groups.LogGroups) == 0 {
		t.Errorf("log group %v does not exist: %v", bridgeOf(t, out)["log_group_name"], err)
	}
	sgs := []string{str(t, bridgeOf(t, out), "alb_security_group_id"), str(t, bridgeOf(t, out), "task_security_group_id"), str(t, datastoreOf(t, out), "db_security_group_id")}
	if _, err := ec2.NewFromConfig(w.cfg).DescribeSecurityGroups(c, &ec2.DescribeSecurityGroupsInput{GroupIds: sgs}); err != nil {
		t.Errorf("security groups %v: %v", sgs, err)
	}
	if _, err := ec2.NewFromConfig(w.cfg).DescribeSubnets(c, &ec2.DescribeSubnetsInput{SubnetIds: strs(t, bridgeOf(t, out), "private_subnet_ids")}); err != nil {
		t.Errorf("private subnets: %v", err)
	}
	db, err := rds.NewFromConfig(w.cfg).DescribeDBInstances(c, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(name + "-postgres")})
	if err != nil || len(db.DBInstances) != 1 || aws.ToString(db.DBInstances[0].Endpoint.Address) != str(t, out, "db_address") {
		t.Errorf("DB instance %s-postgres with address %v: %v", name, out["db_address"], err)
	}
	if _, err := ecs.NewFromConfig(w.cfg).DescribeTaskDefinition(c, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(str(t, datastoreOf(t, out), "seed_task_definition_arn"))}); err != nil {
		t.Errorf("seed task definition: %v", err)
	}
	if _, err := acm.NewFromConfig(w.cfg).DescribeCertificate(c, &acm.DescribeCertificateInput{CertificateArn: aws.String(str(t, bridgeOf(t, out), "certificate_arn"))}); err != nil {
		t.Errorf("certificate: %v", err)
	}
	if !strings.HasPrefix(str(t, bridgeOf(t, out), "pull_through_cache_prefix"), name) {
		t.Errorf("pull_through_cache_prefix = %v, want one derived from the name %s", bridgeOf(t, out)["pull_through_cache_prefix"], name)
	}
	if w.front.CacheRule(str(t, bridgeOf(t, out), "pull_through_cache_prefix")) == nil {
		t.Errorf("no pull-through cache rule with prefix %v", bridgeOf(t, out)["pull_through_cache_prefix"])
	}
}

// doctorGaps are the doctor checks the emulator cannot answer truthfully, with the reason.
var doctorGaps = map[string]string{}

// assertDoctor runs `bridgectl doctor --json` as an operator would, against what the front's
// runtime model says ECS and the load balancer report (healthy targets only for tasks that can
// run); every check must pass or be skipped for a reason the stack gives (no Route 53 zone),
// except the known emulator gaps.
func assertDoctor(t *testing.T, s *stack, out map[string]any) {
	t.Helper()
	code, stdout, stderr := s.bridgectl("doctor", "--json", "--dir", ".")
	var report struct {
		Healthy bool `json:"healthy"`
		Results []struct {
			Check   string   `json:"check"`
			Status  string   `json:"status"`
			Summary string   `json:"summary"`
			Details []string `json:"details"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("bridgectl doctor --json (exit %d) printed no JSON report: %v\n%s\n%s", code, err, stdout, stderr)
	}
	if len(report.Results) < 8 {
		t.Errorf("doctor ran %d checks, want every check", len(report.Results))
	}
	failed := false
	for _, r := range report.Results {
		t.Logf("doctor %-20s %-4s %s %v", r.Check, r.Status, r.Summary, r.Details)
		if r.Status == "fail" {
			if reason, ok := doctorGaps[r.Check]; ok {
				t.Logf("  (emulator gap: %s)", reason)
				continue
			}
			failed = true
			t.Errorf("doctor check %q fails against the emulator: %s %v", r.Check, r.Summary, r.Details)
		}
	}
	if !failed && len(doctorGaps) == 0 && (code != 0 || !report.Healthy) {
		t.Errorf("doctor exit %d healthy=%v although no check failed", code, report.Healthy)
	}
}

// assertSeed runs `bridgectl seed` with a 1.2 MB file and checks what it did: the SQL and the RDS
// certificate bundle psql verifies the database with (PGSSLMODE=verify-full) were in the seed
// bucket when the task started (the front reads them as the fetch container would), the RunTask
// request names only the two objects, and both are gone afterwards. moto runs no container, so
// psql's part is proven by test/seeddata against a real PostgreSQL.
func assertSeed(t *testing.T, s *stack, out map[string]any) {
	t.Helper()
	// A file of real size: the example's seed followed by 1.2 MB of SQL comments, 150 times
	// what a RunTask request can carry.
	small, err := os.ReadFile(filepath.Join(s.dir, "seed", "init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	sql := append(small, bytes.Repeat([]byte("-- padding to a real seed file's size\n"), 1_200_000/38)...)
	if err := os.WriteFile(filepath.Join(s.dir, "seed", "large.sql"), sql, 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(s.w.front.RunTaskRequests())
	code, stdout, stderr := s.bridgectl("seed", "--dir", ".", "--file", "seed/large.sql", "--poll", "200ms", "--timeout", "1m")
	if code != 0 {
		t.Fatalf("bridgectl seed exit %d\n%s\n%s", code, stdout, stderr)
	}
	reqs := s.w.front.RunTaskRequests()
	if len(reqs) != before+1 {
		t.Fatalf("bridgectl seed made %d RunTask requests, want 1", len(reqs)-before)
	}
	var req moto.RunTaskRequest
	if err := json.Unmarshal(reqs[len(reqs)-1], &req); err != nil {
		t.Fatal(err)
	}
	vpc := req.NetworkConfiguration.AwsvpcConfiguration
	if req.Cluster != str(t, bridgeOf(t, out), "cluster_name") || req.TaskDefinition != str(t, datastoreOf(t, out), "seed_task_definition_arn") || req.LaunchType != "FARGATE" {
		t.Errorf("RunTask ran %s in %s (%s), want the seed task definition in the stack's cluster on Fargate", req.TaskDefinition, req.Cluster, req.LaunchType)
	}
	if !reflect.DeepEqual(vpc.Subnets, strs(t, bridgeOf(t, out), "private_subnet_ids")) {
		t.Errorf("seed task subnets %v, want the private subnets %v", vpc.Subnets, bridgeOf(t, out)["private_subnet_ids"])
	}
	if !reflect.DeepEqual(vpc.SecurityGroups, []string{str(t, bridgeOf(t, out), "task_security_group_id")}) {
		t.Errorf("seed task security groups %v, want the task's %v", vpc.SecurityGroups, bridgeOf(t, out)["task_security_group_id"])
	}
	if vpc.AssignPublicIP != "DISABLED" {
		t.Errorf("seed task assignPublicIp = %q, want DISABLED", vpc.AssignPublicIP)
	}
	// The request names only where the SQL and the certificate bundle are; the SQL itself never
	// travels in it.
	var uri, caURI string
	for _, o := range req.Overrides.ContainerOverrides {
		for _, e := range o.Environment {
			if o.Name == "fetch" && e.Name == "SEED_SQL_S3_URI" {
				uri = e.Value
			}
			if o.Name == "fetch" && e.Name == "SEED_CA_S3_URI" {
				caURI = e.Value
			}
		}
	}
	if raw := string(reqs[len(reqs)-1]); strings.Contains(raw, "INSERT INTO") || strings.Contains(raw, "SEED_SQL_B64") {
		t.Errorf("the RunTask request carries SQL: %s", raw)
	}
	bucket, prefix := str(t, datastoreOf(t, out), "seed_bucket_name"), str(t, datastoreOf(t, out), "seed_object_prefix")
	if !strings.HasPrefix(uri, "s3://"+bucket+"/"+prefix) {
		t.Fatalf("the fetch container's SEED_SQL_S3_URI is %q, want an object under s3://%s/%s", uri, bucket, prefix)
	}
	// Under the prefix too: the only one the task role may read (modules/datastore/seed_bucket.tf).
	if !strings.HasPrefix(caURI, "s3://"+bucket+"/"+prefix) || !strings.HasSuffix(caURI, "-rds-ca.pem") {
		t.Errorf("the fetch container's SEED_CA_S3_URI is %q, want the RDS bundle under s3://%s/%s", caURI, bucket, prefix)
	}
	fetched := s.w.front.FetchedObjects()
	bodies := map[string][]byte{}
	for _, f := range fetched {
		bodies[f.URI] = f.Body
	}
	if !bytes.Equal(bodies[uri], sql) {
		t.Errorf("when the task started, %s did not hold the %d-byte seed/large.sql (%d objects fetched)", uri, len(sql), len(fetched))
	}
	if !bytes.Equal(bodies[caURI], seed.RDSCABundle) {
		t.Errorf("when the task started, %s did not hold bridgectl's RDS certificate bundle (%d bytes, want %d)", caURI, len(bodies[caURI]), len(seed.RDSCABundle))
	}
	// Both gone once the task has stopped.
	for _, u := range []string{uri, caURI} {
		key := strings.TrimPrefix(u, "s3://"+bucket+"/")
		if _, err := s3.NewFromConfig(s.w.cfg, func(o *s3.Options) { o.UsePathStyle = true }).HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err == nil {
			t.Errorf("bridgectl seed left %s in the bucket", u)
		}
	}
}

// serviceTaskDefinition is the task definition the service runs.
func serviceTaskDefinition(t *testing.T, w *world, out map[string]any) string {
	t.Helper()
	svc := describeService(t, w, str(t, bridgeOf(t, out), "cluster_name"), str(t, bridgeOf(t, out), "service_name"))
	return aws.ToString(svc.TaskDefinition)
}

// serviceEvents are the service's events, newest first, one per line.
func serviceEvents(t *testing.T, w *world, out map[string]any) string {
	t.Helper()
	return eventLines(describeService(t, w, str(t, bridgeOf(t, out), "cluster_name"), str(t, bridgeOf(t, out), "service_name")))
}

func eventLines(svc ecstypes.Service) string {
	var lines []string
	for _, e := range svc.Events {
		lines = append(lines, aws.ToString(e.Message))
	}
	return strings.Join(lines, "\n")
}

// describeService is the service as ECS reports it (through the front's runtime model).
func describeService(t *testing.T, w *world, cluster, service string) ecstypes.Service {
	t.Helper()
	out, err := ecs.NewFromConfig(w.cfg).DescribeServices(ctx(t), &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: []string{service}})
	if err != nil || len(out.Services) != 1 {
		t.Fatalf("describe service %s in %s: %v", service, cluster, err)
	}
	return out.Services[0]
}

// tenantSecretReference is the TENANT_ID valueFrom of a task definition and the secret's current
// version id.
func tenantSecretReference(t *testing.T, w *world, taskDefinition string) (valueFrom, current string) {
	t.Helper()
	td, err := ecs.NewFromConfig(w.cfg).DescribeTaskDefinition(ctx(t), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(taskDefinition)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range td.TaskDefinition.ContainerDefinitions {
		for _, sec := range c.Secrets {
			if aws.ToString(sec.Name) == "TENANT_ID" {
				valueFrom = aws.ToString(sec.ValueFrom)
			}
		}
	}
	arn := strings.SplitN(valueFrom, ":::", 2)[0]
	desc, err := secretsmanager.NewFromConfig(w.cfg).DescribeSecret(ctx(t), &secretsmanager.DescribeSecretInput{SecretId: aws.String(arn)})
	if err != nil {
		t.Fatalf("the TENANT_ID secret %q: %v", arn, err)
	}
	for id, stages := range desc.VersionIdsToStages {
		for _, st := range stages {
			if st == "AWSCURRENT" {
				current = id
			}
		}
	}
	return valueFrom, current
}

// secretValue reads the version a valueFrom of the form <arn>:::<version id> pins.
func secretValue(t *testing.T, w *world, valueFrom string) string {
	t.Helper()
	arn, version, _ := strings.Cut(valueFrom, ":::")
	got, err := secretsmanager.NewFromConfig(w.cfg).GetSecretValue(ctx(t), &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn), VersionId: aws.String(version)})
	if err != nil {
		t.Fatalf("reading %s: %v", valueFrom, err)
	}
	return aws.ToString(got.SecretString)
}

func containerImage(t *testing.T, w *world, taskDefinition string) string {
	t.Helper()
	td, err := ecs.NewFromConfig(w.cfg).DescribeTaskDefinition(ctx(t), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(taskDefinition)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(td.TaskDefinition.ContainerDefinitions[0].Image)
}

func accessLogsEnabled(t *testing.T, w *world, albName string) bool {
	t.Helper()
	client := elbv2.NewFromConfig(w.cfg)
	lbs, err := client.DescribeLoadBalancers(ctx(t), &elbv2.DescribeLoadBalancersInput{Names: []string{albName}})
	if err != nil || len(lbs.LoadBalancers) != 1 {
		t.Fatalf("find the ALB %s: %v", albName, err)
	}
	attrs, err := client.DescribeLoadBalancerAttributes(ctx(t), &elbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: lbs.LoadBalancers[0].LoadBalancerArn})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range attrs.Attributes {
		if aws.ToString(a.Key) == "access_logs.s3.enabled" {
			return aws.ToString(a.Value) == "true"
		}
	}
	return false
}

// assertLogs writes two Bridge lines into the stack's log group (moto runs no container, so
// nothing else would) and reads them back with `bridgectl logs` as an operator would.
func assertLogs(t *testing.T, s *stack, out map[string]any) {
	t.Helper()
	c := ctx(t)
	logs := cloudwatchlogs.NewFromConfig(s.w.cfg)
	group, stream := str(t, bridgeOf(t, out), "log_group_name"), "bridge/bridge/emulator"
	if _, err := logs.CreateLogStream(c, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream)}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	line := func(at time.Time, severity, message string) logstypes.InputLogEvent {
		return logstypes.InputLogEvent{Timestamp: aws.Int64(at.UnixMilli()), Message: aws.String(fmt.Sprintf(
			`{"severity":%q,"time":%q,"caller":"bridge/main.go:1","message":%q}`, severity, at.Format(time.RFC3339), message))}
	}
	if _, err := logs.PutLogEvents(c, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: []logstypes.InputLogEvent{
		line(now.Add(-2*time.Minute), "Info", "worker is ready"),
		line(now.Add(-time.Minute), "Error", "mismatch tenant ID"),
	}}); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := s.bridgectl("logs", "--dir", ".", "--since", "10m")
	if code != 0 || !strings.Contains(stdout, "INFO   worker is ready  caller=bridge/main.go:1") || !strings.Contains(stdout, "ERROR  mismatch tenant ID") {
		t.Errorf("bridgectl logs (exit %d) did not print both lines readably:\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, _ = s.bridgectl("logs", "--dir", ".", "--since", "10m", "--filter", "mismatch")
	if code != 0 || strings.Contains(stdout, "worker is ready") || !strings.Contains(stdout, "mismatch tenant ID") {
		t.Errorf("bridgectl logs --filter mismatch (exit %d) printed:\n%s", code, stdout)
	}
}

// assertRulesHold runs bridgectl check's rules on the applied state, where every IAM document,
// container definition and bucket policy is known (a plan leaves most of them unknown). waived
// are rules the test breaks on purpose (deletion protection off for the teardown).
func assertRulesHold(t *testing.T, s *stack, waived ...string) {
	t.Helper()
	for _, r := range appliedRules(t, s) {
		if !r.Holds && !slices.Contains(waived, r.ID) {
			t.Errorf("rule %s (%s) is broken on the applied state: %v", r.ID, r.Text, r.Violations)
		}
	}
}

// appliedRules are bridgectl check's results on the stack's applied state.
func appliedRules(t *testing.T, s *stack) []rules.Result {
	t.Helper()
	resources := s.applied()
	documents := 0
	for _, r := range resources {
		for _, attr := range rules.PolicyAttributes(r.Type) {
			if r.Str(attr) != "" {
				documents++
			}
		}
	}
	if len(resources) == 0 || documents == 0 {
		t.Fatalf("the applied state holds %d resources and %d IAM documents: nothing to judge", len(resources), documents)
	}
	return rules.ApplyTo(resources, i18n.English)
}

// assertStateReadsAsShown: the resources the cycles judge (tfstate, from `terraform state pull`)
// are the ones `terraform show -json` gives for the same state, address for address and value for
// value, so reading the state without the provider's schema changes nothing the rules see.
func assertStateReadsAsShown(t *testing.T, s *stack) {
	t.Helper()
	var state tfjson.State
	if err := json.Unmarshal([]byte(s.must("show", "-json")), &state); err != nil {
		t.Fatal(err)
	}
	shown := map[string]map[string]any{}
	for _, r := range tfplan.Applied(&state) {
		shown[r.Address] = r.After
	}
	pulled := s.applied()
	if len(pulled) != len(shown) {
		t.Errorf("state pull reads %d resources, show -json %d", len(pulled), len(shown))
	}
	for _, r := range pulled {
		want, ok := shown[r.Address]
		if !ok {
			t.Errorf("%s is read from the pulled state but not shown by show -json", r.Address)
			continue
		}
		if !reflect.DeepEqual(r.After, want) {
			t.Errorf("%s reads differently from the pulled state than from show -json", r.Address)
		}
	}
}
