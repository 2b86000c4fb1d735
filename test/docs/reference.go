package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// The reference design the profiles are compared with is the default of BaseMachina's public
// module, github.com/basemachina/terraform-basemachina-bridge, modules/aws/ecs-fargate: a NAT
// gateway with its Elastic IP (create_nat_gateway = true), interface endpoints for ecr.api,
// ecr.dkr and logs in the private subnets and the S3 gateway endpoint (create_vpc_endpoints =
// true), desired_count = 1 task of cpu = 256 and memory = 512, and an internet-facing ALB in the
// public subnets; its README calls it with two private and two public subnets. It has no
// database. The figures are this repository's price table applied to that design, never copied.
const (
	referenceModule = "github.com/basemachina/terraform-basemachina-bridge"
	referenceTasks  = 1
	referenceCPU    = 256 // CPU units: 1024 is one vCPU
	referenceMemory = 512 // MiB
	referenceAZs    = 2
)

// referenceEndpoints are the interface endpoints the public module creates by default.
var referenceEndpoints = []string{"ecr.api", "ecr.dkr", "logs"}

// referencePlan is a plan of the reference design, with or without its endpoints
// (create_vpc_endpoints).
func referencePlan(endpoints bool) ([]byte, error) {
	type change struct {
		Address string         `json:"address"`
		Mode    string         `json:"mode"`
		Type    string         `json:"type"`
		Name    string         `json:"name"`
		Change  map[string]any `json:"change"`
	}
	create := func(typ, name string, after map[string]any) change {
		return change{Address: typ + "." + name, Mode: "managed", Type: typ, Name: name,
			Change: map[string]any{"actions": []string{"create"}, "after": after, "after_unknown": map[string]any{}}}
	}
	subnets := func(kind string) []string {
		out := make([]string, referenceAZs)
		for i := range out {
			out[i] = fmt.Sprintf("subnet-%s-%d", kind, i)
		}
		return out
	}
	changes := []change{
		create("aws_ecs_task_definition", "bridge", map[string]any{"family": "bridge", "cpu": strconv.Itoa(referenceCPU), "memory": strconv.Itoa(referenceMemory)}),
		create("aws_ecs_service", "bridge", map[string]any{"name": "bridge", "desired_count": referenceTasks}),
		create("aws_lb", "main", map[string]any{"internal": false, "subnets": subnets("public")}),
		create("aws_nat_gateway", "bridge", map[string]any{}),
		create("aws_eip", "nat", map[string]any{"domain": "vpc"}),
	}
	if endpoints {
		for _, svc := range referenceEndpoints {
			changes = append(changes, create("aws_vpc_endpoint", strings.ReplaceAll(svc, ".", "_"),
				map[string]any{"vpc_endpoint_type": "Interface", "subnet_ids": subnets("private")}))
		}
		changes = append(changes, create("aws_vpc_endpoint", "s3", map[string]any{"vpc_endpoint_type": "Gateway"}))
	}
	return json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": changes})
}

// referenceEstimate prices the reference design in one region.
func referenceEstimate(region string, endpoints bool) (*cost.Estimate, error) {
	data, err := referencePlan(endpoints)
	if err != nil {
		return nil, err
	}
	plan, err := tfplan.Parse(data)
	if err != nil {
		return nil, err
	}
	return cost.FromPlan(plan, region, cost.DefaultAssumptions())
}

// ReferenceMonthly is the monthly cost of the public module's default design (with its
// endpoints) in region, without traffic: the basis of the profiles' targets.
func ReferenceMonthly(region string) (float64, error) {
	e, err := referenceEstimate(region, true)
	if err != nil {
		return 0, err
	}
	if !e.Available() {
		return 0, fmt.Errorf("%s", e.Unavailable)
	}
	return e.Total, nil
}

// referenceDescription says what the reference design is, from the same constants the plan is
// built from.
func referenceDescription(l i18n.Lang) string {
	return l.Sprintf("The public module's design is the default of %s (modules/aws/ecs-fargate), BaseMachina's public module: one NAT gateway, interface endpoints for %s in %d AZs, %d task of %.2f vCPU / %.1f GB, the ALB, no database.",
		referenceModule, strings.Join(referenceEndpoints, l.Pick("・", ", ")), referenceAZs, referenceTasks, float64(referenceCPU)/1024, float64(referenceMemory)/1024)
}

