package cli

import (
	"context"
	"encoding/json"
	"fmt"
	flag "github.com/spf13/pflag"
	"os"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

type costCmd struct {
	planPath string
	region   string
	compare  bool
	asJSON   bool
	assume   cost.Assumptions
}

func (c *costCmd) flags(fs *flag.FlagSet, l i18n.Lang) {
	c.assume = cost.DefaultAssumptions()
	fs.StringVar(&c.region, "region", "", l.T("価格のリージョン（ap-northeast-1 または us-east-1）。既定はプランの region 変数。", "Region to price (ap-northeast-1 or us-east-1). Defaults to the plan's region variable."))
	fs.BoolVar(&c.compare, "compare", false, l.T("同じ構成を NAT 1 台、NAT + エンドポイント、AZ ごとの NAT で比較する。", "Also price the same stack with one NAT, NAT plus endpoints, and a NAT per AZ."))
	fs.BoolVar(&c.asJSON, "json", false, l.T("結果を JSON で出力する。", "Print the result as JSON."))
	fs.Float64Var(&c.assume.ALBLCU, "alb-lcu", 0, l.T("ALB の平均 LCU の想定。", "Assumed average ALB load balancer capacity units."))
	fs.Float64Var(&c.assume.NATGB, "nat-gb", 0, l.T("NAT が月に処理する GB の想定。", "Assumed GB per month processed by the NAT gateways."))
	fs.Float64Var(&c.assume.EndpointGB, "endpoint-gb", 0, l.T("エンドポイントごとに月に処理する GB の想定。", "Assumed GB per month processed by each interface endpoint."))
	fs.Float64Var(&c.assume.LogGB, "log-gb", 0, l.T("ロググループごとの月間取り込み GB の想定。", "Assumed GB ingested per log group per month."))
}

func (c *costCmd) validate(args []string, l i18n.Lang) error {
	if len(args) != 1 {
		return usagef("%s", l.T("プランの JSON ファイルを 1 つ指定してください: bridgectl cost PLAN.json（terraform show -json tfplan > PLAN.json）",
			"Give one plan JSON file: bridgectl cost PLAN.json (from terraform show -json tfplan > PLAN.json)."))
	}
	for _, v := range []float64{c.assume.ALBLCU, c.assume.NATGB, c.assume.EndpointGB, c.assume.LogGB} {
		if v < 0 {
			return usagef("%s", l.T("想定値は 0 以上にしてください。", "Assumptions must not be negative."))
		}
	}
	c.planPath = args[0]
	return nil
}

func (c *costCmd) execute(_ context.Context, env IO, l i18n.Lang) error {
	data, err := os.ReadFile(c.planPath)
	if err != nil {
		return usagef(l.T("プランファイルを読めません: %v", "Cannot read the plan file: %v"), err)
	}
	plan, err := tfplan.Parse(data)
	if err != nil {
		return usagef("%s: %v", c.planPath, err)
	}
	region := c.region
	if region == "" {
		if v, ok := plan.Variables["region"]; ok && v != nil {
			region, _ = v.Value.(string)
		}
	}
	if region == "" {
		return usagef("%s", l.T("プランに region 変数がありません。--region で指定してください。", "The plan has no region variable; give --region."))
	}
	e, err := cost.FromPlan(plan, region, c.assume)
	if err != nil {
		return usageError{err}
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
	cost.WriteText(env.Stdout, e, l)
	if c.compare {
		fmt.Fprintln(env.Stdout)
		cost.WriteCompareText(env.Stdout, e, l)
	}
	return nil
}
