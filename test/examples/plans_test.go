package examples

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/rules"
	"terraform-basemachina-modules/internal/tfplan"
)

// The examples are planned once per test run, all at the same time, and shared by every policy test.
var (
	planAllOnce sync.Once
	planCache   = map[string]*plannedExample{}
)

type plannedExample struct {
	spec     Spec
	result   *tfplan.Result
	managed  []tfplan.Planned
	taggable map[string]bool
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, p := range planCache {
		p.result.Cleanup()
	}
	os.Exit(code)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func planned(t *testing.T, name string) *plannedExample {
	t.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatalf("terraform is not on PATH; install Terraform >= 1.11 (the offline plan tests need it): %v", err)
	}
	root := repoRoot(t)
	planAllOnce.Do(func() {
		var wg sync.WaitGroup
		for _, spec := range All() {
			p := &plannedExample{spec: spec}
			planCache[spec.Name] = p
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.plan(root)
			}()
		}
		wg.Wait()
	})
	p, ok := planCache[name]
	if !ok {
		t.Fatalf("no example named %q", name)
	}
	if p.err != nil {
		t.Fatal(p.err)
	}
	return p
}

func (p *plannedExample) plan(root string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p.result, p.err = Plan(ctx, root, p.spec)
	if p.err != nil {
		return
	}
	p.managed = tfplan.Managed(p.result.Plan)
	p.taggable, p.err = taggableTypes(ctx, root, p.result.WorkDir)
}

// taggableTypes asks the provider schema which resource types have a tags argument.
func taggableTypes(ctx context.Context, root, dir string) (map[string]bool, error) {
	out, err := tfplan.Terraform{Dir: dir, Env: tfplan.TerraformEnv(root)}.Run(ctx, "providers", "schema", "-json")
	if err != nil {
		return nil, err
	}
	var schemas tfjson.ProviderSchemas
	if err := json.Unmarshal(out, &schemas); err != nil {
		return nil, err
	}
	types := map[string]bool{}
	for _, ps := range schemas.Schemas {
		for name, rs := range ps.ResourceSchemas {
			if _, ok := rs.Block.Attributes["tags"]; ok {
				types[name] = true
			}
		}
	}
	return types, nil
}

func forEachExample(t *testing.T, fn func(t *testing.T, p *plannedExample)) {
	for _, spec := range All() {
		t.Run(spec.Name, func(t *testing.T) {
			fn(t, planned(t, spec.Name))
		})
	}
}

func TestExamplesPlanOfflineAndCreateSomething(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		if len(p.managed) < 5 {
			t.Fatalf("wanted a real stack, got %d planned resources", len(p.managed))
		}
		for _, r := range p.managed {
			if !r.Action.Create() {
				t.Errorf("%s: wanted create on an empty state, got %v", r.Address, r.Action)
			}
		}
	})
}

func TestFixturesAreCurrent(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		got, err := Fixture(p.result.JSON)
		if err != nil {
			t.Fatal(err)
		}
		path := FixturePath(repoRoot(t), p.spec.Name)
		if os.Getenv("UPDATE_GOLDEN") != "" {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("read fixture (run `make fixtures`): %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date with the example's plan: run `make fixtures` and commit the result", path)
		}
	})
}

func TestEveryTaggableResourceCarriesCallerTags(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		checked := 0
		for _, r := range p.managed {
			if !p.taggable[r.Type] {
				continue
			}
			checked++
			tags, _ := r.After["tags"].(map[string]any)
			for k, v := range p.spec.CallerTags {
				if tags[k] != v {
					t.Errorf("%s: wanted tag %s=%s, got %v", r.Address, k, v, tags[k])
				}
			}
		}
		if checked == 0 {
			t.Fatal("wanted taggable resources in the plan, found none")
		}
	})
}

