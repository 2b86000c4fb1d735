package cost

import (
	"fmt"
	"slices"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// row prices one Terraform resource type. The table below is the whole of what the estimator
// charges for; a resource type without a row is free (freeTypes) or listed as not priced.
type row struct {
	// Type is the Terraform resource type.
	Type string
	// Quantity says how the quantity is read from the plan, for people reading the table.
	Quantity string
	// Prices are the JSON names (prices.json) of the prices the row multiplies by. The row can
	// read no other price: pricing.rate refuses, so the table cannot drift from the code.
	Prices []string
	price  func(c *pricing, r tfplan.Planned)
}

var rows = []row{
	{
		Type:     "aws_ecs_cluster",
		Quantity: "none: Container Insights is billed by use the plan cannot know, so it is listed as billed by use",
		price: func(c *pricing, r tfplan.Planned) {
			// Container Insights bills its metrics as CloudWatch custom metrics and its performance
			// events as log ingestion, by counts the plan cannot know: said, never silently zero.
			for _, st := range r.Blocks("setting") {
				if st["name"] == "containerInsights" && st["value"] != "disabled" {
					c.usageBilled(r, both("Container Insights: CloudWatch custom metrics and performance-log ingestion"))
				}
			}
		},
	},
	{
		Type: "aws_ecs_service",
		Quantity: "desired_count tasks x the task definition's vCPU and GB x hours, times the share of the week a " +
			"working-hours schedule runs; the share on FARGATE_SPOT (capacity provider strategy) at the Spot discount",
		Prices: []string{"fargate_vcpu_hour", "fargate_gb_hour", "fargate_spot_discount"},
		price:  priceService,
	},
	{
		Type:     "aws_lb",
		Quantity: "one load balancer x hours; the assumed LCU x hours; unless internal, one public IPv4 address per subnet (AZ) x hours",
		Prices:   []string{"alb_hour", "alb_lcu_hour", "public_ipv4_hour"},
		price: func(c *pricing, r tfplan.Planned) {
			h := c.hours
			c.add(r, both("ALB hours"), c.rate("alb_hour")*h)
			if c.a.ALBLCU > 0 {
				c.add(r, both("ALB %g LCU (assumed)", c.a.ALBLCU), c.a.ALBLCU*c.rate("alb_lcu_hour")*h)
			}
			if !r.Bool("internal") {
				n := listLen(r, "subnets", c.e.AZs)
				c.add(r, both("%d public IPv4 address(es), one per AZ", n), float64(n)*c.rate("public_ipv4_hour")*h)
			}
		},
	},
	{
		Type:     "aws_nat_gateway",
		Quantity: "one gateway x hours; the assumed GB processed",
		Prices:   []string{"nat_hour", "nat_gb"},
		price: func(c *pricing, r tfplan.Planned) {
			c.add(r, both("NAT gateway hours"), c.rate("nat_hour")*c.hours)
			if c.a.NATGB > 0 {
				c.add(r, both("NAT %g GB processed (assumed)", c.a.NATGB), c.a.NATGB*c.rate("nat_gb"))
			}
		},
	},
	{
		Type:     "aws_autoscaling_group",
		Quantity: "desired_capacity instances of the launch template's instance_type x hours; each one's EBS volumes' GB",
		Prices:   []string{"ec2_instance_hour", "ebs_gp3_gb_month"},
		price: func(c *pricing, r tfplan.Planned) {
			lt, ok := launchTemplateFor(c.resources, r)
			if !ok {
				c.notPriced(r, both("launch template not found in the plan"))
				return
			}
			class := lt.Str("instance_type")
			rate, ok := c.classRate("ec2_instance_hour", class)
			if !ok {
				c.notPriced(r, both("no price for instance type %s", class))
				return
			}
			n := r.Num("desired_capacity")
			c.add(r, both("EC2 %s x%g (NAT instance)", class, n), n*rate*c.hours)
			for _, bd := range lt.Blocks("block_device_mappings") {
				if ebs, ok := bd["ebs"].([]any); ok && len(ebs) > 0 {
					size := parseNum(ebs[0].(map[string]any)["volume_size"])
					c.add(r, both("EBS gp3 %g GB x%g", size, n), n*size*c.rate("ebs_gp3_gb_month"))
				}
			}
		},
	},
	{
		Type:     "aws_eip",
		Quantity: "one public IPv4 address x hours",
		Prices:   []string{"public_ipv4_hour"},
		price: func(c *pricing, r tfplan.Planned) {
			c.add(r, both("public IPv4 address"), c.rate("public_ipv4_hour")*c.hours)
		},
	},
	{
		Type:     "aws_vpc_endpoint",
		Quantity: "an interface endpoint: one per subnet (AZ) x hours, and the assumed GB processed; a gateway endpoint is free",
		Prices:   []string{"interface_endpoint_az_hour", "interface_endpoint_gb"},
		price: func(c *pricing, r tfplan.Planned) {
			if r.Str("vpc_endpoint_type") != "Interface" {
				c.e.Free = append(c.e.Free, r.Address)
				return
			}
			n := listLen(r, "subnet_ids", c.e.AZs)
			c.add(r, both("interface endpoint in %d AZ(s)", n), float64(n)*c.rate("interface_endpoint_az_hour")*c.hours)
			if c.a.EndpointGB > 0 {
				c.add(r, both("endpoint %g GB processed (assumed)", c.a.EndpointGB), c.a.EndpointGB*c.rate("interface_endpoint_gb"))
			}
		},
	},
	{
		Type: "aws_db_instance",
		Quantity: "one instance of instance_class (two when multi_az) x hours; allocated_storage GB per copy; " +
			"one secret when RDS manages the master password",
		Prices: []string{"rds_instance_hour", "rds_gp3_gb_month", "secret_month"},
		price: func(c *pricing, r tfplan.Planned) {
			class := r.Str("instance_class")
			rate, ok := c.classRate("rds_instance_hour", class)
			if !ok {
				c.notPriced(r, both("no price for instance class %s", class))
				return
			}
			copies := 1.0
			if r.Bool("multi_az") {
				copies = 2
			}
			c.add(r, both("RDS %s x%g", class, copies), copies*rate*c.hours)
			c.add(r, both("RDS gp3 %g GB x%g", r.Num("allocated_storage"), copies), copies*r.Num("allocated_storage")*c.rate("rds_gp3_gb_month"))
			if r.Bool("manage_master_user_password") {
				c.add(r, both("RDS-managed master secret"), c.rate("secret_month"))
			}
		},
	},
	{
		Type:     "aws_elasticache_replication_group",
		Quantity: "num_cache_clusters nodes of node_type x hours",
		Prices:   []string{"elasticache_node_hour"},
		price: func(c *pricing, r tfplan.Planned) {
			node := r.Str("node_type")
			rate, ok := c.classRate("elasticache_node_hour", node)
			if !ok {
				c.notPriced(r, both("no price for node type %s", node))
				return
			}
			n := r.Num("num_cache_clusters")
			c.add(r, both("ElastiCache %s x%g", node, n), n*rate*c.hours)
		},
	},
	perMonth("aws_secretsmanager_secret", "one secret per month", "secret_month", both("secret")),
	{
		Type:     "aws_cloudwatch_metric_alarm",
		Quantity: "one alarm metric per metric the alarm reads (metric_name, or each metric of metric_query), per month",
		Prices:   []string{"alarm_metric_month"},
		price: func(c *pricing, r tfplan.Planned) {
			n := alarmMetrics(r)
			c.add(r, both("alarm on %d metric(s)", n), float64(n)*c.rate("alarm_metric_month"))
		},
	},
	{
		Type:     "aws_cloudwatch_log_group",
		Quantity: "the assumed GB ingested per log group per month, ingested once and stored for the month",
		Prices:   []string{"log_ingest_gb", "log_storage_gb_month"},
		price: func(c *pricing, r tfplan.Planned) {
			c.add(r, both("logs %g GB/month ingested (assumed)", c.a.LogGB), c.a.LogGB*(c.rate("log_ingest_gb")+c.rate("log_storage_gb_month")))
		},
	},
	perMonth("aws_kms_key", "one key per month", "kms_key_month", both("KMS key")),
	perMonth("aws_route53_zone", "one hosted zone per month", "route53_zone_month", both("hosted zone")),
}

// perMonth is the row of a resource type that costs one price a month per resource, its line
// named item (both languages, from both).
func perMonth(typ, quantity, price string, item [2]string) row {
	return row{Type: typ, Quantity: quantity, Prices: []string{price}, price: func(c *pricing, r tfplan.Planned) {
		c.add(r, item, c.rate(price))
	}}
}

var rowsByType = func() map[string]*row {
	m := make(map[string]*row, len(rows))
	for i := range rows {
		m[rows[i].Type] = &rows[i]
	}
	return m
}()

// priceService prices the Fargate tasks of an ECS service: on-demand and Spot shares, for the
// share of the week a working-hours schedule runs them.
func priceService(c *pricing, r tfplan.Planned) {
	td, ok := taskDefinitionFor(c.resources, r)
	if !ok {
		c.notPriced(r, both("task definition not found in the plan"))
		return
	}
	vcpu := parseNum(td.After["cpu"]) / 1024
	gb := parseNum(td.After["memory"]) / 1024
	n := r.Num("desired_count")
	perTask := (vcpu*c.rate("fargate_vcpu_hour") + gb*c.rate("fargate_gb_hour")) * c.hours
	share, scheduled, understood := scheduledShare(c.resources, r)
	if scheduled && !understood {
		c.usageBilled(r, both("working-hours schedule in a form the estimate cannot read: priced around the clock"))
	}
	spot := spotShare(r, n)
	weekly := round2(share * 7 * 24)
	if onDemand := n * (1 - spot); onDemand > 0 {
		item := both("Fargate %[1]g task(s) x %[2]g vCPU / %[3]g GB", onDemand, vcpu, gb)
		if scheduled && understood {
			item = both("Fargate %[1]g task(s) x %[2]g vCPU / %[3]g GB, %[4]g h/week (schedule)", onDemand, vcpu, gb, weekly)
		}
		c.add(r, item, onDemand*perTask*share)
	}
	if spotTasks := n * spot; spotTasks > 0 {
		discount := c.rate("fargate_spot_discount")
		off := discount * 100
		item := both("Fargate Spot %[1]g task(s) x %[2]g vCPU / %[3]g GB, %[4]g %% off (assumed)", spotTasks, vcpu, gb, off)
		if scheduled && understood {
			item = both("Fargate Spot %[1]g task(s) x %[2]g vCPU / %[3]g GB, %[4]g %% off (assumed), %[5]g h/week (schedule)", spotTasks, vcpu, gb, off, weekly)
		}
		c.add(r, item, spotTasks*perTask*(1-discount)*share)
	}
}

// pricing is one estimate under way: the plan's resources, the region's prices, and the estimate
// the rows add their lines to.
type pricing struct {
	e         *Estimate
	resources []tfplan.Planned
	prices    RegionPrices
	hours     float64
	a         Assumptions
	// row is the row pricing now; it may read only the prices it names.
	row *row
	// read are the prices read since the last line; they count as used when that line costs
	// something, so that a price multiplied by zero (no traffic assumed) is not reported.
	read []string
	used map[string]bool
}

// rate reads a price the current row names.
func (c *pricing) rate(name string) float64 {
	v, _ := c.classRate(name, "")
	return v
}

// classRate reads a price per instance class (or, with an empty class, a single price) the current
// row names; ok is false when the region has no price for the class.
func (c *pricing) classRate(name, class string) (float64, bool) {
	if !slices.Contains(c.row.Prices, name) {
		panic(fmt.Sprintf("cost: the %s row reads the price %q it does not name", c.row.Type, name))
	}
	v, ok := c.prices.price(name, class)
	if ok {
		c.read = append(c.read, name)
	}
	return v, ok
}

func (c *pricing) add(r tfplan.Planned, item [2]string, monthly float64) {
	c.e.Lines = append(c.e.Lines, Line{Address: r.Address, Type: r.Type, Category: Category(r.Type), ItemJA: item[0], Item: item[1], Monthly: monthly})
	if monthly != 0 {
		if c.used == nil {
			c.used = map[string]bool{}
		}
		for _, name := range c.read {
			c.used[name] = true
		}
	}
	c.read = c.read[:0]
}

// notPriced lists r as not priced, saying why in both languages (both).
func (c *pricing) notPriced(r tfplan.Planned, why [2]string) {
	c.e.NotPricedJA = append(c.e.NotPricedJA, withWhy(r.Address, why[0], i18n.Japanese))
	c.e.NotPriced = append(c.e.NotPriced, withWhy(r.Address, why[1], i18n.English))
	c.read = c.read[:0]
}

// usageBilled lists a charge of r that depends on use the plan cannot know, saying what in both
// languages (both).
func (c *pricing) usageBilled(r tfplan.Planned, what [2]string) {
	c.e.UsageBilledJA = append(c.e.UsageBilledJA, withWhy(r.Address, what[0], i18n.Japanese))
	c.e.UsageBilled = append(c.e.UsageBilled, withWhy(r.Address, what[1], i18n.English))
}

// withWhy is an address followed by a note in brackets: full-width ones in Japanese text.
func withWhy(address, why string, l i18n.Lang) string {
	if l == i18n.Japanese {
		return address + "（" + why + "）"
	}
	return fmt.Sprintf("%s (%s)", address, why)
}
