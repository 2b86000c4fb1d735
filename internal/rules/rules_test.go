package rules

import (
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/test/testfiles"
)

func fixture(t *testing.T, name string) *tfjson.Plan {
	t.Helper()
	plan, err := testfiles.LoadPlan(name)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func find(results []Result, id string) Result {
	for _, r := range results {
		if r.ID == id {
			return r
		}
	}
	return Result{}
}

// Renaming every resource must change no result: rules read what resources do, not their names.
func TestRulesIgnoreResourceNames(t *testing.T) {
	plan := fixture(t, "complete")
	before := Apply(plan, i18n.English)
	for _, rc := range plan.ResourceChanges {
		rc.Address = strings.Replace(rc.Address, "."+rc.Name, ".renamed_"+rc.Name, 1)
		rc.Name = "renamed_" + rc.Name
	}
	after := Apply(plan, i18n.English)
	for i := range before {
		if before[i].Holds != after[i].Holds {
			t.Errorf("%s: holds=%v before renaming, %v after", before[i].ID, before[i].Holds, after[i].Holds)
		}
	}
}

func TestRuleIDsAreUniqueAndTextsBilingual(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All {
		if seen[r.ID] || r.ID == "" {
			t.Errorf("rule id %q empty or repeated", r.ID)
		}
		seen[r.ID] = true
		if r.Text == "" || i18n.Japanese.S(r.Text) == r.Text {
			t.Errorf("%s: wanted an English text with a Japanese translation in the catalog", r.ID)
		}
	}
}

// Each rule comes from the plan: breaking the plan must break the rule, and only that rule.
func TestRulesFailWhenThePlanIsInsecure(t *testing.T) {
	after := func(rc *tfjson.ResourceChange) map[string]any { return rc.Change.After.(map[string]any) }
	cases := []struct {
		name, rule string
		mutate     func(rc *tfjson.ResourceChange)
	}{
		{"ingress from anywhere", "ingress-narrow", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_vpc_security_group_ingress_rule" && after(rc)["cidr_ipv4"] != nil {
				after(rc)["cidr_ipv4"] = "0.0.0.0/0"
			}
		}},
		// allow_wide_ingress lets a /15 through the module; the rule must still call it a risk.
		{"ingress from a /15", "ingress-narrow", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_vpc_security_group_ingress_rule" && after(rc)["cidr_ipv4"] != nil {
				after(rc)["cidr_ipv4"] = "34.84.0.0/15"
			}
		}},
		{"the task port open to an address range", "ranges-on-web-ports-only", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_vpc_security_group_ingress_rule" && after(rc)["from_port"] == 8080.0 {
				after(rc)["cidr_ipv4"] = "10.0.0.0/16"
			}
		}},
		{"tasks with public IPs", "nothing-public", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_ecs_service" {
				after(rc)["network_configuration"].([]any)[0].(map[string]any)["assign_public_ip"] = true
			}
		}},
		{"a public database", "nothing-public", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_db_instance" {
				after(rc)["publicly_accessible"] = true
			}
		}},
		{"no rollback", "rollback", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_ecs_service" {
				after(rc)["deployment_circuit_breaker"].([]any)[0].(map[string]any)["rollback"] = false
			}
		}},
		{"an old TLS policy", "https-only", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_lb_listener" {
				after(rc)["ssl_policy"] = "ELBSecurityPolicy-2016-08"
			}
		}},
		// A TLS13 name that still allows TLS 1.0 must not pass for "TLS 1.2 or newer".
		{"a TLS13 policy down to 1.0", "https-only", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_lb_listener" {
				after(rc)["ssl_policy"] = "ELBSecurityPolicy-TLS13-1-0-2021-06"
			}
		}},
		{"a secret kept in state", "secrets-write-only", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_secretsmanager_secret_version" {
				after(rc)["secret_string"] = "tenant"
			}
		}},
		{"an unencrypted database", "data-encrypted-private", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_db_instance" {
				after(rc)["storage_encrypted"] = false
			}
		}},
		{"a bucket without public access blocks", "data-encrypted-private", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_s3_bucket_public_access_block" {
				after(rc)["restrict_public_buckets"] = false
			}
		}},
		{"default security group with rules", "vpc-hardened", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_default_security_group" {
				after(rc)["ingress"] = []any{map[string]any{"from_port": 0.0, "to_port": 0.0}}
			}
		}},
		{"an unprotected load balancer", "deletion-protection", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_lb" {
				after(rc)["enable_deletion_protection"] = false
			}
		}},
		{"an administrator statement", "no-admin-statement", func(rc *tfjson.ResourceChange) {
			if rc.Type == "aws_iam_role_policy" {
				after(rc)["policy"] = `{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}`
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan := fixture(t, "complete")
			for _, rc := range plan.ResourceChanges {
				c.mutate(rc)
			}
			results := Apply(plan, i18n.English)
			if r := find(results, c.rule); r.Holds || len(r.Violations) == 0 {
				t.Errorf("wanted %s to fail on the broken plan, got %+v", c.rule, r)
			}
			for _, r := range results {
				if r.ID != c.rule && !r.Holds && c.rule != "ingress-narrow" {
					t.Errorf("the break of %s also failed %s: %v", c.rule, r.ID, r.Violations)
				}
			}
		})
	}
}

