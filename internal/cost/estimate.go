package cost

import (
	"fmt"
	"math"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// Assumptions are the usage figures a plan cannot know. The defaults are zero traffic, the basis
// the worked examples in the tests are stated on; raise them for a real workload.
type Assumptions struct {
	ALBLCU     float64 `json:"alb_lcu"`          // average load balancer capacity units
	NATGB      float64 `json:"nat_gb_per_month"` // GB processed by the NAT gateways per month
	EndpointGB float64 `json:"endpoint_gb_per_month"`
	LogGB      float64 `json:"log_gb_per_group_per_month"` // GB ingested per log group per month
	DefaultAZs int     `json:"default_azs"`                // AZs assumed where the plan cannot tell
}

// DefaultAssumptions are zero traffic and two AZs.
func DefaultAssumptions() Assumptions { return Assumptions{DefaultAZs: 2} }

// Line is the monthly cost of one resource (or one part of it).
type Line struct {
	Address  string  `json:"address"`
	Type     string  `json:"type"`
	Category string  `json:"category"`
	Item     string  `json:"item"`
	ItemJA   string  `json:"item_ja"`
	Monthly  float64 `json:"monthly_usd"`
}

// Estimate is the monthly cost of a plan in one region.
type Estimate struct {
	Region    string   `json:"region"`
	Lines     []Line   `json:"lines"`
	Free      []string `json:"free"`
	NotPriced []string `json:"not_priced"`
	// NotPricedJA is NotPriced in Japanese, item for item.
	NotPricedJA []string `json:"not_priced_ja,omitempty"`
	// UsageBilled names charges that depend on use the plan cannot know and that are therefore not
	// in the total, so that nothing is silently counted as zero.
	UsageBilled []string `json:"usage_billed"`
	// UsageBilledJA is UsageBilled in Japanese, item for item.
	UsageBilledJA []string    `json:"usage_billed_ja,omitempty"`
	Total         float64     `json:"total_monthly_usd"`
	Assumptions   Assumptions `json:"assumptions"`
	PriceDate     string      `json:"price_date"`
	PriceSource   string      `json:"price_source"`
	AZs           int         `json:"azs"`
	// Approximate are the marked prices (see RegionPrices.Notes) that this estimate's lines used,
	// with their notes: the figures to check before trusting the total to the cent.
	Approximate map[string]string `json:"approximate_prices,omitempty"`
	// Unavailable says, in English and Japanese, why there is no cost at all (a region without
	// prices); empty when the estimate is priced.
	Unavailable   string `json:"unavailable,omitempty"`
	UnavailableJA string `json:"unavailable_ja,omitempty"`
}

// freeTypes cost nothing by themselves (or only through usage priced elsewhere).
var freeTypes = map[string]bool{
	"aws_vpc": true, "aws_subnet": true, "aws_internet_gateway": true, "aws_route_table": true,
	"aws_route": true, "aws_route_table_association": true, "aws_default_security_group": true,
	"aws_security_group": true, "aws_vpc_security_group_ingress_rule": true, "aws_vpc_security_group_egress_rule": true,
	"aws_iam_role": true, "aws_iam_role_policy": true, "aws_iam_policy": true, "aws_iam_role_policy_attachment": true,
	"aws_iam_openid_connect_provider": true, "aws_ecs_cluster_capacity_providers": true,
	"aws_ecs_task_definition": true, "aws_lb_target_group": true, "aws_lb_listener": true,
	"aws_acm_certificate": true, "aws_acm_certificate_validation": true, "aws_route53_record": true,
	"aws_appautoscaling_target": true, "aws_appautoscaling_policy": true, "aws_cloudwatch_log_metric_filter": true,
	"aws_ecr_pull_through_cache_rule": true, "aws_secretsmanager_secret_version": true, "aws_flow_log": true,
	"aws_db_subnet_group": true, "aws_db_parameter_group": true, "aws_elasticache_subnet_group": true,
	"aws_elasticache_user": true, "aws_elasticache_user_group": true,
	"aws_s3_bucket_versioning": true, "aws_s3_bucket_server_side_encryption_configuration": true,
	"aws_s3_bucket_public_access_block": true, "aws_s3_bucket_ownership_controls": true, "aws_s3_bucket_policy": true,
	"aws_s3_bucket_lifecycle_configuration": true, "aws_s3_bucket_logging": true, "aws_s3_bucket": true,
	"terraform_data": true,
	// Priced through the Auto Scaling group that launches from them, or free.
	"aws_launch_template": true, "aws_network_interface": true, "aws_iam_instance_profile": true,
	"aws_appautoscaling_scheduled_action": true,
	// The bootstrap's detective control: AWS service events on the default event bus and a
	// topic's policy cost nothing; a topic is priced per publish and delivery, and Access Analyzer
	// findings are a handful a month; the external-access analyzer is not the priced unused-access kind.
	"aws_accessanalyzer_analyzer": true, "aws_cloudwatch_event_rule": true, "aws_cloudwatch_event_target": true,
	"aws_sns_topic": true, "aws_sns_topic_policy": true,
}

// FromPlan prices every resource the plan keeps or creates, one row of the row table (rows.go)
// per resource type. A region without prices is not an error: the estimate comes back marked
// Unavailable, with no lines, so that a preview or a pull-request comment still shows everything
// else and says plainly why the cost is missing.
func FromPlan(plan *tfjson.Plan, region string, a Assumptions) (*Estimate, error) {
	table := Prices()
	if a.DefaultAZs <= 0 {
		a.DefaultAZs = 2
	}
	e := &Estimate{Region: region, Assumptions: a, PriceDate: table.Date, PriceSource: table.Source}
	resources := tfplan.Managed(plan)
	e.AZs = countAZs(resources, a.DefaultAZs)
	p, err := table.Region(region)
	if err != nil {
		priced := strings.Join(table.RegionNames(), ", ")
		msg := both("Monthly cost unavailable: there are no prices for region %q (priced regions: %s).", region, priced)
		e.UnavailableJA, e.Unavailable = msg[0], msg[1]
		return e, nil
	}
	priceAll(e, resources, p, table.HoursPerMonth, a)
	return e, nil
}

// priceAll adds to e a line for every resource a row prices, sorts the rest into free and not
// priced, and totals.
func priceAll(e *Estimate, resources []tfplan.Planned, p RegionPrices, hours float64, a Assumptions) {
	c := &pricing{e: e, resources: resources, prices: p, hours: hours, a: a}
	for _, r := range resources {
		if rw, ok := rowsByType[r.Type]; ok {
			c.row, c.read = rw, c.read[:0]
			rw.price(c, r)
			continue
		}
		if freeTypes[r.Type] {
			e.Free = append(e.Free, r.Address)
			continue
		}
		c.notPriced(r, both("resource type not in the price table"))
	}
	for i := range e.Lines {
		e.Lines[i].Monthly = round2(e.Lines[i].Monthly)
		e.Total += e.Lines[i].Monthly
	}
	e.Total = round2(e.Total)
	sortNotPriced(e)
	for name := range c.used {
		if note, ok := p.Notes[name]; ok {
			if e.Approximate == nil {
				e.Approximate = map[string]string{}
			}
			e.Approximate[name] = note
		}
	}
}

// sortNotPriced orders the resources not priced by their English text, keeping each Japanese
// text beside its English one.
func sortNotPriced(e *Estimate) {
	if len(e.NotPriced) == 0 {
		return // left nil: JSON keeps "not_priced": null
	}
	order := make([]int, len(e.NotPriced))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return e.NotPriced[order[a]] < e.NotPriced[order[b]] })
	en, ja := make([]string, len(order)), make([]string, len(order))
	for i, j := range order {
		en[i], ja[i] = e.NotPriced[j], e.NotPricedJA[j]
	}
	e.NotPriced, e.NotPricedJA = en, ja
}

