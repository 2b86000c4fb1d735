package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	flag "github.com/spf13/pflag"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/rules"
	"terraform-basemachina-modules/internal/tfplan"
)

// checkCmd applies the security rules of internal/rules to any plan, so a pipeline can gate on them.
type checkCmd struct {
	planPath string
	asJSON   bool
}

func (c *checkCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	fs.BoolVar(&c.asJSON, "json", false, l.S("Print the results as JSON (for CI)."))
}

func (c *checkCmd) validate(args []string, l i18n.Lang) error {
	if len(args) != 1 {
		return usagef("Give one plan JSON file: bridgectl check PLAN.json (from terraform show -json tfplan > PLAN.json).")
	}
	c.planPath = args[0]
	return nil
}

func (c *checkCmd) execute(_ context.Context, env IO, l i18n.Lang) error {
	data, err := os.ReadFile(c.planPath)
	if err != nil {
		return usagef("Cannot read the plan file: %v", err)
	}
	plan, err := tfplan.Parse(data)
	if err != nil {
		return usagef("Cannot read the plan %s: %w", c.planPath, err)
	}
	results := rules.Apply(plan, l)
	if c.asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"ok": !rules.Violated(results), "summary": rules.Count(results), "rules": results}); err != nil {
			return err
		}
	} else {
		printFitted(env.Stdout, func(w io.Writer) { writeRules(w, results, l) })
	}
	if rules.Violated(results) {
		return errFinding
	}
	return nil
}

func writeRules(w io.Writer, results []rules.Result, l i18n.Lang) {
	for _, r := range results {
		fmt.Fprintf(w, "[%s] %s (%s)\n", r.Mark(), r.Text, r.ID)
		if !r.Applies {
			fmt.Fprintf(w, "     - %s\n", rules.ReasonText(r.Reason, l))
		}
		for _, v := range r.Violations {
			fmt.Fprintf(w, "     - %s\n", v)
		}
	}
	t := rules.Count(results)
	fmt.Fprintln(w, l.Sprintf("%d rules: %d passed, %d failed, %d not applicable.", len(results), t.Passed, t.Failed, t.NotApplicable))
}
