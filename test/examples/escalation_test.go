package examples

import (
	"os"
	"testing"

	"terraform-basemachina-modules/test/iamsim"
	"terraform-basemachina-modules/test/testfiles"
)

// ciRoles are the bootstrap example's CI roles as its plan gives them: "plan" and "apply", the
// production plan and apply roles. The IAM simulator (test/iamsim) decides every case below.
func ciRoles(t *testing.T) map[string]iamsim.Principal {
	t.Helper()
	if err := iamsim.Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the IAM simulator is required in CI: %v", err)
		}
		t.Skipf("Skipping: %v (scripts/tools.sh installs it).", err)
	}
	roles, err := iamsim.PrincipalsFromPlan(testfiles.Plan("bootstrap"), account, "production")
	if err != nil {
		t.Fatal(err)
	}
	return roles
}

// decision is what IAM decides on one request.
type decision string

const (
	allowed      decision = "Allowed"
	explicitDeny decision = "ExplicitlyDenied"
	implicitDeny decision = "ImplicitlyDenied"
)

type iamCase struct {
	name     string
	action   string
	resource string
	context  map[string]any
	want     decision
}

// decide evaluates each case as principal and reports every decision that differs.
func decide(t *testing.T, principal string, cases []iamCase) {
	t.Helper()
	roles := ciRoles(t)
	reqs := make([]iamsim.Request, len(cases))
	for i, c := range cases {
		reqs[i] = iamsim.Request{Principal: principal, Action: c.action, Resource: c.resource, Account: account, Context: c.context}
	}
	results, err := iamsim.Simulate(roles, reqs)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		if got := decision(results[i].Decision); got != c.want {
			t.Errorf("%s: %s, want %s (%s)", c.name, got, c.want, results[i].Explain())
		}
	}
}

const (
	account     = "123456789012"
	applyRole   = "arn:aws:iam::" + account + ":role/bridge-cicd-apply-production"
	planRole    = "arn:aws:iam::" + account + ":role/bridge-cicd-plan-production"
	stackRole   = "arn:aws:iam::" + account + ":role/bridge-demo-bridge-task"
	boundary    = "arn:aws:iam::" + account + ":policy/bridge-cicd-boundary-production"
	adminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess"
)

// The apply role cannot make itself, or anything it creates, an administrator (issue: the CI role
// can make itself an administrator). Each case is one way to try, decided by IAM's evaluation
// logic over the planned documents.
func TestTheApplyRoleCannotEscalate(t *testing.T) {
	withBoundary := map[string]any{"iam:PermissionsBoundary": boundary}
	decide(t, "apply", []iamCase{
		{"attach AdministratorAccess to itself", "iam:AttachRolePolicy", applyRole, map[string]any{"iam:PolicyARN": adminPolicy, "iam:PermissionsBoundary": boundary}, explicitDeny},
		{"put an inline policy on itself", "iam:PutRolePolicy", applyRole, withBoundary, explicitDeny},
		{"put an inline policy on the plan role", "iam:PutRolePolicy", planRole, withBoundary, explicitDeny},
		{"rewrite its own trust policy", "iam:UpdateAssumeRolePolicy", applyRole, nil, explicitDeny},
		{"rewrite the plan role's trust policy", "iam:UpdateAssumeRolePolicy", planRole, nil, explicitDeny},
		{"new version of its own policy", "iam:CreatePolicyVersion", "arn:aws:iam::" + account + ":policy/bridge-cicd-apply", nil, explicitDeny},
		{"widen the boundary", "iam:CreatePolicyVersion", boundary, nil, explicitDeny},
		{"create a role without the boundary", "iam:CreateRole", stackRole, nil, implicitDeny},
		{"create a role with another boundary", "iam:CreateRole", stackRole, map[string]any{"iam:PermissionsBoundary": "arn:aws:iam::" + account + ":policy/anything"}, implicitDeny},
		{"attach AdministratorAccess to a stack role", "iam:AttachRolePolicy", stackRole, map[string]any{"iam:PolicyARN": adminPolicy, "iam:PermissionsBoundary": boundary}, implicitDeny},
		{"strip a stack role's boundary", "iam:DeleteRolePermissionsBoundary", stackRole, nil, explicitDeny},
		{"pass a stack role to Lambda", "iam:PassRole", stackRole, map[string]any{"iam:PassedToService": "lambda.amazonaws.com"}, implicitDeny},
		{"pass itself to ECS", "iam:PassRole", applyRole, map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}, explicitDeny},
		{"create a role outside the stacks' prefix", "iam:CreateRole", "arn:aws:iam::" + account + ":role/admin", withBoundary, implicitDeny},
		// What the apply must still be able to do, so the denials above are not a policy that
		// denies everything.
		{"create a stack role with the boundary", "iam:CreateRole", stackRole, withBoundary, allowed},
		{"attach RDS monitoring to a stack role", "iam:AttachRolePolicy", stackRole, map[string]any{"iam:PolicyARN": "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole", "iam:PermissionsBoundary": boundary}, allowed},
		{"pass a stack role to ECS tasks", "iam:PassRole", stackRole, map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}, allowed},
	})
}