// ReferenceTable prices the public module's design in every priced region, with its endpoints
// (its default) and without them (create_vpc_endpoints = false).
func ReferenceTable(l i18n.Lang) ([]byte, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "| %s | %s | %s |\n|---|---:|---:|\n", l.S("Region"), l.S("NAT gateway only (USD/month)"), l.S("NAT gateway and endpoints, the default (USD/month)"))
	for _, region := range cost.Prices().RegionNames() {
		without, err := referenceEstimate(region, false)
		if err != nil {
			return nil, err
		}
		with, err := referenceEstimate(region, true)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, "| %s%s | %.2f | %.2f |\n", region, approximateMark(region), without.Total, with.Total)
	}
	fmt.Fprintf(&buf, "\n%s\n", l.Sprintf("No traffic. %s", referenceDescription(l)))
	if note := approximateNote(l); note != "" {
		fmt.Fprintf(&buf, "\n%s\n", note)
	}
	return buf.Bytes(), nil
}

// EgressUnit is what each egress building block costs a month in one region, without traffic.
type EgressUnit struct {
	Region      string
	NATGateway  float64 // one NAT gateway and its public IPv4 address
	NATInstance float64 // the NAT instance of modules/network (nat_mode = "instance") and its address
	Endpoints   float64 // the compared interface endpoints in two AZs
	SavedPerGB  float64 // NAT processing minus endpoint processing, per GB sent to AWS through endpoints
	BreakEvenGB float64 // AWS-bound GB a month at which the endpoints pay for themselves
}

// EgressUnits derives the building blocks from cost.Compare, the comparison bridgectl prints, so
// that the docs and the tool cannot disagree: with no traffic, each scenario is the same base plus
// its egress.
func EgressUnits() ([]EgressUnit, error) {
	var out []EgressUnit
	table := cost.Prices()
	for _, region := range table.RegionNames() {
		e, err := referenceEstimate(region, false)
		if err != nil {
			return nil, err
		}
		s := map[string]float64{}
		for _, sc := range cost.Compare(e) {
			s[sc.Key] = sc.Monthly
		}
		endpoints := round2(s["nat_single_plus_endpoints"] - s["nat_single"])
		base := s["endpoints_without_nat"] - endpoints
		p := table.Regions[region]
		u := EgressUnit{
			Region:      region,
			NATGateway:  round2(s["nat_single"] - base),
			NATInstance: round2(s["nat_instance"] - base),
			Endpoints:   endpoints,
			SavedPerGB:  math.Round((p.NATGB-p.InterfaceEndpointGB)*1000) / 1000,
		}
		if u.SavedPerGB > 0 {
			u.BreakEvenGB = math.Round(u.Endpoints / u.SavedPerGB)
		}
		out = append(out, u)
	}
	return out, nil
}

// EgressTable renders EgressUnits.
func EgressTable(l i18n.Lang) ([]byte, error) {
	units, err := EgressUnits()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "| %s | %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---:|---:|\n",
		l.S("Region"), l.S("NAT gateway and its IPv4 address (USD/month)"), l.S("NAT instance and its IPv4 address (USD/month)"),
		l.Sprintf("%d interface endpoints in %d AZs (USD/month)", len(referenceEndpoints), referenceAZs),
		l.S("NAT minus endpoint processing (USD/GB)"), l.S("AWS-bound traffic at which the endpoints pay off (GB/month)"))
	for _, u := range units {
		breakEven := "—"
		if u.BreakEvenGB > 0 {
			breakEven = strconv.FormatFloat(u.BreakEvenGB, 'f', 0, 64)
		}
		fmt.Fprintf(&buf, "| %s%s | %.2f | %.2f | %.2f | %.3f | %s |\n", u.Region, approximateMark(u.Region), u.NATGateway, u.NATInstance, u.Endpoints, u.SavedPerGB, breakEven)
	}
	fmt.Fprintf(&buf, "\n%s\n", l.Sprintf("No traffic. The NAT instance is the one modules/network creates (nat_mode = \"instance\"); the endpoints are %s, priced as `bridgectl cost --compare` prices them.", strings.Join(referenceEndpoints, l.Pick("・", ", "))))
	if note := approximateNote(l); note != "" {
		fmt.Fprintf(&buf, "\n%s\n", note)
	}
	return buf.Bytes(), nil
}

