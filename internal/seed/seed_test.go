package seed

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type fakeECS struct {
	runInput  *ecs.RunTaskInput
	runOutput *ecs.RunTaskOutput
	runErr    error
	statuses  []string // LastStatus returned by successive DescribeTasks calls
	fetchExit *int32   // nil: the fetch container exited 0
	exitCode  *int32
	reason    string
	described int
}

func (f *fakeECS) RunTask(_ context.Context, in *ecs.RunTaskInput, _ ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
	f.runInput = in
	if f.runOutput != nil || f.runErr != nil {
		return f.runOutput, f.runErr
	}
	return &ecs.RunTaskOutput{Tasks: []ecstypes.Task{{TaskArn: aws.String("arn:aws:ecs:ap-northeast-1:123456789012:task/demo/abc123")}}}, nil
}

func (f *fakeECS) DescribeTasks(context.Context, *ecs.DescribeTasksInput, ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error) {
	status := f.statuses[min(f.described, len(f.statuses)-1)]
	f.described++
	task := ecstypes.Task{LastStatus: aws.String(status), StoppedReason: aws.String(f.reason)}
	if status == "STOPPED" {
		fetchExit := f.fetchExit
		if fetchExit == nil {
			fetchExit = aws.Int32(0)
		}
		task.Containers = []ecstypes.Container{
			{Name: aws.String(ContainerName), ExitCode: f.exitCode},
			{Name: aws.String(FetchContainerName), ExitCode: fetchExit},
		}
	}
	return &ecs.DescribeTasksOutput{Tasks: []ecstypes.Task{task}}, nil
}

type fakeLogs struct {
	streams []string
	lines   map[string][]string // stream -> lines
}

func (f *fakeLogs) GetLogEvents(_ context.Context, in *cloudwatchlogs.GetLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.GetLogEventsOutput, error) {
	f.streams = append(f.streams, aws.ToString(in.LogStreamName))
	out := &cloudwatchlogs.GetLogEventsOutput{}
	for _, l := range f.lines[aws.ToString(in.LogStreamName)] {
		out.Events = append(out.Events, logtypes.OutputLogEvent{Message: aws.String(l)})
	}
	return out, nil
}

// fakeS3 keeps uploaded objects in memory, as S3 would until they are deleted.
type fakeS3 struct {
	objects  map[string][]byte
	uploaded []string
	putErr   error
	failPut  string // a key suffix whose uploads fail (".sql": the bundle goes up, the SQL does not)
	failDel  string // a key suffix whose deletions fail
}

func (f *fakeS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	if f.putErr != nil {
		return nil, f.putErr
	}
	if f.failPut != "" && strings.HasSuffix(aws.ToString(in.Key), f.failPut) {
		return nil, errors.New("AccessDenied: s3:PutObject on " + aws.ToString(in.Key))
	}
	body, err := io.ReadAll(in.Body)
	if err != nil {
		return nil, err
	}
	if int64(len(body)) != aws.ToInt64(in.ContentLength) {
		return nil, errors.New("content length does not match the body")
	}
	uri := "s3://" + aws.ToString(in.Bucket) + "/" + aws.ToString(in.Key)
	if f.objects == nil {
		f.objects = map[string][]byte{}
	}
	f.objects[uri] = body
	f.uploaded = append(f.uploaded, uri)
	return &s3.PutObjectOutput{}, nil
}

func (f *fakeS3) DeleteObject(_ context.Context, in *s3.DeleteObjectInput, _ ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	if f.failDel != "" && strings.HasSuffix(aws.ToString(in.Key), f.failDel) {
		return nil, errors.New("AccessDenied: s3:DeleteObject")
	}
	delete(f.objects, "s3://"+aws.ToString(in.Bucket)+"/"+aws.ToString(in.Key))
	return &s3.DeleteObjectOutput{}, nil
}

func target() Target {
	return Target{Cluster: "demo", TaskDefinition: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/demo-seed:3",
		Subnets: []string{"subnet-a", "subnet-c"}, SecurityGroups: []string{"sg-task"}, Bucket: "demo-seed-123",
		LogGroup: "/ecs/demo/seed", LogStreamPrefix: "seed", PollInterval: time.Millisecond, Timeout: time.Second}
}