// The apply role reaches only the stacks' own data: not another workload's secrets, snapshots,
// buckets or logs.
func TestTheApplyRoleIsScopedToTheStacks(t *testing.T) {
	decide(t, "apply", []iamCase{
		{"read another application's secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:payments/db-AbCdEf", nil, implicitDeny},
		{"share another database's snapshot", "rds:ModifyDBSnapshotAttribute", "arn:aws:rds:ap-northeast-1:" + account + ":snapshot:payments-daily", nil, implicitDeny},
		{"read another bucket's objects", "s3:GetObject", "arn:aws:s3:::payments-exports/2026/11.csv", nil, implicitDeny},
		{"delete another log group", "logs:DeleteLogGroup", "arn:aws:logs:ap-northeast-1:" + account + ":log-group:/aws/lambda/payments", nil, implicitDeny},
		{"terminate an instance", "ec2:TerminateInstances", "arn:aws:ec2:ap-northeast-1:" + account + ":instance/i-0123456789abcdef0", nil, implicitDeny},
		{"snapshot a volume", "ec2:CreateSnapshot", "arn:aws:ec2:ap-northeast-1::snapshot/*", nil, implicitDeny},
		{"manage the stack's own secret", "secretsmanager:PutSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:bridge-demo-bridge-tenant-id-20261201-AbCdEf", nil, allowed},
		{"delete the stack's database", "rds:DeleteDBInstance", "arn:aws:rds:ap-northeast-1:" + account + ":db:bridge-demo-postgres", nil, allowed},
		{"write its environment's state", "s3:PutObject", "arn:aws:s3:::acme-bridge-tfstate/bridge/production/terraform.tfstate", nil, allowed},
		{"write another environment's state", "s3:PutObject", "arn:aws:s3:::acme-bridge-tfstate/bridge/dev/terraform.tfstate", nil, implicitDeny},
		{"write the bootstrap's state", "s3:PutObject", "arn:aws:s3:::acme-bridge-tfstate/bootstrap/terraform.tfstate", nil, implicitDeny},
		{"change the dev apply role", "iam:PutRolePolicy", "arn:aws:iam::" + account + ":role/bridge-cicd-apply-dev", map[string]any{"iam:PermissionsBoundary": boundary}, explicitDeny},
	})
}

// The plan role reads what a plan reads and nothing of the account's data, and writes only the
// lock file.
func TestThePlanRoleOnlyReads(t *testing.T) {
	decide(t, "plan", []iamCase{
		{"describe a VPC", "ec2:DescribeVpcs", "*", nil, allowed},
		{"refresh the tenant secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:bridge-demo-bridge-tenant-id-20261201-AbCdEf", nil, allowed},
		{"take the lock", "s3:PutObject", "arn:aws:s3:::acme-bridge-tfstate/bridge/production/terraform.tfstate.tflock", nil, allowed},
		{"read its environment's state", "s3:GetObject", "arn:aws:s3:::acme-bridge-tfstate/bridge/production/terraform.tfstate", nil, allowed},
		{"read another environment's state", "s3:GetObject", "arn:aws:s3:::acme-bridge-tfstate/bridge/dev/terraform.tfstate", nil, implicitDeny},
		{"write a state", "s3:PutObject", "arn:aws:s3:::acme-bridge-tfstate/bridge/production/terraform.tfstate", nil, implicitDeny},
		{"read the bootstrap's state", "s3:GetObject", "arn:aws:s3:::acme-bridge-tfstate/bootstrap/terraform.tfstate", nil, implicitDeny},
		{"read the database's master secret", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:" + account + ":secret:rds!db-0123-AbCdEf", nil, implicitDeny},
		{"read another bucket's objects", "s3:GetObject", "arn:aws:s3:::payments-exports/2026/11.csv", nil, implicitDeny},
		{"read log events", "logs:GetLogEvents", "arn:aws:logs:ap-northeast-1:" + account + ":log-group:/aws/lambda/payments:log-stream:x", nil, implicitDeny},
		{"read a parameter", "ssm:GetParameter", "arn:aws:ssm:ap-northeast-1:" + account + ":parameter/payments/api-key", nil, implicitDeny},
		{"change anything", "ec2:AuthorizeSecurityGroupIngress", "arn:aws:ec2:ap-northeast-1:" + account + ":security-group/sg-0123", nil, implicitDeny},
	})
}
