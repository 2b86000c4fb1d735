locals {
  trust_policy_for = { for name, subjects in merge({ plan = local.plan_subjects }, { for env, subs in local.apply_subjects : "apply-${env}" => subs }) : name => jsonencode({
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

  # Each environment's state object and lock file: the plan role reads them all, an apply role its own.
  state_objects_of  = { for env, key in local.state_keys : env => ["${local.bucket_arn}/${key}", "${local.bucket_arn}/${key}.tflock"] }
  all_state_objects = flatten(values(local.state_objects_of))
  all_lock_files    = [for objects in values(local.state_objects_of) : objects[1]]

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
  assume_role_policy   = local.trust_policy_for["plan"]
  max_session_duration = 3600

  tags = merge(local.tags, { Name = "${var.name}-plan" })
}

# What a plan reads, instead of ReadOnlyAccess (which reads every bucket, log and parameter in the
# account): describe and list the stacks' services, and the tenant secret's value, which provider
# 5.x reads to refresh its write-only version (hashicorp/terraform-provider-aws#42383, fixed in 6.x
# by #44876) and only for secrets named after the stacks.
resource "aws_iam_role_policy" "plan_read" {
  name = "read-stack-services"
  role = aws_iam_role.plan.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.read_statement,
      local.read_buckets_statement,
      {
        # Provider 5.x reads a write-only secret version's value to refresh it: the tenant id,
        # and the Redis connection secret in password mode.
        Sid    = "RefreshTheWriteOnlySecrets"
        Effect = "Allow"
        Action = ["secretsmanager:GetSecretValue"]
        Resource = [
          "arn:${local.p}:secretsmanager:*:*:secret:${local.prefix}*-bridge-tenant-id-*",
          "arn:${local.p}:secretsmanager:*:*:secret:${local.prefix}*-redis-*",
        ]
      },
    ]
  })
}

resource "aws_iam_role_policy" "plan_state" {
  name = "terraform-state-read-and-lock"
  role = aws_iam_role.plan.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      local.list_state_bucket,
      {
        Sid      = "ReadState"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = local.all_state_objects
      },
      {
        # A plan takes the lock too, so it needs to write and remove the lock file, never the state.
        Sid      = "LockFile"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:DeleteObject"]
        Resource = local.all_lock_files
      },
    ], local.kms_statements)
  })
}

# One apply role per environment: the jobs of one GitHub environment deploy that environment and
# write only its state, so a dev job can never apply production.
resource "aws_iam_role" "apply" {
  for_each = var.environments

  name                 = "${var.name}-apply-${each.key}"
  description          = "Assumed by GitHub Actions jobs of the ${local.github_env_name[each.key]} environment for terraform apply of ${each.key}."
  assume_role_policy   = local.trust_policy_for["apply-${each.key}"]
  max_session_duration = 3600

  tags = merge(local.tags, { Name = "${var.name}-apply-${each.key}" })
}

resource "aws_iam_role_policy" "apply_state" {
  for_each = var.environments

  name = "terraform-state-read-write-and-lock"
  role = aws_iam_role.apply[each.key].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      local.list_state_bucket,
      {
        Sid      = "ReadWriteStateAndLock"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = local.state_objects_of[each.key]
      },
    ], local.kms_statements)
  })
}

resource "aws_iam_role_policy_attachment" "apply_given" {
  for_each = { for pair in setproduct(keys(var.environments), keys(var.apply_policies)) : "${pair[0]}/${pair[1]}" => { env = pair[0], arn = var.apply_policies[pair[1]] } }

  role       = aws_iam_role.apply[each.value.env].name
  policy_arn = each.value.arn
}

# Before environments there was one apply role, for the production environment.
moved {
  from = aws_iam_role.apply
  to   = aws_iam_role.apply["production"]
}

moved {
  from = aws_iam_role_policy.apply_state
  to   = aws_iam_role_policy.apply_state["production"]
}
