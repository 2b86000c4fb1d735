package cost

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/testfiles"
)

type rc struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Change  map[string]any `json:"change"`
}

func create(addr, typ string, after map[string]any) rc {
	name := addr[strings.LastIndex(addr, ".")+1:]
	return rc{Address: addr, Mode: "managed", Type: typ, Name: name, Change: map[string]any{"actions": []string{"create"}, "after": after, "after_unknown": map[string]any{}}}
}

// workedExamplePlan is the reference stack the existing modules' design is compared with: one
// 0.25 vCPU / 0.5 GB task, an ALB in two AZs, one NAT gateway with its address, and optionally
// ecr.api, ecr.dkr and logs endpoints in two AZs.
func workedExamplePlan(t *testing.T, endpoints bool) []byte {
	t.Helper()
	changes := []rc{
		create("aws_ecs_task_definition.bridge", "aws_ecs_task_definition", map[string]any{"family": "demo-bridge", "cpu": "256", "memory": "512"}),
		create("aws_ecs_service.bridge", "aws_ecs_service", map[string]any{"name": "demo-bridge", "desired_count": 1}),
		create("aws_lb.this", "aws_lb", map[string]any{"internal": false, "subnets": []string{"subnet-a", "subnet-c"}}),
		create("aws_nat_gateway.this", "aws_nat_gateway", map[string]any{}),
		create("aws_eip.nat", "aws_eip", map[string]any{"domain": "vpc"}),
		create("aws_vpc.this", "aws_vpc", map[string]any{}),
	}
	if endpoints {
		for _, svc := range []string{"ecr_api", "ecr_dkr", "logs"} {
			changes = append(changes, create("aws_vpc_endpoint."+svc, "aws_vpc_endpoint",
				map[string]any{"vpc_endpoint_type": "Interface", "subnet_ids": []string{"subnet-1", "subnet-2"}}))
		}
	}
	data, err := json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": changes})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestWorkedExamples(t *testing.T) {
	cases := []struct {
		region    string
		endpoints bool
		want      float64
	}{
		{"ap-northeast-1", false, 85.20},
		{"us-east-1", false, 69.24},
		{"ap-northeast-1", true, 146.52},
		{"us-east-1", true, 113.04},
	}
	for _, c := range cases {
		t.Run(c.region, func(t *testing.T) {
			plan, err := tfplan.Parse(workedExamplePlan(t, c.endpoints))
			if err != nil {
				t.Fatal(err)
			}
			e, err := FromPlan(plan, c.region, DefaultAssumptions())
			if err != nil {
				t.Fatal(err)
			}
			if e.Total != c.want {
				t.Errorf("endpoints=%v: wanted %.2f USD/month, got %.2f", c.endpoints, c.want, e.Total)
			}
		})
	}
}

func TestCompareShowsEveryEgressDesign(t *testing.T) {
	plan, err := tfplan.Parse(workedExamplePlan(t, false))
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromPlan(plan, "ap-northeast-1", DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Scenario{}
	for _, s := range Compare(e) {
		got[s.Key] = s
	}
	want := map[string]float64{
		"nat_single":                85.20,
		"nat_single_plus_endpoints": 146.52,
		"nat_per_az":                134.11,
		"endpoints_without_nat":     97.61,
	}
	for k, v := range want {
		if got[k].Monthly != v {
			t.Errorf("%s: wanted %.2f, got %.2f", k, v, got[k].Monthly)
		}
	}
	if got["endpoints_without_nat"].Viable {
		t.Error("wanted endpoints without NAT marked as not viable for the Bridge")
	}
}

// The scenario with the plan's own egress design costs what the estimate totals, traffic included:
// a scenario that dropped the NAT traffic would print a cheaper figure beside the real total.
func TestCompareUsesTheSameAssumptionsAsTheTotal(t *testing.T) {
	plan, err := tfplan.Parse(workedExamplePlan(t, false))
	if err != nil {
		t.Fatal(err)
	}
	a := DefaultAssumptions()
	a.NATGB = 1000
	e, err := FromPlan(plan, "ap-northeast-1", a)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Compare(e) {
		if s.Key == "nat_single" && s.Monthly != e.Total {
			t.Errorf("one NAT gateway with 1000 GB costs %.2f in the comparison but %.2f in the total", s.Monthly, e.Total)
		}
		if s.Key == "nat_per_az" && round2(s.Monthly-e.Total) != round2(48.91) {
			t.Errorf("a second NAT gateway should add its hours and address (48.91), not traffic: got %.2f more", s.Monthly-e.Total)
		}
	}
}

func TestContainerInsightsIsNeverSilentlyFree(t *testing.T) {
	data, _ := json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": []rc{
		create("aws_ecs_cluster.this", "aws_ecs_cluster", map[string]any{"setting": []any{map[string]any{"name": "containerInsights", "value": "enabled"}}}),
		create("aws_ecs_cluster.quiet", "aws_ecs_cluster", map[string]any{"setting": []any{map[string]any{"name": "containerInsights", "value": "disabled"}}}),
	}})
	plan, err := tfplan.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromPlan(plan, "ap-northeast-1", DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(e.UsageBilled) != 1 || !strings.Contains(e.UsageBilled[0], "aws_ecs_cluster.this (Container Insights") || len(e.NotPriced) != 0 {
		t.Errorf("wanted the cluster with Container Insights listed as billed by use, and only it, got %v %v", e.UsageBilled, e.NotPriced)
	}
	var buf bytes.Buffer
	WriteText(&buf, e, i18n.English)
	if !strings.Contains(buf.String(), "Billed by use, not in the total") {
		t.Errorf("wanted the usage-billed charge printed, got:\n%s", buf.String())
	}
}

