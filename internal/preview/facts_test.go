package preview

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

func completePlan(t *testing.T) *tfjson.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "cost", "testdata", "plans", "complete.json"))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := tfplan.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func TestEveryFactHoldsForTheCompleteExample(t *testing.T) {
	s := Summarize(completePlan(t), cost.Category, i18n.English)
	if len(s.Facts) < 8 {
		t.Fatalf("wanted at least 8 security facts, got %d", len(s.Facts))
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

// Facts come from the plan: breaking the plan must break the fact.
func TestFactsFailWhenThePlanIsInsecure(t *testing.T) {
	cases := []struct {
		fact   string
		mutate func(rc *tfjson.ResourceChange)
	}{
		{"No ingress from anything wider than /16", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_vpc_security_group_ingress_rule" && rc.Name == "alb_https" {
				rc.Change.After.(map[string]any)["cidr_ipv4"] = "0.0.0.0/0"
			}
		}},
		// allow_wide_ingress lets a /15 through the module; the preview must still call it a risk.
		{"No ingress from anything wider than /16", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_vpc_security_group_ingress_rule" && rc.Name == "alb_https" {
				rc.Change.After.(map[string]any)["cidr_ipv4"] = "34.84.0.0/15"
			}
		}},
		{"Bridge tasks get no public IP", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_ecs_service" {
				nc := rc.Change.After.(map[string]any)["network_configuration"].([]any)[0].(map[string]any)
				nc["assign_public_ip"] = true
			}
		}},
		{"A failed deploy is rolled back", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_ecs_service" {
				b := rc.Change.After.(map[string]any)["deployment_circuit_breaker"].([]any)[0].(map[string]any)
				b["rollback"] = false
			}
		}},
		{"PostgreSQL is encrypted", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_db_instance" {
				rc.Change.After.(map[string]any)["publicly_accessible"] = true
			}
		}},
		{"HTTPS only", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_lb_listener" {
				rc.Change.After.(map[string]any)["ssl_policy"] = "ELBSecurityPolicy-2016-08"
			}
		}},
		// A TLS13 name that still allows TLS 1.0 must not pass for "TLS 1.2 or newer".
		{"HTTPS only", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_lb_listener" {
				rc.Change.After.(map[string]any)["ssl_policy"] = "ELBSecurityPolicy-TLS13-1-0-2021-06"
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.fact, func(t *testing.T) {
			plan := completePlan(t)
			for _, rc := range plan.ResourceChanges {
				c.mutate(rc)
			}
			for _, f := range Summarize(plan, cost.Category, i18n.English).Facts {
				if strings.HasPrefix(f.Text, c.fact) && f.Holds {
					t.Errorf("wanted %q to fail on the broken plan", f.Text)
				}
			}
		})
	}
}

func TestWriteShowsEverySection(t *testing.T) {
	plan := completePlan(t)
	e, err := cost.FromPlan(plan, "ap-northeast-1", cost.DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	Write(&buf, "examples/complete", Summarize(plan, cost.Category, i18n.Japanese), e, "out/preview/complete.plan.json", i18n.Japanese)
	for _, want := range []string{"作成されるリソース", "通信経路", "セキュリティ", "月額コスト", "107.81 USD", "out/preview/complete.plan.json"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("wanted %q in the preview", want)
		}
	}
}
