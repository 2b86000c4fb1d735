mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  github_repository = "acme/infrastructure"
  state             = { bucket_name = "acme-bridge-tfstate" }
  github_trust      = { workflow_refs = ["acme/terraform-basemachina-modules/.github/workflows/terraform.yml@0123456789abcdef0123456789abcdef01234567"] }
  tags              = { Project = "bridge-test" }
}

# A mock gives every role and every managed policy the same ARN, so an assert could not tell the
# plan role from the apply role, or dev's boundary from production's: each gets the ARN AWS would
# give it, and the asserts name them. File-wide, as a run's override reaches only what that very
# run creates.
override_resource {
  target = aws_iam_policy.stack_boundary["dev"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-boundary-dev" }
}

override_resource {
  target = aws_iam_policy.stack_boundary["production"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-boundary-production" }
}

override_resource {
  target = aws_iam_policy.operator["dev"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-operator-dev" }
}

override_resource {
  target = aws_iam_policy.operator["production"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-operator-production" }
}

override_resource {
  target = aws_iam_policy.apply_default["dev/iam"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-apply-dev-iam" }
}

override_resource {
  target = aws_iam_policy.apply_default["dev/network"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-apply-dev-network" }
}

override_resource {
  target = aws_iam_policy.apply_default["dev/read"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-apply-dev-read" }
}

override_resource {
  target = aws_iam_policy.apply_default["dev/stack"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-apply-dev-stack" }
}

override_resource {
  target = aws_iam_policy.apply_default["production/iam"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-apply-production-iam" }
}

override_resource {
  target = aws_iam_policy.apply_default["production/network"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-apply-production-network" }
}

override_resource {
  target = aws_iam_policy.apply_default["production/read"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-apply-production-read" }
}

override_resource {
  target = aws_iam_policy.apply_default["production/stack"]
  values = { arn = "arn:aws:iam::123456789012:policy/bridge-cicd-apply-production-stack" }
}

override_resource {
  target = aws_iam_role.plan["dev"]
  values = { arn = "arn:aws:iam::123456789012:role/bridge-cicd-plan-dev" }
}

override_resource {
  target = aws_iam_role.plan["production"]
  values = { arn = "arn:aws:iam::123456789012:role/bridge-cicd-plan-production" }
}

override_resource {
  target = aws_iam_role.pull_request["dev"]
  values = { arn = "arn:aws:iam::123456789012:role/bridge-cicd-pr-dev" }
}

override_resource {
  target = aws_iam_role.apply["dev"]
  values = { arn = "arn:aws:iam::123456789012:role/bridge-cicd-apply-dev" }
}

override_resource {
  target = aws_iam_role.apply["production"]
  values = { arn = "arn:aws:iam::123456789012:role/bridge-cicd-apply-production" }
}

run "trust_policies_name_the_repository_the_ref_and_the_workflow" {
  command = apply

  # Without aud AND sub, strangers' repositories can assume the role.
  assert {
    condition     = alltrue([for r in concat(values(aws_iam_role.plan), values(aws_iam_role.apply), values(aws_iam_role.pull_request)) : jsondecode(r.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"])
    error_message = "wanted aud = sts.amazonaws.com on every role"
  }
  # Every role runs only the pinned reusable workflow.
  assert {
    condition     = alltrue([for r in concat(values(aws_iam_role.plan), values(aws_iam_role.apply), values(aws_iam_role.pull_request)) : jsonencode(jsondecode(r.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:job_workflow_ref"]) == jsonencode(var.github_trust.workflow_refs)])
    error_message = "wanted job_workflow_ref = workflow_refs on every role"
  }
  # Plan roles: the default branch only, never a pull request.
  assert {
    condition     = jsondecode(aws_iam_role.plan["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/infrastructure:ref:refs/heads/main"] && jsondecode(aws_iam_role.plan["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:ref"] == ["refs/heads/main"]
    error_message = "wanted the production plan role trusted on main only, got ${aws_iam_role.plan["production"].assume_role_policy}"
  }
  # Apply roles: their GitHub environment, on main.
  assert {
    condition     = jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/infrastructure:environment:production"] && jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:ref"] == ["refs/heads/main"]
    error_message = "wanted the apply role trusted for the production environment on main only, got ${aws_iam_role.apply["production"].assume_role_policy}"
  }
  assert {
    condition     = keys(aws_iam_role.apply) == ["dev", "production"] && jsondecode(aws_iam_role.apply["dev"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/infrastructure:environment:dev"]
    error_message = "wanted a dev apply role trusted for the dev environment only"
  }
  # Pull requests: only dev (plan_pull_requests), with a role of its own.
  assert {
    condition     = keys(aws_iam_role.pull_request) == ["dev"] && jsondecode(aws_iam_role.pull_request["dev"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/infrastructure:pull_request"]
    error_message = "wanted a pull request role for dev only"
  }
  assert {
    condition     = alltrue([for r in concat(values(aws_iam_role.plan), values(aws_iam_role.apply), values(aws_iam_role.pull_request)) : !strcontains(r.assume_role_policy, "*") && !can(jsondecode(r.assume_role_policy).Statement[0].Condition.StringLike)])
    error_message = "wanted StringEquals only and no wildcard in the trust policies"
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Principal.Federated == aws_iam_openid_connect_provider.github[0].arn
    error_message = "wanted the GitHub OIDC provider as the federated principal"
  }
  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "wanted the GitHub Actions OIDC provider for sts.amazonaws.com"
  }

  # Every role reaches its own environment's state only.
  assert {
    condition     = strcontains(aws_iam_role_policy.plan_state["production"].policy, "acme-bridge-tfstate/bridge/production/terraform.tfstate.tflock") && !strcontains(aws_iam_role_policy.plan_state["production"].policy, "bridge/dev/") && !strcontains(aws_iam_role_policy.plan_state["dev"].policy, "bridge/production/")
    error_message = "wanted each plan role limited to its environment's state and lock"
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.apply_state["production"].policy, "bridge/dev/") && !strcontains(aws_iam_role_policy.apply_state["dev"].policy, "bridge/production/")
    error_message = "wanted each apply role limited to its environment's state"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.plan_state["dev"].policy).Statement : s.Resource if s.Sid == "LockFile"]) == ["arn:aws:s3:::acme-bridge-tfstate/bridge/dev/terraform.tfstate.tflock"]
    error_message = "wanted the plan role to write only its lock file"
  }
  # The pull request role reads dev's state object, nothing else: no service, no secret, no lock.
  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.pull_request_state["dev"].policy).Statement : s.Action])) == toset(["s3:ListBucket", "s3:GetObject"]) && one([for s in jsondecode(aws_iam_role_policy.pull_request_state["dev"].policy).Statement : s.Resource if s.Sid == "ReadState"]) == ["arn:aws:s3:::acme-bridge-tfstate/bridge/dev/terraform.tfstate"]
    error_message = "wanted the pull request role to read dev's state only, got ${aws_iam_role_policy.pull_request_state["dev"].policy}"
  }
  # Each plan role reads only its own environment's write-only secrets, never ReadOnlyAccess.
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.plan_read["production"].policy).Statement : s.Resource if s.Sid == "RefreshTheWriteOnlySecrets"]) == ["arn:aws:secretsmanager:*:*:secret:bridge-prod*-bridge-tenant-id-*", "arn:aws:secretsmanager:*:*:secret:bridge-prod*-redis-*"]
    error_message = "wanted the production plan role to read only production's write-only secrets, got ${aws_iam_role_policy.plan_read["production"].policy}"
  }
  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.plan_read["dev"].policy).Statement : alltrue([for a in s.Action : !contains(["s3:GetObject", "logs:GetLogEvents", "logs:FilterLogEvents", "ssm:GetParameter", "ssm:GetParameters"], a)])])
    error_message = "wanted the plan role to read no object, log event or parameter"
  }
  # PassRole only to the environment's roles, only to the services the stacks run.
  assert {
    condition     = one([for s in jsondecode(aws_iam_policy.apply_default["dev/iam"].policy).Statement : s.Resource if s.Sid == "PassStackRolesToServices"]) == ["arn:aws:iam::*:role/bridge-dev*"]
    error_message = "wanted PassRole limited to dev's roles"
  }
  assert {
    condition     = toset(one([for s in jsondecode(aws_iam_policy.apply_default["production/iam"].policy).Statement : s.Condition.StringEquals["iam:PassedToService"] if s.Sid == "PassStackRolesToServices"])) == toset(["ecs-tasks.amazonaws.com", "monitoring.rds.amazonaws.com", "vpc-flow-logs.amazonaws.com", "ec2.amazonaws.com"])
    error_message = "wanted iam:PassedToService on PassRole"
  }
  # A role can be re-trusted or removed only when it carries the environment's boundary.
  assert {
    condition     = one([for s in jsondecode(aws_iam_policy.apply_default["dev/iam"].policy).Statement : s.Condition.ArnLike["iam:PermissionsBoundary"] if s.Sid == "ChangeAndRemoveStackRolesWithinTheBoundary"]) == "arn:aws:iam::*:policy/bridge-cicd-boundary-dev"
    error_message = "wanted UpdateAssumeRolePolicy and DeleteRole to need dev's boundary"
  }
  # No service:* on *: a whole-service grant is limited to resources named after the environment.
  assert {
    condition = alltrue(flatten([for p in aws_iam_policy.apply_default : [for s in jsondecode(p.policy).Statement : s.Effect == "Deny" || !(
      contains(s.Resource, "*") && anytrue([for a in s.Action : endswith(a, ":*") || a == "*"])
    )]]))
    error_message = "wanted no service:* on * in the default apply policy"
  }
  assert {
    condition     = !strcontains(aws_iam_policy.apply_default["dev/stack"].policy, "bridge-prod") && strcontains(aws_iam_policy.apply_default["dev/stack"].policy, "cluster/bridge-dev*")
    error_message = "wanted dev's stack policy named after dev only"
  }
  # Every environment's apply role gets its own four parts of the default policy.
  assert {
    condition     = { for k, a in aws_iam_role_policy_attachment.apply_default : k => [a.role, a.policy_arn] } == { for k in ["dev/iam", "dev/network", "dev/read", "dev/stack", "production/iam", "production/network", "production/read", "production/stack"] : k => ["bridge-cicd-apply-${split("/", k)[0]}", "arn:aws:iam::123456789012:policy/bridge-cicd-apply-${replace(k, "/", "-")}"] }
    error_message = "wanted each apply role attached to its own environment's read, stack, network and iam parts, got ${jsonencode({ for k, a in aws_iam_role_policy_attachment.apply_default : k => [a.role, a.policy_arn] })}"
  }
  # The guardrails hold with any apply policy: they are an inline policy of their own.
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.apply_guardrails["production"].policy).Statement : s.Effect if s.Sid == "NeverChangeTheCICDRolesOrTheirPolicies"]) == "Deny"
    error_message = "wanted the no-escalation Deny on the apply role"
  }
  # The boundary: no IAM, and data of its own environment only.
  assert {
    condition     = !strcontains(aws_iam_policy.stack_boundary["dev"].policy, "iam:") && !strcontains(aws_iam_policy.stack_boundary["dev"].policy, "bridge-prod")
    error_message = "wanted a boundary per environment that grants no IAM action and no other environment's data"
  }
  # Each environment's stacks get its own boundary, its operators its own policy.
  assert {
    condition     = output.stack_permissions_boundary_arns == { dev = "arn:aws:iam::123456789012:policy/bridge-cicd-boundary-dev", production = "arn:aws:iam::123456789012:policy/bridge-cicd-boundary-production" }
    error_message = "wanted each environment's own boundary in stack_permissions_boundary_arns, got ${jsonencode(output.stack_permissions_boundary_arns)}"
  }
  assert {
    condition     = output.operator_policy_arns == { dev = "arn:aws:iam::123456789012:policy/bridge-cicd-operator-dev", production = "arn:aws:iam::123456789012:policy/bridge-cicd-operator-production" }
    error_message = "wanted each environment's own operator policy in operator_policy_arns, got ${jsonencode(output.operator_policy_arns)}"
  }
  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_policy.stack_boundary["production"].policy).Statement : !contains(s.Resource, "*") || alltrue([for a in s.Action : !contains(["secretsmanager:GetSecretValue", "s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "logs:GetLogEvents", "ecr:BatchGetImage"], a)]) && (s.Sid != "DecryptOnlyThroughTheServices" || can(s.Condition.StringLike["kms:ViaService"]))])
    error_message = "wanted no data read on * in the boundary, and kms:Decrypt only through the services"
  }
  # Access Analyzer's findings reach the topic.
  assert {
    condition     = aws_accessanalyzer_analyzer.external_access[0].type == "ACCOUNT" && aws_cloudwatch_event_target.findings[0].arn == aws_sns_topic.findings[0].arn && jsondecode(aws_cloudwatch_event_rule.findings[0].event_pattern)["detail-type"] == ["Access Analyzer Finding"]
    error_message = "wanted an account analyzer whose findings reach the findings topic"
  }
  # The variables the workflow template reads.
  assert {
    condition     = keys(output.github_variables.repository) == ["AWS_PLAN_ROLE_ARN_DEV", "AWS_PLAN_ROLE_ARN_PRODUCTION", "AWS_PR_ROLE_ARN_DEV", "TF_SAVED_PLANS_DEV", "TF_SAVED_PLANS_PRODUCTION"] && keys(output.github_variables.environments) == ["dev", "production"]
    error_message = "wanted the repository and environment variables of the workflow, got ${jsonencode(output.github_variables)}"
  }
  # The workflow plans as the plan role, plans pull requests as the pull request role and applies
  # as the apply role, each of its own environment.
  assert {
    condition = (
      output.github_variables.repository["AWS_PLAN_ROLE_ARN_DEV"] == "arn:aws:iam::123456789012:role/bridge-cicd-plan-dev" &&
      output.github_variables.repository["AWS_PLAN_ROLE_ARN_PRODUCTION"] == "arn:aws:iam::123456789012:role/bridge-cicd-plan-production" &&
      output.github_variables.repository["AWS_PR_ROLE_ARN_DEV"] == "arn:aws:iam::123456789012:role/bridge-cicd-pr-dev" &&
      output.github_variables.environments == { dev = { AWS_APPLY_ROLE_ARN = "arn:aws:iam::123456789012:role/bridge-cicd-apply-dev" }, production = { AWS_APPLY_ROLE_ARN = "arn:aws:iam::123456789012:role/bridge-cicd-apply-production" } }
    )
    error_message = "wanted each variable on its own role, got ${jsonencode(output.github_variables)}"
  }
  assert {
    condition     = output.plan_role_arns == { dev = "arn:aws:iam::123456789012:role/bridge-cicd-plan-dev", production = "arn:aws:iam::123456789012:role/bridge-cicd-plan-production" } && output.pull_request_role_arns == { dev = "arn:aws:iam::123456789012:role/bridge-cicd-pr-dev" } && output.apply_role_arns == { dev = "arn:aws:iam::123456789012:role/bridge-cicd-apply-dev", production = "arn:aws:iam::123456789012:role/bridge-cicd-apply-production" }
    error_message = "wanted the role outputs each on its own roles, got ${jsonencode([output.plan_role_arns, output.pull_request_role_arns, output.apply_role_arns])}"
  }
}

run "immutable_subjects_dns_names_and_tags" {
  command = apply
  variables {
    github_trust = {
      workflow_refs  = ["acme/terraform-basemachina-modules/.github/workflows/terraform.yml@0123456789abcdef0123456789abcdef01234567"]
      deploy_refs    = ["refs/heads/main", "refs/tags/v2.0.0"]
      repository_ids = { owner = "1001", repository = "2002" }
    }
    environments = {
      production = { dns_names = ["Bridge.Example.com."] }
    }
    access_analyzer = { findings_topic_arn = "arn:aws:sns:ap-northeast-1:210987654321:alarms" }
  }
  assert {
    condition     = jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme@1001/infrastructure@2002:environment:production"] && jsondecode(aws_iam_role.apply["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:repository_id"] == "2002"
    error_message = "wanted the immutable subject and the repository id, got ${aws_iam_role.apply["production"].assume_role_policy}"
  }
  assert {
    condition     = jsondecode(aws_iam_role.plan["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme@1001/infrastructure@2002:ref:refs/heads/main", "repo:acme@1001/infrastructure@2002:ref:refs/tags/v2.0.0"]
    error_message = "wanted the plan role trusted on each deploy ref"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_policy.apply_default["production/network"].policy).Statement : s.Condition["ForAllValues:StringLike"]["route53:ChangeResourceRecordSetsNormalizedRecordNames"] if s.Sid == "ChangeThisEnvironmentsRecords"]) == ["bridge.example.com", "_*.bridge.example.com"]
    error_message = "wanted Route 53 changes held to the environment's normalized names and their validation records"
  }
  assert {
    condition     = length(aws_sns_topic.findings) == 0 && aws_cloudwatch_event_target.findings[0].arn == "arn:aws:sns:ap-northeast-1:210987654321:alarms"
    error_message = "wanted the findings routed to the given topic"
  }
  # A single environment takes managed_name_prefix.
  assert {
    condition     = output.name_prefixes == { production = "bridge" } && length(aws_iam_role.pull_request) == 0
    error_message = "wanted bridge as the only environment's prefix, and no pull request role"
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
  # Saved plans hold state values in clear: gone after a day, their old versions too.
  assert {
    condition     = alltrue([for r in aws_s3_bucket_lifecycle_configuration.state.rule : r.expiration[0].days == 1 && r.noncurrent_version_expiration[0].noncurrent_days == 1 && endswith(r.filter[0].prefix, "/plans/") if startswith(r.id, "expire-saved-plans-")]) && length([for r in aws_s3_bucket_lifecycle_configuration.state.rule : r if startswith(r.id, "expire-saved-plans-")]) == length(var.environments)
    error_message = "wanted a rule per environment that expires its saved plans and their noncurrent versions after a day"
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
    condition     = strcontains(output.bootstrap_backend_block, "\"bootstrap/terraform.tfstate\"") && alltrue([for p in aws_iam_role_policy.plan_state : !strcontains(p.policy, "bootstrap/")]) && alltrue([for p in aws_iam_role_policy.apply_state : !strcontains(p.policy, "bootstrap/")])
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
    condition     = length(aws_iam_openid_connect_provider.github) == 0 && jsondecode(aws_iam_role.plan["production"].assume_role_policy).Statement[0].Principal.Federated == var.oidc_provider_arn
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

run "rejects_overlapping_name_prefixes" {
  command = plan
  variables {
    environments = { dev = { name_prefix = "bridge" }, production = { name_prefix = "bridge-prod" } }
  }
  expect_failures = [var.environments]
}

run "rejects_two_environments_on_the_default_prefix" {
  command = plan
  variables {
    environments = { dev = {}, production = {} }
  }
  expect_failures = [var.environments]
}

run "rejects_a_wildcard_dns_name" {
  command = plan
  variables {
    environments = { production = { dns_names = ["*.example.com"] } }
  }
  expect_failures = [var.environments]
}

run "rejects_a_state_bucket_under_a_managed_prefix" {
  command = plan
  variables {
    state = { bucket_name = "bridge-prod-tfstate" }
  }
  expect_failures = [var.state]
}

run "rejects_a_branch_pattern_as_deploy_ref" {
  command = plan
  variables {
    github_trust = { workflow_refs = ["acme/terraform-basemachina-modules/.github/workflows/terraform.yml@0123456789abcdef0123456789abcdef01234567"], deploy_refs = ["refs/heads/*"] }
  }
  expect_failures = [var.github_trust]
}

run "rejects_a_workflow_on_a_branch" {
  command = plan
  variables {
    github_trust = { workflow_refs = ["acme/terraform-basemachina-modules/.github/workflows/terraform.yml@refs/heads/main"] }
  }
  expect_failures = [var.github_trust]
}

run "rejects_non_numeric_repository_ids" {
  command = plan
  variables {
    github_trust = { workflow_refs = ["acme/terraform-basemachina-modules/.github/workflows/terraform.yml@0123456789abcdef0123456789abcdef01234567"], repository_ids = { owner = "acme", repository = "2002" } }
  }
  expect_failures = [var.github_trust]
}

run "rejects_a_findings_topic_that_is_not_sns" {
  command = plan
  variables {
    access_analyzer = { findings_topic_arn = "arn:aws:sqs:ap-northeast-1:210987654321:alarms" }
  }
  expect_failures = [var.access_analyzer]
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
