output "state_bucket_name" {
  description = "Name of the state bucket."
  value       = aws_s3_bucket.state.bucket
}

output "state_bucket_arn" {
  description = "ARN of the state bucket."
  value       = aws_s3_bucket.state.arn
}

output "backend_configs" {
  description = "Settings of the S3 backend per environment, as objects (for -backend-config or generated files)."
  value = { for env, key in local.state_keys : env => {
    bucket       = aws_s3_bucket.state.bucket
    key          = key
    region       = local.region
    use_lockfile = true
    encrypt      = true
  } }
}

output "backend_blocks" {
  description = "A ready `backend \"s3\"` block per environment, each with its own key under state.key_prefix. S3 native locking (use_lockfile) needs no DynamoDB table."
  value = { for env, key in local.state_keys : env => <<-EOT
    terraform {
      backend "s3" {
        bucket       = "${aws_s3_bucket.state.bucket}"
        key          = "${key}"
        region       = "${local.region}"
        use_lockfile = true
        encrypt      = true
      }
    }
  EOT
  }
}

output "bootstrap_backend_block" {
  description = "The backend block for the bootstrap's own state: its own key, outside state.key_prefix, so the CI roles can neither read nor change it."
  value       = <<-EOT
    terraform {
      backend "s3" {
        bucket       = "${aws_s3_bucket.state.bucket}"
        key          = "${local.bootstrap_key}"
        region       = "${local.region}"
        use_lockfile = true
        encrypt      = true
      }
    }
  EOT
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider."
  value       = local.oidc_provider_arn
}

output "plan_role_arns" {
  description = "Role per environment for terraform plan on deploy_refs (the plan reviewers approve, the drift check): the workflow's plan_role_arn of that environment."
  value       = { for env, r in aws_iam_role.plan : env => r.arn }
}

output "pull_request_role_arns" {
  description = "Role per environment that allows pull request plans (plan_pull_requests): reads that environment's state only. The workflow's pull_request_role_arn."
  value       = { for env, r in aws_iam_role.pull_request : env => r.arn }
}

output "apply_role_arns" {
  description = "Role for terraform apply per environment: set each as the variable AWS_APPLY_ROLE_ARN of its GitHub environment."
  value       = { for env, r in aws_iam_role.apply : env => r.arn }
}

output "trusted_claims" {
  description = "What each role's trust policy requires of a GitHub OIDC token (aud, sub, ref, job_workflow_ref, repository_id), by role."
  value       = local.claims_of
}

output "name_prefixes" {
  description = "The name prefix per environment: give it to that environment's modules as `name` (or a name beginning with it)."
  value       = local.name_prefix_of
}

output "stack_permissions_boundary_arns" {
  description = "Permissions boundary per environment that its stacks' roles must carry: give it to that environment's bridge, datastore and network modules as `iam_permissions_boundary` (the apply role creates no role without it)."
  value       = { for env, p in aws_iam_policy.stack_boundary : env => p.arn }
}

output "operator_policy_arns" {
  description = "Managed policy per environment with what bridgectl doctor, logs and seed need on its stacks: attach it to the role or permission set your operators run bridgectl with."
  value       = { for env, p in aws_iam_policy.operator : env => p.arn }
}

output "access_findings_topic_arn" {
  description = "SNS topic that receives IAM Access Analyzer's findings (null when access_analyzer.create is false): subscribe to it."
  value       = var.access_analyzer.create ? local.findings_topic_arn : null
}

output "github_variables" {
  description = "The GitHub Actions variables the bridge workflow template reads, with their values: `repository` as repository variables (per environment: its plan role, its pull request role where allowed, and where its approved plans are saved), `environments` as each GitHub environment's variables (its apply role)."
  value = {
    repository = merge(
      { for env, r in aws_iam_role.plan : "AWS_PLAN_ROLE_ARN_${upper(replace(env, "-", "_"))}" => r.arn },
      { for env, r in aws_iam_role.pull_request : "AWS_PR_ROLE_ARN_${upper(replace(env, "-", "_"))}" => r.arn },
      { for env, prefix in local.saved_plan_prefixes : "TF_SAVED_PLANS_${upper(replace(env, "-", "_"))}" => "s3://${aws_s3_bucket.state.bucket}/${prefix}" },
    )
    environments = { for env, r in aws_iam_role.apply : local.github_env_name[env] => { AWS_APPLY_ROLE_ARN = r.arn } }
  }
}

output "saved_plan_locations" {
  description = "Per environment, where the plan job on the default branch saves the plan that is approved and applied (`s3://bucket/prefix`): the reusable workflow's input `saved_plan_location`. Objects expire after a day."
  value       = { for env, prefix in local.saved_plan_prefixes : env => "s3://${aws_s3_bucket.state.bucket}/${prefix}" }
}
