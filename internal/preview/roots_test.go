package preview

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/cost"
	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/test/testfiles"
)

// serviceRules judge what a Bridge stack's service, load balancer and VPC are; a root without
// them has nothing for these rules to judge.
var serviceRules = []string{"ingress-narrow", "ranges-on-web-ports-only", "https-only", "nothing-public", "rollback", "deletion-protection", "vpc-hardened"}

func render(t *testing.T, example string, root Root, l i18n.Lang) (Summary, string) {
	t.Helper()
	plan, err := testfiles.LoadPlan(example)
	if err != nil {
		t.Fatal(err)
	}
	e, err := cost.FromPlan(plan, "ap-northeast-1", cost.DefaultAssumptions())
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(plan, cost.Category, l)
	var buf bytes.Buffer
	Write(&buf, root, s, e, l)
	return s, buf.String()
}

func fact(s Summary, id string) Fact {
	for _, f := range s.Facts {
		if f.ID == id {
			return f
		}
	}
	return Fact{}
}

// The bootstrap makes CI roles and a state bucket: no traffic path, the service rules marked
// not applicable rather than OK, and no `make test` to run.
func TestABootstrapRootIsNotDescribedAsABridgeStack(t *testing.T) {
	s, out := render(t, "bootstrap", Root{Dir: "examples/bootstrap", Example: true, PlanPath: "p.json"}, i18n.English)
	if s.Flow != nil || s.Kind != KindCIBootstrap {
		t.Errorf("wanted no traffic path and a CI bootstrap, got %+v %q", s.Flow, s.Kind)
	}
	for _, id := range serviceRules {
		if f := fact(s, id); f.Applies || f.ID == "" {
			t.Errorf("%s: wanted not applicable on the bootstrap, got %+v", id, f)
		}
	}
	// Its bucket and its IAM documents are there to judge.
	for _, id := range []string{"data-encrypted-private", "no-admin-statement", "iam-quotas"} {
		if f := fact(s, id); !f.Applies || !f.Holds {
			t.Errorf("%s: wanted judged and holding on the bootstrap, got %+v", id, f)
		}
	}
	if s.Rules.NotApplicable != len(s.Facts)-3 || s.Rules.Passed != 3 || s.Rules.Failed != 0 {
		t.Errorf("wanted 3 passed and the rest not applicable, got %+v", s.Rules)
	}
	for _, unwanted := range []string{"-->", "[OK] A failed deploy", "make test", "NAT gateway", "egress design"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("wanted no %q in the bootstrap's preview:\n%s", unwanted, out)
		}
	}
	for _, want := range []string{"[--] A failed deploy", "None: the plan creates no load balancer and no service.", "3 passed, 0 failed, 8 not applicable", "administrator credentials"} {
		if !strings.Contains(out, want) {
			t.Errorf("wanted %q in the bootstrap's preview:\n%s", want, out)
		}
	}
}

