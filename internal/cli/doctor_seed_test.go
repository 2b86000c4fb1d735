package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/seed"
)

// The doctor's checks are tested with fakes in internal/diagnose; here only the command's
// plumbing: outputs in, exit codes and formats out.
type fakeService struct {
	running int32
	healthy bool
	runIn   *ecs.RunTaskInput
	exit    int32
}

func (f *fakeService) DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	return &ecs.DescribeServicesOutput{Services: []ecstypes.Service{{Status: aws.String("ACTIVE"), DesiredCount: 1, RunningCount: f.running}}}, nil
}

func (f *fakeService) ListTasks(context.Context, *ecs.ListTasksInput, ...func(*ecs.Options)) (*ecs.ListTasksOutput, error) {
	return &ecs.ListTasksOutput{}, nil
}

func (f *fakeService) DescribeTasks(context.Context, *ecs.DescribeTasksInput, ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error) {
	return &ecs.DescribeTasksOutput{Tasks: []ecstypes.Task{{LastStatus: aws.String("STOPPED"),
		Containers: []ecstypes.Container{{Name: aws.String(seed.FetchContainerName), ExitCode: aws.Int32(0)}, {Name: aws.String(seed.ContainerName), ExitCode: aws.Int32(f.exit)}}}}}, nil
}

func (f *fakeService) RunTask(_ context.Context, in *ecs.RunTaskInput, _ ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
	f.runIn = in
	return &ecs.RunTaskOutput{Tasks: []ecstypes.Task{{TaskArn: aws.String("arn:aws:ecs:ap-northeast-1:123456789012:task/demo/t1")}}}, nil
}

func (f *fakeService) DescribeTargetHealth(context.Context, *elbv2.DescribeTargetHealthInput, ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	state := elbtypes.TargetHealthStateEnumUnhealthy
	if f.healthy {
		state = elbtypes.TargetHealthStateEnumHealthy
	}
	return &elbv2.DescribeTargetHealthOutput{TargetHealthDescriptions: []elbtypes.TargetHealthDescription{{
		Target: &elbtypes.TargetDescription{Id: aws.String("10.0.128.5"), Port: aws.Int32(8080)}, TargetHealth: &elbtypes.TargetHealth{State: state, Reason: elbtypes.TargetHealthReasonEnumTimeout}}}}, nil
}

func (f *fakeService) GetLogEvents(context.Context, *cloudwatchlogs.GetLogEventsInput, ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.GetLogEventsOutput, error) {
	return &cloudwatchlogs.GetLogEventsOutput{}, nil
}

// tfOutputs writes a file as `terraform output -json` prints it: each output {"value": ...}.
func tfOutputs(t *testing.T, outputs map[string]any) string {
	t.Helper()
	wrapped := map[string]any{}
	for k, v := range outputs {
		wrapped[k] = map[string]any{"sensitive": false, "value": v}
	}
	data, err := json.Marshal(wrapped)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "outputs.json", string(data))
}

// stackBridge and stackDatastore are the modules' bridgectl objects of a small stack.
func stackBridge() map[string]any {
	return map[string]any{"region": "ap-northeast-1", "cluster_name": "demo", "service_name": "demo-bridge", "target_group_arn": "arn:tg",
		"private_subnet_ids": []string{"subnet-a"}, "task_security_group_id": "sg-task", "log_group_name": "/ecs/demo/bridge"}
}

func stackDatastore() map[string]any {
	return map[string]any{"seed_task_definition_arn": "arn:td/demo-seed:1", "seed_log_group_name": "/ecs/demo/seed", "seed_log_stream_prefix": "seed",
		"seed_bucket_name": "demo-seed-1", "seed_object_prefix": "seed/"}
}

// writeOutputs are the outputs of a root that forwards both objects, as examples/complete does.
func writeOutputs(t *testing.T) string {
	t.Helper()
	return tfOutputs(t, map[string]any{"bridge_url": "https://bridge.example.com", "bridge": stackBridge(), "datastore": stackDatastore()})
}

// doctorOutputs has only the core fields, so the checks that need other clients skip.
func doctorOutputs(t *testing.T) string {
	t.Helper()
	return tfOutputs(t, map[string]any{"bridge": map[string]any{"region": "ap-northeast-1", "cluster_name": "demo", "service_name": "demo-bridge", "target_group_arn": "arn:tg"}})
}

func withDoctorFake(t *testing.T, f *fakeService) {
	old := newDoctorClients
	newDoctorClients = func(context.Context, string) (diagnose.Clients, error) { return diagnose.Clients{ECS: f, ELB: f}, nil }
	t.Cleanup(func() { newDoctorClients = old })
}

