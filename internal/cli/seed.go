package cli

import (
	"context"
	"fmt"
	flag "github.com/spf13/pflag"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/seed"
)

// newSeedClients builds the AWS clients; tests replace it with fakes.
var newSeedClients = func(ctx context.Context, region string) (seed.ECSAPI, seed.LogsAPI, error) {
	cfg, err := loadAWSConfig(ctx, region)
	if err != nil {
		return nil, nil, err
	}
	return ecs.NewFromConfig(cfg), cloudwatchlogs.NewFromConfig(cfg), nil
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
	fs.StringVar(&c.file, "file", "seed/init.sql", l.T("投入する SQL ファイル。", "The SQL file to load."))
	fs.StringVar(&c.region, "region", "", l.T("リージョン（出力の region を上書き）。", "Region (overrides the region output)."))
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, l.T("タスクの終了を待つ上限時間。", "How long to wait for the task to finish."))
	fs.DurationVar(&c.poll, "poll", 5*time.Second, l.T("タスクの状態の確認間隔。", "How often to check the task."))
}

func (c *seedCmd) validate(args []string, l i18n.Lang) error {
	if len(args) > 0 {
		return usagef(l.T("余分な引数 %q があります。SQL は --file で指定します。", "Unexpected argument %q; give the SQL with --file."), args[0])
	}
	if c.timeout <= 0 || c.poll <= 0 {
		return usagef("%s", l.T("--timeout と --poll は正の値にしてください。", "--timeout and --poll must be positive."))
	}
	return nil
}

func (c *seedCmd) execute(ctx context.Context, env IO, l i18n.Lang) error {
	sql, err := os.ReadFile(c.file)
	if err != nil {
		return usagef(l.T("SQL ファイルを読めません: %v", "Cannot read the SQL file: %v"), err)
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
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"region", o.Region}, {"cluster_name", o.ClusterName}, {"seed_task_definition_arn", o.SeedTaskDefinitionARN}, {"task_security_group_id", o.TaskSecurityGroupID},
	} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(o.PrivateSubnetIDs) == 0 {
		missing = append(missing, "private_subnet_ids")
	}
	if len(missing) > 0 {
		return missingErr(l, missing)
	}
	ecsClient, logsClient, err := newSeedClients(ctx, o.Region)
	if err != nil {
		return err
	}
	started := time.Now()
	last := ""
	target := seed.Target{
		Cluster: o.ClusterName, TaskDefinition: o.SeedTaskDefinitionARN, Subnets: o.PrivateSubnetIDs, SecurityGroups: []string{o.TaskSecurityGroupID},
		LogGroup: o.SeedLogGroupName, LogStreamPrefix: "seed", PollInterval: c.poll, Timeout: c.timeout,
		ProgressFunction: func(status string) {
			if status != last {
				fmt.Fprintf(env.Stderr, "[%4ds] %s %s\n", int(time.Since(started).Seconds()), l.T("シードタスク:", "seed task:"), status)
				last = status
			}
		},
	}
	fmt.Fprintf(env.Stderr, l.T("%s（%d バイト）をプライベートサブネットの一時タスクで投入します…\n", "Loading %s (%d bytes) with a one-off task in the private subnets...\n"), c.file, len(sql))
	out, err := seed.Run(ctx, ecsClient, logsClient, target, sql)
	if err != nil {
		return err
	}
	for _, line := range out.Logs {
		fmt.Fprintln(env.Stdout, line)
	}
	if out.ExitCode != 0 {
		return fmt.Errorf(l.T("シードに失敗しました（終了コード %d: %s）。上の psql の出力を確認してください。", "Seeding failed (exit code %d: %s); see psql's output above."), out.ExitCode, out.Reason)
	}
	fmt.Fprintln(env.Stderr, l.T("シードが完了しました。", "Seeding finished."))
	return nil
}
