locals {
  # Each environment's state object and lock file: every role of an environment reaches its own only.
  state_objects_of = { for env, key in local.state_keys : env => ["${local.bucket_arn}/${key}", "${local.bucket_arn}/${key}.tflock"] }

  # Listing shows key names only, and only the environment's own state key and the workspace
  # prefix: every terraform command lists the workspaces under "<workspace_key_prefix>/" (default
  # env:/) and fails when it may not (Terraform, internal/backend/remote-state/s3 Workspaces()).
  list_state_bucket_of = { for env, key in local.state_keys : env => {
    Sid       = "ListStateBucket"
    Effect    = "Allow"
    Action    = ["s3:ListBucket"]
    Resource  = [local.bucket_arn]
    Condition = { StringLike = { "s3:prefix" = [key, "${key}.tflock", "env:/"] } }
  } }

  kms_statements = var.state.kms_key_arn == null ? [] : [{
    Sid      = "StateKey"
    Effect   = "Allow"
    Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    Resource = [var.state.kms_key_arn]
  }]
  pr_environments = { for env, e in var.environments : env => e if e.plan_pull_requests }
}

# Plans on deploy_refs (the default branch): the production plan that reviewers approve, the
# drift check, the plan before each apply. Trusted only from those refs running workflow_refs.
resource "aws_iam_role" "plan" {
  for_each = var.environments

  name                 = "${var.name}-plan-${each.key}"
  description          = "Assumed by GitHub Actions on ${join(", ", var.github_trust.deploy_refs)} for terraform plan of ${each.key}: reads its services, state and secrets, writes its lock file."
  assume_role_policy   = local.trust_policy_for["plan-${each.key}"]
  max_session_duration = 3600

  tags = merge(local.tags, { Name = "${var.name}-plan-${each.key}" })
}

# What a plan reads, instead of ReadOnlyAccess (which reads every bucket, log and parameter in the
# account): describe and list the stacks' services, and the secrets of this environment whose
# value provider 5.x reads to refresh a write-only version (hashicorp/terraform-provider-aws#42383,
# fixed in 6.x by #44876).
resource "aws_iam_role_policy" "plan_read" {
  for_each = var.environments

  name = "read-stack-services"
  role = aws_iam_role.plan[each.key].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.read_statement,
      local.read_buckets_statement_of[each.key],
      {
        # The tenant id, and the Redis connection secret in password mode.
        Sid    = "RefreshTheWriteOnlySecrets"
        Effect = "Allow"
        Action = ["secretsmanager:GetSecretValue"]
        Resource = [
          "arn:${local.p}:secretsmanager:*:*:secret:${local.name_prefix_of[each.key]}*-bridge-tenant-id-*",
          "arn:${local.p}:secretsmanager:*:*:secret:${local.name_prefix_of[each.key]}*-redis-*",
        ]
      },
    ]
  })
}

resource "aws_iam_role_policy" "plan_state" {
  for_each = var.environments

  name = "terraform-state-read-and-lock"
  role = aws_iam_role.plan[each.key].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      local.list_state_bucket_of[each.key],
      {
        Sid      = "ReadState"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = local.state_objects_of[each.key]
      },
      {
        # A plan takes the lock too, so it needs to write and remove the lock file, never the state.
        Sid      = "LockFile"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:DeleteObject"]
        Resource = [local.state_objects_of[each.key][1]]
      },
      {
        # The plan reviewers approve, saved for the apply job (never readable from a pull request).
        Sid      = "SavePlan"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["${local.bucket_arn}/${local.saved_plan_prefixes[each.key]}*"]
      },
    ], local.kms_statements)
  })
}

# Pull requests of environments that allow them (plan_pull_requests): the role a pull request's
# token gets. Anything a pull request runs may use it, so it reads the environment's state and
# nothing else: no service, no secret, no lock (the workflow plans with -refresh=false
# -lock=false). The environment's state must hold no secret; the template's dev holds none.
resource "aws_iam_role" "pull_request" {
  for_each = local.pr_environments

  name                 = "${var.name}-pr-${each.key}"
  description          = "Assumed by GitHub Actions pull request runs for terraform plan -refresh=false of ${each.key}: reads its state only."
  assume_role_policy   = local.trust_policy_for["pr-${each.key}"]
  max_session_duration = 3600

  tags = merge(local.tags, { Name = "${var.name}-pr-${each.key}" })
}

resource "aws_iam_role_policy" "pull_request_state" {
  for_each = local.pr_environments

  name = "terraform-state-read"
  role = aws_iam_role.pull_request[each.key].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      local.list_state_bucket_of[each.key],
      {
        Sid      = "ReadState"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = [local.state_objects_of[each.key][0]]
      },
    ], local.kms_statements)
  })
}

# One apply role per environment: the jobs of its GitHub environment on deploy_refs, running
# workflow_refs, deploy that environment and write only its state, so a dev job can never apply
# production.
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
      local.list_state_bucket_of[each.key],
      {
        Sid      = "ReadWriteStateAndLock"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = local.state_objects_of[each.key]
      },
      {
        # The approved plan, read once and deleted after the apply.
        Sid      = "ApplySavedPlan"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:DeleteObject"]
        Resource = ["${local.bucket_arn}/${local.saved_plan_prefixes[each.key]}*"]
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
