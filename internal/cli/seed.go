package cli

import (
	"context"
	"fmt"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/seed"
)

// newSeedClients builds the AWS clients; tests replace it with fakes.
var newSeedClients = func(ctx context.Context, region string) (seed.Clients, error) {
	cfg, err := loadAWSConfig(ctx, region)
	if err != nil {
		return seed.Clients{}, err
	}
	return seed.Clients{
		ECS:  ecs.NewFromConfig(cfg),
		Logs: cloudwatchlogs.NewFromConfig(cfg),
		// An endpoint override (a local emulator) serves buckets by path, not by host name.
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = o.BaseEndpoint != nil }),
	}, nil
}

type seedCmd struct {
	source  outputSource
	file    string
	region  string
	timeout time.Duration
	poll    time.Duration
}

func (c *seedCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	c.source.flags(fs, l)
	fs.StringVar(&c.file, "file", "seed/init.sql", l.S("The SQL file to load, up to 1 GiB, from the current directory (not --dir); it goes to the task through the stack's seed bucket and is deleted afterwards."))
	fs.StringVar(&c.region, "region", "", l.S("Region (overrides the bridge output's region)."))
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, l.S("How long to wait for the task to finish."))
	fs.DurationVar(&c.poll, "poll", 5*time.Second, l.S("How often to check the task."))
}

func (c *seedCmd) validate(args []string, l i18n.Lang) error {
	if len(args) > 0 {
		return usagef("Unexpected argument %q; give the SQL with --file.", args[0])
	}
	if c.timeout <= 0 || c.poll <= 0 {
		return usagef("--timeout and --poll must be positive.")
	}
	return nil
}

func (c *seedCmd) execute(ctx context.Context, env IO, l i18n.Lang) error {
	// The file is checked before anything is read from AWS or uploaded.
	size, err := seed.CheckFile(c.file)
	if err != nil {
		return usageError{err}
	}
	data, err := c.source.read(ctx, l)
	if err != nil {
		return err
	}
	o, err := diagnose.FromTerraformOutput(data)
	if err != nil {
		return usageError{err}
	}
	if c.region != "" {
		o.Region = c.region
	}
	// The task runs in the Bridge's cluster, private subnets and task security group (the bridge
	// object) from the datastore module's task definition and bucket (the datastore object).
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"region", o.Region}, {"cluster_name", o.ClusterName}, {"task_security_group_id", o.TaskSecurityGroupID},
	} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(o.PrivateSubnetIDs) == 0 {
		missing = append(missing, "private_subnet_ids")
	}
	if len(missing) > 0 {
		// No flag stands in for these fields but --region.
		return usagef("The %s output lacks %v: run seed in the applied root (--dir) or give its whole `terraform output -json` (--outputs). Only region can be given as a flag (--region).", diagnose.BridgeOutput, missing)
	}
	if !o.HasDatastore {
		return usagef("The Terraform outputs have no %s output (or it is null), the datastore module's bridgectl object that bridgectl seed reads: a root with the datastore module forwards it with `output \"datastore\" { value = module.datastore.bridgectl }` (then run terraform apply); a root without the datastore module has no database to seed.", diagnose.DatastoreOutput)
	}
	missing = nil
	for _, f := range []struct{ name, value string }{{"seed_task_definition_arn", o.SeedTaskDefinitionARN}, {"seed_bucket_name", o.SeedBucketName}} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return usagef("The %s output has no seed task (its %v are null): give the datastore module a seed input (seed = {} for the defaults), then run terraform apply.", diagnose.DatastoreOutput, missing)
	}
	clients, err := newSeedClients(ctx, o.Region)
	if err != nil {
		return err
	}
	started := time.Now()
	last := ""
	target := seed.Target{
		Cluster: o.ClusterName, TaskDefinition: o.SeedTaskDefinitionARN, Subnets: o.PrivateSubnetIDs, SecurityGroups: []string{o.TaskSecurityGroupID},
		Bucket: o.SeedBucketName, ObjectPrefix: o.SeedObjectPrefix, LogGroup: o.SeedLogGroupName, LogStreamPrefix: coalesce(o.SeedLogStreamPrefix, "seed"),
		PollInterval: c.poll, Timeout: c.timeout,
		ProgressFunction: func(status string) {
			if status != last {
				fmt.Fprintf(env.Stderr, "[%4ds] %s %s\n", int(time.Since(started).Seconds()), l.S("seed task:"), status)
				last = status
			}
		},
	}
	fmt.Fprintf(env.Stderr, l.S("Loading %s (%d bytes) with a one-off task in the private subnets...\n"), c.file, size)
	out, err := seed.Run(ctx, clients, target, c.file)
	if err != nil {
		return err
	}
	for _, line := range out.Logs {
		fmt.Fprintln(env.Stdout, line)
	}
	if out.ExitCode != 0 {
		// "Above" only when lines were printed: the failed container's, fetch or psql.
		switch {
		case len(out.Logs) > 0:
			return i18n.Errorf("Seeding failed (exit code %d: %s); see the task's output above.", out.ExitCode, out.Reason)
		case o.SeedLogGroupName == "":
			return i18n.Errorf("Seeding failed (exit code %d: %s); its log lines are not shown: the %s output lacks seed_log_group_name.", out.ExitCode, out.Reason, diagnose.DatastoreOutput)
		default:
			return i18n.Errorf("Seeding failed (exit code %d: %s); no log line of the task could be read from %s.", out.ExitCode, out.Reason, o.SeedLogGroupName)
		}
	}
	fmt.Fprintln(env.Stderr, l.S("Seeding finished."))
	return nil
}
