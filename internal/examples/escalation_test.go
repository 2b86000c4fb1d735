package examples

import (
	"strings"
	"testing"

	"terraform-basemachina-modules/internal/iampolicy"
	"terraform-basemachina-modules/internal/testfiles"
)

// rolePolicies reads the policy documents the bootstrap example's plan attaches to one CI role: the
// plan role, or the apply role of one environment.
func rolePolicies(t *testing.T, role, env string) []iampolicy.Document {
	t.Helper()
	plan, err := testfiles.LoadPlan("bootstrap")
	if err != nil {
		t.Fatal(err)
	}
	var docs []iampolicy.Document
	for _, rc := range plan.ResourceChanges {
		after, _ := rc.Change.After.(map[string]any)
		policy, _ := after["policy"].(string)
		index, _ := rc.Index.(string)
		attached := (rc.Type == "aws_iam_role_policy" && strings.HasPrefix(rc.Name, role+"_") && index == env) ||
			(rc.Type == "aws_iam_policy" && strings.HasPrefix(rc.Name, role+"_default"))
		if !attached {
			continue
		}
		if policy == "" {
			t.Fatalf("%s: the policy document is not known at plan time", rc.Address)
		}
		doc, err := iampolicy.Parse(policy)
		if err != nil {
			t.Fatalf("%s: %v", rc.Address, err)
		}
		docs = append(docs, doc)
	}
	if len(docs) < 2 {
		t.Fatalf("found %d policies of the %s role in the plan", len(docs), role)
	}
	return docs
}

const (
	account     = "123456789012"
	applyRole   = "arn:aws:iam::" + account + ":role/bridge-cicd-apply-production"
	planRole    = "arn:aws:iam::" + account + ":role/bridge-cicd-plan"
	stackRole   = "arn:aws:iam::" + account + ":role/bridge-demo-bridge-task"
	boundary    = "arn:aws:iam::" + account + ":policy/bridge-cicd-stack-boundary"
	adminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess"
)

