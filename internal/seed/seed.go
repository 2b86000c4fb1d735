// Package seed loads a SQL file into the private RDS instance with a one-off ECS task: the
// PostgreSQL client runs in the Bridge's private subnets and security group, ECS injects the
// master password from the RDS-managed secret, and no bastion host or open port is needed. The
// SQL goes to the stack's seed bucket first and the task's fetch container copies it over TLS, so
// files far larger than a RunTask request (8 KiB of overrides) load, and the SQL never appears in
// the task definition, the request or the task's environment. The RDS certificate authorities
// (RDSCABundle) go the same way, so psql can verify the database's certificate (verify-full) from
// subnets without internet access.
package seed

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"terraform-basemachina-modules/internal/i18n"
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

// ContainerName is the psql container's name in the datastore module's task definition;
// FetchContainerName is the container that copies the SQL file from S3 before psql starts.
const (
	ContainerName      = "seed"
	FetchContainerName = "fetch"
)

// MaxSQLBytes is the largest SQL file bridgectl seed loads: 1 GiB, well under S3's 5 GB limit for a
// single PutObject and the seed task's 20 GiB of ephemeral storage. Larger dumps belong in
// pg_restore from a task of their own.
const MaxSQLBytes = 1 << 30

// ObjectPrefix is where seed files go in the seed bucket: the only prefix the task role may read
// and the one the bucket's lifecycle rule expires. The datastore module says it too (its bridgectl
// object's seed_object_prefix), which Target.ObjectPrefix carries; this is the default.
const ObjectPrefix = "seed/"

// The fetch container's environment, set in the RunTask override: where the SQL and the RDS
// certificate bundle are. modules/datastore/seed.tf copies them to /seed/seed.sql and
// /seed/rds-ca.pem (PGSSLROOTCERT).
const (
	SQLURIVariable      = "SEED_SQL_S3_URI"
	CABundleURIVariable = "SEED_CA_S3_URI"
)

// S3API is the part of S3 the seed upload uses.
type S3API interface {
	PutObject(ctx context.Context, params *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	DeleteObject(ctx context.Context, params *s3.DeleteObjectInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
}

// Clients are the AWS APIs one seed run calls.
type Clients struct {
	ECS  ECSAPI
	Logs LogsAPI // optional: without it the outcome carries no log lines
	S3   S3API
}

// Target is where the seed task runs (the complete example's outputs).
type Target struct {
	Cluster          string
	TaskDefinition   string
	Subnets          []string
	SecurityGroups   []string
	Bucket           string // seed bucket the SQL file is uploaded to for the length of the task
	ObjectPrefix     string // where in Bucket (the datastore module's seed_object_prefix); empty: ObjectPrefix
	LogGroup         string
	LogStreamPrefix  string // awslogs-stream-prefix of the task definition
	PollInterval     time.Duration
	Timeout          time.Duration
	ProgressFunction func(status string)
}

// Outcome is what the finished task reported.
type Outcome struct {
	TaskARN     string
	ObjectURI   string // where the SQL was while the task ran; deleted afterwards
	CABundleURI string // where the RDS certificate bundle was; deleted afterwards
	ExitCode    int32
	Reason      string
	Logs        []string
}

// CheckFile validates the SQL file before anything is uploaded or started: it exists, holds more
// than white space, and is at most MaxSQLBytes.
func CheckFile(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, i18n.Errorf("Cannot read the SQL file: %w", err)
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		return 0, i18n.Errorf("Cannot read the SQL file: %w", err)
	}
	if info.Size() > MaxSQLBytes {
		return info.Size(), i18n.Errorf("%s is %d bytes; bridgectl seed loads files up to %d bytes (1 GiB): split the file, or restore a dump that large with pg_restore from a task of its own.", path, info.Size(), int64(MaxSQLBytes))
	}
	// Only a short file can be all white space worth rejecting; reading a large one is not needed.
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, i18n.Errorf("Cannot read the SQL file: %w", err)
	}
	if int64(n) == info.Size() && len(bytes.TrimSpace(head[:n])) == 0 {
		return info.Size(), i18n.Errorf("%s holds no SQL.", path)
	}
	return info.Size(), nil
}

// Request builds the RunTask input that makes the task fetch the SQL from sqlURI and the RDS
// certificate bundle from caURI.
func Request(t Target, sqlURI, caURI string) (*ecs.RunTaskInput, error) {
	if t.Cluster == "" || t.TaskDefinition == "" || len(t.Subnets) == 0 || len(t.SecurityGroups) == 0 || t.Bucket == "" {
		return nil, i18n.Errorf("The cluster, the seed task definition, the subnets, the security group and the seed bucket are all required (the outputs of examples/complete).")
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
			Name: aws.String(FetchContainerName),
			Environment: []ecstypes.KeyValuePair{
				{Name: aws.String(SQLURIVariable), Value: aws.String(sqlURI)},
				{Name: aws.String(CABundleURIVariable), Value: aws.String(caURI)},
			},
		}}},
	}, nil
}

