package iamsim

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

func requests(t *testing.T, c Call) []Request {
	t.Helper()
	rs, err := Requests(c, "apply", "arn:aws:iam::123456789012:role/ci", "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func find(rs []Request, action string) []Request {
	var out []Request
	for _, r := range rs {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

// The implicit authorizations AWS documents come with the calls that need them.
func TestCallsCarryTheirImplicitAuthorizations(t *testing.T) {
	td := requests(t, Call{Service: "ecs", Operation: "RegisterTaskDefinition", Region: "ap-northeast-1", Params: map[string]any{
		"family": "bridge-demo-bridge", "executionRoleArn": "arn:aws:iam::123456789012:role/bridge-demo-bridge-execution",
	}})
	if pass := find(td, "iam:PassRole"); len(pass) != 1 || pass[0].Resource != "arn:aws:iam::123456789012:role/bridge-demo-bridge-execution" || pass[0].Context["iam:PassedToService"] != "ecs-tasks.amazonaws.com" {
		t.Errorf("RegisterTaskDefinition: wanted one PassRole of the execution role to ECS tasks (no task role given), got %+v", pass)
	}
	lt := requests(t, Call{Service: "ec2", Operation: "CreateLaunchTemplate", Region: "ap-northeast-1", Params: map[string]any{
		"LaunchTemplateData.ImageId":      "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
		"TagSpecification.1.ResourceType": "launch-template", "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": "nat",
	}})
	if ssm := find(lt, "ssm:GetParameters"); len(ssm) != 1 || ssm[0].Resource != "arn:aws:ssm:ap-northeast-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64" {
		t.Errorf("CreateLaunchTemplate with resolve:ssm: wanted ssm:GetParameters on the public parameter, got %+v", ssm)
	}
	if tags := find(lt, "ec2:CreateTags"); len(tags) != 1 || tags[0].Context["ec2:CreateAction"] != "CreateLaunchTemplate" || tags[0].Context["aws:RequestTag/Name"] != "nat" {
		t.Errorf("a create with tags needs ec2:CreateTags with ec2:CreateAction and the request's tags, got %+v", tags)
	}
	plain := requests(t, Call{Service: "ec2", Operation: "CreateLaunchTemplate", Region: "ap-northeast-1", Params: map[string]any{"LaunchTemplateData.ImageId": "ami-0123"}})
	if len(find(plain, "ssm:GetParameters")) != 0 || len(find(plain, "ec2:CreateTags")) != 0 {
		t.Errorf("a plain AMI without tags needs neither SSM nor CreateTags, got %+v", plain)
	}
	role := requests(t, Call{Service: "iam", Operation: "CreateRole", Region: "us-east-1", Params: map[string]any{
		"RoleName": "bridge-demo-task", "Path": "/", "PermissionsBoundary": "arn:aws:iam::123456789012:policy/b",
	}})
	if len(role) != 1 || role[0].Resource != "arn:aws:iam::123456789012:role/bridge-demo-task" || role[0].Context["iam:PermissionsBoundary"] != "arn:aws:iam::123456789012:policy/b" {
		t.Errorf("CreateRole: wanted the role's ARN with its boundary as iam:PermissionsBoundary, got %+v", role)
	}
	tags := requests(t, Call{Service: "ec2", Operation: "CreateTags", Region: "ap-northeast-1", Params: map[string]any{"ResourceId.1": "sg-1", "ResourceId.2": "vpc-2"}})
	var arns []string
	for _, r := range tags {
		arns = append(arns, r.Resource)
	}
	sort.Strings(arns)
	if !slices.Equal(arns, []string{"arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-1", "arn:aws:ec2:ap-northeast-1:123456789012:vpc/vpc-2"}) {
		t.Errorf("CreateTags on two ids: wanted each id's ARN, got %v", arns)
	}
	if _, err := Requests(Call{Service: "ec2", Operation: "DeleteVpc", Region: "ap-northeast-1", Params: map[string]any{}}, "apply", "arn", "1"); err == nil {
		t.Error("DeleteVpc without its VpcId: wanted an error, the mapping no longer fits the call")
	}
	if _, err := Requests(Call{Service: "ec2", Operation: "NoSuchOperation"}, "apply", "arn", "1"); err == nil || !strings.Contains(err.Error(), "operations.json") {
		t.Errorf("an unmapped operation: wanted an error naming operations.json, got %v", err)
	}
}

// Every action the mapping names is one IAM knows (the simulator refuses an unknown action).
func TestEveryMappedActionExists(t *testing.T) {
	if err := Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("Skipping: %v", err)
	}
	actions := map[string]bool{}
	for name, op := range operations.Operations {
		if op.Skip != "" {
			continue
		}
		service, operation, _ := strings.Cut(name, ".")
		if p, ok := operations.Prefixes[service]; ok {
			service = p
		}
		a := op.Action
		if a == "" {
			a = service + ":" + operation
		}
		actions[a] = true
		for _, also := range op.Also {
			actions[also.Action] = true
		}
	}
	var reqs []Request
	for a := range actions {
		reqs = append(reqs, Request{Principal: "p", Action: a, Resource: "*", Account: "123456789012"})
	}
	results, err := Simulate(map[string]Principal{"p": {ARN: "arn:aws:iam::123456789012:role/p", Identity: []Policy{{Name: "none", Policy: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`)}}}}, reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if r.Decision == "error" {
			t.Errorf("%s: %s", reqs[i].Action, r.Error)
		}
	}
}

// A request on a resource that exists carries that resource's tags (aws:ResourceTag), read by the
// front into _resourceTags; a create's "*" carries the request's tags only.
func TestRequestsCarryTheTagsOfTheResourceTheyName(t *testing.T) {
	params := map[string]any{
		"VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24",
		"TagSpecification.1.ResourceType": "subnet", "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": "bridge-dev-private-a",
		"_resourceTags": map[string]any{"vpc-1": map[string]any{"Name": "bridge-dev"}},
	}
	rs := requests(t, Call{Service: "ec2", Operation: "CreateSubnet", Region: "ap-northeast-1", Params: params})
	var onVPC, onSubnet *Request
	for i, r := range rs {
		switch {
		case r.Action == "ec2:CreateSubnet" && strings.HasSuffix(r.Resource, ":vpc/vpc-1"):
			onVPC = &rs[i]
		case r.Action == "ec2:CreateSubnet" && strings.HasSuffix(r.Resource, ":subnet/*"):
			onSubnet = &rs[i]
		}
	}
	if onVPC == nil || onVPC.Context["aws:ResourceTag/Name"] != "bridge-dev" {
		t.Errorf("CreateSubnet on its VPC: wanted aws:ResourceTag/Name = bridge-dev, got %+v", onVPC)
	}
	if onSubnet == nil || onSubnet.Context["aws:ResourceTag/Name"] != nil || onSubnet.Context["aws:RequestTag/Name"] != "bridge-dev-private-a" {
		t.Errorf("CreateSubnet on the new subnet: wanted the request's Name and no resource tag, got %+v", onSubnet)
	}
	// An untagged resource the front looked up is evaluated as untagged.
	del := requests(t, Call{Service: "ec2", Operation: "DeleteSecurityGroup", Region: "ap-northeast-1", Params: map[string]any{
		"GroupId": "sg-9", "_resourceTags": map[string]any{"sg-9": map[string]any{}},
	}})
	if len(del) != 1 || del[0].Context["aws:ResourceTag/Name"] != nil {
		t.Errorf("DeleteSecurityGroup of an untagged group: wanted no aws:ResourceTag/Name, got %+v", del)
	}
	tg := requests(t, Call{Service: "elasticloadbalancing", Operation: "DeleteTargetGroup", Region: "ap-northeast-1", Params: map[string]any{
		"TargetGroupArn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/tf-1/abc",
		"_resourceTags":  map[string]any{"arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/tf-1/abc": map[string]any{"Name": "bridge-prod-bridge"}},
	}})
	if len(tg) != 1 || tg[0].Context["aws:ResourceTag/Name"] != "bridge-prod-bridge" {
		t.Errorf("DeleteTargetGroup: wanted the group's Name as aws:ResourceTag/Name, got %+v", tg)
	}
}