// The apply role cannot make itself, or anything it creates, an administrator (issue: the CI role
// can make itself an administrator). Each case is one way to try, decided by IAM's evaluation
// logic over the planned documents.
func TestTheApplyRoleCannotEscalate(t *testing.T) {
	docs := rolePolicies(t, "apply", "production")
	withBoundary := map[string]string{"iam:PermissionsBoundary": boundary}
	cases := []struct {
		name string
		req  iampolicy.Request
		want iampolicy.Decision
	}{
		{"attach AdministratorAccess to itself", iampolicy.Request{Action: "iam:AttachRolePolicy", Resource: applyRole,
			Context: map[string]string{"iam:PolicyARN": adminPolicy, "iam:PermissionsBoundary": boundary}}, iampolicy.ExplicitDeny},
		{"put an inline policy on itself", iampolicy.Request{Action: "iam:PutRolePolicy", Resource: applyRole, Context: withBoundary}, iampolicy.ExplicitDeny},
		{"put an inline policy on the plan role", iampolicy.Request{Action: "iam:PutRolePolicy", Resource: planRole, Context: withBoundary}, iampolicy.ExplicitDeny},
		{"rewrite its own trust policy", iampolicy.Request{Action: "iam:UpdateAssumeRolePolicy", Resource: applyRole}, iampolicy.ExplicitDeny},
		{"rewrite the plan role's trust policy", iampolicy.Request{Action: "iam:UpdateAssumeRolePolicy", Resource: planRole}, iampolicy.ExplicitDeny},
		{"new version of its own policy", iampolicy.Request{Action: "iam:CreatePolicyVersion", Resource: "arn:aws:iam::" + account + ":policy/bridge-cicd-apply"}, iampolicy.ExplicitDeny},
		{"widen the boundary", iampolicy.Request{Action: "iam:CreatePolicyVersion", Resource: boundary}, iampolicy.ExplicitDeny},
		{"create a role without the boundary", iampolicy.Request{Action: "iam:CreateRole", Resource: stackRole}, iampolicy.ImplicitDeny},
		{"create a role with another boundary", iampolicy.Request{Action: "iam:CreateRole", Resource: stackRole,
			Context: map[string]string{"iam:PermissionsBoundary": "arn:aws:iam::" + account + ":policy/anything"}}, iampolicy.ImplicitDeny},
		{"attach AdministratorAccess to a stack role", iampolicy.Request{Action: "iam:AttachRolePolicy", Resource: stackRole,
			Context: map[string]string{"iam:PolicyARN": adminPolicy, "iam:PermissionsBoundary": boundary}}, iampolicy.ImplicitDeny},
		{"strip a stack role's boundary", iampolicy.Request{Action: "iam:DeleteRolePermissionsBoundary", Resource: stackRole}, iampolicy.ExplicitDeny},
		{"pass a stack role to Lambda", iampolicy.Request{Action: "iam:PassRole", Resource: stackRole,
			Context: map[string]string{"iam:PassedToService": "lambda.amazonaws.com"}}, iampolicy.ImplicitDeny},
		{"pass itself to ECS", iampolicy.Request{Action: "iam:PassRole", Resource: applyRole,
			Context: map[string]string{"iam:PassedToService": "ecs-tasks.amazonaws.com"}}, iampolicy.ExplicitDeny},
		{"create a role outside the stacks' prefix", iampolicy.Request{Action: "iam:CreateRole", Resource: "arn:aws:iam::" + account + ":role/admin", Context: withBoundary}, iampolicy.ImplicitDeny},
		// What the apply must still be able to do, so the denials above are not a policy that
		// denies everything.
		{"create a stack role with the boundary", iampolicy.Request{Action: "iam:CreateRole", Resource: stackRole, Context: withBoundary}, iampolicy.Allowed},
		{"attach RDS monitoring to a stack role", iampolicy.Request{Action: "iam:AttachRolePolicy", Resource: stackRole,
			Context: map[string]string{"iam:PolicyARN": "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole", "iam:PermissionsBoundary": boundary}}, iampolicy.Allowed},
		{"pass a stack role to ECS tasks", iampolicy.Request{Action: "iam:PassRole", Resource: stackRole,
			Context: map[string]string{"iam:PassedToService": "ecs-tasks.amazonaws.com"}}, iampolicy.Allowed},
	}
	for _, c := range cases {
		got, err := iampolicy.Evaluate(docs, c.req)
		if err != nil || got != c.want {
			t.Errorf("%s: %v (%v), want %v", c.name, got, err, c.want)
		}
	}
}

