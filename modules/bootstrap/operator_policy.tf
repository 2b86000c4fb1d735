# What bridgectl doctor, logs and seed need on one environment's stacks (named <name_prefix>*), as
# a managed policy per environment that an operator's role or permission set attaches: they describe the service, its
# tasks, targets, network and certificate, read the Bridge's logs, and run the seed task with
# its SQL file in the seed bucket, reading the outputs from the state. Nothing here changes a stack. The emulator cycles evaluate
# every call bridgectl makes against this document (test/emulator, IAM evaluation).
locals {
  operator_statements_of = { for env, prefix in local.name_prefix_of : env => [
    {
      Sid    = "DiagnoseTheStack"
      Effect = "Allow"
      Action = ["ecs:DescribeServices", "ecs:DescribeTasks", "ecs:ListTasks"]
      Resource = [
        "arn:${local.p}:ecs:*:*:service/${prefix}*/*", "arn:${local.p}:ecs:*:*:task/${prefix}*/*",
        "arn:${local.p}:ecs:*:*:container-instance/${prefix}*/*",
      ]
    },
    {
      # Describe calls of these services take no resource-level permission.
      Sid    = "DescribeTargetsNetworkAndCertificate"
      Effect = "Allow"
      Action = [
        "elasticloadbalancing:DescribeTargetHealth", "ec2:DescribeSubnets", "ec2:DescribeRouteTables", "ec2:DescribeVpcEndpoints",
        "ec2:DescribeSecurityGroupRules", "ecr:DescribePullThroughCacheRules",
      ]
      Resource = ["*"]
    },
    {
      Sid      = "ReadTheCertificateAndRecord"
      Effect   = "Allow"
      Action   = ["acm:DescribeCertificate", "route53:ListResourceRecordSets"]
      Resource = ["arn:${local.p}:acm:*:*:certificate/*", "arn:${local.p}:route53:::hostedzone/*"]
    },
    {
      Sid      = "ReadTheStackLogs"
      Effect   = "Allow"
      Action   = ["logs:FilterLogEvents", "logs:GetLogEvents"]
      Resource = ["arn:${local.p}:logs:*:*:log-group:/ecs/${prefix}*", "arn:${local.p}:logs:*:*:log-group:/ecs/${prefix}*:log-stream:*"]
    },
    {
      Sid       = "RunTheSeedTask"
      Effect    = "Allow"
      Action    = ["ecs:RunTask"]
      Resource  = ["arn:${local.p}:ecs:*:*:task-definition/${prefix}*-seed:*"]
      Condition = { ArnLike = { "ecs:cluster" = "arn:${local.p}:ecs:*:*:cluster/${prefix}*" } }
    },
    {
      Sid       = "PassTheSeedRoles"
      Effect    = "Allow"
      Action    = ["iam:PassRole"]
      Resource  = ["arn:${local.p}:iam::*:role/${prefix}*-seed-*"]
      Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
    },
    {
      # bridgectl reads the stack's outputs with terraform output, from the environment's state.
      Sid      = "ReadTheStackOutputs"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = [local.state_objects_of[env][0]]
    },
    local.list_state_bucket_of[env],
    {
      Sid      = "PutAndRemoveTheSeedFile"
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:DeleteObject"]
      Resource = ["arn:${local.p}:s3:::${prefix}*-seed-*/*"]
    },
  ] }
}

resource "aws_iam_policy" "operator" {
  for_each = var.environments

  name        = "${var.name}-operator-${each.key}"
  description = "What bridgectl doctor, logs and seed need on the terraform-basemachina-modules stacks of ${each.key} (named ${local.name_prefix_of[each.key]}*); changes nothing."
  policy      = jsonencode({ Version = "2012-10-17", Statement = local.operator_statements_of[each.key] })

  tags = merge(local.tags, { Name = "${var.name}-operator-${each.key}" })
}
