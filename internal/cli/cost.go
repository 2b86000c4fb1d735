package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	tfjson "github.com/hashicorp/terraform-json"
	flag "github.com/spf13/pflag"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

type costCmd struct {
	planPath string
	region   string
	compare  bool
	diffPath string
	change   bool
	asJSON   bool
	assume   cost.Assumptions
}

func (c *costCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	c.assume = cost.DefaultAssumptions()
	fs.StringVar(&c.region, "region", "", l.S("Region to price; a region without prices shows the cost as unavailable. Defaults to the plan's region variable."))
	fs.BoolVar(&c.compare, "compare", false, l.S("Also price the same stack with one NAT, NAT plus endpoints, and a NAT per AZ."))
	fs.BoolVar(&c.asJSON, "json", false, l.S("Print the result as JSON."))
	fs.StringVar(&c.diffPath, "diff", "", l.S("The plan JSON before the change: print the monthly change to PLAN.json (for pull-request comments): bridgectl cost --diff OLD.json NEW.json"))
	fs.BoolVar(&c.change, "change", false, l.S("Print the monthly change PLAN.json makes to the state it was planned against (the one-plan form of --diff, for pull-request comments)."))
	fs.Float64Var(&c.assume.ALBLCU, "alb-lcu", 0, l.S("Assumed average ALB load balancer capacity units."))
	fs.Float64Var(&c.assume.NATGB, "nat-gb", 0, l.S("Assumed GB per month processed by the NAT gateways."))
	fs.Float64Var(&c.assume.EndpointGB, "endpoint-gb", 0, l.S("Assumed GB per month processed by each interface endpoint."))
	fs.Float64Var(&c.assume.LogGB, "log-gb", 0, l.S("Assumed GB ingested per log group per month."))
}

func (c *costCmd) validate(args []string, l i18n.Lang) error {
	// With --diff OLD.json the one argument is the new plan.
	if len(args) != 1 {
		return usagef("Give one plan JSON file: bridgectl cost PLAN.json (from terraform show -json tfplan > PLAN.json).")
	}
	if c.diffPath != "" && c.compare {
		return usagef("--diff and --compare cannot be used together.")
	}
	if c.change && (c.diffPath != "" || c.compare) {
		return usagef("--change cannot be used with --diff or --compare.")
	}
	for _, v := range []float64{c.assume.ALBLCU, c.assume.NATGB, c.assume.EndpointGB, c.assume.LogGB} {
		if v < 0 {
			return usagef("Assumptions must not be negative.")
		}
	}
	c.planPath = args[0]
	return nil
}

// estimate prices one plan file in the flag's region, else the plan's region variable.
func (c *costCmd) estimate(path string) (*cost.Estimate, error) {
	plan, err := readPlan(path)
	if err != nil {
		return nil, err
	}
	return c.estimatePlan(plan, path)
}

func readPlan(path string) (*tfjson.Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("Cannot read the plan file: %v", err)
	}
	plan, err := tfplan.Parse(data)
	if err != nil {
		return nil, usagef("Cannot read the plan %s: %w", path, err)
	}
	return plan, nil
}

func (c *costCmd) estimatePlan(plan *tfjson.Plan, path string) (*cost.Estimate, error) {
	region := c.region
	if region == "" {
		if v, ok := plan.Variables["region"]; ok && v != nil {
			region, _ = v.Value.(string)
		}
	}
	if region == "" {
		return nil, usagef("%s has no region variable; give --region.", path)
	}
	e, err := cost.FromPlan(plan, region, c.assume)
	if err != nil {
		return nil, usageError{err}
	}
	return e, nil
}

func (c *costCmd) execute(_ context.Context, env IO, l i18n.Lang) error {
	plan, err := readPlan(c.planPath)
	if err != nil {
		return err
	}
	e, err := c.estimatePlan(plan, c.planPath)
	if err != nil {
		return err
	}
	if !e.Available() {
		return c.writeUnavailable(env, e, l)
	}
	if c.diffPath != "" || c.change {
		var old *cost.Estimate
		if c.change {
			old, err = c.estimatePlan(tfplan.Prior(plan), c.planPath)
		} else {
			old, err = c.estimate(c.diffPath)
		}
		if err != nil {
			return err
		}
		if !old.Available() {
			return c.writeUnavailable(env, old, l)
		}
		if old.Region != e.Region {
			return usagef("The two plans are in different regions (%s and %s): give --region.", old.Region, e.Region)
		}
		d := cost.Diff(old, e)
		if c.asJSON {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(map[string]any{"diff": d})
		}
		printFitted(env.Stdout, func(w io.Writer) { cost.WriteDiffText(w, d, l) })
		return nil
	}
	if c.asJSON {
		out := map[string]any{"estimate": e}
		if c.compare {
			out["compare"] = cost.Compare(e)
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printFitted(env.Stdout, func(w io.Writer) {
		cost.WriteText(w, e, l)
		if c.compare {
			fmt.Fprintln(w)
			cost.WriteCompareText(w, e, l)
		}
	})
	return nil
}

// writeUnavailable reports a plan in a region without prices: the estimate says why there is no
// cost, and the command succeeds, so that a pull-request job of a team deploying there keeps
// running and its comment says plainly that the cost is missing and why.
func (c *costCmd) writeUnavailable(env IO, e *cost.Estimate, l i18n.Lang) error {
	if c.asJSON {
		out := map[string]any{"estimate": e}
		if c.diffPath != "" || c.change {
			out["diff"] = nil
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printFitted(env.Stdout, func(w io.Writer) { cost.WriteText(w, e, l) })
	return nil
}
