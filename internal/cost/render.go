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
	labels := map[string]string{
		"network":       "Network",
		"load_balancer": "Load balancer",
		"compute":       "Compute",
		"data":          "Data",
		"security":      "Security",
		"observability": "Observability",
	}
	if v, ok := labels[c]; ok {
		return l.S(v)
	}
	return c
}

// ScenarioLabel names a comparison scenario for people.
func ScenarioLabel(key string, l i18n.Lang) string {
	labels := map[string]string{
		"nat_instance":              "One NAT instance (t4g.nano)",
		"nat_single":                "One NAT gateway",
		"nat_single_plus_endpoints": "One NAT + ECR/Logs endpoints",
		"nat_per_az":                "NAT gateway per AZ",
		"endpoints_without_nat":     "Endpoints only (no NAT)",
	}
	if v, ok := labels[key]; ok {
		return l.S(v)
	}
	return key
}

// WriteText prints the estimate as an aligned table, or for a region without prices the one line
// that says why there is no cost.
func WriteText(w io.Writer, e *Estimate, l i18n.Lang) {
	if !e.Available() {
		fmt.Fprintln(w, l.Pick(e.UnavailableJA, e.Unavailable))
		return
	}
	fmt.Fprintf(w, "%s: %s (%s %s, %s)\n", l.S("Region"), e.Region, l.S("prices"), e.PriceDate, l.S("730 h/month"))
	lines := sortedLines(e)
	itemWidth := i18n.Width(l.S("Item"))
	for _, ln := range lines {
		itemWidth = max(itemWidth, i18n.Width(ln.item(l)))
	}
	fmt.Fprintf(w, "%s  %s  %s\n", i18n.PadLeft(l.S("USD/month"), 9), i18n.PadRight(l.S("Item"), itemWidth), l.S("Resource"))
	for _, ln := range lines {
		fmt.Fprintf(w, "%9.2f  %s  %s\n", ln.Monthly, i18n.PadRight(ln.item(l), itemWidth), ln.Address)
	}
	fmt.Fprintf(w, "%s: %.2f USD\n", l.S("Total per month"), e.Total)
	fmt.Fprintf(w, "%s: ALB %g LCU, NAT %g GB, %s %g GB/%s, %d AZ\n", l.S("Assumptions"),
		e.Assumptions.ALBLCU, e.Assumptions.NATGB, l.S("logs"), e.Assumptions.LogGB, l.S("log group"), e.AZs)
	fmt.Fprintf(w, "%s: %d\n", l.S("Free resources"), len(e.Free))
	if len(e.NotPriced) > 0 {
		fmt.Fprintf(w, "%s:\n", l.S("Not priced (not in the price table)"))
		for _, np := range e.NotPricedIn(l) {
			fmt.Fprintf(w, "  - %s\n", np)
		}
	}
	if len(e.UsageBilled) > 0 {
		fmt.Fprintf(w, "%s:\n", l.S("Billed by use, not in the total"))
		for _, u := range e.UsageBilledIn(l) {
			fmt.Fprintf(w, "  - %s\n", u)
		}
	}
	if len(e.Approximate) > 0 {
		fmt.Fprintf(w, "%s: %s\n", l.S("Approximate prices (not read from AWS's price pages for this region)"), strings.Join(approximateNames(e), ", "))
	}
}

// approximateNames lists the estimate's approximate prices in order, so that the same plan prints
// the same text on every run.
func approximateNames(e *Estimate) []string {
	names := make([]string, 0, len(e.Approximate))
	for n := range e.Approximate {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// WriteCompareText prints the egress comparison; nothing for a region without prices, whose
// estimate already says why.
func WriteCompareText(w io.Writer, e *Estimate, l i18n.Lang) {
	if !e.Available() {
		return
	}
	fmt.Fprintf(w, "%s (%s, %d AZ):\n", l.S("The same stack with each egress design"), e.Region, e.AZs)
	scenarios := Compare(e)
	labelWidth := 0
	for _, s := range scenarios {
		labelWidth = max(labelWidth, i18n.Width(ScenarioLabel(s.Key, l)))
	}
	for _, s := range scenarios {
		line := fmt.Sprintf("  %s  %9.2f USD", i18n.PadRight(ScenarioLabel(s.Key, l), labelWidth), s.Monthly)
		if !s.Viable {
			line += "  " + l.S("the Bridge cannot start (no route to api.basemachina.com)")
		}
		fmt.Fprintln(w, line)
	}
}

// WriteMarkdown prints the estimate and the comparison as Markdown tables (docs/cost.md).
func WriteMarkdown(w io.Writer, title string, e *Estimate, l i18n.Lang) {
	fmt.Fprintf(w, "### %s — %s\n\n", title, e.Region)
	if !e.Available() {
		fmt.Fprintf(w, "%s\n\n", l.Pick(e.UnavailableJA, e.Unavailable))
		return
	}
	fmt.Fprintf(w, "| %s | %s | %s |\n|---|---|---:|\n", l.S("Category"), l.S("Item"), l.S("USD/month"))
	byCat := map[string]float64{}
	for _, ln := range sortedLines(e) {
		fmt.Fprintf(w, "| %s | %s (`%s`) | %.2f |\n", CategoryLabel(ln.Category, l), ln.item(l), ln.Address, ln.Monthly)
		byCat[ln.Category] += ln.Monthly
	}
	fmt.Fprintf(w, "| | **%s** | **%.2f** |\n\n", l.S("Total"), e.Total)
	if len(e.NotPriced) > 0 {
		fmt.Fprintf(w, "%s: %s\n\n", l.S("Not priced"), strings.Join(e.NotPricedIn(l), ", "))
	}
	if len(e.UsageBilled) > 0 {
		fmt.Fprintf(w, "%s: %s\n\n", l.S("Billed by use, not in the total"), strings.Join(e.UsageBilledIn(l), ", "))
	}
	if len(e.Approximate) > 0 {
		fmt.Fprintf(w, "%s: %s\n\n", l.S("Approximate prices (not read from AWS's price pages for this region)"), strings.Join(approximateNames(e), ", "))
	}
	fmt.Fprintf(w, "| %s | %s |\n|---|---:|\n", l.S("Egress design"), l.S("USD/month"))
	for _, s := range Compare(e) {
		label := ScenarioLabel(s.Key, l)
		if !s.Viable {
			label += l.S(" (the Bridge cannot run)")
		}
		fmt.Fprintf(w, "| %s | %.2f |\n", label, s.Monthly)
	}
	fmt.Fprintln(w)
}

func (ln Line) item(l i18n.Lang) string {
	if ln.ItemJA == "" {
		return ln.Item
	}
	return l.Pick(ln.ItemJA, ln.Item)
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