// UnitPriceTable lists every unit price of the price table by its JSON name, one column per region.
func UnitPriceTable(l i18n.Lang) ([]byte, error) {
	table := cost.Prices()
	regions := table.RegionNames()
	values := map[string]map[string]float64{} // row -> region -> price
	approx := map[string]map[string]bool{}
	for _, region := range regions {
		p := table.Regions[region]
		data, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		var fields map[string]any
		if err := json.Unmarshal(data, &fields); err != nil {
			return nil, err
		}
		put := func(row string, v float64, name string) {
			if values[row] == nil {
				values[row], approx[row] = map[string]float64{}, map[string]bool{}
			}
			values[row][region] = v
			_, approx[row][region] = p.Notes[name]
		}
		for _, name := range cost.PriceNames() {
			switch v := fields[name].(type) {
			case float64:
				put(name, v, name)
			case map[string]any:
				for class, cv := range v {
					if f, ok := cv.(float64); ok {
						put(name+" "+class, f, name)
					}
				}
			}
		}
	}
	rows := make([]string, 0, len(values))
	for row := range values {
		rows = append(rows, row)
	}
	sort.Strings(rows)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "| %s | %s |\n|---|%s\n", l.S("Price (prices.json)"), strings.Join(regions, " | "), strings.Repeat("---:|", len(regions)))
	for _, row := range rows {
		cells := make([]string, len(regions))
		for i, region := range regions {
			v, ok := values[row][region]
			switch {
			case !ok:
				cells[i] = "—"
			case approx[row][region]:
				cells[i] = "≈ " + strconv.FormatFloat(v, 'f', -1, 64)
			default:
				cells[i] = strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
		name, class, _ := strings.Cut(row, " ")
		label := "`" + name + "`"
		if class != "" {
			label += " " + class
		}
		fmt.Fprintf(&buf, "| %s | %s |\n", label, strings.Join(cells, " | "))
	}
	fmt.Fprintf(&buf, "\n%s\n", l.Sprintf("USD, and fargate_spot_discount a share; a month is %g hours; prices of %s. ≈ marks a figure that could not be read from AWS's price page for that region: prices.json says how it was derived.", table.HoursPerMonth, table.Date))
	return buf.Bytes(), nil
}

// PricedRegions says which regions bridgectl prices, from the price table itself.
func PricedRegions(l i18n.Lang) []byte {
	table := cost.Prices()
	var buf bytes.Buffer
	sep := l.Pick("", " ")
	fmt.Fprintf(&buf, "%s", l.Sprintf("Regions with prices (`internal/cost/prices.json`, %s): %s.", table.Date, codeList(table.RegionNames(), l)))
	if approx := approximateRegions(); len(approx) > 0 {
		fmt.Fprintf(&buf, "%s%s", sep, l.Sprintf("In %s some unit prices are approximate (not readable from AWS's price pages for that region); an estimate lists the approximate prices it used.", codeList(approx, l)))
	}
	fmt.Fprintf(&buf, "%s%s\n", sep, l.S("In any other region the monthly cost is shown as unavailable, and the rest of the output is unchanged."))
	return buf.Bytes()
}

// ReadmeCost is the monthly cost of the shipped examples for the README, with development
// compared with production.
func ReadmeCost(repoRoot string, l i18n.Lang) ([]byte, error) {
	profiles, err := Profiles(repoRoot, l)
	if err != nil {
		return nil, err
	}
	byKey := map[string]Profile{}
	for _, p := range profiles {
		byKey[p.Key] = p
	}
	prod, dev, existing := byKey["complete"], byKey["dev"], byKey["existing-vpc"]
	ratio := 0.0
	if prod.Total > 0 {
		ratio = round2(dev.Total / prod.Total)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s\n", l.Sprintf("Monthly estimate (`bridgectl cost` on the examples' plans, %s, no traffic, prices of %s): production (examples/complete) %.2f USD, of which the database %.2f; development (examples/dev) %.2f USD, %.2f times production; an existing VPC (examples/existing-vpc, without its NAT) %.2f USD.",
		chartRegion, cost.Prices().Date, prod.Total, prod.Components["data"], dev.Total, ratio, existing.Total))
	return buf.Bytes(), nil
}

func approximateRegions() []string {
	table := cost.Prices()
	var out []string
	for _, region := range table.RegionNames() {
		if len(table.Regions[region].Notes) > 0 {
			out = append(out, region)
		}
	}
	return out
}

func approximateMark(region string) string {
	if len(cost.Prices().Regions[region].Notes) > 0 {
		return " ≈"
	}
	return ""
}

func approximateNote(l i18n.Lang) string {
	if len(approximateRegions()) == 0 {
		return ""
	}
	return l.S("≈: some of the region's unit prices are approximate (see the unit prices in docs/cost.en.md).")
}

func codeList(items []string, l i18n.Lang) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = "`" + s + "`"
	}
	return strings.Join(quoted, l.Pick("、", ", "))
}