// Beyond the rules: the only internet-facing pieces are the Bridge's ALB and the NAT (gateways, or
// the NAT instance's forwarding interface).
func TestNothingIsPublicButTheALBAndNAT(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		eips, nats := 0, 0
		for _, r := range p.managed {
			switch r.Type {
			case "aws_instance":
				t.Errorf("%s: no EC2 instance (bastion) belongs in these stacks", r.Address)
			case "aws_eip":
				eips++
			case "aws_nat_gateway":
				nats++
			case "aws_network_interface":
				if v, ok := r.After["source_dest_check"].(bool); ok && !v {
					nats++ // the NAT instance's interface
				}
			case "aws_lb":
				if !r.Bool("internal") && r.Str("load_balancer_type") != "application" {
					t.Errorf("%s: only the Bridge's application load balancer may face the internet", r.Address)
				}
			}
		}
		if eips != nats {
			t.Errorf("wanted an Elastic IP only for each NAT gateway or NAT instance, got %d EIPs for %d NATs", eips, nats)
		}
	})
}

// The rules the preview shows and bridgectl check applies hold for every example as it ships.
func TestEveryRuleHoldsForEveryExample(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		for _, r := range rules.Apply(p.result.Plan, i18n.English) {
			if !r.Holds {
				t.Errorf("rule %s (%s) is broken: %v", r.ID, r.Text, r.Violations)
			}
		}
	})
}

// Policy documents and container definitions known only after apply escape the rules at plan
// time; the emulator's cycles judge every one of them on the applied state (assertRulesHold in
// test/emulator), where all are known.

// nameLimits are AWS's length limits for the name arguments the modules set.
var nameLimits = map[string]map[string]int{
	"aws_lb":                            {"name": 32, "name_prefix": 6},
	"aws_lb_target_group":               {"name": 32, "name_prefix": 6},
	"aws_iam_role":                      {"name": 64, "name_prefix": 38},
	"aws_iam_policy":                    {"name": 128},
	"aws_iam_role_policy":               {"name": 128},
	"aws_security_group":                {"name": 255, "name_prefix": 100},
	"aws_db_instance":                   {"identifier": 63, "final_snapshot_identifier": 255},
	"aws_db_subnet_group":               {"name": 255},
	"aws_db_parameter_group":            {"name_prefix": 229},
	"aws_elasticache_replication_group": {"replication_group_id": 40},
	"aws_elasticache_subnet_group":      {"name": 255},
	"aws_elasticache_user":              {"user_id": 40},
	"aws_elasticache_user_group":        {"user_group_id": 40},
	"aws_ecs_cluster":                   {"name": 255},
	"aws_ecs_service":                   {"name": 255},
	"aws_ecs_task_definition":           {"family": 255},
	"aws_cloudwatch_log_group":          {"name": 512},
	"aws_cloudwatch_metric_alarm":       {"alarm_name": 255},
	"aws_cloudwatch_log_metric_filter":  {"name": 512},
	"aws_appautoscaling_policy":         {"name": 256},
	"aws_secretsmanager_secret":         {"name_prefix": 230},
	"aws_s3_bucket":                     {"bucket": 63},
	"aws_ecr_pull_through_cache_rule":   {"ecr_repository_prefix": 30},
}

func TestNamesWithinAWSLimits(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		checked := 0
		for _, r := range p.managed {
			for attr, limit := range nameLimits[r.Type] {
				v := r.Str(attr)
				if v == "" {
					continue
				}
				checked++
				if len(v) > limit {
					t.Errorf("%s: %s %q has %d characters, AWS allows %d", r.Address, attr, v, len(v), limit)
				}
			}
		}
		if checked == 0 {
			t.Fatal("wanted named resources in the plan, found none")
		}
	})
}

// The network module's subnet outputs carry the gateway, route and endpoint ordering, so nothing
// that consumes them (the ALB, the tasks) can be created before it has a way in or out.
func TestSubnetOutputsWaitForTheirRoutes(t *testing.T) {
	p := planned(t, "complete")
	call, ok := p.result.Plan.Config.RootModule.ModuleCalls["network"]
	if !ok {
		t.Fatal("examples/complete has no network module")
	}
	want := map[string][]string{
		"public_subnet_ids":  {"aws_internet_gateway.this", "aws_route.public_internet", "aws_route_table_association.public"},
		"private_subnet_ids": {"aws_route.private_nat", "aws_route_table_association.private", "module.endpoints"},
	}
	for output, deps := range want {
		o, ok := call.Module.Outputs[output]
		if !ok {
			t.Fatalf("network has no output %s", output)
		}
		for _, d := range deps {
			if !slices.Contains(o.DependsOn, d) {
				t.Errorf("wanted output %s to depend on %s, got %v", output, d, o.DependsOn)
			}
		}
	}
}

