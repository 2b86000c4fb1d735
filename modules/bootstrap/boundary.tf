# The permissions boundary every role an environment's stacks create must carry (its apply role may
# create or change a role only with it). It caps those roles at what the modules' task, execution,
# monitoring, flow-log and NAT-instance roles need, on that environment's own resources only: a
# role the apply role writes, whatever its trust policy says, can read no other environment's or
# workload's secrets, objects, parameters, logs or images, no state, and nothing of IAM or STS.
# IAM Access Analyzer (access_analyzer.tf) reports any such role trusted from outside the account.
locals {
  # The prefixes a stack's log groups take (/ecs/<name>/..., /vpc/<name>/..., /ec2/<name>/...).
  log_group_arns_of = { for env, prefix in local.name_prefix_of : env => flatten([
    for kind in ["ecs", "vpc", "ec2"] : ["arn:${local.p}:logs:*:*:log-group:/${kind}/${prefix}*", "arn:${local.p}:logs:*:*:log-group:/${kind}/${prefix}*:log-stream:*"]
  ]) }

  boundary_statements_of = { for env, prefix in local.name_prefix_of : env => [
    {
      # Registry-wide or service-plumbing calls that name no data: the ECR token, listing log
      # groups, ECS Exec's and Session Manager's channels (the NAT instance), the SSM agent.
      Sid    = "ServicePlumbing"
      Effect = "Allow"
      Action = [
        "ecr:GetAuthorizationToken", "logs:DescribeLogGroups",
        "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
        "ssm:UpdateInstanceInformation", "ssm:ListInstanceAssociations", "ssm:ListAssociations", "ssm:DescribeAssociation",
        "ssm:GetDocument", "ssm:DescribeDocument", "ssm:UpdateInstanceAssociationStatus", "ssm:PutInventory",
        "ssm:PutComplianceItems", "ssm:GetManifest", "ssm:GetDeployablePatchSnapshotForInstance", "ssm:PutConfigurePackageResult",
        "ssm:UpdateAssociationStatus",
        "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint",
        "ec2messages:GetMessages", "ec2messages:SendReply",
      ]
      Resource = ["*"]
    },
    {
      # Image pulls through this environment's pull-through cache (<name>-ecr-public/...).
      Sid      = "PullThisEnvironmentsImages"
      Effect   = "Allow"
      Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]
      Resource = ["arn:${local.p}:ecr:*:*:repository/${prefix}*"]
    },
    {
      Sid      = "WriteAndReadThisEnvironmentsLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:PutRetentionPolicy", "logs:DescribeLogStreams", "logs:GetLogEvents"]
      Resource = local.log_group_arns_of[env]
    },
    {
      # The environment's secrets (TENANT_ID, Redis), and the master secret RDS manages for the
      # seed task: RDS names it rds!db-<id> itself, so no name can say "this environment's"; one
      # account per environment is what keeps other databases' master secrets out of reach.
      Sid      = "ReadThisEnvironmentsSecrets"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = ["arn:${local.p}:secretsmanager:*:*:secret:${prefix}*", "arn:${local.p}:secretsmanager:*:*:secret:rds!*"]
    },
    {
      Sid    = "ReadThisEnvironmentsParameters"
      Effect = "Allow"
      Action = ["ssm:GetParameter", "ssm:GetParameters"]
      Resource = [
        "arn:${local.p}:ssm:*:*:parameter/${prefix}*",
        # The NAT instance's image id (a public parameter, no account in its ARN).
        "arn:${local.p}:ssm:*::parameter/aws/service/ami-amazon-linux-latest/*",
      ]
    },
    {
      # The seed task's fetch container reads the environment's seed bucket.
      Sid      = "ReadThisEnvironmentsObjects"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["arn:${local.p}:s3:::${prefix}*/*"]
    },
    {
      # The NAT instance takes the fixed interface and the Elastic IP of its own stack at boot and
      # reports its launch and health to its own group (network module, nat_instance.tf).
      Sid       = "NatInstanceTakesItsInterface"
      Effect    = "Allow"
      Action    = ["ec2:AttachNetworkInterface", "ec2:AssociateAddress", "ec2:ModifyNetworkInterfaceAttribute"]
      Resource  = ["*"]
      Condition = { StringLike = { "aws:ResourceTag/Name" = "${prefix}*-nat-instance" } }
    },
    {
      Sid      = "NatInstanceReportsToItsGroup"
      Effect   = "Allow"
      Action   = ["autoscaling:CompleteLifecycleAction", "autoscaling:SetInstanceHealth"]
      Resource = ["arn:${local.p}:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/${prefix}*"]
    },
    {
      # A customer key decrypts only what these services read for the role (kms:ViaService, AWS
      # KMS Developer Guide, "kms:ViaService"), never a ciphertext handed to KMS directly.
      Sid      = "DecryptOnlyThroughTheServices"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = ["*"]
      Condition = {
        StringLike = { "kms:ViaService" = ["secretsmanager.*.amazonaws.com", "ssm.*.amazonaws.com", "s3.*.amazonaws.com", "logs.*.amazonaws.com", "ecr.*.amazonaws.com"] }
      }
    },
  ] }
}

resource "aws_iam_policy" "stack_boundary" {
  for_each = var.environments

  name        = "${var.name}-boundary-${each.key}"
  description = "Permissions boundary of the roles the terraform-basemachina-modules stacks of ${each.key} create: only ${local.name_prefix_of[each.key]}* data."
  policy      = jsonencode({ Version = "2012-10-17", Statement = local.boundary_statements_of[each.key] })

  tags = merge(local.tags, { Name = "${var.name}-boundary-${each.key}" })
}
