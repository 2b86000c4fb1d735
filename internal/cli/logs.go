package cli

import (
	"context"
	"encoding/json"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	flag "github.com/spf13/pflag"

	"terraform-basemachina-modules/internal/bridgelogs"
	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/i18n"
)

// newLogsClient builds the CloudWatch Logs client; tests replace it with a fake.
var newLogsClient = func(ctx context.Context, region string) (bridgelogs.API, error) {
	cfg, err := loadAWSConfig(ctx, region)
	if err != nil {
		return nil, err
	}
	return cloudwatchlogs.NewFromConfig(cfg), nil
}

type logsCmd struct {
	source   outputSource
	region   string
	logGroup string
	since    time.Duration
	filter   string
	follow   bool
	poll     time.Duration
	limit    int
	asJSON   bool
}

func (c *logsCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	c.source.flags(fs, l)
	fs.StringVar(&c.region, "region", "", l.S("Region (overrides the bridge output's region)."))
	fs.StringVar(&c.logGroup, "log-group", "", l.S("Log group name (overrides the bridge output's log_group_name)."))
	fs.DurationVar(&c.since, "since", time.Hour, l.S("How far back to read (for example 15m or 2h)."))
	fs.StringVar(&c.filter, "filter", "", l.S("A CloudWatch Logs filter pattern (for example '{ $.severity = \"Error\" }' or mismatch)."))
	fs.BoolVarP(&c.follow, "follow", "f", false, l.S("Keep printing new lines as they arrive (Ctrl+C to stop)."))
	fs.DurationVar(&c.poll, "poll", 5*time.Second, l.S("How often --follow asks for new lines."))
	fs.IntVar(&c.limit, "limit", 200, l.S("The most lines one read prints, newest kept (0: no limit)."))
	fs.BoolVar(&c.asJSON, "json", false, l.S("Print one JSON object per line."))
}

func (c *logsCmd) validate(args []string, l i18n.Lang) error {
	if len(args) > 0 {
		return usagef("Unexpected argument %q.", args[0])
	}
	if c.since <= 0 || c.poll <= 0 {
		return usagef("--since and --poll must be positive.")
	}
	if c.limit < 0 {
		return usagef("--limit must not be negative.")
	}
	return nil
}

func (c *logsCmd) execute(ctx context.Context, env IO, l i18n.Lang) error {
	region, group := c.region, c.logGroup
	if region == "" || group == "" {
		data, err := c.source.read(ctx, l)
		if err != nil {
			return err
		}
		stack, err := diagnose.FromTerraformOutput(data)
		if err != nil {
			return usageError{err}
		}
		region, group = coalesce(region, stack.Region), coalesce(group, stack.LogGroupName)
	}
	if group == "" {
		return usagef("The %s output lacks log_group_name: give the log group with --log-group.", diagnose.BridgeOutput)
	}
	api, err := newLogsClient(ctx, region)
	if err != nil {
		return err
	}
	emit := bridgelogs.WriteTo(env.Stdout)
	if c.asJSON {
		enc := json.NewEncoder(env.Stdout)
		emit = func(line bridgelogs.Line) error { return enc.Encode(line) }
	}
	q := bridgelogs.Query{LogGroup: group, Since: c.since, Filter: c.filter, Follow: c.follow, Poll: c.poll, Limit: c.limit}
	if err := bridgelogs.Read(ctx, api, q, emit); err != nil {
		return errorf("Cannot read the logs of %s: %v", group, firstLine(err))
	}
	return nil
}

func coalesce(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