// NotPricedIn lists the resources not priced, with why, in the language.
func (e *Estimate) NotPricedIn(l i18n.Lang) []string { return pick(e.NotPricedJA, e.NotPriced, l) }

// UsageBilledIn lists the charges billed by use, with what they are, in the language.
func (e *Estimate) UsageBilledIn(l i18n.Lang) []string {
	return pick(e.UsageBilledJA, e.UsageBilled, l)
}

// pick chooses a list in the language; the English one when the Japanese does not match it item
// for item (an estimate built by hand).
func pick(ja, en []string, l i18n.Lang) []string {
	if l == i18n.Japanese && len(ja) == len(en) {
		return ja
	}
	return en
}

// Available reports whether the estimate has a cost: false for a region without prices.
func (e *Estimate) Available() bool { return e.Unavailable == "" }

// Category groups resource types by purpose, for reports and the preview.
func Category(t string) string {
	switch {
	case strings.HasPrefix(t, "aws_lb"), strings.HasPrefix(t, "aws_acm_"), strings.HasPrefix(t, "aws_route53_"):
		return "load_balancer"
	case strings.HasPrefix(t, "aws_ecs_"), strings.HasPrefix(t, "aws_appautoscaling_"), strings.HasPrefix(t, "aws_ecr_"):
		return "compute"
	case strings.HasPrefix(t, "aws_db_"), strings.HasPrefix(t, "aws_elasticache_replication"), strings.HasPrefix(t, "aws_elasticache_subnet"),
		strings.HasPrefix(t, "aws_s3_"):
		return "data"
	case strings.HasPrefix(t, "aws_iam_"), strings.HasPrefix(t, "aws_security_group"), strings.HasPrefix(t, "aws_vpc_security_group"),
		strings.HasPrefix(t, "aws_default_security_group"), strings.HasPrefix(t, "aws_secretsmanager_"), strings.HasPrefix(t, "aws_kms_"),
		strings.HasPrefix(t, "aws_elasticache_user"):
		return "security"
	case strings.HasPrefix(t, "aws_cloudwatch_"), t == "aws_flow_log":
		return "observability"
	default:
		return "network"
	}
}