// examples/existing-vpc gives the service two subnets by ID and creates no VPC, NAT or subnet.
func TestAnExistingVPCRootCountsTheSubnetsItIsGiven(t *testing.T) {
	s, out := render(t, "existing-vpc", Root{Dir: "live/dev", PlanPath: "p.json"}, i18n.English)
	if s.Flow == nil || s.Flow.PrivateSubnets != 2 || !s.Flow.ExistingSubnets || s.Flow.VPCCreated || s.Flow.NATGateways != 0 {
		t.Fatalf("wanted two existing subnets and no VPC or NAT of the plan's own, got %+v", s.Flow)
	}
	for _, want := range []string{"Bridge tasks (2 existing private subnets, no public IP)", "the existing VPC's egress (not in this plan)", "bridgectl check"} {
		if !strings.Contains(out, want) {
			t.Errorf("wanted %q in:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"0 private subnets", "x0", "make test", "egress design"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("wanted no %q in:\n%s", unwanted, out)
		}
	}
	if f := fact(s, "vpc-hardened"); f.Applies {
		t.Errorf("wanted the VPC rule not applicable to a plan that creates no VPC, got %+v", f)
	}
}

// The complete example is judged by every service rule and draws its whole path.
func TestTheCompleteExampleIsJudgedByTheServiceRules(t *testing.T) {
	s, out := render(t, "complete", Root{Dir: "examples/complete", Example: true, PlanPath: "p.json"}, i18n.English)
	for _, id := range serviceRules {
		if f := fact(s, id); !f.Applies || !f.Holds {
			t.Errorf("%s: wanted judged and holding on examples/complete, got %+v", id, f)
		}
	}
	for _, want := range []string{"Bridge tasks (2 private subnets, no public IP)", "NAT gateway x1", "make test", "egress design"} {
		if !strings.Contains(out, want) {
			t.Errorf("wanted %q in:\n%s", want, out)
		}
	}
}

// danglingArrow is an arrow that points at nothing.
var danglingArrow = regexp.MustCompile(`-->\s*$`)

// No root, in either language, draws an arrow to nothing or a hop counted as zero.
func TestNoPathEndsInABlankArrow(t *testing.T) {
	for _, example := range []string{"complete", "dev", "existing-vpc", "bootstrap", "live-dev", "live-production", "live-bootstrap"} {
		for _, l := range []i18n.Lang{i18n.English, i18n.Japanese} {
			_, out := render(t, example, Root{Dir: example, PlanPath: "p.json"}, l)
			path := out[strings.Index(out, l.S("■ Traffic path")):strings.Index(out, l.S("■ Security properties checked in the plan"))]
			for _, line := range strings.Split(path, "\n") {
				if danglingArrow.MatchString(line) || strings.Contains(line, " x0") || strings.Contains(line, "()") || strings.Contains(line, "[]") {
					t.Errorf("%s (%s): %q", example, l, line)
				}
			}
		}
	}
}

// The API the Bridge calls comes from the plan: the root's output, else the module call's value,
// else the module's default; without any, the path names BaseMachina's API, never a blank.
func TestTheAPIURLComesFromThePlan(t *testing.T) {
	call := func(set *string) *tfjson.Plan {
		bridge := &tfjson.ModuleCall{Module: &tfjson.ConfigModule{Variables: map[string]*tfjson.ConfigVariable{
			"basemachina_api_url": {Default: "https://api.basemachina.com"},
		}}}
		if set != nil {
			bridge.Expressions = map[string]*tfjson.Expression{"basemachina_api_url": {ExpressionData: &tfjson.ExpressionData{ConstantValue: *set}}}
		}
		return &tfjson.Plan{Config: &tfjson.Config{RootModule: &tfjson.ConfigModule{ModuleCalls: map[string]*tfjson.ModuleCall{"bridge": bridge}}}}
	}
	staging := "https://api.staging.basemachina.com"
	if got := apiURL(call(nil)); got != "https://api.basemachina.com" {
		t.Errorf("wanted the module's default, got %q", got)
	}
	if got := apiURL(call(&staging)); got != staging {
		t.Errorf("wanted the value the call gives, got %q", got)
	}
	withOutput := call(nil)
	withOutput.OutputChanges = map[string]*tfjson.Change{"basemachina_api_url": {After: "https://from.output.example"}}
	if got := apiURL(withOutput); got != "https://from.output.example" {
		t.Errorf("wanted the root's output first, got %q", got)
	}
	if got := apiURL(&tfjson.Plan{}); got != "" {
		t.Errorf("wanted nothing from a plan without configuration, got %q", got)
	}
}

// Next steps follow the root: this repository's example, a customer's own root, a bootstrap.
func TestNextStepsFitTheRoot(t *testing.T) {
	cases := []struct {
		root           Root
		kind           string
		want, unwanted string
	}{
		{Root{Dir: "examples/complete", Example: true}, KindBridge, "make test", "bridgectl check"},
		{Root{Dir: "live/dev"}, KindBridge, "bridgectl check", "make test"},
		{Root{Dir: "examples/bootstrap", Example: true}, KindCIBootstrap, "once per AWS account", "make test"},
		{Root{Dir: "live/other"}, KindOther, "terraform apply` in live/other", "make test"},
	}
	for _, c := range cases {
		for _, l := range []i18n.Lang{i18n.English, i18n.Japanese} {
			got := Next(c.root, c.kind, l)
			if l == i18n.English && !strings.Contains(got, c.want) || strings.Contains(got, c.unwanted) {
				t.Errorf("%s %s (%s): wanted %q and no %q, got %q", c.root.Dir, c.kind, l, c.want, c.unwanted, got)
			}
		}
	}
}
