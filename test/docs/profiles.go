package docs

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// chartRegion is where the profiles are compared: the region our users deploy to first.
const chartRegion = "ap-northeast-1"

// Profile is one example priced as shipped, split into the components a reader compares.
type Profile struct {
	Key        string
	Label      string
	Components map[string]float64 // component -> USD/month
	Total      float64
	Target     float64 // the ratio of ReferenceMonthly(chartRegion) it must stay within, excluding data; 0 for none
}

// components in the order the chart stacks them.
var components = []string{"egress", "load_balancer", "compute", "data", "other"}

func componentOf(l cost.Line) string {
	switch l.Type {
	case "aws_nat_gateway", "aws_eip", "aws_autoscaling_group", "aws_vpc_endpoint":
		return "egress"
	case "aws_lb":
		return "load_balancer"
	case "aws_ecs_service":
		return "compute"
	case "aws_db_instance", "aws_elasticache_replication_group":
		return "data"
	}
	return "other"
}

func componentLabel(c string, l i18n.Lang) string {
	return map[string]string{
		"egress":        l.S("Egress (NAT, endpoints)"),
		"load_balancer": l.S("Load balancer and its addresses"),
		"compute":       l.S("Bridge tasks"),
		"data":          l.S("Database"),
		"other":         l.S("Secrets, alarms, logs"),
	}[c]
}

// WithoutData is the monthly cost the targets are stated in: everything but the database.
func (p Profile) WithoutData() float64 { return round2(p.Total - p.Components["data"]) }

// Profiles prices the examples as shipped, and the production stack with each other egress design.
func Profiles(repoRoot string, l i18n.Lang) ([]Profile, error) {
	estimate := func(example string) (*cost.Estimate, error) {
		data, err := os.ReadFile(filepath.Join(repoRoot, "testdata", "plans", example+".json"))
		if err != nil {
			return nil, err
		}
		plan, err := tfplan.Parse(data)
		if err != nil {
			return nil, err
		}
		return cost.FromPlan(plan, chartRegion, cost.DefaultAssumptions())
	}
	profile := func(key, label string, e *cost.Estimate, target float64) Profile {
		p := Profile{Key: key, Label: label, Components: map[string]float64{}, Total: e.Total, Target: target}
		for _, line := range e.Lines {
			p.Components[componentOf(line)] += line.Monthly
		}
		for c, v := range p.Components {
			p.Components[c] = round2(v)
		}
		return p
	}
	dev, err := estimate("dev")
	if err != nil {
		return nil, err
	}
	prod, err := estimate("complete")
	if err != nil {
		return nil, err
	}
	existing, err := estimate("existing-vpc")
	if err != nil {
		return nil, err
	}
	out := []Profile{
		profile("dev", l.S("Development (examples/dev)"), dev, 0.30),
		profile("complete", l.S("Production (examples/complete, 2 tasks)"), prod, 0.70),
	}
	// The production stack with the other egress designs: its egress component replaced.
	prodEgress := out[1].Components["egress"]
	for _, s := range cost.Compare(prod) {
		if !s.Viable || s.Key == "nat_single" {
			continue
		}
		p := profile("complete-"+s.Key, l.Sprintf("Production, egress: %s", cost.ScenarioLabel(s.Key, l)), prod, 0)
		p.Components["egress"] = round2(prodEgress + s.Monthly - prod.Total)
		p.Total = s.Monthly
		out = append(out, p)
	}
	out = append(out, profile("existing-vpc", l.S("Existing VPC (examples/existing-vpc, without its NAT)"), existing, 0))
	return out, nil
}

// ProfileTable is the Markdown table of the profiles against the public module's design.
func ProfileTable(repoRoot string, l i18n.Lang) ([]byte, error) {
	profiles, err := Profiles(repoRoot, l)
	if err != nil {
		return nil, err
	}
	reference, err := ReferenceMonthly(chartRegion)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "| %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---|\n",
		l.S("Stack"), l.S("USD/month"), l.S("Without the database"), l.S("Ratio to the public module's design"), l.S("Target"))
	for _, p := range profiles {
		target := "—"
		if p.Target > 0 {
			mark := l.S("met")
			if p.WithoutData() > round2(p.Target*reference) {
				mark = l.S("missed")
			}
			target = fmt.Sprintf("≤ %.2f × (%.2f USD): %s", p.Target, round2(p.Target*reference), mark)
		}
		fmt.Fprintf(&buf, "| %s | %.2f | %.2f | %.2f | %s |\n", p.Label, p.Total, p.WithoutData(), round2(p.WithoutData()/reference), target)
	}
	fmt.Fprintf(&buf, "\n%s\n", l.Sprintf("%s, no traffic. %s It costs %.2f USD/month with the same price table.", chartRegion, referenceDescription(l), reference))
	return buf.Bytes(), nil
}

// CostChart is an SVG bar chart of the profiles, each bar split by component.
func CostChart(repoRoot string, l i18n.Lang) ([]byte, error) {
	profiles, err := Profiles(repoRoot, l)
	if err != nil {
		return nil, err
	}
	const (
		labelWidth = 370
		barArea    = 360
		rowHeight  = 30
		barHeight  = 18
		top        = 40
	)
	maxTotal := 0.0
	for _, p := range profiles {
		maxTotal = max(maxTotal, p.Total)
	}
	scale := barArea / maxTotal
	height := top + rowHeight*len(profiles) + 80
	width := labelWidth + barArea + 90
	colors := map[string]string{"egress": "#d95f02", "load_balancer": "#7570b3", "compute": "#1b9e77", "data": "#e7298a", "other": "#999999"}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<title>%s</title>`+"\n", html.EscapeString(l.Sprintf("Monthly cost per profile and egress design, %s, no traffic (USD)", chartRegion)))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	fmt.Fprintf(&b, `<text x="10" y="22" font-size="14" font-weight="bold">%s</text>`+"\n", html.EscapeString(l.Sprintf("Monthly cost per profile and egress design, %s, no traffic (USD)", chartRegion)))
	for i, p := range profiles {
		y := top + i*rowHeight
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", labelWidth-8, y+barHeight-5, html.EscapeString(p.Label))
		x := float64(labelWidth)
		for _, c := range components {
			v := p.Components[c]
			if v <= 0 {
				continue
			}
			w := v * scale
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %.2f</title></rect>`+"\n", x, y, w, barHeight, colors[c], html.EscapeString(componentLabel(c, l)), v)
			x += w
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%.2f</text>`+"\n", x+6, y+barHeight-5, p.Total)
	}
	legendY := top + rowHeight*len(profiles) + 20
	x := 10
	for _, c := range components {
		label := componentLabel(c, l)
		itemWidth := 30 + i18n.Width(label)*7
		if x+itemWidth > width {
			x, legendY = 10, legendY+22 // wrap the legend rather than cut it
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`+"\n", x, legendY, colors[c])
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", x+16, legendY+10, html.EscapeString(label))
		x += itemWidth
	}
	b.WriteString("</svg>\n")
	return []byte(b.String()), nil
}

func round2(f float64) float64 {
	return float64(int64(f*100+0.5)) / 100
}
