package rules

import (
	"fmt"
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

func policyOf(size int) string {
	head := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::`
	tail := `"}]}`
	return head + strings.Repeat("a", size-len(head)-len(tail)) + tail
}

// Each quota is judged on its own figure: whitespace does not count, inline policies add up per
// role, attachments count per role, and a role whose name is unknown is left to the applied state.
func TestIAMQuotas(t *testing.T) {
	role := tfplan.Planned{Address: "aws_iam_role.task", Type: "aws_iam_role", After: map[string]any{"name": "bridge-task", "assume_role_policy": policyOf(500)}}
	cases := []struct {
		name  string
		rs    []tfplan.Planned
		wants string // a violation containing this, or "" for none
	}{
		{"a managed policy at the quota", []tfplan.Planned{{Address: "aws_iam_policy.p", Type: "aws_iam_policy", After: map[string]any{"policy": policyOf(ManagedPolicyMax)}}}, ""},
		{"whitespace is not counted", []tfplan.Planned{{Address: "aws_iam_policy.p", Type: "aws_iam_policy", After: map[string]any{"policy": strings.ReplaceAll(policyOf(ManagedPolicyMax), ",", ",\n    ")}}}, ""},
		{"one character over", []tfplan.Planned{{Address: "aws_iam_policy.p", Type: "aws_iam_policy", After: map[string]any{"policy": policyOf(ManagedPolicyMax + 1)}}}, "managed policy is 6145"},
		{"inline policies add up per role", []tfplan.Planned{role,
			{Address: "aws_iam_role_policy.a", Type: "aws_iam_role_policy", After: map[string]any{"role": "bridge-task", "policy": policyOf(6000)}},
			{Address: "aws_iam_role_policy.b", Type: "aws_iam_role_policy", After: map[string]any{"role": "bridge-task", "policy": policyOf(5000)}},
		}, "aws_iam_role.task: inline policies is 11000"},
		{"a trust policy over the default quota", []tfplan.Planned{{Address: "aws_iam_role.r", Type: "aws_iam_role", After: map[string]any{"name": "r", "assume_role_policy": policyOf(TrustPolicyMax + 1)}}}, "trust policy is 2049"},
		{"a role name over 64", []tfplan.Planned{{Address: "aws_iam_role.r", Type: "aws_iam_role", After: map[string]any{"name": strings.Repeat("r", 65)}}}, "role name is 65"},
	}
	eleven := []tfplan.Planned{role}
	for i := 0; i < 11; i++ {
		eleven = append(eleven, tfplan.Planned{Address: fmt.Sprintf("aws_iam_role_policy_attachment.a[%d]", i), Type: "aws_iam_role_policy_attachment", After: map[string]any{"role": "bridge-task"}})
	}
	cases = append(cases, struct {
		name  string
		rs    []tfplan.Planned
		wants string
	}{"eleven managed policies on one role", eleven, "managed policies is 11"})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := strings.Join(iamQuotas(c.rs, i18n.English), "\n")
			if c.wants == "" && v != "" {
				t.Errorf("wanted no violation, got %s", v)
			}
			if c.wants != "" && !strings.Contains(v, c.wants) {
				t.Errorf("wanted a violation with %q, got %q", c.wants, v)
			}
		})
	}
	// A policy whose role is unknown at plan is not judged, and says so.
	_, unjudged := IAMUsage([]tfplan.Planned{{Address: "aws_iam_role_policy.x", Type: "aws_iam_role_policy", After: map[string]any{"policy": policyOf(200)}, Unknown: map[string]any{"role": true}}})
	if len(unjudged) != 1 || unjudged[0].Attribute != "role" {
		t.Errorf("wanted the unknown role reported as unjudged, got %v", unjudged)
	}
}
