package preview

import (
	"bytes"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/rules"
	"terraform-basemachina-modules/internal/testfiles"
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