// The apply role reaches only the stacks' own data: not another workload's secrets, snapshots,
// buckets or logs.
func TestTheApplyRoleIsScopedToTheStacks(t *testing.T) {
	docs := rolePolicies(t, "apply", "production")
	cases := []struct {
		name string
		req  iampolicy.Request
		want iampolicy.Decision
	}{
		{"read another application's secret", iampolicy.Request{Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:payments/db-AbCdEf"}, iampolicy.ImplicitDeny},
		{"share another database's snapshot", iampolicy.Request{Action: "rds:ModifyDBSnapshotAttribute", Resource: "arn:aws:rds:ap-northeast-1:" + account + ":snapshot:payments-daily"}, iampolicy.ImplicitDeny},
		{"read another bucket's objects", iampolicy.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::payments-exports/2026/11.csv"}, iampolicy.ImplicitDeny},
		{"delete another log group", iampolicy.Request{Action: "logs:DeleteLogGroup", Resource: "arn:aws:logs:ap-northeast-1:" + account + ":log-group:/aws/lambda/payments"}, iampolicy.ImplicitDeny},
		{"terminate an instance", iampolicy.Request{Action: "ec2:TerminateInstances", Resource: "arn:aws:ec2:ap-northeast-1:" + account + ":instance/i-0123456789abcdef0"}, iampolicy.ImplicitDeny},
		{"snapshot a volume", iampolicy.Request{Action: "ec2:CreateSnapshot", Resource: "arn:aws:ec2:ap-northeast-1::snapshot/*"}, iampolicy.ImplicitDeny},
		{"manage the stack's own secret", iampolicy.Request{Action: "secretsmanager:PutSecretValue", Resource: "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:bridge-demo-bridge-tenant-id-20261201-AbCdEf"}, iampolicy.Allowed},
		{"delete the stack's database", iampolicy.Request{Action: "rds:DeleteDBInstance", Resource: "arn:aws:rds:ap-northeast-1:" + account + ":db:bridge-demo-postgres"}, iampolicy.Allowed},
		{"write its environment's state", iampolicy.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-bridge-tfstate/bridge/production/terraform.tfstate"}, iampolicy.Allowed},
		{"write another environment's state", iampolicy.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-bridge-tfstate/bridge/dev/terraform.tfstate"}, iampolicy.ImplicitDeny},
		{"write the bootstrap's state", iampolicy.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-bridge-tfstate/bootstrap/terraform.tfstate"}, iampolicy.ImplicitDeny},
		{"change the dev apply role", iampolicy.Request{Action: "iam:PutRolePolicy", Resource: "arn:aws:iam::" + account + ":role/bridge-cicd-apply-dev",
			Context: map[string]string{"iam:PermissionsBoundary": boundary}}, iampolicy.ExplicitDeny},
	}
	for _, c := range cases {
		got, err := iampolicy.Evaluate(docs, c.req)
		if err != nil || got != c.want {
			t.Errorf("%s: %v (%v), want %v", c.name, got, err, c.want)
		}
	}
}

// The plan role reads what a plan reads and nothing of the account's data, and writes only the
// lock file.
func TestThePlanRoleOnlyReads(t *testing.T) {
	docs := rolePolicies(t, "plan", "")
	cases := []struct {
		name string
		req  iampolicy.Request
		want iampolicy.Decision
	}{
		{"describe a VPC", iampolicy.Request{Action: "ec2:DescribeVpcs", Resource: "*"}, iampolicy.Allowed},
		{"refresh the tenant secret", iampolicy.Request{Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:bridge-demo-bridge-tenant-id-20261201-AbCdEf"}, iampolicy.Allowed},
		{"take the lock", iampolicy.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-bridge-tfstate/bridge/production/terraform.tfstate.tflock"}, iampolicy.Allowed},
		{"read a state", iampolicy.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-bridge-tfstate/bridge/dev/terraform.tfstate"}, iampolicy.Allowed},
		{"write a state", iampolicy.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-bridge-tfstate/bridge/production/terraform.tfstate"}, iampolicy.ImplicitDeny},
		{"read the bootstrap's state", iampolicy.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-bridge-tfstate/bootstrap/terraform.tfstate"}, iampolicy.ImplicitDeny},
		{"read the database's master secret", iampolicy.Request{Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:rds!db-0123-AbCdEf"}, iampolicy.ImplicitDeny},
		{"read another bucket's objects", iampolicy.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::payments-exports/2026/11.csv"}, iampolicy.ImplicitDeny},
		{"read log events", iampolicy.Request{Action: "logs:GetLogEvents", Resource: "arn:aws:logs:ap-northeast-1:" + account + ":log-group:/aws/lambda/payments:log-stream:x"}, iampolicy.ImplicitDeny},
		{"read a parameter", iampolicy.Request{Action: "ssm:GetParameter", Resource: "arn:aws:ssm:ap-northeast-1:" + account + ":parameter/payments/api-key"}, iampolicy.ImplicitDeny},
		{"change anything", iampolicy.Request{Action: "ec2:AuthorizeSecurityGroupIngress", Resource: "arn:aws:ec2:ap-northeast-1:" + account + ":security-group/sg-0123"}, iampolicy.ImplicitDeny},
	}
	for _, c := range cases {
		got, err := iampolicy.Evaluate(docs, c.req)
		if err != nil || got != c.want {
			t.Errorf("%s: %v (%v), want %v", c.name, got, err, c.want)
		}
	}
}