// A stack the bridge module marks as development gives up deletion protection on purpose; the
// same unprotected plan marked production breaks the rule.
func TestDevelopmentStacksSkipOnlyProductionRules(t *testing.T) {
	after := func(rc *tfjson.ResourceChange) map[string]any { return rc.Change.After.(map[string]any) }
	for _, stage := range []string{"production", "development"} {
		plan := fixture(t, "complete")
		for _, rc := range plan.ResourceChanges {
			switch rc.Type {
			case "aws_lb":
				after(rc)["enable_deletion_protection"] = false
			case "aws_ecs_service":
				after(rc)["tags"] = map[string]any{StageTag: stage}
			}
		}
		r := find(Apply(plan, i18n.English), "deletion-protection")
		if stage == "production" && (r.Holds || !r.Applies) {
			t.Errorf("production: wanted the unprotected load balancer to break the rule, got %+v", r)
		}
		if stage == "development" && (!r.Holds || r.Applies || len(r.Violations) > 0) {
			t.Errorf("development: wanted the rule not applied, got %+v", r)
		}
	}
	for _, r := range All {
		if r.ProductionOnly && r.ID != "deletion-protection" {
			t.Errorf("%s is production-only: every rule but deletion protection must hold in development too", r.ID)
		}
	}
}

// A rule with nothing to judge is not applicable, never passed: the bootstrap has no service, load
// balancer, VPC or security group, and must not read as a checked Bridge stack. The complete
// example has them all, and each of those rules judges it.
func TestRulesWithNothingToJudgeDoNotApply(t *testing.T) {
	for _, r := range All {
		if r.Unjudged == nil {
			t.Fatalf("%s: every rule says when it has nothing to judge", r.ID)
		}
	}
	service := []string{"ingress-narrow", "ranges-on-web-ports-only", "https-only", "nothing-public", "rollback", "vpc-hardened", "deletion-protection", "secrets-write-only"}
	bootstrap := Apply(fixture(t, "bootstrap"), i18n.English)
	complete := Apply(fixture(t, "complete"), i18n.English)
	for _, id := range service {
		if r := find(bootstrap, id); r.Applies || r.Reason != NothingToJudge || !r.Holds || r.Mark() != "--" {
			t.Errorf("bootstrap: wanted %s not applicable, got %+v", id, r)
		}
		if r := find(complete, id); !r.Applies || r.Reason != "" || r.Mark() != "OK" {
			t.Errorf("complete: wanted %s judged and holding, got %+v", id, r)
		}
	}
	if got := Count(bootstrap); got != (Tally{Passed: 3, NotApplicable: 8}) {
		t.Errorf("bootstrap: wanted 3 passed and 8 not applicable, got %+v", got)
	}
	// The complete plan's IAM documents are built from ARNs of the same apply: known only after it.
	if r := find(complete, "no-admin-statement"); r.Applies || r.Reason != KnownAfterApply {
		t.Errorf("complete: wanted no-admin-statement not judged until apply, got %+v", r)
	}
	// Without its service, the same plan has no circuit breaker to judge.
	plan := fixture(t, "complete")
	var kept []*tfjson.ResourceChange
	for _, rc := range plan.ResourceChanges {
		if rc.Type != "aws_ecs_service" {
			kept = append(kept, rc)
		}
	}
	plan.ResourceChanges = kept
	if r := find(Apply(plan, i18n.English), "rollback"); r.Applies || r.Reason != NothingToJudge {
		t.Errorf("wanted rollback not applicable once the service is gone, got %+v", r)
	}
}
