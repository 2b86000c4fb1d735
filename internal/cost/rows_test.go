package cost

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/testfiles"
)

// pricedBeforeTheRowTable are the resource types the estimator's per-type switch handled before
// the row table replaced it: none may lose its price.
var pricedBeforeTheRowTable = []string{
	"aws_ecs_cluster", "aws_ecs_service", "aws_lb", "aws_nat_gateway", "aws_autoscaling_group", "aws_eip",
	"aws_vpc_endpoint", "aws_db_instance", "aws_elasticache_replication_group", "aws_secretsmanager_secret",
	"aws_cloudwatch_metric_alarm", "aws_cloudwatch_log_group", "aws_kms_key", "aws_route53_zone",
}

func TestRowsCoverEveryTypePreviouslyPriced(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.Type] {
			t.Errorf("two rows for %s: the second would never be used", r.Type)
		}
		seen[r.Type] = true
		if freeTypes[r.Type] {
			t.Errorf("%s has a row and is listed as free", r.Type)
		}
		if r.Quantity == "" {
			t.Errorf("the %s row does not say how its quantity is read", r.Type)
		}
		for _, name := range r.Prices {
			if _, ok := priceFields[name]; !ok {
				t.Errorf("the %s row names %q, which is not a price in prices.json", r.Type, name)
			}
		}
	}
	for _, typ := range pricedBeforeTheRowTable {
		if !seen[typ] {
			t.Errorf("%s was priced before the row table and has no row", typ)
		}
	}
	if len(rows) != len(pricedBeforeTheRowTable) {
		t.Errorf("wanted %d rows (a new one belongs in pricedBeforeTheRowTable's list too), got %d", len(pricedBeforeTheRowTable), len(rows))
	}
}

// everyRowPlan holds one resource of every row's type, with every branch a row has taken:
// Spot and on-demand tasks, a public load balancer, a NAT instance with its volume, an interface
// endpoint, a Multi-AZ database with a managed secret, a cache, and so on.
func everyRowPlan(t *testing.T) []tfplan.Planned {
	t.Helper()
	changes := []rc{
		create("aws_ecs_cluster.this", "aws_ecs_cluster", map[string]any{"setting": []any{map[string]any{"name": "containerInsights", "value": "enabled"}}}),
		create("aws_ecs_task_definition.svc", "aws_ecs_task_definition", map[string]any{"family": "svc", "cpu": "512", "memory": "1024"}),
		create("aws_ecs_service.svc", "aws_ecs_service", map[string]any{"name": "svc", "desired_count": 2, "capacity_provider_strategy": []any{
			map[string]any{"capacity_provider": "FARGATE", "base": 1, "weight": 0},
			map[string]any{"capacity_provider": "FARGATE_SPOT", "base": 0, "weight": 1},
		}}),
		create("aws_lb.this", "aws_lb", map[string]any{"internal": false, "subnets": []string{"a", "b"}}),
		create("aws_nat_gateway.this", "aws_nat_gateway", map[string]any{}),
		create("aws_launch_template.nat", "aws_launch_template", map[string]any{"instance_type": "t4g.nano",
			"block_device_mappings": []any{map[string]any{"ebs": []any{map[string]any{"volume_size": 8}}}}}),
		create("aws_autoscaling_group.nat", "aws_autoscaling_group", map[string]any{"desired_capacity": 1}),
		create("aws_eip.nat", "aws_eip", map[string]any{}),
		create("aws_vpc_endpoint.logs", "aws_vpc_endpoint", map[string]any{"vpc_endpoint_type": "Interface", "subnet_ids": []string{"a", "b"}}),
		create("aws_db_instance.this", "aws_db_instance", map[string]any{"instance_class": "db.t4g.micro", "allocated_storage": 20,
			"multi_az": true, "manage_master_user_password": true}),
		create("aws_elasticache_replication_group.this", "aws_elasticache_replication_group", map[string]any{"node_type": "cache.t4g.micro", "num_cache_clusters": 2}),
		create("aws_secretsmanager_secret.this", "aws_secretsmanager_secret", map[string]any{}),
		create("aws_cloudwatch_metric_alarm.this", "aws_cloudwatch_metric_alarm", map[string]any{"metric_name": "CPUUtilization"}),
		create("aws_cloudwatch_log_group.this", "aws_cloudwatch_log_group", map[string]any{}),
		create("aws_kms_key.this", "aws_kms_key", map[string]any{}),
		create("aws_route53_zone.this", "aws_route53_zone", map[string]any{}),
	}
	data, err := json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": changes})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := tfplan.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return tfplan.Managed(plan)
}

// busy assumes some traffic, so that the rows' usage charges are priced too.
var busy = Assumptions{ALBLCU: 1, NATGB: 10, EndpointGB: 10, LogGB: 1, DefaultAZs: 2}

