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

// Assumptions are the usage figures a plan cannot know. The defaults are zero traffic, which is
// how BRIDGE.md's worked examples are stated; raise them for a real workload.
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
	// UsageBilled names charges that depend on use the plan cannot know and that are therefore not
	// in the total, so that nothing is silently counted as zero.
	UsageBilled []string    `json:"usage_billed"`
	Total       float64     `json:"total_monthly_usd"`
	Assumptions Assumptions `json:"assumptions"`
	PriceDate   string      `json:"price_date"`
	PriceSource string      `json:"price_source"`
	AZs         int         `json:"azs"`
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

// FromPlan prices every resource the plan keeps or creates.
func FromPlan(plan *tfjson.Plan, region string, a Assumptions) (*Estimate, error) {
	table := Prices()
	p, err := table.Region(region)
	if err != nil {
		return nil, err
	}
	if a.DefaultAZs <= 0 {
		a.DefaultAZs = 2
	}
	h := table.HoursPerMonth
	e := &Estimate{Region: region, Assumptions: a, PriceDate: table.Date, PriceSource: table.Source}
	resources := tfplan.Managed(plan)
	e.AZs = countAZs(resources, a.DefaultAZs)

	add := func(r tfplan.Planned, item [2]string, monthly float64) {
		e.Lines = append(e.Lines, Line{Address: r.Address, Type: r.Type, Category: Category(r.Type), ItemJA: item[0], Item: item[1], Monthly: monthly})
	}
	notPriced := func(r tfplan.Planned, why string) {
		e.NotPriced = append(e.NotPriced, fmt.Sprintf("%s (%s)", r.Address, why))
	}

	for _, r := range resources {
		switch r.Type {
		case "aws_ecs_cluster":
			// Container Insights bills its metrics as CloudWatch custom metrics and its performance
			// events as log ingestion, by counts the plan cannot know: said, never silently zero.
			for _, st := range r.Blocks("setting") {
				if st["name"] == "containerInsights" && st["value"] != "disabled" {
					e.UsageBilled = append(e.UsageBilled, r.Address+" (Container Insights: CloudWatch custom metrics and performance-log ingestion)")
				}
			}
		case "aws_ecs_service":
			td, ok := taskDefinitionFor(resources, r)
			if !ok {
				notPriced(r, "task definition not found in the plan")
				continue
			}
			vcpu := parseNum(td.After["cpu"]) / 1024
			gb := parseNum(td.After["memory"]) / 1024
			n := r.Num("desired_count")
			perTask := (vcpu*p.FargateVCPUHour + gb*p.FargateGBHour) * h
			share, scheduled, understood := scheduledShare(resources, r)
			if scheduled && !understood {
				e.UsageBilled = append(e.UsageBilled, r.Address+" (working-hours schedule in a form the estimate cannot read: priced around the clock)")
			}
			spot := spotShare(r, n)
			weekly := round2(share * 7 * 24)
			if onDemand := n * (1 - spot); onDemand > 0 {
				item := both("Fargate %[1]g task(s) x %[2]g vCPU / %[3]g GB", onDemand, vcpu, gb)
				if scheduled && understood {
					item = both("Fargate %[1]g task(s) x %[2]g vCPU / %[3]g GB, %[4]g h/week (schedule)", onDemand, vcpu, gb, weekly)
				}
				add(r, item, onDemand*perTask*share)
			}
			if spotTasks := n * spot; spotTasks > 0 {
				off := p.FargateSpotDiscount * 100
				item := both("Fargate Spot %[1]g task(s) x %[2]g vCPU / %[3]g GB, %[4]g %% off (assumed)", spotTasks, vcpu, gb, off)
				if scheduled && understood {
					item = both("Fargate Spot %[1]g task(s) x %[2]g vCPU / %[3]g GB, %[4]g %% off (assumed), %[5]g h/week (schedule)", spotTasks, vcpu, gb, off, weekly)
				}
				add(r, item, spotTasks*perTask*(1-p.FargateSpotDiscount)*share)
			}
		case "aws_lb":
			add(r, both("ALB hours"), p.ALBHour*h)
			if a.ALBLCU > 0 {
				add(r, both("ALB %g LCU (assumed)", a.ALBLCU), a.ALBLCU*p.ALBLCUHour*h)
			}
			if !r.Bool("internal") {
				n := listLen(r, "subnets", e.AZs)
				add(r, both("%d public IPv4 address(es), one per AZ", n), float64(n)*p.PublicIPv4Hour*h)
			}
		case "aws_nat_gateway":
			add(r, both("NAT gateway hours"), p.NATHour*h)
			if a.NATGB > 0 {
				add(r, both("NAT %g GB processed (assumed)", a.NATGB), a.NATGB*p.NATGB)
			}
		case "aws_autoscaling_group":
			lt, ok := launchTemplateFor(resources, r)
			if !ok {
				notPriced(r, "launch template not found in the plan")
				continue
			}
			class := lt.Str("instance_type")
			rate, ok := p.EC2InstanceHour[class]
			if !ok {
				notPriced(r, "no price for instance type "+class)
				continue
			}
			n := r.Num("desired_capacity")
			add(r, both("EC2 %s x%g (NAT instance)", class, n), n*rate*h)
			for _, bd := range lt.Blocks("block_device_mappings") {
				if ebs, ok := bd["ebs"].([]any); ok && len(ebs) > 0 {
					size := parseNum(ebs[0].(map[string]any)["volume_size"])
					add(r, both("EBS gp3 %g GB x%g", size, n), n*size*p.EBSGP3GBMonth)
				}
			}
		case "aws_eip":
			add(r, both("public IPv4 address"), p.PublicIPv4Hour*h)
		case "aws_vpc_endpoint":
			if r.Str("vpc_endpoint_type") != "Interface" {
				e.Free = append(e.Free, r.Address)
				continue
			}
			n := listLen(r, "subnet_ids", e.AZs)
			add(r, both("interface endpoint in %d AZ(s)", n), float64(n)*p.InterfaceEndpointAZHour*h)
			if a.EndpointGB > 0 {
				add(r, both("endpoint %g GB processed (assumed)", a.EndpointGB), a.EndpointGB*p.InterfaceEndpointGB)
			}
		case "aws_db_instance":
			class := r.Str("instance_class")
			rate, ok := p.RDSInstanceHour[class]
			if !ok {
				notPriced(r, "no price for instance class "+class)
				continue
			}
			copies := 1.0
			if r.Bool("multi_az") {
				copies = 2
			}
			add(r, both("RDS %s x%g", class, copies), copies*rate*h)
			add(r, both("RDS gp3 %g GB x%g", r.Num("allocated_storage"), copies), copies*r.Num("allocated_storage")*p.RDSGP3GBMonth)
			if r.Bool("manage_master_user_password") {
				add(r, both("RDS-managed master secret"), p.SecretMonth)
			}
		case "aws_elasticache_replication_group":
			node := r.Str("node_type")
			rate, ok := p.ElastiCacheNodeHour[node]
			if !ok {
				notPriced(r, "no price for node type "+node)
				continue
			}
			n := r.Num("num_cache_clusters")
			add(r, both("ElastiCache %s x%g", node, n), n*rate*h)
		case "aws_secretsmanager_secret":
			add(r, both("secret"), p.SecretMonth)
		case "aws_cloudwatch_metric_alarm":
			n := alarmMetrics(r)
			add(r, both("alarm on %d metric(s)", n), float64(n)*p.AlarmMetricMonth)
		case "aws_cloudwatch_log_group":
			add(r, both("logs %g GB/month ingested (assumed)", a.LogGB), a.LogGB*(p.LogIngestGB+p.LogStorageGBMonth))
		case "aws_kms_key":
			add(r, both("KMS key"), p.KMSKeyMonth)
		case "aws_route53_zone":
			add(r, both("hosted zone"), p.Route53ZoneMonth)
		default:
			if freeTypes[r.Type] {
				e.Free = append(e.Free, r.Address)
				continue
			}
			notPriced(r, "resource type not in the price table")
		}
	}
	for i := range e.Lines {
		e.Lines[i].Monthly = round2(e.Lines[i].Monthly)
		e.Total += e.Lines[i].Monthly
	}
	e.Total = round2(e.Total)
	sort.Strings(e.NotPriced)
	return e, nil
}

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