// objectKeys name one run's uploads, the SQL and the certificate bundle: unique, so two operators
// seeding at once do not collide, and both under prefix (ObjectPrefix when empty).
func objectKeys(prefix string) (sql, ca string) {
	if prefix == "" {
		prefix = ObjectPrefix
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	base := fmt.Sprintf("%s%s-%s", prefix, time.Now().UTC().Format("20060102T150405Z"), hex.EncodeToString(b[:]))
	return base + ".sql", base + "-rds-ca.pem"
}

// Run uploads the SQL file and the RDS certificate bundle to the seed bucket, starts the task,
// waits for it to stop, collects its exit code and log lines, and deletes the uploads whatever
// happened.
func Run(ctx context.Context, c Clients, t Target, path string) (o *Outcome, err error) {
	size, err := CheckFile(path)
	if err != nil {
		return nil, err
	}
	key, caKey := objectKeys(t.ObjectPrefix)
	uri := "s3://" + t.Bucket + "/" + key
	caURI := "s3://" + t.Bucket + "/" + caKey
	in, err := Request(t, uri, caURI)
	if err != nil {
		return nil, err
	}
	progress := t.ProgressFunction
	if progress == nil {
		progress = func(string) {}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, i18n.Errorf("Cannot read the SQL file: %w", err)
	}
	defer func() { _ = f.Close() }()
	progress("UPLOADING")
	// The bundle first: it is small, so a bucket that refuses uploads fails before the SQL is sent.
	if _, err := c.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(t.Bucket), Key: aws.String(caKey), Body: bytes.NewReader(RDSCABundle),
		ContentLength: aws.Int64(int64(len(RDSCABundle))), ContentType: aws.String("application/x-pem-file"),
	}); err != nil {
		// The object's name says what it is (…-rds-ca.pem) and the SDK's error why it failed.
		return nil, fmt.Errorf("%s: %w", caURI, err)
	}
	defer func() {
		// Public certificates, nothing to keep secret: a bundle left behind only waits for the
		// lifecycle rule, so its deletion is best effort and never turns a seed into a failure.
		cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_, _ = c.S3.DeleteObject(cleanup, &s3.DeleteObjectInput{Bucket: aws.String(t.Bucket), Key: aws.String(caKey)})
	}()
	if _, err := c.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(t.Bucket), Key: aws.String(key), Body: f, ContentLength: aws.Int64(size),
		ContentType: aws.String("application/sql"),
	}); err != nil {
		return nil, i18n.Errorf("Cannot upload the SQL to s3://%s: %w", t.Bucket, err)
	}
	defer func() {
		// A fresh context: the file must go even when the caller's was cancelled or timed out.
		cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if _, derr := c.S3.DeleteObject(cleanup, &s3.DeleteObjectInput{Bucket: aws.String(t.Bucket), Key: aws.String(key)}); derr != nil && err == nil {
			err = i18n.Errorf("The seed ran, but its SQL file %s could not be deleted (the bucket's lifecycle rule removes it within a day): %w", uri, derr)
		}
	}()

	out, err := c.ECS.RunTask(ctx, in)
	if err != nil {
		return nil, i18n.Errorf("Cannot start the seed task: %w", err)
	}
	if len(out.Failures) > 0 {
		f := out.Failures[0]
		return nil, i18n.Errorf("ECS could not start the seed task: %s", strings.TrimSpace(aws.ToString(f.Reason)+" "+aws.ToString(f.Detail)))
	}
	if len(out.Tasks) == 0 {
		return nil, i18n.Errorf("ECS started no seed task.")
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
		desc, err := c.ECS.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(t.Cluster), Tasks: []string{arn}})
		if err != nil {
			return false, i18n.Errorf("Cannot read the state of the seed task %s: %w", arn, err)
		}
		if len(desc.Tasks) == 0 {
			return false, nil
		}
		task = desc.Tasks[0]
		progress(aws.ToString(task.LastStatus))
		return aws.ToString(task.LastStatus) == "STOPPED", nil
	})
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, i18n.Errorf("The seed task %s did not finish within %s; it keeps running in ECS.", arn, timeout)
	}
	if err != nil {
		return nil, err
	}

	o = &Outcome{TaskARN: arn, ObjectURI: uri, CABundleURI: caURI, ExitCode: -1, Reason: aws.ToString(task.StoppedReason)}
	exit := map[string]*int32{}
	reason := map[string]string{}
	for _, ct := range task.Containers {
		exit[aws.ToString(ct.Name)] = ct.ExitCode
		reason[aws.ToString(ct.Name)] = aws.ToString(ct.Reason)
	}
	// psql never starts when the fetch failed: the fetch container's exit code is the outcome then.
	outcome := ContainerName
	if code := exit[FetchContainerName]; code == nil || *code != 0 {
		outcome = FetchContainerName
		o.Reason = FetchContainerName + ": " + o.Reason
	}
	if code := exit[outcome]; code != nil {
		o.ExitCode = *code
	}
	if r := reason[outcome]; r != "" {
		o.Reason = outcome + ": " + r
	}
	if c.Logs != nil && t.LogGroup != "" {
		id := arn[strings.LastIndex(arn, "/")+1:]
		for _, name := range []string{FetchContainerName, ContainerName} {
			stream := fmt.Sprintf("%s/%s/%s", t.LogStreamPrefix, name, id)
			ev, err := c.Logs.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{
				LogGroupName: aws.String(t.LogGroup), LogStreamName: aws.String(stream), StartFromHead: aws.Bool(true),
			})
			if err != nil {
				continue // a container that never started has no stream
			}
			for _, e := range ev.Events {
				o.Logs = append(o.Logs, strings.TrimRight(aws.ToString(e.Message), "\n"))
			}
		}
	}
	return o, nil
}
