locals {
  trust_policy = { for role, subjects in { plan = local.plan_subjects, apply = local.apply_subjects } : role => jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_host}:aud" = "sts.amazonaws.com"
          "${local.oidc_host}:sub" = subjects
        }
      }
    }]
  }) }

  list_state_bucket = {
    Sid      = "ListStateBucket"
    Effect   = "Allow"
    Action   = ["s3:ListBucket"]
    Resource = [local.bucket_arn]
  }

  kms_statements = var.state.kms_key_arn == null ? [] : [{
    Sid      = "StateKey"
    Effect   = "Allow"
    Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    Resource = [var.state.kms_key_arn]
  }]
}

resource "aws_iam_role" "plan" {
  name                 = "${var.name}-plan"
  description          = "Assumed by GitHub Actions for terraform plan: reads the stacks' services, the state and the tenant secret, writes the lock file."
  assume_role_policy   = local.trust_policy["plan"]
  max_session_duration = 3600

  tags = merge(local.tags, { Name = "${var.name}-plan" })
}

# What a plan reads, instead of ReadOnlyAccess (which reads every bucket, log and parameter in the
# account): describe and list the stacks' services, and the tenant secret's value, which provider
# 5.x reads to refresh its write-only version (hashicorp/terraform-provider-aws#42383, fixed in 6.x
# by #44876) and only for secrets named after the stacks.
resource "aws_iam_role_policy" "plan_read" {
  name = "read-stack-services"
  role = aws_iam_role.plan.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.read_statement,
      local.read_buckets_statement,
      {
        Sid      = "RefreshTheTenantSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = ["arn:${local.p}:secretsmanager:*:*:secret:${local.prefix}*-bridge-tenant-id-*"]
      },
    ]
  })
}

resource "aws_iam_role_policy" "plan_state" {
  name = "terraform-state-read-and-lock"
  role = aws_iam_role.plan.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      local.list_state_bucket,
      {
        Sid      = "ReadState"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = local.state_object_arns
      },
      {
        # A plan takes the lock too, so it needs to write and remove the lock file, never the state.
        Sid      = "LockFile"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:DeleteObject"]
        Resource = ["${local.bucket_arn}/${var.state.key}.tflock"]
      },
    ], local.kms_statements)
  })
}

resource "aws_iam_role" "apply" {
  name                 = "${var.name}-apply"
  description          = "Assumed by GitHub Actions for terraform apply from protected environments or branches."
  assume_role_policy   = local.trust_policy["apply"]
  max_session_duration = 3600

  tags = merge(local.tags, { Name = "${var.name}-apply" })
}

resource "aws_iam_role_policy" "apply_state" {
  name = "terraform-state-read-write-and-lock"
  role = aws_iam_role.apply.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      local.list_state_bucket,
      {
        Sid      = "ReadWriteStateAndLock"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = local.state_object_arns
      },
    ], local.kms_statements)
  })
}

resource "aws_iam_role_policy_attachment" "apply_given" {
  for_each = var.apply_policies

  role       = aws_iam_role.apply.name
  policy_arn = each.value
}
