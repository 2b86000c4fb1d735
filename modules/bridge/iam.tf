locals {
  # Confused deputy guard: ECS may assume the roles only for this account's tasks. ECS sends the
  # source ARN when tasks assume their task role, so that role also pins it.
  execution_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
  task_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:*" }
      }
    }]
  })

  tenant_secret_arn = local.create_tenant_secret ? aws_secretsmanager_secret.tenant[0].arn : var.tenant.secret_arn
  secret_arns       = concat(compact([local.tenant_secret_arn]), values(var.secrets))
  # ECS resolves "arn:...:secret:name:json-key::" references; IAM needs the secret ARN itself.
  secretsmanager_arns = distinct([for a in local.secret_arns : join(":", slice(split(":", a), 0, 7)) if strcontains(a, ":secretsmanager:")])
  ssm_parameter_arns  = distinct([for a in local.secret_arns : a if strcontains(a, ":ssm:")])
  kms_key_arns        = compact([var.tenant.kms_key_arn])

  execution_statements = concat(
    [
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.this.arn}:*"]
      },
    ],
    local.enable_pull_through_cache ? [
      {
        # ECR authorisation tokens are account-wide: AWS accepts no narrower resource.
        Sid      = "EcrAuthToken"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = ["*"]
      },
      {
        # BatchImportUpstreamImage and CreateRepository let the very first pull create the cached
        # repository; without them the first deploy fails with CannotPullContainerError.
        Sid    = "PullThroughCache"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
          "ecr:BatchImportUpstreamImage",
          "ecr:CreateRepository",
        ]
        Resource = [local.cache_repository_arn]
      },
    ] : [],
    length(local.secretsmanager_arns) > 0 ? [{
      Sid      = "ReadSecrets"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = local.secretsmanager_arns
    }] : [],
    length(local.ssm_parameter_arns) > 0 ? [{
      Sid      = "ReadParameters"
      Effect   = "Allow"
      Action   = ["ssm:GetParameters"]
      Resource = local.ssm_parameter_arns
    }] : [],
    length(local.kms_key_arns) > 0 ? [{
      Sid      = "DecryptSecrets"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = local.kms_key_arns
    }] : [],
  )

  # The Bridge itself calls no AWS API; the task role only gains permissions for ECS Exec.
  task_statements = var.enable_execute_command ? [{
    # The SSM message channels have no resource ARN: AWS requires "*" for these actions.
    Sid    = "EcsExec"
    Effect = "Allow"
    Action = [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    Resource = ["*"]
  }] : []
}

resource "aws_iam_role" "execution" {
  permissions_boundary = var.iam_permissions_boundary
  name                 = "${var.name}-bridge-execution"
  description          = "Lets ECS pull the Bridge image, write its logs and read its secrets."
  assume_role_policy   = local.execution_trust_policy
  max_session_duration = 3600

  tags = merge(local.tags, { Name = "${var.name}-bridge-execution" })
}

# ecr:GetAuthorizationToken has no resource-level permissions, so AWS requires Resource "*".
resource "aws_iam_role_policy" "execution" {
  name   = "bridge-execution"
  role   = aws_iam_role.execution.id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.execution_statements })
}

resource "aws_iam_role" "task" {
  permissions_boundary = var.iam_permissions_boundary
  name                 = "${var.name}-bridge-task"
  description          = "Role the Bridge container runs as. Holds no permissions unless ECS Exec is enabled."
  assume_role_policy   = local.task_trust_policy
  max_session_duration = 3600

  tags = merge(local.tags, { Name = "${var.name}-bridge-task" })
}

# The ssmmessages channel actions used by ECS Exec have no resource-level permissions.
resource "aws_iam_role_policy" "task" {
  count = length(local.task_statements) > 0 ? 1 : 0

  name   = "bridge-ecs-exec"
  role   = aws_iam_role.task.id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.task_statements })
}
