# The permissions boundary every role the stacks create must carry (the apply role may create or
# change a role only with it). It caps those roles at what the modules' task, execution,
# monitoring, flow-log and NAT-instance roles need, so a role the apply role writes can never grant
# more: no IAM, no STS role chaining, no data outside what these services read and write.
resource "aws_iam_policy" "stack_boundary" {
  name        = local.boundary_name
  description = "Permissions boundary of the roles the terraform-basemachina-modules stacks create."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "WhatStackRolesMayEverDo"
        Effect = "Allow"
        Action = [
          # Image pulls through the ECR cache, logs, the TENANT_ID secret and its key.
          "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
          "ecr:BatchImportUpstreamImage", "ecr:CreateRepository",
          "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:PutRetentionPolicy",
          "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:GetLogEvents",
          "secretsmanager:GetSecretValue", "kms:Decrypt", "ssm:GetParameters",
          # ECS Exec and Session Manager (the NAT instance).
          "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
          "ssm:UpdateInstanceInformation", "ssm:ListInstanceAssociations", "ssm:ListAssociations", "ssm:DescribeAssociation",
          "ssm:GetDocument", "ssm:DescribeDocument", "ssm:UpdateInstanceAssociationStatus", "ssm:PutInventory",
          "ssm:PutComplianceItems", "ssm:GetManifest", "ssm:GetDeployablePatchSnapshotForInstance", "ssm:PutConfigurePackageResult",
          "ssm:UpdateAssociationStatus", "ssm:GetParameter",
          "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint",
          "ec2messages:GetMessages", "ec2messages:SendReply",
          # The seed task's fetch container.
          "s3:GetObject",
        ]
        Resource = ["*"]
      },
    ]
  })

  tags = merge(local.tags, { Name = local.boundary_name })
}
