package iampolicy

import "testing"

func TestEvaluationFollowsIAM(t *testing.T) {
	doc, err := Parse(`{"Version":"2012-10-17","Statement":[
	  {"Sid":"Roles","Effect":"Allow","Action":["iam:CreateRole","iam:PutRolePolicy"],"Resource":"arn:aws:iam::*:role/bridge*",
	   "Condition":{"StringEquals":{"iam:PermissionsBoundary":"arn:aws:iam::123456789012:policy/boundary"}}},
	  {"Sid":"Self","Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::*:role/bridge-cicd-*"},
	  {"Sid":"Logs","Effect":"Allow","Action":"logs:Create*","Resource":"*"},
	  {"Sid":"NoSpot","Effect":"Allow","NotAction":"ec2:*","Resource":"arn:aws:s3:::b/*"},
	  {"Sid":"Tagged","Effect":"Allow","Action":"ec2:CreateVpc","Resource":"*","Condition":{"StringLike":{"aws:RequestTag/terraform-module":"terraform-basemachina-modules/*"}}}
	]}`)
	if err != nil {
		t.Fatal(err)
	}
	boundary := map[string]string{"iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/boundary"}
	cases := []struct {
		name string
		r    Request
		want Decision
	}{
		{"create with the boundary", Request{"iam:CreateRole", "arn:aws:iam::123456789012:role/bridge-task", boundary}, Allowed},
		{"create without the boundary", Request{"iam:CreateRole", "arn:aws:iam::123456789012:role/bridge-task", nil}, ImplicitDeny},
		{"explicit deny wins", Request{"iam:PutRolePolicy", "arn:aws:iam::123456789012:role/bridge-cicd-apply", boundary}, ExplicitDeny},
		{"action case is ignored", Request{"LOGS:CreateLogGroup", "arn:aws:logs:ap-northeast-1:123456789012:log-group:x", nil}, Allowed},
		{"resource outside the pattern", Request{"iam:CreateRole", "arn:aws:iam::123456789012:role/admin", boundary}, ImplicitDeny},
		{"not action", Request{"s3:GetObject", "arn:aws:s3:::b/k", nil}, Allowed},
		{"not action excludes", Request{"ec2:RunInstances", "arn:aws:s3:::b/k", nil}, ImplicitDeny},
		{"tag condition", Request{"ec2:CreateVpc", "*", map[string]string{"aws:RequestTag/terraform-module": "terraform-basemachina-modules/network"}}, Allowed},
		{"missing tag", Request{"ec2:CreateVpc", "*", nil}, ImplicitDeny},
	}
	for _, c := range cases {
		got, err := Evaluate([]Document{doc}, c.r)
		if err != nil || got != c.want {
			t.Errorf("%s: %v (%v), want %v", c.name, got, err, c.want)
		}
	}
}

func TestUnknownOperatorsAreErrors(t *testing.T) {
	doc, _ := Parse(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`)
	if d, err := Evaluate([]Document{doc}, Request{Action: "s3:GetObject", Resource: "x"}); err == nil || d != DecisionError {
		t.Errorf("wanted an error for an unsupported operator, got %v %v", d, err)
	}
}
