package rules

import (
	"sort"
	"unicode"

	"terraform-basemachina-modules/internal/i18n"
	"terraform-basemachina-modules/internal/tfplan"
)

// IAM's quotas (IAM User Guide, "IAM and AWS STS quotas",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). moto enforces none
// of them, and AWS refuses CreatePolicy, PutRolePolicy, CreateRole or AttachRolePolicy past them
// halfway through an apply; the plan holds every figure they are checked on.
const (
	// ManagedPolicyMax is a customer managed policy's size, whitespace not counted.
	ManagedPolicyMax = 6144
	// RoleInlineTotalMax is the size of all inline policies of one role together.
	RoleInlineTotalMax = 10240
	// TrustPolicyMax is a role trust policy's default quota (an account can raise it to 4,096
	// through Service Quotas; the modules keep within the default).
	TrustPolicyMax = 2048
	// ManagedPoliciesPerRoleMax is the default number of managed policies attached to one role.
	ManagedPoliciesPerRoleMax = 10
	// RoleNameMax and PolicyNameMax are the name lengths; a role's name_prefix leaves 26
	// characters to the suffix Terraform adds.
	RoleNameMax       = 64
	RoleNamePrefixMax = 38
	PolicyNameMax     = 128
	ProfileNameMax    = 128
)

// PolicySize is the size IAM counts: every character but whitespace.
func PolicySize(doc string) int {
	n := 0
	for _, r := range doc {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// Usage is one figure an IAM quota limits, as the plan gives it.
type Usage struct {
	What    string // "managed policy", "inline policies", "trust policy", "managed policies", "role name", ...: a catalog key
	Address string // the resource, or the role the total belongs to; "" for a role the plan does not create
	Role    string // the name of the role the total belongs to when the plan does not create it
	Used    int
	Limit   int
}

// Where names what the figure belongs to in the language: the resource address, or a role the
// plan does not create by its name.
func (u Usage) Where(l i18n.Lang) string {
	if u.Address == "" {
		return l.Sprintf("role %s", u.Role)
	}
	return u.Address
}

// Unjudged is an IAM document or pairing the plan does not know yet (a document built from ARNs
// created in the same apply, a role named by name_prefix): the applied state judges it.
type Unjudged struct {
	Address, Attribute string
}

// IAMUsage lists every figure an IAM quota limits that the plan knows, and what it cannot judge.
// Policies are paired with their role by the role's name, which the plan knows when the role is
// given a name.
func IAMUsage(rs []tfplan.Planned) ([]Usage, []Unjudged) {
	var out []Usage
	var unjudged []Unjudged
	roles := map[string]string{} // role name -> address
	inline := map[string]int{}
	attached := map[string]int{}
	document := func(r tfplan.Planned, attr string) (string, bool) {
		if doc := r.Str(attr); doc != "" {
			return doc, true
		}
		if r.IsUnknown(attr) {
			unjudged = append(unjudged, Unjudged{r.Address, attr})
		}
		return "", false
	}
	roleOf := func(r tfplan.Planned) (string, bool) {
		if name := r.Str("role"); name != "" {
			return name, true
		}
		unjudged = append(unjudged, Unjudged{r.Address, "role"})
		return "", false
	}
	for _, r := range rs {
		switch r.Type {
		case "aws_iam_role":
			if name := r.Str("name"); name != "" {
				roles[name] = r.Address
				out = append(out, Usage{What: "role name", Address: r.Address, Used: len(name), Limit: RoleNameMax})
			} else if prefix := r.Str("name_prefix"); prefix != "" {
				out = append(out, Usage{What: "role name prefix", Address: r.Address, Used: len(prefix), Limit: RoleNamePrefixMax})
				unjudged = append(unjudged, Unjudged{r.Address, "name"})
			}
			if doc, ok := document(r, "assume_role_policy"); ok {
				out = append(out, Usage{What: "trust policy", Address: r.Address, Used: PolicySize(doc), Limit: TrustPolicyMax})
			}
			if name := r.Str("name"); name != "" {
				for _, b := range r.Blocks("inline_policy") {
					if doc, _ := b["policy"].(string); doc != "" {
						inline[name] += PolicySize(doc)
					}
				}
				attached[name] += len(r.Strings("managed_policy_arns"))
			}
		case "aws_iam_policy":
			if name := r.Str("name"); name != "" {
				out = append(out, Usage{What: "policy name", Address: r.Address, Used: len(name), Limit: PolicyNameMax})
			}
			if doc, ok := document(r, "policy"); ok {
				out = append(out, Usage{What: "managed policy", Address: r.Address, Used: PolicySize(doc), Limit: ManagedPolicyMax})
			}
		case "aws_iam_role_policy":
			if name := r.Str("name"); name != "" {
				out = append(out, Usage{What: "policy name", Address: r.Address, Used: len(name), Limit: PolicyNameMax})
			}
			role, known := roleOf(r)
			if doc, ok := document(r, "policy"); ok && known {
				inline[role] += PolicySize(doc)
			}
		case "aws_iam_role_policy_attachment":
			if role, ok := roleOf(r); ok {
				attached[role]++
			}
		case "aws_iam_instance_profile":
			if name := r.Str("name"); name != "" {
				out = append(out, Usage{What: "instance profile name", Address: r.Address, Used: len(name), Limit: ProfileNameMax})
			}
		}
	}
	// perRole is a total of one role: its address, or its name for a role this plan does not create.
	perRole := func(what, role string, used, limit int) Usage {
		if a, ok := roles[role]; ok {
			return Usage{What: what, Address: a, Used: used, Limit: limit}
		}
		return Usage{What: what, Role: role, Used: used, Limit: limit}
	}
	for role, size := range inline {
		out = append(out, perRole("inline policies", role, size, RoleInlineTotalMax))
	}
	for role, n := range attached {
		out = append(out, perRole("managed policies", role, n, ManagedPoliciesPerRoleMax))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Address != out[j].Address {
			return out[i].Address < out[j].Address
		}
		if out[i].Role != out[j].Role {
			return out[i].Role < out[j].Role
		}
		return out[i].What < out[j].What
	})
	return out, unjudged
}

func iamQuotas(rs []tfplan.Planned, l i18n.Lang) []string {
	usage, _ := IAMUsage(rs)
	var v []string
	for _, u := range usage {
		if u.Used > u.Limit {
			v = append(v, l.Sprintf("%s: %s is %d, over IAM's quota of %d", u.Where(l), l.S(u.What), u.Used, u.Limit))
		}
	}
	return sorted(v)
}
