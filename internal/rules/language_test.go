package rules

import (
	"slices"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
	"terraform-basemachina-modules/test/leakcheck"
)

// brokenEverywhere is a plan that breaks every rule in every way a rule can name, so that each
// violation message is printed at least once.
func brokenEverywhere() []tfplan.Planned {
	res := func(addr string, after map[string]any) tfplan.Planned {
		typ := strings.Split(addr, ".")[0]
		return tfplan.Planned{Address: addr, Type: typ, Name: strings.Split(addr, ".")[1], After: after}
	}
	admin := `{"Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}`
	rs := []tfplan.Planned{
		res("aws_vpc_security_group_ingress_rule.ssh", map[string]any{"cidr_ipv4": "0.0.0.0/0", "from_port": 22.0, "to_port": 22.0}),
		res("aws_lb_listener.https", map[string]any{"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}),
		res("aws_lb_listener.http", map[string]any{"protocol": "HTTP", "default_action": []any{map[string]any{"type": "forward"}}}),
		res("aws_subnet.public", map[string]any{"map_public_ip_on_launch": true}),
		res("aws_ecs_service.bridge", map[string]any{"network_configuration": []any{map[string]any{"assign_public_ip": true}}}),
		res("aws_db_instance.db", map[string]any{"publicly_accessible": true}),
		res("aws_secretsmanager_secret_version.tenant", map[string]any{"secret_string": "tenant"}),
		res("aws_ecs_task_definition.bridge", map[string]any{"container_definitions": `[{"name":"bridge","environment":[{"name":"TENANT_ID"}]}]`}),
		res("aws_elasticache_replication_group.cache", map[string]any{}),
		res("aws_s3_bucket.logs", map[string]any{}),
		res("aws_vpc.a", map[string]any{}),
		res("aws_vpc.b", map[string]any{}),
		res("aws_default_security_group.a", map[string]any{"ingress": []any{map[string]any{}}}),
		res("aws_lb.bridge", map[string]any{}),
		res("aws_iam_policy.admin", map[string]any{"policy": admin}),
		res("aws_iam_role_policy.broken", map[string]any{"role": "other", "policy": "not json"}),
		res("aws_iam_role.long", map[string]any{"name": strings.Repeat("r", RoleNameMax+1)}),
	}
	for range ManagedPoliciesPerRoleMax + 1 {
		rs = append(rs, res("aws_iam_role_policy_attachment.a", map[string]any{"role": "other"}))
	}
	return rs
}

// The violations are sentences of the catalog: in English exactly as they always read (check's
// English output and its goldens depend on them), in Japanese without an English phrase, naming
// the same resources. The rule checks print in the language they are given, not English always.
func TestViolationsSpeakTheUsersLanguage(t *testing.T) {
	rs := brokenEverywhere()
	english := ApplyTo(rs, i18n.English)
	japanese := ApplyTo(rs, i18n.Japanese)
	want := map[string][]string{
		"ingress-narrow":           {"aws_vpc_security_group_ingress_rule.ssh admits 0.0.0.0/0, wider than /16"},
		"ranges-on-web-ports-only": {"aws_vpc_security_group_ingress_rule.ssh admits [0.0.0.0/0] on ports 22-22"},
		"https-only": {
			"aws_lb_listener.http forwards plain HTTP",
			`aws_lb_listener.https uses "ELBSecurityPolicy-2016-08", which allows TLS older than 1.2`,
		},
		"nothing-public": {
			"aws_db_instance.db is publicly accessible",
			"aws_ecs_service.bridge gives its tasks public IPs",
			"aws_subnet.public maps public IPs on launch",
		},
		"rollback": {"aws_ecs_service.bridge has no circuit breaker with rollback under the ECS deployment controller"},
		"secrets-write-only": {
			"aws_ecs_task_definition.bridge: container bridge has TENANT_ID in plain environment (use secrets)",
			"aws_secretsmanager_secret_version.tenant keeps its value in state (use secret_string_wo)",
		},
		"data-encrypted-private": {
			"aws_db_instance.db has a master password Terraform knows (use manage_master_user_password)",
			"aws_db_instance.db stores unencrypted",
			"aws_elasticache_replication_group.cache is not encrypted at rest",
			"aws_elasticache_replication_group.cache is not encrypted in transit",
			"aws_s3_bucket.logs lacks default encryption or one of the four public access blocks",
			"no DB parameter group sets rds.force_ssl = 1",
		},
		"vpc-hardened": {
			"2 VPCs but 1 managed default security groups: an unmanaged default group keeps AWS's allow-all rules",
			"aws_default_security_group.a keeps rules",
			"2 VPCs but 0 flow logs",
		},
		"deletion-protection": {
			"aws_db_instance.db has no deletion protection",
			"aws_lb.bridge has no deletion protection",
		},
		"no-admin-statement": {
			`aws_iam_policy.admin: statement "All" allows every action`,
			"aws_iam_role_policy.broken.policy is not a policy document: invalid character 'o' in literal null (expecting 'u')",
		},
		"iam-quotas": {
			"aws_iam_role.long: role name is 65, over IAM's quota of 64",
			"role other: managed policies is 11, over IAM's quota of 10",
		},
	}
	for _, r := range english {
		if !slices.Equal(r.Violations, want[r.ID]) {
			t.Errorf("%s in English:\n got %q\nwant %q", r.ID, r.Violations, want[r.ID])
		}
	}
	for i, r := range japanese {
		en := english[i].Violations
		if len(r.Violations) != len(en) {
			t.Errorf("%s: %d violations in Japanese, %d in English", r.ID, len(r.Violations), len(en))
			continue
		}
		for _, v := range r.Violations {
			if p := leakcheck.Phrase(v); p != "" {
				t.Errorf("%s: the Japanese violation %q holds the English %q", r.ID, v, p)
			}
			if slices.Contains(en, v) {
				t.Errorf("%s: the violation %q is not translated", r.ID, v)
			}
		}
		// Both languages name the same resources (sorting may order them differently).
		for _, addr := range []string{"aws_vpc_security_group_ingress_rule.ssh", "aws_db_instance.db", "aws_iam_role.long", "aws_iam_policy.admin"} {
			if strings.Contains(strings.Join(en, "\n"), addr) != strings.Contains(strings.Join(r.Violations, "\n"), addr) {
				t.Errorf("%s: %s named in one language only: %q / %q", r.ID, addr, en, r.Violations)
			}
		}
	}
	if m := i18n.Missing(); len(m) > 0 {
		t.Errorf("keys without Japanese asked for: %q", m)
	}
}

// Every figure IAMUsage reports names what it measures with a catalog key, so the iam-quotas
// violation reads in Japanese whichever quota is broken.
func TestEveryIAMFigureHasJapanese(t *testing.T) {
	big := policyOf(ManagedPolicyMax + 1)
	long := strings.Repeat("n", PolicyNameMax+1)
	rs := []tfplan.Planned{
		{Address: "aws_iam_role.r", Type: "aws_iam_role", After: map[string]any{"name": "r", "assume_role_policy": big, "managed_policy_arns": []any{"a"}}},
		{Address: "aws_iam_role.p", Type: "aws_iam_role", After: map[string]any{"name_prefix": "p"}},
		{Address: "aws_iam_policy.p", Type: "aws_iam_policy", After: map[string]any{"name": long, "policy": big}},
		{Address: "aws_iam_role_policy.p", Type: "aws_iam_role_policy", After: map[string]any{"name": long, "role": "r", "policy": big}},
		{Address: "aws_iam_instance_profile.p", Type: "aws_iam_instance_profile", After: map[string]any{"name": long}},
		{Address: "aws_iam_role_policy_attachment.a", Type: "aws_iam_role_policy_attachment", After: map[string]any{"role": "gone"}},
	}
	usage, _ := IAMUsage(rs)
	kinds := map[string]bool{}
	for _, u := range usage {
		kinds[u.What] = true
		if ja := i18n.Japanese.S(u.What); ja == u.What || leakcheck.Phrase(ja) != "" {
			t.Errorf("%s: the figure %q has no Japanese (%q)", u.Where(i18n.English), u.What, ja)
		}
		if u.Address == "" && (u.Role == "" || u.Where(i18n.Japanese) != "ロール "+u.Role) {
			t.Errorf("wanted a role outside the plan named by its name, got %+v", u)
		}
	}
	// Eight kinds: the role's name, prefix and trust policy, policy names, a managed policy,
	// an instance profile's name, and per role the inline total and the managed count.
	if len(kinds) != 8 {
		t.Errorf("wanted all eight kinds of figure, got %v", kinds)
	}
}