func taskDefinitionFor(resources []tfplan.Planned, svc tfplan.Planned) (tfplan.Planned, bool) {
	for _, r := range resources {
		if r.Type == "aws_ecs_task_definition" && r.Module == svc.Module && r.Str("family") == svc.Str("name") {
			return r, true
		}
	}
	return tfplan.Planned{}, false
}

// listLen counts a list attribute even when its elements are unknown until apply; fallback when
// the whole list is unknown.
func listLen(r tfplan.Planned, key string, fallback int) int {
	if l, ok := r.After[key].([]any); ok && len(l) > 0 {
		return len(l)
	}
	if l, ok := r.Unknown[key].([]any); ok && len(l) > 0 {
		return len(l)
	}
	return fallback
}

// countAZs reads the number of AZs from the load balancer's subnets, else the fallback.
func countAZs(resources []tfplan.Planned, fallback int) int {
	for _, r := range resources {
		if r.Type == "aws_lb" {
			return listLen(r, "subnets", fallback)
		}
	}
	for _, r := range resources {
		if r.Type == "aws_subnet" && r.Str("availability_zone") != "" {
			azs := map[string]bool{}
			for _, s := range resources {
				if s.Type == "aws_subnet" {
					azs[s.Str("availability_zone")] = true
				}
			}
			return len(azs)
		}
	}
	return fallback
}

func alarmMetrics(r tfplan.Planned) int {
	if r.Str("metric_name") != "" {
		return 1
	}
	n := 0
	for _, q := range r.Blocks("metric_query") {
		if m, ok := q["metric"].([]any); ok && len(m) > 0 {
			n++
		}
	}
	if n == 0 {
		return 1
	}
	return n
}

func parseNum(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		var f float64
		if _, err := fmt.Sscanf(x, "%g", &f); err == nil {
			return f
		}
	}
	return 0
}

// both formats an item in Japanese (from the catalog) and English with the same arguments: the
// JSON output carries both.
func both(en string, args ...any) [2]string {
	return [2]string{i18n.Japanese.Sprintf(en, args...), fmt.Sprintf(en, args...)}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
