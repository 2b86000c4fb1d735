// Command preview is `make preview`: it plans examples/complete offline and explains the result.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/examples"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/preview"
	"terraform-basemachina-modules/internal/tfplan"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	fs := flag.NewFlagSet("preview", flag.ContinueOnError)
	lang := fs.String("lang", "", "Output language: ja (default) or en. An English LANG also selects English.")
	region := fs.String("region", "ap-northeast-1", "Region to plan and price: ap-northeast-1 or us-east-1.")
	out := fs.String("out", "out/preview", "Directory that receives the plan JSON.")
	asJSON := fs.Bool("json", false, "Print the summary and estimate as JSON instead of text.")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	l, err := i18n.Detect(*lang, os.Getenv("LC_ALL"), os.Getenv("LANG"))
	if err != nil {
		return err
	}
	azs := map[string]string{
		"ap-northeast-1": `["ap-northeast-1a","ap-northeast-1c"]`,
		"us-east-1":      `["us-east-1a","us-east-1b"]`,
	}[*region]
	if azs == "" {
		return fmt.Errorf("%s", l.T("--region は ap-northeast-1 か us-east-1 を指定してください", "--region must be ap-northeast-1 or us-east-1"))
	}
	root, err := tfplan.RepoRoot()
	if err != nil {
		return err
	}
	spec, err := examples.ByName("complete")
	if err != nil {
		return err
	}
	spec.Vars["region"] = *region
	spec.Vars["azs"] = azs

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()

	started := time.Now()
	fmt.Fprintln(os.Stderr, l.T("examples/complete を一時ディレクトリにコピーし、ダミー認証情報で terraform init / plan を実行しています…",
		"Copying examples/complete to a temporary directory and running terraform init / plan with dummy credentials..."))
	res, err := examples.Plan(ctx, root, spec)
	if err != nil {
		return fmt.Errorf("%s: %w", l.T("オフラインプランに失敗しました", "the offline plan failed"), err)
	}
	defer res.Cleanup()
	fmt.Fprintf(os.Stderr, l.T("プラン完了 (%.1f 秒)\n", "Planned in %.1f s\n"), time.Since(started).Seconds())

	if err := os.MkdirAll(filepath.Join(root, *out), 0o755); err != nil {
		return err
	}
	planPath := filepath.Join(*out, "complete.plan.json")
	if err := os.WriteFile(filepath.Join(root, planPath), res.JSON, 0o644); err != nil {
		return err
	}
	summary := preview.Summarize(res.Plan, cost.Category, l)
	estimate, err := cost.FromPlan(res.Plan, *region, cost.DefaultAssumptions())
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"summary": summary, "cost": estimate, "compare": cost.Compare(estimate), "plan_json": planPath})
	}
	preview.Write(os.Stdout, summary, estimate, planPath, l)
	return nil
}