func TestDoctorExitCodes(t *testing.T) {
	outputs := doctorOutputs(t)
	withDoctorFake(t, &fakeService{running: 1, healthy: true})
	if code, stdout, stderr := run(t, english, "doctor", "--outputs", outputs); code != ExitOK || !strings.Contains(stdout, "No problem found") {
		t.Errorf("wanted exit 0 for a healthy stack, got %d\n%s%s", code, stdout, stderr)
	}
	withDoctorFake(t, &fakeService{running: 0, healthy: false})
	code, stdout, _ := run(t, english, "doctor", "--outputs", outputs, "--json")
	var out struct {
		Healthy bool              `json:"healthy"`
		Results []diagnose.Result `json:"results"`
	}
	if code != ExitFinding || json.Unmarshal([]byte(stdout), &out) != nil || out.Healthy || len(out.Results) != 10 {
		t.Errorf("wanted exit 1 and a JSON report of 10 checks, got %d %s", code, stdout)
	}
}

// doctor, logs and seed read only the bridge (and datastore) objects: without them, each says
// which output is missing and what the root must forward; a root of an earlier release, with one
// output per field, is told so.
func TestCommandsNeedTheBridgectlObjects(t *testing.T) {
	sql := writeFile(t, "init.sql", "select 1;")
	old := writeFile(t, "old.json", `{"region":{"value":"ap-northeast-1"},"cluster_name":{"value":"demo"},"service_name":{"value":"demo-bridge"},
	  "target_group_arn":{"value":"arn:tg"},"log_group_name":{"value":"/ecs/demo/bridge"},"seed_task_definition_arn":{"value":"arn:td/demo-seed:1"},
	  "private_subnet_ids":{"value":["subnet-a"]},"task_security_group_id":{"value":"sg-task"},"seed_bucket_name":{"value":"demo-seed-1"}}`)
	none := tfOutputs(t, map[string]any{"bridge_url": "https://bridge.example.com"})
	bridgeOnly := tfOutputs(t, map[string]any{"bridge": stackBridge()})
	nullDatastore := tfOutputs(t, map[string]any{"bridge": stackBridge(), "datastore": nil})
	noSeed := tfOutputs(t, map[string]any{"bridge": stackBridge(), "datastore": map[string]any{"db_security_group_id": "sg-db", "seed_task_definition_arn": nil, "seed_bucket_name": nil}})
	regionOnly := tfOutputs(t, map[string]any{"bridge": map[string]any{"region": "ap-northeast-1"}})
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"doctor", "--outputs", old}, []string{"earlier release", "no bridge output", "`output \"bridge\" { value = module.bridge.bridgectl }`"}},
		{[]string{"logs", "--outputs", old}, []string{"earlier release", "module.bridge.bridgectl"}},
		{[]string{"seed", "--outputs", old, "--file", sql}, []string{"earlier release", "module.datastore.bridgectl"}},
		{[]string{"doctor", "--outputs", none}, []string{"no bridge output", "module.bridge.bridgectl"}},
		{[]string{"logs", "--outputs", none, "--region", "ap-northeast-1"}, []string{"no bridge output", "module.bridge.bridgectl"}},
		{[]string{"doctor", "--outputs", regionOnly}, []string{"The bridge output lacks [cluster_name service_name target_group_arn]", "--cluster"}},
		{[]string{"logs", "--outputs", regionOnly}, []string{"The bridge output lacks log_group_name", "--log-group"}},
		{[]string{"seed", "--outputs", regionOnly, "--file", sql}, []string{"The bridge output lacks [cluster_name task_security_group_id private_subnet_ids]"}},
		{[]string{"seed", "--outputs", bridgeOnly, "--file", sql}, []string{"no datastore output", "`output \"datastore\" { value = module.datastore.bridgectl }`"}},
		{[]string{"seed", "--outputs", nullDatastore, "--file", sql}, []string{"no datastore output (or it is null)"}},
		{[]string{"seed", "--outputs", noSeed, "--file", sql}, []string{"The datastore output has no seed task", "seed_task_definition_arn seed_bucket_name", "seed = {}"}},
	} {
		code, _, stderr := run(t, english, c.args...)
		if code != ExitUsage {
			t.Errorf("%v: wanted exit 2, got %d %q", c.args, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(flat(stderr), flat(w)) {
				t.Errorf("%v: wanted %q in %q", c.args, w, stderr)
			}
		}
	}
}

