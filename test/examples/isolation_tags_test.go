package examples

import (
	"strings"
	"testing"

	"terraform-basemachina-modules/test/iamsim"
)

// EC2 resources, target groups and certificates carry ids or generated names in their ARNs, so
// the apply roles hold them to their Name tag: aws:RequestTag/Name on create, aws:ResourceTag/Name
// on everything else. Each request below is one production's apply role makes on a production
// resource; the dev apply role, which shares the account, must be denied every one of them, and
// allowed the same request on its own resource (so a policy that denies everything fails too).
func TestTheDevApplyRoleChangesNoProductionResourceByTag(t *testing.T) {
	roles := liveRoles(t)
	const region = "ap-northeast-1"
	ec2 := func(kind, id string) string { return "arn:aws:ec2:" + region + ":" + account + ":" + kind + "/" + id }
	named := func(name string) map[string]any { return map[string]any{"aws:ResourceTag/Name": name} }
	naming := func(name string) map[string]any { return map[string]any{"aws:RequestTag/Name": name} }
	type probe struct{ action, resource, kind string }
	changes := []probe{
		{"ec2:DeleteVpc", ec2("vpc", "vpc-0a1"), "vpc"},
		{"ec2:ModifyVpcAttribute", ec2("vpc", "vpc-0a1"), "vpc"},
		{"ec2:DeleteSubnet", ec2("subnet", "subnet-0a1"), "subnet"},
		{"ec2:CreateRoute", ec2("route-table", "rtb-0a1"), "route table"},
		{"ec2:ReplaceRoute", ec2("route-table", "rtb-0a1"), "route table"},
		{"ec2:DeleteRoute", ec2("route-table", "rtb-0a1"), "route table"},
		{"ec2:AssociateRouteTable", ec2("subnet", "subnet-0a1"), "subnet"},
		{"ec2:AuthorizeSecurityGroupIngress", ec2("security-group", "sg-0a1"), "security group"},
		{"ec2:RevokeSecurityGroupEgress", ec2("security-group", "sg-0a1"), "security group"},
		{"ec2:DeleteSecurityGroup", ec2("security-group", "sg-0a1"), "security group"},
		{"ec2:ModifyNetworkInterfaceAttribute", ec2("network-interface", "eni-0a1"), "interface"},
		{"ec2:DeleteNetworkInterface", ec2("network-interface", "eni-0a1"), "interface"},
		{"ec2:ReleaseAddress", ec2("elastic-ip", "eipalloc-0a1"), "address"},
		{"ec2:DeleteNatGateway", ec2("natgateway", "nat-0a1"), "NAT gateway"},
		{"ec2:ModifyVpcEndpoint", ec2("vpc-endpoint", "vpce-0a1"), "endpoint"},
		{"ec2:DeleteFlowLogs", ec2("vpc-flow-log", "fl-0a1"), "flow log"},
		{"ec2:CreateLaunchTemplateVersion", ec2("launch-template", "lt-0a1"), "launch template"},
		{"ec2:RunInstances", ec2("launch-template", "lt-0a1"), "launch template"},
		{"ec2:CreateTags", ec2("security-group", "sg-0a1"), "security group"},
		{"ec2:DeleteTags", ec2("route-table", "rtb-0a1"), "route table"},
		{"elasticloadbalancing:ModifyTargetGroup", "arn:aws:elasticloadbalancing:" + region + ":" + account + ":targetgroup/tf-2026/0123456789abcdef", "target group"},
		{"elasticloadbalancing:DeleteTargetGroup", "arn:aws:elasticloadbalancing:" + region + ":" + account + ":targetgroup/tf-2026/0123456789abcdef", "target group"},
		{"acm:DeleteCertificate", "arn:aws:acm:" + region + ":" + account + ":certificate/0f1e2d3c-0000-4000-8000-000000000000", "certificate"},
		{"acm:ImportCertificate", "arn:aws:acm:" + region + ":" + account + ":certificate/0f1e2d3c-0000-4000-8000-000000000000", "certificate"},
	}
	creates := []probe{
		{"ec2:CreateSecurityGroup", ec2("security-group", "*"), "security group"},
		{"ec2:CreateRouteTable", ec2("route-table", "*"), "route table"},
		{"ec2:AllocateAddress", ec2("elastic-ip", "*"), "address"},
		{"ec2:CreateLaunchTemplate", ec2("launch-template", "*"), "launch template"},
		{"elasticloadbalancing:CreateTargetGroup", "arn:aws:elasticloadbalancing:" + region + ":" + account + ":targetgroup/*", "target group"},
		{"acm:RequestCertificate", "arn:aws:acm:" + region + ":" + account + ":certificate/*", "certificate"},
	}
	var reqs []iamsim.Request
	var names []string
	add := func(principal string, p probe, ctx map[string]any, name string) {
		reqs = append(reqs, iamsim.Request{Principal: principal, Action: p.action, Resource: p.resource, Account: account, Context: ctx, Unvalidated: true})
		names = append(names, name)
	}
	for _, p := range changes {
		add("apply-production", p, named("bridge-prod-"+strings.ReplaceAll(p.kind, " ", "-")), "production on its own "+p.kind)
		add("apply-dev", p, named("bridge-prod-"+strings.ReplaceAll(p.kind, " ", "-")), "dev on production's "+p.kind)
		add("apply-dev", p, named("bridge-dev-"+strings.ReplaceAll(p.kind, " ", "-")), "dev on its own "+p.kind)
		add("apply-dev", p, nil, "dev on an unnamed "+p.kind)
	}
	for _, p := range creates {
		add("apply-production", p, naming("bridge-prod-x"), "production creating its "+p.kind)
		add("apply-dev", p, naming("bridge-prod-x"), "dev creating a "+p.kind+" named as production's")
		add("apply-dev", p, naming("bridge-dev-x"), "dev creating its "+p.kind)
		add("apply-dev", p, nil, "dev creating an unnamed "+p.kind)
	}
	// The one exception the policy states: an unnamed security group may be given a name of the
	// role's own prefix (a VPC's default group is created unnamed), never another's.
	unnamedGroup := probe{"ec2:CreateTags", ec2("security-group", "sg-0default"), "security group"}
	add("apply-dev", unnamedGroup, naming("bridge-dev-default-unused"), "dev naming its own unnamed security group")
	add("apply-dev", unnamedGroup, naming("bridge-prod-default-unused"), "dev naming an unnamed security group as production's")
	results, err := iamsim.Simulate(roles, reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		wantAllowed := strings.HasPrefix(names[i], "production") || strings.Contains(names[i], "its own") || strings.HasPrefix(names[i], "dev creating its")
		if r.Allowed() != wantAllowed {
			t.Errorf("%s: %s on %s: %s (%s), want allowed=%v", names[i], reqs[i].Action, reqs[i].Resource, r.Decision, r.Explain(), wantAllowed)
		}
	}
}
