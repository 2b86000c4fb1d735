mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  github_repository = "acme/infrastructure"
  state             = { bucket_name = "acme-bridge-tfstate" }
  tags              = { Project = "bridge-test" }
}

run "trust_policies_pin_audience_and_subject" {
  command = apply

  # Without aud AND sub, strangers' repositories can assume the role.
  assert {
    condition     = jsondecode(aws_iam_role.plan.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "wanted aud = sts.amazonaws.com on the plan role"
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "wanted aud = sts.amazonaws.com on the apply role"
  }
  assert {
    condition     = toset(jsondecode(aws_iam_role.plan.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]) == toset(["repo:acme/infrastructure:pull_request", "repo:acme/infrastructure:ref:refs/heads/main"])
    error_message = "wanted the plan role trusted for pull requests and main only, got ${aws_iam_role.plan.assume_role_policy}"
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/infrastructure:environment:production"]
    error_message = "wanted the apply role trusted for the production environment only, got ${aws_iam_role.apply["production"].assume_role_policy}"
  }
  # One apply role per environment (dev and production by default), each trusting its own only.
  assert {
    condition     = keys(aws_iam_role.apply) == ["dev", "production"] && jsondecode(aws_iam_role.apply["dev"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/infrastructure:environment:dev"]
    error_message = "wanted a dev apply role trusted for the dev environment only"
  }
  assert {
    condition     = !strcontains(aws_iam_role.plan.assume_role_policy, "*") && !strcontains(aws_iam_role.apply["production"].assume_role_policy, "*")
    error_message = "wanted no wildcard anywhere in the trust policies"
  }
  assert {
    condition     = !can(jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Condition.StringLike)
    error_message = "wanted StringEquals only, no StringLike"
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Principal.Federated == aws_iam_openid_connect_provider.github[0].arn
    error_message = "wanted the GitHub OIDC provider as the federated principal"
  }
  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "wanted the GitHub Actions OIDC provider for sts.amazonaws.com"
  }

  # State access covers the state object and its .tflock.
  assert {
    condition     = strcontains(aws_iam_role_policy.plan_state.policy, "acme-bridge-tfstate/bridge/dev/terraform.tfstate.tflock") && strcontains(aws_iam_role_policy.plan_state.policy, "acme-bridge-tfstate/bridge/production/terraform.tfstate.tflock") && strcontains(aws_iam_role_policy.apply_state["production"].policy, "acme-bridge-tfstate/bridge/production/terraform.tfstate.tflock")
    error_message = "wanted both roles to reach the lock files"
  }
  # An environment's apply role writes its own state only.
  assert {
    condition     = !strcontains(aws_iam_role_policy.apply_state["production"].policy, "bridge/dev/") && !strcontains(aws_iam_role_policy.apply_state["dev"].policy, "bridge/production/")
    error_message = "wanted each apply role limited to its environment's state"
  }
  assert {
    condition     = toset(one([for s in jsondecode(aws_iam_role_policy.plan_state.policy).Statement : s.Resource if s.Sid == "LockFile"])) == toset(["arn:aws:s3:::acme-bridge-tfstate/bridge/dev/terraform.tfstate.tflock", "arn:aws:s3:::acme-bridge-tfstate/bridge/production/terraform.tfstate.tflock"])
    error_message = "wanted the plan role to write only the lock file"
  }
  # The plan role reads the stacks' services and only the tenant secret's value, never ReadOnlyAccess.
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.plan_read.policy).Statement : s.Resource if s.Sid == "RefreshTheWriteOnlySecrets"]) == ["arn:aws:secretsmanager:*:*:secret:bridge*-bridge-tenant-id-*", "arn:aws:secretsmanager:*:*:secret:bridge*-redis-*"]
    error_message = "wanted the plan role to read only the write-only secrets' values, got ${aws_iam_role_policy.plan_read.policy}"
  }
  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.plan_read.policy).Statement : alltrue([for a in s.Action : !contains(["s3:GetObject", "logs:GetLogEvents", "logs:FilterLogEvents", "ssm:GetParameter", "ssm:GetParameters"], a)])])
    error_message = "wanted the plan role to read no object, log event or parameter"
  }
  # PassRole only to the stack's roles, only to the services the stacks run.
  assert {
    condition     = one([for s in jsondecode(aws_iam_policy.apply_default["iam"].policy).Statement : s.Resource if s.Sid == "PassStackRolesToServices"]) == ["arn:aws:iam::*:role/bridge*"]
    error_message = "wanted PassRole limited to the stack's roles"
  }
  assert {
    condition     = toset(one([for s in jsondecode(aws_iam_policy.apply_default["iam"].policy).Statement : s.Condition.StringEquals["iam:PassedToService"] if s.Sid == "PassStackRolesToServices"])) == toset(["ecs-tasks.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com", "ec2.amazonaws.com"])
    error_message = "wanted iam:PassedToService on PassRole"
  }
  # No service:* on *: a whole-service grant is limited to resources named after the stack.
  assert {
    condition = alltrue(flatten([for p in aws_iam_policy.apply_default : [for s in jsondecode(p.policy).Statement : s.Effect == "Deny" || !(
      contains(s.Resource, "*") && anytrue([for a in s.Action : endswith(a, ":*") || a == "*"])
    )]]))
    error_message = "wanted no service:* on * in the default apply policy"
  }
  # Every environment's apply role gets the four parts of the default policy.
  assert {
    condition     = toset(keys(aws_iam_role_policy_attachment.apply_default)) == toset(["dev/iam", "dev/network", "dev/read", "dev/stack", "production/iam", "production/network", "production/read", "production/stack"])
    error_message = "wanted each apply role attached to the read, stack, network and iam parts, got ${jsonencode(keys(aws_iam_role_policy_attachment.apply_default))}"
  }
  # The guardrails hold with any apply policy: they are an inline policy of their own.
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.apply_guardrails["production"].policy).Statement : s.Effect if s.Sid == "NeverChangeTheCICDRolesOrTheirPolicies"]) == "Deny"
    error_message = "wanted the no-escalation Deny on the apply role"
  }
  assert {
    condition     = output.stack_permissions_boundary_arn == aws_iam_policy.stack_boundary.arn && !strcontains(aws_iam_policy.stack_boundary.policy, "iam:")
    error_message = "wanted a boundary that grants no IAM action"
  }
}