// The old flat outputs do not stand in for the objects even when every field is there.
func TestDoctorReadsOnlyTheBridgeObject(t *testing.T) {
	withDoctorFake(t, &fakeService{running: 1, healthy: true})
	path := filepath.Join(t.TempDir(), "outputs.json")
	_ = os.WriteFile(path, []byte(`{"region":{"value":"ap-northeast-1"},"cluster_name":{"value":"demo"},"service_name":{"value":"demo-bridge"},"target_group_arn":{"value":"arn:tg"}}`), 0o644)
	if code, _, stderr := run(t, english, "doctor", "--outputs", path); code != ExitUsage || !strings.Contains(stderr, "earlier release") {
		t.Errorf("wanted exit 2 saying the outputs are an earlier release's, got %d %q", code, stderr)
	}
}

func TestDoctorWaitReturnsOnceHealthy(t *testing.T) {
	withDoctorFake(t, &fakeService{running: 1, healthy: true})
	code, _, stderr := run(t, english, "doctor", "--outputs", doctorOutputs(t), "--wait", "--interval", "1ms", "--timeout", "1s")
	if code != ExitOK || !strings.Contains(stderr, "1 of 1 desired tasks running") {
		t.Errorf("wanted progress on stderr and exit 0, got %d %q", code, stderr)
	}
}

func TestSeedCommand(t *testing.T) {
	sqlFile := filepath.Join(t.TempDir(), "init.sql")
	_ = os.WriteFile(sqlFile, []byte("SELECT 1;\n"), 0o644)
	for _, c := range []struct {
		exit int32
		code int
	}{{0, ExitOK}, {3, ExitFinding}} {
		f := &fakeService{exit: c.exit}
		old := newSeedClients
		store := &memS3{}
		newSeedClients = func(context.Context, string) (seed.Clients, error) {
			return seed.Clients{ECS: f, Logs: f, S3: store}, nil
		}
		code, _, stderr := run(t, english, "seed", "--outputs", writeOutputs(t), "--file", sqlFile, "--poll", "1ms")
		newSeedClients = old
		if code != c.code {
			t.Errorf("task exit %d: wanted exit %d, got %d: %s", c.exit, c.code, code, stderr)
		}
		if f.runIn == nil || aws.ToString(f.runIn.TaskDefinition) != "arn:td/demo-seed:1" || aws.ToString(f.runIn.Cluster) != "demo" {
			t.Fatalf("wanted the seed task definition of the datastore object in the bridge object's cluster, got %+v", f.runIn)
		}
		if vpc := f.runIn.NetworkConfiguration.AwsvpcConfiguration; strings.Join(vpc.Subnets, ",") != "subnet-a" || strings.Join(vpc.SecurityGroups, ",") != "sg-task" {
			t.Errorf("wanted the bridge object's private subnets and task security group, got %v %v", vpc.Subnets, vpc.SecurityGroups)
		}
		// The SQL and the RDS certificate bundle psql verifies the database with.
		if store.puts != 2 || store.deletes != 2 || !strings.HasPrefix(store.lastKey, "s3://demo-seed-1/seed/") {
			t.Errorf("wanted two uploads to the seed bucket from the outputs, deleted afterwards; got %+v", store)
		}
	}
	for _, c := range []struct {
		name, file, want string
	}{
		{"missing file", "/nonexistent.sql", "Cannot read the SQL file"},
		{"empty file", writeFile(t, "empty.sql", " \n"), "holds no SQL"},
	} {
		f := &fakeService{}
		old := newSeedClients
		newSeedClients = func(context.Context, string) (seed.Clients, error) {
			return seed.Clients{ECS: f, Logs: f, S3: &memS3{}}, nil
		}
		code, _, stderr := run(t, english, "seed", "--outputs", writeOutputs(t), "--file", c.file)
		newSeedClients = old
		if code != ExitUsage || !strings.Contains(stderr, c.want) || f.runIn != nil {
			t.Errorf("%s: wanted exit 2 naming %q before any task, got %d %q", c.name, c.want, code, stderr)
		}
	}
	// In Japanese the same refusal comes from the catalog.
	if code, _, stderr := run(t, japanese, "seed", "--outputs", writeOutputs(t), "--file", writeFile(t, "empty.sql", "")); code != ExitUsage || !strings.Contains(stderr, "SQL がありません") {
		t.Errorf("wanted the Japanese refusal of an empty file, got %d %q", code, stderr)
	}
}

// memS3 counts the seed uploads and deletions.
type memS3 struct {
	puts, deletes int
	lastKey       string
}

func (m *memS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	m.puts++
	m.lastKey = "s3://" + aws.ToString(in.Bucket) + "/" + aws.ToString(in.Key)
	return &s3.PutObjectOutput{}, nil
}

func (m *memS3) DeleteObject(context.Context, *s3.DeleteObjectInput, ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	m.deletes++
	return &s3.DeleteObjectOutput{}, nil
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