func writeSQL(t *testing.T, sql []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "init.sql")
	if err := os.WriteFile(path, sql, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A file of real size (1.5 MB, far over the 8 KiB of RunTask overrides) goes through S3 with the
// RDS certificate bundle psql verifies the database against: the task is told only where the two
// objects are, and both are gone once the task has stopped.
func TestLargeSQLTravelsThroughTheBucketNotTheRequest(t *testing.T) {
	row := "INSERT INTO customers (email, name) VALUES ('a@example.com', '山田') ON CONFLICT DO NOTHING;\n"
	sql := []byte(strings.Repeat(row, 1_500_000/len(row)+1))
	f := &fakeECS{statuses: []string{"PENDING", "RUNNING", "STOPPED"}, exitCode: aws.Int32(0)}
	l := &fakeLogs{lines: map[string][]string{"seed/seed/abc123": {"INSERT 0 1\n"}}}
	store := &fakeS3{}
	var seenWhileRunning map[string][]byte
	tg := target()
	tg.ProgressFunction = func(status string) {
		if status == "RUNNING" {
			seenWhileRunning = maps.Clone(store.objects)
		}
	}
	o, err := Run(context.Background(), Clients{ECS: f, Logs: l, S3: store}, tg, writeSQL(t, sql))
	if err != nil {
		t.Fatal(err)
	}
	if len(store.uploaded) != 2 || len(seenWhileRunning) != 2 {
		t.Fatalf("wanted two uploads (the bundle and the SQL) in the bucket while the task ran, got %v", store.uploaded)
	}
	if len(sql) < 1_000_000 || !bytes.Equal(seenWhileRunning[o.ObjectURI], sql) {
		t.Fatalf("wanted the %d-byte SQL at %s while the task ran, got %d bytes", len(sql), o.ObjectURI, len(seenWhileRunning[o.ObjectURI]))
	}
	if !bytes.Equal(seenWhileRunning[o.CABundleURI], RDSCABundle) || !strings.HasSuffix(o.CABundleURI, "-rds-ca.pem") {
		t.Errorf("wanted the embedded RDS bundle at %s while the task ran, got %d bytes", o.CABundleURI, len(seenWhileRunning[o.CABundleURI]))
	}
	if len(store.objects) != 0 {
		t.Errorf("wanted both uploads deleted after the task, %d objects left", len(store.objects))
	}
	in := f.runInput
	if aws.ToString(in.Cluster) != "demo" || aws.ToString(in.TaskDefinition) != target().TaskDefinition || in.LaunchType != ecstypes.LaunchTypeFargate {
		t.Errorf("wanted a Fargate task of the seed definition in cluster demo, got %+v", in)
	}
	vpc := in.NetworkConfiguration.AwsvpcConfiguration
	if vpc.AssignPublicIp != ecstypes.AssignPublicIpDisabled {
		t.Errorf("wanted no public IP for the seed task, got %s", vpc.AssignPublicIp)
	}
	if strings.Join(vpc.Subnets, ",") != "subnet-a,subnet-c" || strings.Join(vpc.SecurityGroups, ",") != "sg-task" {
		t.Errorf("wanted the Bridge's private subnets and task security group, got %v %v", vpc.Subnets, vpc.SecurityGroups)
	}
	// The names are the ones the fetch command in modules/datastore/seed.tf reads.
	co := in.Overrides.ContainerOverrides
	env := map[string]string{}
	if len(co) == 1 && aws.ToString(co[0].Name) == FetchContainerName {
		for _, e := range co[0].Environment {
			env[aws.ToString(e.Name)] = aws.ToString(e.Value)
		}
	}
	if len(env) != 2 || env["SEED_SQL_S3_URI"] != o.ObjectURI || env["SEED_CA_S3_URI"] != o.CABundleURI {
		t.Fatalf("wanted only the two objects' addresses (%s, %s) in the fetch container's override, got %+v", o.ObjectURI, o.CABundleURI, co)
	}
	for _, uri := range store.uploaded {
		if !strings.HasPrefix(uri, "s3://demo-seed-123/"+ObjectPrefix) {
			t.Errorf("wanted every upload under %s of the seed bucket (the only prefix the task role reads), got %s", ObjectPrefix, uri)
		}
	}
	if o.ExitCode != 0 || len(o.Logs) != 1 || o.Logs[0] != "INSERT 0 1" {
		t.Errorf("wanted exit 0 and the psql output, got %+v", o)
	}
	if strings.Join(l.streams, ",") != "seed/fetch/abc123,seed/seed/abc123" {
		t.Errorf("wanted the fetch and psql streams, got %v", l.streams)
	}
}

// The object prefix and the log stream prefix come from the datastore module's bridgectl object
// when it gives them: the uploads go where its task role may read, and the lines are read from
// the streams its containers write.
func TestThePrefixesTheOutputsGive(t *testing.T) {
	f := &fakeECS{statuses: []string{"STOPPED"}, exitCode: aws.Int32(0)}
	l := &fakeLogs{lines: map[string][]string{"load/seed/abc123": {"INSERT 0 1\n"}}}
	store := &fakeS3{}
	tg := target()
	tg.ObjectPrefix, tg.LogStreamPrefix = "incoming/", "load"
	o, err := Run(context.Background(), Clients{ECS: f, Logs: l, S3: store}, tg, writeSQL(t, []byte("select 1;\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(store.uploaded) != 2 {
		t.Fatalf("wanted two uploads, got %v", store.uploaded)
	}
	for _, uri := range store.uploaded {
		if !strings.HasPrefix(uri, "s3://demo-seed-123/incoming/") {
			t.Errorf("wanted every upload under the prefix the outputs give, got %s", uri)
		}
	}
	if len(o.Logs) != 1 || strings.Join(l.streams, ",") != "load/fetch/abc123,load/seed/abc123" {
		t.Errorf("wanted the lines of the streams under the prefix the outputs give, got %v from %v", o.Logs, l.streams)
	}
}

func TestFailuresAreReportedClearly(t *testing.T) {
	large := filepath.Join(t.TempDir(), "large.sql")
	if f, err := os.Create(large); err != nil {
		t.Fatal(err)
	} else {
		// A sparse file: its size is over the limit without writing a gigabyte.
		if err := f.Truncate(MaxSQLBytes + 1); err != nil {
			t.Fatal(err)
		}
		_ = f.Close()
	}
	cases := []struct {
		name string
		ecs  *fakeECS
		s3   *fakeS3
		path string
		tgt  func(Target) Target
		want string
	}{
		{"empty SQL", &fakeECS{statuses: []string{"STOPPED"}}, &fakeS3{}, writeSQL(t, []byte("  \n")), nil, "holds no SQL"},
		{"missing file", &fakeECS{statuses: []string{"STOPPED"}}, &fakeS3{}, "/nonexistent/init.sql", nil, "Cannot read the SQL file"},
		{"over the limit", &fakeECS{statuses: []string{"STOPPED"}}, &fakeS3{}, large, nil, "up to 1073741824 bytes (1 GiB)"},
		{"missing outputs", &fakeECS{statuses: []string{"STOPPED"}}, &fakeS3{}, writeSQL(t, []byte("select 1;")), func(t Target) Target { t.Bucket = ""; return t }, "required"},
		{"upload refused", &fakeECS{statuses: []string{"STOPPED"}}, &fakeS3{putErr: errors.New("AccessDenied: s3:PutObject")}, writeSQL(t, []byte("select 1;")), nil, "s3:PutObject"},
		// The bundle went up before the SQL failed: it must not stay behind.
		{"SQL upload refused", &fakeECS{statuses: []string{"STOPPED"}}, &fakeS3{failPut: ".sql"}, writeSQL(t, []byte("select 1;")), nil, "Cannot upload the SQL"},
		{"ECS refuses", &fakeECS{statuses: []string{"STOPPED"}, runOutput: &ecs.RunTaskOutput{Failures: []ecstypes.Failure{{Reason: aws.String("RESOURCE:ENI"), Detail: aws.String("no free address")}}}},
			&fakeS3{}, writeSQL(t, []byte("select 1;")), nil, "RESOURCE:ENI"},
		{"API error", &fakeECS{statuses: []string{"STOPPED"}, runErr: errors.New("AccessDeniedException: not authorized to perform ecs:RunTask")},
			&fakeS3{}, writeSQL(t, []byte("select 1;")), nil, "ecs:RunTask"},
		{"never stops", &fakeECS{statuses: []string{"RUNNING"}}, &fakeS3{}, writeSQL(t, []byte("select 1;")), func(t Target) Target { t.Timeout = 20 * time.Millisecond; return t }, "did not finish"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg := target()
			if c.tgt != nil {
				tg = c.tgt(tg)
			}
			_, err := Run(context.Background(), Clients{ECS: c.ecs, S3: c.s3}, tg, c.path)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("wanted an error mentioning %q, got %v", c.want, err)
			}
			if len(c.s3.objects) != 0 {
				t.Errorf("wanted nothing left in the bucket after a failure, got %v", slices.Sorted(maps.Keys(c.s3.objects)))
			}
			if strings.HasSuffix(c.name, "upload refused") && c.ecs.runInput != nil {
				t.Errorf("wanted no task started without both uploads")
			}
			if c.name == "empty SQL" || c.name == "over the limit" || c.name == "missing file" || c.name == "missing outputs" {
				if len(c.s3.uploaded) != 0 || c.ecs.runInput != nil {
					t.Errorf("wanted a bad input refused before any upload or task, got uploads %v", c.s3.uploaded)
				}
			}
		})
	}
}

func TestFailingSQLReturnsTheExitCodeAndLogs(t *testing.T) {
	f := &fakeECS{statuses: []string{"STOPPED"}, exitCode: aws.Int32(3), reason: "Essential container in task exited"}
	l := &fakeLogs{lines: map[string][]string{"seed/seed/abc123": {`psql:/seed/seed.sql:1: ERROR:  relation "nope" does not exist`}}}
	o, err := Run(context.Background(), Clients{ECS: f, Logs: l, S3: &fakeS3{}}, target(), writeSQL(t, []byte("select * from nope;")))
	if err != nil {
		t.Fatal(err)
	}
	if o.ExitCode != 3 || !strings.Contains(o.Logs[0], "does not exist") {
		t.Errorf("wanted exit code 3 with psql's error, got %+v", o)
	}
}

// When the fetch container fails (no S3 access from the subnets, say), psql never starts: the
// outcome is the fetch container's exit code, and its log line is shown.
func TestFailedFetchIsTheOutcome(t *testing.T) {
	f := &fakeECS{statuses: []string{"STOPPED"}, fetchExit: aws.Int32(1), reason: "Essential container in task exited"}
	l := &fakeLogs{lines: map[string][]string{"seed/fetch/abc123": {"fatal error: Could not connect to the endpoint URL"}}}
	o, err := Run(context.Background(), Clients{ECS: f, Logs: l, S3: &fakeS3{}}, target(), writeSQL(t, []byte("select 1;")))
	if err != nil {
		t.Fatal(err)
	}
	if o.ExitCode != 1 || !strings.HasPrefix(o.Reason, "fetch: ") || len(o.Logs) != 1 || !strings.Contains(o.Logs[0], "endpoint URL") {
		t.Errorf("wanted the fetch container's failure as the outcome, got %+v", o)
	}
}

// The bundle is public: failing to delete it leaves nothing secret behind (the lifecycle rule
// removes it), so a seed that ran is still reported as one. The SQL's deletion is not optional.
func TestOnlyTheSQLMustBeDeleted(t *testing.T) {
	for _, c := range []struct {
		failDel string
		wantErr bool
	}{{"-rds-ca.pem", false}, {".sql", true}} {
		f := &fakeECS{statuses: []string{"STOPPED"}, exitCode: aws.Int32(0)}
		o, err := Run(context.Background(), Clients{ECS: f, S3: &fakeS3{failDel: c.failDel}}, target(), writeSQL(t, []byte("select 1;")))
		if c.wantErr != (err != nil) {
			t.Errorf("deletion of *%s failing: wanted an error %v, got %v", c.failDel, c.wantErr, err)
		}
		if c.wantErr && (err == nil || !strings.Contains(err.Error(), "could not be deleted")) {
			t.Errorf("wanted the leftover SQL named, got %v", err)
		}
		if !c.wantErr && (o == nil || o.ExitCode != 0) {
			t.Errorf("wanted the seed's outcome despite the leftover bundle, got %+v", o)
		}
	}
}