func TestUnknownResourcesAreListedNotDropped(t *testing.T) {
	data, _ := json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": []rc{
		create("aws_instance.bastion", "aws_instance", map[string]any{"instance_type": "t3.micro"}),
		create("aws_db_instance.big", "aws_db_instance", map[string]any{"instance_class": "db.r7g.16xlarge", "allocated_storage": 20}),
	}})
	plan, err := tfplan.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromPlan(plan, "us-east-1", DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(e.NotPriced) != 2 || !strings.Contains(e.NotPriced[0], "aws_db_instance.big") || !strings.Contains(e.NotPriced[1], "aws_instance.bastion") {
		t.Errorf("wanted both resources listed as not priced, got %v", e.NotPriced)
	}
	if e.Total != 0 {
		t.Errorf("wanted no guessed price, got %.2f", e.Total)
	}
}

// A region without prices is not an error that stops a preview: the estimate says, in both
// languages, that the cost is unavailable and which regions have prices, and prices nothing.
func TestRegionWithoutPricesIsMarkedUnavailable(t *testing.T) {
	plan, err := tfplan.Parse(workedExamplePlan(t, false))
	if err != nil {
		t.Fatal(err)
	}
	e, err := FromPlan(plan, "sa-east-1", DefaultAssumptions())
	if err != nil {
		t.Fatalf("wanted an estimate marked unavailable, not an error: %v", err)
	}
	if e.Available() || len(e.Lines) != 0 || e.Total != 0 || Compare(e) != nil {
		t.Errorf("wanted no lines, no total and no comparison, got %v lines, %.2f, %v", e.Lines, e.Total, Compare(e))
	}
	priced := strings.Join(Prices().RegionNames(), ", ")
	for _, l := range []i18n.Lang{i18n.English, i18n.Japanese} {
		var buf bytes.Buffer
		WriteText(&buf, e, l)
		WriteCompareText(&buf, e, l)
		out := buf.String()
		if !strings.Contains(out, `"sa-east-1"`) || !strings.Contains(out, priced) || strings.Count(out, "\n") != 1 {
			t.Errorf("%s: wanted one line naming the region and the priced regions (%s), got:\n%s", l, priced, out)
		}
		if strings.Contains(out, "USD") {
			t.Errorf("%s: wanted no figure for a region without prices, got:\n%s", l, out)
		}
	}
	if !strings.Contains(e.Unavailable, "Monthly cost unavailable") || !strings.Contains(e.UnavailableJA, "月額は出せません") {
		t.Errorf("wanted the reason in English and Japanese for JSON readers, got %q / %q", e.Unavailable, e.UnavailableJA)
	}
	if _, err := FromPlan(plan, "ap-northeast-3", DefaultAssumptions()); err != nil {
		t.Errorf("Osaka has prices: %v", err)
	}
}

func TestAssumptionsAddUsageCharges(t *testing.T) {
	plan, _ := tfplan.Parse(workedExamplePlan(t, false))
	base, _ := FromPlan(plan, "ap-northeast-1", DefaultAssumptions())
	a := DefaultAssumptions()
	a.NATGB = 100
	a.ALBLCU = 1
	busy, _ := FromPlan(plan, "ap-northeast-1", a)
	// 100 GB x 0.062 + 1 LCU x 0.008 x 730
	if got, want := round2(busy.Total-base.Total), 12.04; got != want {
		t.Errorf("wanted %.2f USD more for the assumed traffic, got %.2f", want, got)
	}
}

// The golden outputs are the real offline plans of the examples, priced in both regions.
func TestGoldenEstimatesOfTheExamples(t *testing.T) {
	fixtures, err := filepath.Glob(testfiles.Plan("*"))
	if err != nil || len(fixtures) < 3 {
		t.Fatalf("wanted the example plan fixtures (make fixtures), got %v %v", fixtures, err)
	}
	for _, f := range fixtures {
		example := strings.TrimSuffix(filepath.Base(f), ".json")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := tfplan.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, region := range Prices().RegionNames() {
			t.Run(example+"/"+region, func(t *testing.T) {
				e, err := FromPlan(plan, region, DefaultAssumptions())
				if err != nil {
					t.Fatal(err)
				}
				if len(e.NotPriced) > 0 {
					t.Errorf("every resource of our own examples must be priced or known free, got %v", e.NotPriced)
				}
				var buf bytes.Buffer
				WriteText(&buf, e, i18n.English)
				WriteCompareText(&buf, e, i18n.English)
				golden := testfiles.Golden("cost", example+"."+region+".txt")
				if os.Getenv("UPDATE_GOLDEN") != "" {
					_ = os.MkdirAll(filepath.Dir(golden), 0o755)
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("read golden file (make fixtures): %v", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("estimate differs from %s (make fixtures to accept):\n%s", golden, buf.String())
				}
			})
		}
	}
}

func FuzzPlanReader(f *testing.F) {
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[]}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"mode":"managed","type":"aws_lb","change":{"actions":["create"],"after":{"subnets":"x"}}}]}`))
	f.Add([]byte(`{"values":{}}`))
	f.Add([]byte(`not json`))
	if data, err := os.ReadFile(testfiles.Plan("existing-vpc")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		plan, err := tfplan.Parse(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("wanted an error with a message")
			}
			return
		}
		e, err := FromPlan(plan, "ap-northeast-1", DefaultAssumptions())
		if err != nil {
			t.Fatal(err)
		}
		if e.Total < 0 {
			t.Fatalf("negative total %.2f", e.Total)
		}
	})
}