run "state_bucket_controls" {
  command = apply

  assert {
    condition     = aws_s3_bucket_versioning.state.versioning_configuration[0].status == "Enabled"
    error_message = "wanted versioning on"
  }
  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"
    error_message = "wanted SSE-S3 by default"
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.state.block_public_acls && aws_s3_bucket_public_access_block.state.block_public_policy && aws_s3_bucket_public_access_block.state.ignore_public_acls && aws_s3_bucket_public_access_block.state.restrict_public_buckets
    error_message = "wanted all four public access blocks"
  }
  assert {
    condition     = aws_s3_bucket_ownership_controls.state.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "wanted ACLs disabled (BucketOwnerEnforced)"
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.state.policy).Statement[0].Effect == "Deny" && jsondecode(aws_s3_bucket_policy.state.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false"
    error_message = "wanted a deny on non-TLS requests"
  }
  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.state.rule[0].noncurrent_version_expiration[0].noncurrent_days == 90
    error_message = "wanted noncurrent versions expired after 90 days"
  }
  assert {
    condition     = length(aws_s3_bucket_logging.state) == 0
    error_message = "wanted no access logging unless a bucket is given"
  }
  assert {
    condition     = output.backend_configs["production"].use_lockfile == true && output.backend_configs["production"].encrypt == true && output.backend_configs["production"].bucket == "acme-bridge-tfstate" && output.backend_configs["production"].key == "bridge/production/terraform.tfstate" && output.backend_configs["dev"].key == "bridge/dev/terraform.tfstate" && output.backend_configs["production"].region == "ap-northeast-1"
    error_message = "wanted a backend config per environment, each with its own key, use_lockfile and encrypt"
  }
  assert {
    condition     = strcontains(output.backend_blocks["dev"], "key          = \"bridge/dev/terraform.tfstate\"") && strcontains(output.backend_blocks["dev"], "use_lockfile = true") && !strcontains(output.backend_blocks["dev"], "dynamodb")
    error_message = "wanted a ready backend block per environment without DynamoDB"
  }
  # The bootstrap's own state is outside every CI role's reach.
  assert {
    condition     = strcontains(output.bootstrap_backend_block, "\"bootstrap/terraform.tfstate\"") && !strcontains(aws_iam_role_policy.plan_state.policy, "bootstrap/") && alltrue([for p in aws_iam_role_policy.apply_state : !strcontains(p.policy, "bootstrap/")])
    error_message = "wanted the bootstrap's state key outside the CI roles' policies"
  }
  assert {
    condition     = aws_s3_bucket.state.tags["Project"] == "bridge-test" && aws_iam_role.apply["production"].tags["Project"] == "bridge-test"
    error_message = "wanted the caller's tags"
  }
}

