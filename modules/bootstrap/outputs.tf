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

output "plan_role_arn" {
  description = "Role for terraform plan on pull requests (AWS_PLAN_ROLE_ARN in the workflow)."
  value       = aws_iam_role.plan.arn
}

output "apply_role_arns" {
  description = "Role for terraform apply per environment: set each as the variable AWS_APPLY_ROLE_ARN of its GitHub environment."
  value       = { for env, r in aws_iam_role.apply : env => r.arn }
}

output "plan_subjects" {
  description = "OIDC subjects trusted by the plan role."
  value       = local.plan_subjects
}

output "apply_subjects" {
  description = "OIDC subjects trusted by each environment's apply role."
  value       = local.apply_subjects
}

output "stack_permissions_boundary_arn" {
  description = "Permissions boundary the stacks' roles must carry: give it to the bridge, datastore and network modules as `iam_permissions_boundary` (the apply role creates no role without it)."
  value       = aws_iam_policy.stack_boundary.arn
}

output "operator_policy_arn" {
  description = "Managed policy with what bridgectl doctor, logs and seed need on the stacks: attach it to the role or permission set your operators run bridgectl with."
  value       = aws_iam_policy.operator.arn
}
