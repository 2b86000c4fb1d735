package seed

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

type fakeECS struct {
	runInput  *ecs.RunTaskInput
	runOutput *ecs.RunTaskOutput
	runErr    error
	statuses  []string // LastStatus returned by successive DescribeTasks calls
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
		task.Containers = []ecstypes.Container{{Name: aws.String(ContainerName), ExitCode: f.exitCode}}
	}
	return &ecs.DescribeTasksOutput{Tasks: []ecstypes.Task{task}}, nil
}

type fakeLogs struct {
	input *cloudwatchlogs.GetLogEventsInput
	lines []string
}

func (f *fakeLogs) GetLogEvents(_ context.Context, in *cloudwatchlogs.GetLogEventsInput, _ ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.GetLogEventsOutput, error) {
	f.input = in
	out := &cloudwatchlogs.GetLogEventsOutput{}
	for _, l := range f.lines {
		out.Events = append(out.Events, logtypes.OutputLogEvent{Message: aws.String(l)})
	}
	return out, nil
}

func target() Target {
	return Target{Cluster: "demo", TaskDefinition: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/demo-seed:3",
		Subnets: []string{"subnet-a", "subnet-c"}, SecurityGroups: []string{"sg-task"}, LogGroup: "/ecs/demo/seed",
		LogStreamPrefix: "seed", PollInterval: time.Millisecond, Timeout: time.Second}
}

func TestRunTaskRequestIsPrivateAndCarriesTheSQL(t *testing.T) {
	sql := []byte("INSERT INTO customers (email, name) VALUES ('a@example.com', '山田') ON CONFLICT DO NOTHING;\n")
	f := &fakeECS{statuses: []string{"PENDING", "RUNNING", "STOPPED"}, exitCode: aws.Int32(0)}
	l := &fakeLogs{lines: []string{"INSERT 0 1\n"}}
	o, err := Run(context.Background(), f, l, target(), sql)
	if err != nil {
		t.Fatal(err)
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
	co := in.Overrides.ContainerOverrides[0]
	if aws.ToString(co.Name) != ContainerName || aws.ToString(co.Environment[0].Name) != "SEED_SQL_B64" {
		t.Fatalf("wanted the SQL in SEED_SQL_B64 of container seed, got %+v", co)
	}
	decoded, err := base64.StdEncoding.DecodeString(aws.ToString(co.Environment[0].Value))
	if err != nil || string(decoded) != string(sql) {
		t.Errorf("wanted the SQL round-tripped through base64, got %q (%v)", decoded, err)
	}
	if o.ExitCode != 0 || len(o.Logs) != 1 || o.Logs[0] != "INSERT 0 1" {
		t.Errorf("wanted exit 0 and the psql output, got %+v", o)
	}
	if got := aws.ToString(l.input.LogStreamName); got != "seed/seed/abc123" {
		t.Errorf("wanted the awslogs stream seed/seed/abc123, got %s", got)
	}
}

func TestFailuresAreReportedClearly(t *testing.T) {
	cases := []struct {
		name string
		ecs  *fakeECS
		sql  []byte
		tgt  func(Target) Target
		want string
	}{
		{"empty SQL", &fakeECS{statuses: []string{"STOPPED"}}, []byte("  \n"), nil, "empty"},
		{"SQL too large for overrides", &fakeECS{statuses: []string{"STOPPED"}}, []byte(strings.Repeat("x", 6000)), nil, "split the file"},
		{"missing outputs", &fakeECS{statuses: []string{"STOPPED"}}, []byte("select 1;"), func(t Target) Target { t.Subnets = nil; return t }, "required"},
		{"ECS refuses", &fakeECS{statuses: []string{"STOPPED"}, runOutput: &ecs.RunTaskOutput{Failures: []ecstypes.Failure{{Reason: aws.String("RESOURCE:ENI"), Detail: aws.String("no free address")}}}},
			[]byte("select 1;"), nil, "RESOURCE:ENI"},
		{"API error", &fakeECS{statuses: []string{"STOPPED"}, runErr: errors.New("AccessDeniedException: not authorized to perform ecs:RunTask")},
			[]byte("select 1;"), nil, "ecs:RunTask"},
		{"never stops", &fakeECS{statuses: []string{"RUNNING"}}, []byte("select 1;"), func(t Target) Target { t.Timeout = 20 * time.Millisecond; return t }, "did not finish"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg := target()
			if c.tgt != nil {
				tg = c.tgt(tg)
			}
			_, err := Run(context.Background(), c.ecs, nil, tg, c.sql)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("wanted an error mentioning %q, got %v", c.want, err)
			}
		})
	}
}

func TestFailingSQLReturnsTheExitCodeAndLogs(t *testing.T) {
	f := &fakeECS{statuses: []string{"STOPPED"}, exitCode: aws.Int32(3), reason: "Essential container in task exited"}
	l := &fakeLogs{lines: []string{`psql:/tmp/seed.sql:1: ERROR:  relation "nope" does not exist`}}
	o, err := Run(context.Background(), f, l, target(), []byte("select * from nope;"))
	if err != nil {
		t.Fatal(err)
	}
	if o.ExitCode != 3 || !strings.Contains(o.Logs[0], "does not exist") {
		t.Errorf("wanted exit code 3 with psql's error, got %+v", o)
	}
}
