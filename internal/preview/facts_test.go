package preview

import (
	"bytes"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/rules"
	"terraform-basemachina-modules/test/leakcheck"
	"terraform-basemachina-modules/test/testfiles"
)

func completePlan(t *testing.T) *tfjson.Plan {
	t.Helper()
	plan, err := testfiles.LoadPlan("complete")
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func TestEveryFactHoldsForTheCompleteExample(t *testing.T) {
	s := Summarize(completePlan(t), cost.Category, i18n.English)
	if len(s.Facts) != len(rules.All) {
		t.Fatalf("wanted one fact per rule (%d), got %d", len(rules.All), len(s.Facts))
	}
	for _, f := range s.Facts {
		if !f.Holds {
			t.Errorf("wanted %q to hold for examples/complete", f.Text)
		}
	}
	if got := strings.Join(s.Flow.AllowedSources, ","); got != "34.85.43.93/32" {
		t.Errorf("wanted BaseMachina's address as the only source, got %q", got)
	}
	if s.Flow.ListenerPort != 443 || s.Flow.TaskPort != 8080 || s.Flow.NATGateways != 1 || s.Flow.PrivateSubnets != 2 {
		t.Errorf("wanted 443 -> 8080 through 2 private subnets and 1 NAT, got %+v", s.Flow)
	}
}

func TestWriteShowsEverySection(t *testing.T) {
	plan := completePlan(t)
	e, err := cost.FromPlan(plan, "ap-northeast-1", cost.DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	Write(&buf, Root{Dir: "examples/complete", Example: true, PlanPath: "out/preview/complete.plan.json"}, Summarize(plan, cost.Category, i18n.Japanese), e, i18n.Japanese)
	for _, want := range []string{"作成されるリソース", "通信経路", "セキュリティ", "月額コスト", "119.05 USD", "out/preview/complete.plan.json"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("wanted %q in the preview", want)
		}
	}
}

// The development profile leaves through a NAT instance, and the traffic path says so.
func TestTheDevelopmentProfileLeavesThroughANATInstance(t *testing.T) {
	plan, err := testfiles.LoadPlan("dev")
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(plan, cost.Category, i18n.English)
	if s.Flow.NATInstances != 1 || s.Flow.NATGateways != 0 {
		t.Errorf("wanted one NAT instance and no NAT gateway, got %+v", s.Flow)
	}
}

// A data source the caller gave no description carries the bridge module's English default
// ("Data source <name>") in the plan. The path names it by its name in the language instead of
// printing that English in a Japanese preview; English reads as before, and a description the
// caller gave is shown as it is in both languages.
func TestDataSourcesAreNamedInTheUsersLanguage(t *testing.T) {
	plan := completePlan(t)
	var postgres *tfjson.ResourceChange
	for _, rc := range plan.ResourceChanges {
		if rc.Type == "aws_vpc_security_group_egress_rule" && rc.Name == "task_data_sources" {
			postgres = rc
		}
	}
	if postgres == nil || !strings.HasSuffix(postgres.Address, `["postgres"]`) {
		t.Fatal("the complete plan no longer has the postgres data source's egress rule")
	}
	after := postgres.Change.After.(map[string]any)
	// A second data source without any description, and the postgres one with the module's default.
	bare := *postgres
	bare.Address = strings.Replace(postgres.Address, `["postgres"]`, `["redis"]`, 1)
	bareAfter := map[string]any{"from_port": 6379.0, "description": nil}
	bare.Change = &tfjson.Change{Actions: postgres.Change.Actions, After: bareAfter}
	plan.ResourceChanges = append(plan.ResourceChanges, &bare)
	after["description"] = "Data source postgres"

	want := map[i18n.Lang][]string{
		i18n.English:  {"Bridge --Data source postgres:5432--> data source", "Bridge --Data source redis:6379--> data source"},
		i18n.Japanese: {"Bridge --postgres:5432--> データソース", "Bridge --redis:6379--> データソース"},
	}
	e, err := cost.FromPlan(plan, "ap-northeast-1", cost.DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	for l, lines := range want {
		var buf bytes.Buffer
		Write(&buf, Root{Dir: "examples/complete", PlanPath: "p.json"}, Summarize(plan, cost.Category, l), e, l)
		for _, line := range lines {
			if !strings.Contains(buf.String(), line) {
				t.Errorf("%s: wanted %q in the path:\n%s", l, line, buf.String())
			}
		}
		if l == i18n.Japanese {
			// The whole preview: the rules' details and the cost notes are Japanese too.
			if f := leakcheck.Find(buf.String()); len(f) > 0 {
				t.Errorf("the Japanese preview holds English: %+v", f)
			}
		}
	}

	// A description the caller gave is theirs: kept as it is in either language.
	after["description"] = "PostgreSQL"
	for _, l := range []i18n.Lang{i18n.English, i18n.Japanese} {
		if got := Summarize(plan, cost.Category, l).Flow.DataPorts; !strings.Contains(strings.Join(got, " "), "PostgreSQL:5432") {
			t.Errorf("%s: wanted the caller's description kept, got %q", l, got)
		}
	}
}