// uniformPrices sets every price, and every class of a per-class price, to v.
func uniformPrices(v float64) RegionPrices {
	var p RegionPrices
	pv := reflect.ValueOf(&p).Elem()
	for name, i := range priceFields {
		f := pv.Field(i)
		if f.Kind() == reflect.Float64 {
			f.SetFloat(v)
			continue
		}
		classes := map[string]float64{}
		for _, c := range Prices().Regions["ap-northeast-1"].classes(name) {
			classes[c] = v
		}
		f.Set(reflect.ValueOf(classes))
	}
	return p
}

// withPrice returns p with one price (every class of it) set to v; p itself is left alone.
func withPrice(p RegionPrices, name string, v float64) RegionPrices {
	pv := reflect.ValueOf(&p).Elem()
	f := pv.Field(priceFields[name])
	if f.Kind() == reflect.Float64 {
		f.SetFloat(v)
		return p
	}
	classes := map[string]float64{}
	for c := range f.Interface().(map[string]float64) {
		classes[c] = v
	}
	f.Set(reflect.ValueOf(classes))
	return p
}

// classes lists the classes a per-class price has in this region.
func (p RegionPrices) classes(name string) []string {
	m := reflect.ValueOf(p).Field(priceFields[name]).Interface().(map[string]float64)
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// rowTotals prices the every-row plan with p and sums the (unrounded) lines of each type.
func rowTotals(t *testing.T, resources []tfplan.Planned, p RegionPrices) map[string]float64 {
	t.Helper()
	e := &Estimate{AZs: 2}
	priceAll(e, resources, p, 730, busy)
	if len(e.NotPriced) > 0 {
		t.Fatalf("every resource of the every-row plan must be priced, got %v", e.NotPriced)
	}
	totals := map[string]float64{}
	for _, l := range e.Lines {
		totals[l.Type] += l.Monthly
	}
	return totals
}

// A row reads only the prices it names (pricing.rate panics otherwise, which fails this test),
// every price it names changes what it charges, and with its prices at zero it charges nothing:
// the table says truthfully which prices each resource type costs.
func TestEachRowUsesExactlyThePricesItNames(t *testing.T) {
	resources := everyRowPlan(t)
	ones := uniformPrices(1)
	base := rowTotals(t, resources, ones)
	for _, r := range rows {
		if len(r.Prices) == 0 {
			if base[r.Type] != 0 {
				t.Errorf("the %s row names no price but charges %.4f", r.Type, base[r.Type])
			}
			continue
		}
		if base[r.Type] <= 0 {
			t.Errorf("the %s row charged nothing for a resource of its type", r.Type)
		}
		for _, name := range r.Prices {
			if got := rowTotals(t, resources, withPrice(ones, name, 2))[r.Type]; got == base[r.Type] {
				t.Errorf("the %s row names %s, but doubling it leaves the charge at %.4f", r.Type, name, got)
			}
		}
		zero := ones
		for _, name := range r.Prices {
			zero = withPrice(zero, name, 0)
		}
		if got := rowTotals(t, resources, zero)[r.Type]; got != 0 {
			t.Errorf("the %s row charges %.4f with every price it names at zero: it depends on something else", r.Type, got)
		}
	}
}

// plannableClasses are the instance classes the modules plan: each module's default (read from
// its variables, so that a new default needs its prices) and every class in the example plans.
func plannableClasses(t *testing.T) map[string][]string {
	t.Helper()
	want := map[string]map[string]bool{"rds_instance_hour": {}, "elasticache_node_hour": {}, "ec2_instance_hour": {}}
	defaults := []struct {
		file, price string
		re          *regexp.Regexp
	}{
		{"modules/datastore/variables.tf", "rds_instance_hour", regexp.MustCompile(`default\s*=\s*"(db\.[^"]+)"`)},
		{"modules/datastore/variables.tf", "elasticache_node_hour", regexp.MustCompile(`node_type\s*=\s*optional\(string,\s*"([^"]+)"\)`)},
		{"modules/network/variables.tf", "ec2_instance_hour", regexp.MustCompile(`instance_type\s*=\s*optional\(string,\s*"([^"]+)"\)`)},
	}
	for _, d := range defaults {
		src, err := os.ReadFile(filepath.Join(testfiles.Root(), d.file))
		if err != nil {
			t.Fatal(err)
		}
		m := d.re.FindAllStringSubmatch(string(src), -1)
		if len(m) == 0 {
			t.Fatalf("no default for %s in %s: the pattern no longer matches the module", d.price, d.file)
		}
		for _, g := range m {
			want[d.price][g[1]] = true
		}
	}
	plans, err := filepath.Glob(testfiles.Plan("*"))
	if err != nil || len(plans) == 0 {
		t.Fatalf("wanted the example plans, got %v %v", plans, err)
	}
	for _, f := range plans {
		plan, err := testfiles.LoadPlan(strings.TrimSuffix(filepath.Base(f), ".json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range tfplan.Managed(plan) {
			switch r.Type {
			case "aws_db_instance":
				want["rds_instance_hour"][r.Str("instance_class")] = true
			case "aws_elasticache_replication_group":
				want["elasticache_node_hour"][r.Str("node_type")] = true
			case "aws_launch_template":
				want["ec2_instance_hour"][r.Str("instance_type")] = true
			}
		}
	}
	out := map[string][]string{}
	for price, classes := range want {
		for c := range classes {
			if c != "" {
				out[price] = append(out[price], c)
			}
		}
		sort.Strings(out[price])
	}
	return out
}

// Every region in the table has every price, above zero, and the same classes as every other
// region, including every class the modules can plan: a region is priced whole or not at all.
func TestEveryRegionHasEveryPrice(t *testing.T) {
	table := Prices()
	for _, want := range []string{"ap-northeast-1", "ap-northeast-3", "us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"} {
		if _, ok := table.Regions[want]; !ok {
			t.Errorf("no prices for %s, where our users deploy", want)
		}
	}
	classes := plannableClasses(t)
	for _, region := range table.RegionNames() {
		p := table.Regions[region]
		pv := reflect.ValueOf(p)
		for _, name := range PriceNames() {
			f := pv.Field(priceFields[name])
			if f.Kind() == reflect.Float64 {
				if f.Float() <= 0 {
					t.Errorf("%s: %s is %g", region, name, f.Float())
				}
				continue
			}
			got := p.classes(name)
			for _, other := range table.RegionNames() {
				if o := table.Regions[other].classes(name); !slices.Equal(o, got) {
					t.Errorf("%s prices %s for %v but %s for %v", region, name, got, other, o)
				}
			}
			for _, c := range classes[name] {
				if v, ok := p.price(name, c); !ok || v <= 0 {
					t.Errorf("%s: no %s for %s, which the modules can plan", region, name, c)
				}
			}
		}
	}
	if len(classes["rds_instance_hour"]) == 0 || len(classes["ec2_instance_hour"]) == 0 {
		t.Errorf("wanted the modules' plannable classes, got %v", classes)
	}
}

// A note marks one real price as approximate and says how it was derived; the table's source
// cites AWS's own pages and nothing outside this repository.
func TestNotesAndSourceSayWhereFiguresComeFrom(t *testing.T) {
	table := Prices()
	for _, region := range table.RegionNames() {
		for name, note := range table.Regions[region].Notes {
			if _, ok := priceFields[name]; !ok {
				t.Errorf("%s: a note on %q, which is not a price", region, name)
			}
			if !strings.HasPrefix(note, "approximate: ") || len(note) < len("approximate: ")+20 {
				t.Errorf("%s: the note on %s must say \"approximate: \" and how the figure was derived, got %q", region, name, note)
			}
		}
	}
	for _, page := range []string{"fargate", "elasticloadbalancing", "vpc", "privatelink", "rds/postgresql", "elasticache",
		"secrets-manager", "cloudwatch", "kms", "route53", "ec2", "ebs"} {
		if !strings.Contains(table.Source, "https://aws.amazon.com/"+page+"/pricing/") {
			t.Errorf("the source does not cite AWS's %s price page", page)
		}
	}
	for _, outside := range []string{"BRIDGE.md", "shared/", "../"} {
		if strings.Contains(string(pricesJSON), outside) {
			t.Errorf("prices.json mentions %q: the repository must stand alone", outside)
		}
	}
}

// An estimate lists the approximate prices its charges used, and only those: a price multiplied
// by zero (no log traffic assumed) or without a note is not listed.
func TestApproximatePricesAreListedWithTheEstimate(t *testing.T) {
	plan, err := testfiles.LoadPlan("dev")
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromPlan(plan, "eu-west-1", DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ec2_instance_hour", "rds_instance_hour", "alb_hour"} {
		if !strings.HasPrefix(e.Approximate[want], "approximate: ") {
			t.Errorf("wanted %s listed as approximate in eu-west-1, got %v", want, e.Approximate)
		}
	}
	for _, not := range []string{"log_ingest_gb", "secret_month", "nat_hour"} {
		if _, ok := e.Approximate[not]; ok {
			t.Errorf("%s is listed as approximate, but it is unused, multiplied by zero or published", not)
		}
	}
	tokyo, err := FromPlan(plan, "ap-northeast-1", DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(tokyo.Approximate) != 0 {
		t.Errorf("wanted no approximate price in ap-northeast-1, got %v", tokyo.Approximate)
	}
}