run "existing_oidc_provider_kms_and_logging" {
  command = apply
  variables {
    oidc_provider_arn = "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com"
    state = {
      bucket_name        = "acme-bridge-tfstate"
      kms_key_arn        = "arn:aws:kms:ap-northeast-1:210987654321:key/11111111-2222-3333-4444-555555555555"
      access_logs_bucket = "acme-access-logs"
    }
    environments   = { production = { github_environment = "prod" } }
    apply_policies = { power_user = "arn:aws:iam::aws:policy/PowerUserAccess" }
  }
  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0 && jsondecode(aws_iam_role.plan.assume_role_policy).Statement[0].Principal.Federated == var.oidc_provider_arn
    error_message = "wanted the existing provider reused"
  }
  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms" && one(aws_s3_bucket_server_side_encryption_configuration.state.rule).bucket_key_enabled
    error_message = "wanted SSE-KMS with a bucket key"
  }
  assert {
    condition     = aws_s3_bucket_logging.state[0].target_bucket == "acme-access-logs"
    error_message = "wanted access logs to the given bucket"
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/infrastructure:environment:prod"] && keys(aws_iam_role.apply) == ["production"]
    error_message = "wanted the production role trusted for the GitHub environment prod"
  }
  assert {
    condition     = length(aws_iam_policy.apply_default) == 0 && aws_iam_role_policy_attachment.apply_given["production/power_user"].policy_arn == "arn:aws:iam::aws:policy/PowerUserAccess"
    error_message = "wanted the caller's policy instead of the default"
  }
  assert {
    condition     = strcontains(aws_iam_role_policy.apply_state["production"].policy, "kms:GenerateDataKey")
    error_message = "wanted the roles to use the state key"
  }
}

run "rejects_no_environment" {
  command = plan
  variables {
    environments = {}
  }
  expect_failures = [var.environments]
}

run "rejects_wildcard_github_environment" {
  command = plan
  variables {
    environments = { production = { github_environment = "*" } }
  }
  expect_failures = [var.environments]
}

run "rejects_an_environment_named_bootstrap" {
  command = plan
  variables {
    environments = { bootstrap = {} }
  }
  expect_failures = [var.environments]
}

run "rejects_a_key_prefix_inside_bootstrap" {
  command = plan
  variables {
    state = { bucket_name = "acme-bridge-tfstate", key_prefix = "bootstrap/stacks" }
  }
  expect_failures = [var.state]
}

run "rejects_empty_branch_name" {
  command = plan
  variables {
    plan_trust = { branches = [""] }
  }
  expect_failures = [var.plan_trust]
}

run "rejects_plan_role_without_subjects" {
  command = plan
  variables {
    plan_trust = { pull_requests = false, branches = [] }
  }
  expect_failures = [var.plan_trust]
}

run "rejects_malformed_repository" {
  command = plan
  variables {
    github_repository = "infrastructure"
  }
  expect_failures = [var.github_repository]
}

run "rejects_wildcard_repository" {
  command = plan
  variables {
    github_repository = "acme/*"
  }
  expect_failures = [var.github_repository]
}

run "rejects_invalid_bucket_name" {
  command = plan
  variables {
    state = { bucket_name = "Acme_State" }
  }
  expect_failures = [var.state]
}

run "rejects_ip_shaped_bucket_name" {
  command = plan
  variables {
    state = { bucket_name = "192.168.1.10" }
  }
  expect_failures = [var.state]
}

run "rejects_existing_provider_without_arn" {
  command = plan
  variables {
    oidc_provider_arn = "arn:aws:iam::210987654321:oidc-provider/accounts.google.com"
  }
  expect_failures = [var.oidc_provider_arn]
}
