package cost

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"terraform-basemachina-modules/internal/i18n"
)

// CategoryLabel names a category for people.
func CategoryLabel(c string, l i18n.Lang) string {
	labels := map[string][2]string{
		"network":       {"ネットワーク", "Network"},
		"load_balancer": {"ロードバランサー", "Load balancer"},
		"compute":       {"コンピュート", "Compute"},
		"data":          {"データ", "Data"},
		"security":      {"セキュリティ", "Security"},
		"observability": {"監視", "Observability"},
	}
	if v, ok := labels[c]; ok {
		return l.T(v[0], v[1])
	}
	return c
}

// ScenarioLabel names a comparison scenario for people.
func ScenarioLabel(key string, l i18n.Lang) string {
	labels := map[string][2]string{
		"nat_single":                {"NAT ゲートウェイ 1 台", "One NAT gateway"},
		"nat_single_plus_endpoints": {"NAT 1 台 + ECR/Logs エンドポイント", "One NAT + ECR/Logs endpoints"},
		"nat_per_az":                {"AZ ごとに NAT ゲートウェイ", "NAT gateway per AZ"},
		"endpoints_without_nat":     {"エンドポイントのみ（NAT なし）", "Endpoints only (no NAT)"},
	}
	if v, ok := labels[key]; ok {
		return l.T(v[0], v[1])
	}
	return key
}

// WriteText prints the estimate as an aligned table.
func WriteText(w io.Writer, e *Estimate, l i18n.Lang) {
	fmt.Fprintf(w, "%s: %s (%s %s, %s)\n", l.T("リージョン", "Region"), e.Region, l.T("価格", "prices"), e.PriceDate, l.T("730 時間/月", "730 h/month"))
	lines := sortedLines(e)
	itemWidth := i18n.Width(l.T("内訳", "Item"))
	for _, ln := range lines {
		itemWidth = max(itemWidth, i18n.Width(ln.item(l)))
	}
	fmt.Fprintf(w, "%s  %s  %s\n", i18n.PadLeft(l.T("月額 USD", "USD/month"), 9), i18n.PadRight(l.T("内訳", "Item"), itemWidth), l.T("リソース", "Resource"))
	for _, ln := range lines {
		fmt.Fprintf(w, "%9.2f  %s  %s\n", ln.Monthly, i18n.PadRight(ln.item(l), itemWidth), ln.Address)
	}
	fmt.Fprintf(w, "%s: %.2f USD\n", l.T("合計（月額）", "Total per month"), e.Total)
	fmt.Fprintf(w, "%s: ALB %g LCU, NAT %g GB, %s %g GB/%s, %d AZ\n", l.T("前提", "Assumptions"),
		e.Assumptions.ALBLCU, e.Assumptions.NATGB, l.T("ログ", "logs"), e.Assumptions.LogGB, l.T("ロググループ", "log group"), e.AZs)
	fmt.Fprintf(w, "%s: %d\n", l.T("無料のリソース", "Free resources"), len(e.Free))
	if len(e.NotPriced) > 0 {
		fmt.Fprintf(w, "%s:\n", l.T("価格表にないため未計上", "Not priced (not in the price table)"))
		for _, np := range e.NotPriced {
			fmt.Fprintf(w, "  - %s\n", np)
		}
	}
	if len(e.UsageBilled) > 0 {
		fmt.Fprintf(w, "%s:\n", l.T("使った分だけ課金され、合計に含まないもの", "Billed by use, not in the total"))
		for _, u := range e.UsageBilled {
			fmt.Fprintf(w, "  - %s\n", u)
		}
	}
}

// WriteCompareText prints the egress comparison.
func WriteCompareText(w io.Writer, e *Estimate, l i18n.Lang) {
	fmt.Fprintf(w, "%s (%s, %d AZ):\n", l.T("同じ構成を出口の設計ごとに比較", "The same stack with each egress design"), e.Region, e.AZs)
	scenarios := Compare(e)
	labelWidth := 0
	for _, s := range scenarios {
		labelWidth = max(labelWidth, i18n.Width(ScenarioLabel(s.Key, l)))
	}
	for _, s := range scenarios {
		line := fmt.Sprintf("  %s  %9.2f USD", i18n.PadRight(ScenarioLabel(s.Key, l), labelWidth), s.Monthly)
		if !s.Viable {
			line += "  " + l.T("Bridge は起動できません（api.basemachina.com へ出られない）", "the Bridge cannot start (no route to api.basemachina.com)")
		}
		fmt.Fprintln(w, line)
	}
}

// WriteMarkdown prints the estimate and the comparison as Markdown tables (docs/cost.md).
func WriteMarkdown(w io.Writer, title string, e *Estimate, l i18n.Lang) {
	fmt.Fprintf(w, "### %s — %s\n\n", title, e.Region)
	fmt.Fprintf(w, "| %s | %s | %s |\n|---|---|---:|\n", l.T("区分", "Category"), l.T("内訳", "Item"), l.T("月額 USD", "USD/month"))
	byCat := map[string]float64{}
	for _, ln := range sortedLines(e) {
		fmt.Fprintf(w, "| %s | %s (`%s`) | %.2f |\n", CategoryLabel(ln.Category, l), ln.item(l), ln.Address, ln.Monthly)
		byCat[ln.Category] += ln.Monthly
	}
	fmt.Fprintf(w, "| | **%s** | **%.2f** |\n\n", l.T("合計", "Total"), e.Total)
	if len(e.NotPriced) > 0 {
		fmt.Fprintf(w, "%s: %s\n\n", l.T("未計上", "Not priced"), strings.Join(e.NotPriced, ", "))
	}
	if len(e.UsageBilled) > 0 {
		fmt.Fprintf(w, "%s: %s\n\n", l.T("使った分だけ課金され、合計に含まないもの", "Billed by use, not in the total"), strings.Join(e.UsageBilled, ", "))
	}
	fmt.Fprintf(w, "| %s | %s |\n|---|---:|\n", l.T("出口の設計", "Egress design"), l.T("月額 USD", "USD/month"))
	for _, s := range Compare(e) {
		label := ScenarioLabel(s.Key, l)
		if !s.Viable {
			label += l.T("（Bridge は動かない）", " (the Bridge cannot run)")
		}
		fmt.Fprintf(w, "| %s | %.2f |\n", label, s.Monthly)
	}
	fmt.Fprintln(w)
}

func (ln Line) item(l i18n.Lang) string {
	if ln.ItemJA == "" {
		return ln.Item
	}
	return l.T(ln.ItemJA, ln.Item)
}

func sortedLines(e *Estimate) []Line {
	lines := append([]Line(nil), e.Lines...)
	sort.SliceStable(lines, func(i, j int) bool {
		if lines[i].Monthly != lines[j].Monthly {
			return lines[i].Monthly > lines[j].Monthly
		}
		return lines[i].Address < lines[j].Address
	})
	return lines
}
