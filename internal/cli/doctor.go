package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"

	"terraform-basemachina-modules/internal/diagnose"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/poll"
)

// newDoctorClients builds the AWS clients; tests replace it with fakes.
var newDoctorClients = func(ctx context.Context, region string) (diagnose.Clients, error) {
	cfg, err := loadAWSConfig(ctx, region)
	if err != nil {
		return diagnose.Clients{}, err
	}
	return diagnose.Clients{
		ECS: ecs.NewFromConfig(cfg), ELB: elbv2.NewFromConfig(cfg), EC2: ec2.NewFromConfig(cfg), ACM: acm.NewFromConfig(cfg),
		Route53: route53.NewFromConfig(cfg), ECR: ecr.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg),
	}, nil
}

type doctorCmd struct {
	source   outputSource
	region   string
	cluster  string
	service  string
	wait     bool
	timeout  time.Duration
	interval time.Duration
	asJSON   bool
}

func (c *doctorCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	c.source.flags(fs, l)
	fs.StringVar(&c.region, "region", "", l.S("Region (overrides the bridge output's region)."))
	fs.StringVar(&c.cluster, "cluster", "", l.S("ECS cluster name (overrides the bridge output's cluster_name)."))
	fs.StringVar(&c.service, "service", "", l.S("ECS service name (overrides the bridge output's service_name)."))
	fs.BoolVar(&c.wait, "wait", false, l.S("Wait until the service and targets are healthy, then run every check."))
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, l.S("How long --wait waits."))
	fs.DurationVar(&c.interval, "interval", 15*time.Second, l.S("How often --wait checks."))
	fs.BoolVar(&c.asJSON, "json", false, l.S("Print the results as JSON (for CI)."))
}

func (c *doctorCmd) validate(args []string, l i18n.Lang) error {
	if len(args) > 0 {
		return usagef("Unexpected argument %q.", args[0])
	}
	if c.timeout <= 0 || c.interval <= 0 {
		return usagef("--timeout and --interval must be positive.")
	}
	return nil
}

func (c *doctorCmd) execute(ctx context.Context, env IO, l i18n.Lang) error {
	data, err := c.source.read(ctx, l)
	if err != nil {
		return err
	}
	stack, err := diagnose.FromTerraformOutput(data)
	if err != nil {
		return usageError{err}
	}
	c.override(&stack)
	if m := stack.Missing(); len(m) > 0 {
		// Not missingErr: only some of these outputs have a flag that stands in for them.
		return usagef("The %s output lacks %v: run doctor in the applied root (--dir) or give its whole `terraform output -json` (--outputs); --region, --cluster and --service stand in for region, cluster_name and service_name.", diagnose.BridgeOutput, m)
	}
	if stack.BridgePort == 0 {
		stack.BridgePort = 8080
	}
	clients, err := newDoctorClients(ctx, stack.Region)
	if err != nil {
		return err
	}
	d := &diagnose.Doctor{Clients: clients, Stack: stack, Lang: l}
	if c.wait {
		if err := c.waitHealthy(ctx, d, env.Stderr, l); err != nil {
			return err
		}
	}
	results := d.Run(ctx)
	if c.asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		report := map[string]any{"healthy": !diagnose.Failed(results), "results": results}
		if shared := diagnose.SharedFailure(results); shared != nil {
			// One cause for every check (AWS unreachable, credentials refused), for CI to print once.
			report["shared_failure"] = shared.Failure
		}
		if err := enc.Encode(report); err != nil {
			return err
		}
	} else {
		printFitted(env.Stdout, func(w io.Writer) { writeResults(w, results, l) })
	}
	if diagnose.Failed(results) {
		return errFinding
	}
	return nil
}

// override applies the flags given over the stack's outputs. A list, not a map keyed by the flag
// values: equal values (--cluster demo --service demo) must not collapse into one entry.
func (c *doctorCmd) override(stack *diagnose.Stack) {
	for _, o := range []struct {
		flag  string
		field *string
	}{{c.region, &stack.Region}, {c.cluster, &stack.ClusterName}, {c.service, &stack.ServiceName}} {
		if o.flag != "" {
			*o.field = o.flag
		}
	}
}

func (c *doctorCmd) waitHealthy(ctx context.Context, d *diagnose.Doctor, progress io.Writer, l i18n.Lang) error {
	start := time.Now()
	wctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	err := poll.Until(wctx, c.interval, func(ctx context.Context) (bool, error) {
		ok, rs := d.Healthy(ctx)
		fmt.Fprintf(progress, "[%4ds] %s | %s\n", int(time.Since(start).Seconds()), rs[0].Summary, rs[1].Summary)
		return ok, nil
	})
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		fmt.Fprintln(progress, l.S("Timed out waiting; running every check."))
		return nil
	}
	return err
}

func writeResults(w io.Writer, results []diagnose.Result, l i18n.Lang) {
	// When every check failed for one reason (AWS unreachable, credentials refused), the reason
	// and its fix are said once, on top, and each check only says it could not run.
	shared := diagnose.SharedFailure(results)
	if shared != nil {
		fmt.Fprintln(w, shared.Summary)
		for _, d := range shared.Details {
			fmt.Fprintf(w, "    - %s\n", d)
		}
		fmt.Fprintf(w, "    %s %s\n", l.S("Fix:"), shared.Remediation)
	}
	for i, r := range results {
		if shared != nil && r.Status == diagnose.Fail {
			fmt.Fprintf(w, "%2d. [%s] %-18s %s\n", i+1, statusMark(string(r.Status)), r.Check, l.S("Not checked: see the cause above."))
			continue
		}
		fmt.Fprintf(w, "%2d. [%s] %-18s %s\n", i+1, statusMark(string(r.Status)), r.Check, r.Summary)
		for _, d := range r.Details {
			fmt.Fprintf(w, "        - %s\n", d)
		}
		if r.Remediation != "" && r.Status != diagnose.Pass {
			fmt.Fprintf(w, "        %s %s\n", l.S("Fix:"), r.Remediation)
		}
	}
	if diagnose.Failed(results) {
		fmt.Fprintln(w, l.S("Problems found: work through the fixes above in order."))
	} else {
		fmt.Fprintln(w, l.S("No problem found."))
	}
}

func statusMark(s string) string {
	switch s {
	case "pass":
		return "OK  "
	case "warn":
		return "WARN"
	case "fail":
		return "FAIL"
	default:
		return "SKIP"
	}
}
