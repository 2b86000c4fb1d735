locals {
  create_default_apply_policy = length(var.apply_policies) == 0
  managed_role_arn            = "arn:${local.partition}:iam::${local.account_id}:role/${var.managed_name_prefix}*"

  default_apply_statements = [
    {
      # Service-level scope for the services the modules manage: narrower lists break applies halfway
      # whenever a provider upgrade calls one more API.
      Sid    = "ManageBridgeServices"
      Effect = "Allow"
      Action = [
        "acm:*", "application-autoscaling:*", "cloudwatch:*", "ec2:*", "ecr:*", "ecs:*",
        "elasticache:*", "elasticloadbalancing:*", "logs:*", "rds:*", "route53:*", "secretsmanager:*",
      ]
      Resource = ["*"]
    },
    {
      Sid      = "ReadKeysAndIdentity"
      Effect   = "Allow"
      Action   = ["kms:DescribeKey", "kms:ListAliases", "sts:GetCallerIdentity", "iam:GetRole", "iam:ListRoles", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListInstanceProfilesForRole"]
      Resource = ["*"]
    },
    {
      Sid    = "ManageStackRoles"
      Effect = "Allow"
      Action = [
        "iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
        "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
      ]
      Resource = [local.managed_role_arn]
    },
    {
      Sid      = "PassStackRolesToServices"
      Effect   = "Allow"
      Action   = ["iam:PassRole"]
      Resource = [local.managed_role_arn]
      Condition = {
        StringEquals = {
          "iam:PassedToService" = ["ecs-tasks.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com"]
        }
      }
    },
    {
      Sid      = "ServiceLinkedRoles"
      Effect   = "Allow"
      Action   = ["iam:CreateServiceLinkedRole"]
      Resource = ["*"]
      Condition = {
        StringEquals = {
          "iam:AWSServiceName" = [
            "ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com",
            "elasticache.amazonaws.com", "ecs.application-autoscaling.amazonaws.com",
          ]
        }
      }
    },
  ]
}

# Deploying whole services needs service-scoped actions on "*"; IAM, the dangerous part, is limited
# to the stack's own roles and PassRole to three services.
resource "aws_iam_policy" "apply_default" {
  count = local.create_default_apply_policy ? 1 : 0

  name        = "${var.name}-apply"
  description = "Least privilege to deploy the terraform-basemachina-modules stacks."
  policy      = jsonencode({ Version = "2012-10-17", Statement = local.default_apply_statements })

  tags = merge(local.tags, { Name = "${var.name}-apply" })
}

resource "aws_iam_role_policy_attachment" "apply_default" {
  count = local.create_default_apply_policy ? 1 : 0

  role       = aws_iam_role.apply.name
  policy_arn = aws_iam_policy.apply_default[0].arn
}
