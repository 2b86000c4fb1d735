// Package seed loads a SQL file into the private RDS instance with a one-off ECS task: the
// PostgreSQL client runs in the Bridge's private subnets and security group, ECS injects the
// master password from the RDS-managed secret, and no bastion host or open port is needed.
package seed

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"terraform-basemachina-modules/internal/poll"
)

// ECSAPI is the part of ECS the seed task uses.
type ECSAPI interface {
	RunTask(ctx context.Context, params *ecs.RunTaskInput, optFns ...func(*ecs.Options)) (*ecs.RunTaskOutput, error)
	DescribeTasks(ctx context.Context, params *ecs.DescribeTasksInput, optFns ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error)
}

// LogsAPI reads the task's output.
type LogsAPI interface {
	GetLogEvents(ctx context.Context, params *cloudwatchlogs.GetLogEventsInput, optFns ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.GetLogEventsOutput, error)
}

// ContainerName is the seed container's name in the datastore module's task definition.
const ContainerName = "seed"

// maxEncodedSQL keeps the RunTask overrides under ECS's 8192-byte limit, with room for the rest.
const maxEncodedSQL = 7600

// Target is where the seed task runs (the complete example's outputs).
type Target struct {
	Cluster          string
	TaskDefinition   string
	Subnets          []string
	SecurityGroups   []string
	LogGroup         string
	LogStreamPrefix  string // awslogs-stream-prefix of the task definition
	PollInterval     time.Duration
	Timeout          time.Duration
	ProgressFunction func(status string)
}

// Outcome is what the finished task reported.
type Outcome struct {
	TaskARN  string
	ExitCode int32
	Reason   string
	Logs     []string
}

// Request builds the RunTask input for the SQL.
func Request(t Target, sql []byte) (*ecs.RunTaskInput, error) {
	if len(strings.TrimSpace(string(sql))) == 0 {
		return nil, errors.New("the SQL file is empty")
	}
	encoded := base64.StdEncoding.EncodeToString(sql)
	if len(encoded) > maxEncodedSQL {
		return nil, fmt.Errorf("the SQL is %d bytes; ECS task overrides hold about %d bytes of SQL: split the file or load large data with pg_restore from S3", len(sql), maxEncodedSQL*3/4)
	}
	if t.Cluster == "" || t.TaskDefinition == "" || len(t.Subnets) == 0 || len(t.SecurityGroups) == 0 {
		return nil, errors.New("cluster, seed task definition, subnets and security group are all required (terraform output of examples/complete)")
	}
	return &ecs.RunTaskInput{
		Cluster:        aws.String(t.Cluster),
		TaskDefinition: aws.String(t.TaskDefinition),
		LaunchType:     ecstypes.LaunchTypeFargate,
		Count:          aws.Int32(1),
		StartedBy:      aws.String("bridgectl-seed"),
		NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets:        t.Subnets,
			SecurityGroups: t.SecurityGroups,
			AssignPublicIp: ecstypes.AssignPublicIpDisabled,
		}},
		Overrides: &ecstypes.TaskOverride{ContainerOverrides: []ecstypes.ContainerOverride{{
			Name:        aws.String(ContainerName),
			Environment: []ecstypes.KeyValuePair{{Name: aws.String("SEED_SQL_B64"), Value: aws.String(encoded)}},
		}}},
	}, nil
}

// Run starts the task, waits for it to stop, and collects its exit code and log lines.
func Run(ctx context.Context, client ECSAPI, logs LogsAPI, t Target, sql []byte) (*Outcome, error) {
	in, err := Request(t, sql)
	if err != nil {
		return nil, err
	}
	progress := t.ProgressFunction
	if progress == nil {
		progress = func(string) {}
	}
	out, err := client.RunTask(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("run the seed task: %w", err)
	}
	if len(out.Failures) > 0 {
		f := out.Failures[0]
		return nil, fmt.Errorf("ECS could not start the seed task: %s %s", aws.ToString(f.Reason), aws.ToString(f.Detail))
	}
	if len(out.Tasks) == 0 {
		return nil, errors.New("ECS started no seed task")
	}
	arn := aws.ToString(out.Tasks[0].TaskArn)
	progress("PROVISIONING")

	interval := t.PollInterval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var task ecstypes.Task
	err = poll.Until(ctx, interval, func(ctx context.Context) (bool, error) {
		desc, err := client.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(t.Cluster), Tasks: []string{arn}})
		if err != nil {
			return false, fmt.Errorf("describe seed task %s: %w", arn, err)
		}
		if len(desc.Tasks) == 0 {
			return false, nil
		}
		task = desc.Tasks[0]
		progress(aws.ToString(task.LastStatus))
		return aws.ToString(task.LastStatus) == "STOPPED", nil
	})
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("the seed task %s did not finish within %s; it keeps running in ECS", arn, timeout)
	}
	if err != nil {
		return nil, err
	}

	o := &Outcome{TaskARN: arn, ExitCode: -1, Reason: aws.ToString(task.StoppedReason)}
	for _, c := range task.Containers {
		if aws.ToString(c.Name) == ContainerName {
			if c.ExitCode != nil {
				o.ExitCode = *c.ExitCode
			}
			if r := aws.ToString(c.Reason); r != "" {
				o.Reason = r
			}
		}
	}
	if logs != nil && t.LogGroup != "" {
		stream := fmt.Sprintf("%s/%s/%s", t.LogStreamPrefix, ContainerName, arn[strings.LastIndex(arn, "/")+1:])
		ev, err := logs.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{
			LogGroupName: aws.String(t.LogGroup), LogStreamName: aws.String(stream), StartFromHead: aws.Bool(true),
		})
		if err == nil {
			for _, e := range ev.Events {
				o.Logs = append(o.Logs, strings.TrimRight(aws.ToString(e.Message), "\n"))
			}
		}
	}
	return o, nil
}