// The tenant id is ephemeral in every example root: the plan, as CI saves it, does not carry it.
func TestPlansCarryNoTenantID(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		if _, ok := p.spec.Vars["tenant_id"]; !ok {
			return
		}
		if strings.Contains(string(p.result.JSON), PlaceholderTenantID) {
			t.Errorf("the plan of examples/%s holds the tenant id: make the root's tenant_id ephemeral", p.spec.Name)
		}
	})
}

// TestTemplateRefusesIncompleteSettings: what the template's <env>.tfvars leaves for the customer
// to fill in is refused at plan time, with the input named, rather than deployed.
func TestTemplateRefusesIncompleteSettings(t *testing.T) {
	spec, err := ByName("live-dev")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		vars map[string]string
		want string
	}{
		"the image tag placeholder": {map[string]string{"bridge_image_tag": "CHANGE-ME"}, "Set bridge_image_tag"},
		"no certificate source":     {map[string]string{"@": `{"route53_zone_id": null}`}, "Give exactly one of route53_zone_id"},
		"two certificate sources": {
			map[string]string{"certificate_arn": "arn:aws:acm:ap-northeast-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"},
			"Give exactly one of route53_zone_id",
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := spec
			s.VarFiles = append([]string(nil), spec.VarFiles...)
			s.Vars = map[string]string{}
			for k, v := range spec.Vars {
				s.Vars[k] = v
			}
			for k, v := range c.vars {
				if k == "@" { // a null cannot be given with -var: a variables file after the environment's
					f := filepath.Join(t.TempDir(), "override.tfvars.json")
					if err := os.WriteFile(f, []byte(v), 0o600); err != nil {
						t.Fatal(err)
					}
					s.VarFiles = append(s.VarFiles, f)
					continue
				}
				s.Vars[k] = v
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			res, err := Plan(ctx, repoRoot(t), s)
			res.Cleanup()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want the plan refused with %q, got %v", c.want, err)
			}
		})
	}
}

// iamMargin is the share of an IAM size quota a planned document may use: room for the policies to
// grow by a statement or two, and for an account's own additions, before CreatePolicy refuses it.
const iamMargin = 0.9

// Every IAM figure the plan knows fits its quota with margin (IAM quotas; moto enforces none),
// and the bootstrap roots, whose documents are all built from names, leave nothing unjudged but
// the trust policies that name the OIDC provider created in the same apply (the emulator judges
// those on the applied state).
func TestIAMDocumentsFitTheirQuotasWithMargin(t *testing.T) {
	forEachExample(t, func(t *testing.T, p *plannedExample) {
		usage, unjudged := rules.IAMUsage(p.managed)
		for _, u := range usage {
			t.Logf("%-24s %5d of %5d  %s", u.What, u.Used, u.Limit, u.Address)
			limit := u.Limit
			if strings.HasSuffix(u.What, "policy") || u.What == "inline policies" {
				limit = int(float64(u.Limit) * iamMargin)
			}
			if u.Used > limit {
				t.Errorf("%s: %s uses %d, more than %d (%d%% of IAM's quota of %d)", u.Address, u.What, u.Used, limit, int(iamMargin*100), u.Limit)
			}
		}
		if !strings.HasSuffix(p.spec.Name, "bootstrap") {
			return
		}
		if len(usage) < 10 {
			t.Errorf("wanted the bootstrap's policies measured, got %d figures", len(usage))
		}
		for _, u := range unjudged {
			if u.Attribute != "assume_role_policy" {
				t.Errorf("%s.%s is unknown at plan: the bootstrap builds its documents from names so the plan can judge them", u.Address, u.Attribute)
			}
		}
	})
}
