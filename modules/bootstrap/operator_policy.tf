# What bridgectl doctor, logs and seed need on the stacks named <managed_name_prefix>*, as one
# managed policy an operator's role or permission set attaches: they describe the service, its
# tasks, targets, network and certificate, read the Bridge's logs, and run the seed task with
# its SQL file in the seed bucket, reading the outputs from the state. Nothing here changes a stack. The emulator cycles evaluate
# every call bridgectl makes against this document (test/emulator, IAM evaluation).
locals {
  operator_statements = [
    {
      Sid    = "DiagnoseTheStack"
      Effect = "Allow"
      Action = ["ecs:DescribeServices", "ecs:DescribeTasks", "ecs:ListTasks"]
      Resource = [
        "arn:${local.p}:ecs:*:*:service/${local.prefix}*/*", "arn:${local.p}:ecs:*:*:task/${local.prefix}*/*",
        "arn:${local.p}:ecs:*:*:container-instance/${local.prefix}*/*",
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
      Resource = ["arn:${local.p}:logs:*:*:log-group:/ecs/${local.prefix}*", "arn:${local.p}:logs:*:*:log-group:/ecs/${local.prefix}*:log-stream:*"]
    },
    {
      Sid       = "RunTheSeedTask"
      Effect    = "Allow"
      Action    = ["ecs:RunTask"]
      Resource  = ["arn:${local.p}:ecs:*:*:task-definition/${local.prefix}*-seed:*"]
      Condition = { ArnLike = { "ecs:cluster" = "arn:${local.p}:ecs:*:*:cluster/${local.prefix}*" } }
    },
    {
      Sid       = "PassTheSeedRoles"
      Effect    = "Allow"
      Action    = ["iam:PassRole"]
      Resource  = ["arn:${local.p}:iam::*:role/${local.prefix}*-seed-*"]
      Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
    },
    {
      # bridgectl reads the stack's outputs with terraform output, from the environment's state.
      Sid      = "ReadTheStackOutputs"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = [for env, objects in local.state_objects_of : objects[0]]
    },
    local.list_state_bucket,
    {
      Sid      = "PutAndRemoveTheSeedFile"
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:DeleteObject"]
      Resource = ["arn:${local.p}:s3:::${local.prefix}*-seed-*/*"]
    },
  ]
}

resource "aws_iam_policy" "operator" {
  name        = "${var.name}-operator"
  description = "What bridgectl doctor, logs and seed need on the terraform-basemachina-modules stacks named ${var.managed_name_prefix}*; changes nothing."
  policy      = jsonencode({ Version = "2012-10-17", Statement = local.operator_statements })

  tags = merge(local.tags, { Name = "${var.name}-operator" })
}
