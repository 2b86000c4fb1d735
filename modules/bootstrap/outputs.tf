output "state_bucket_name" {
  description = "Name of the state bucket."
  value       = aws_s3_bucket.state.bucket
}

output "state_bucket_arn" {
  description = "ARN of the state bucket."
  value       = aws_s3_bucket.state.arn
}

output "backend_config" {
  description = "Settings of the S3 backend, as an object (for -backend-config or generated files)."
  value = {
    bucket       = aws_s3_bucket.state.bucket
    key          = var.state.key
    region       = local.region
    use_lockfile = true
    encrypt      = true
  }
}

output "backend_block" {
  description = "A ready `backend \"s3\"` block. S3 native locking (use_lockfile) needs no DynamoDB table."
  value       = <<-EOT
    terraform {
      backend "s3" {
        bucket       = "${aws_s3_bucket.state.bucket}"
        key          = "${var.state.key}"
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

output "apply_role_arn" {
  description = "Role for terraform apply from the protected environment (AWS_APPLY_ROLE_ARN in the workflow)."
  value       = aws_iam_role.apply.arn
}

output "plan_subjects" {
  description = "OIDC subjects trusted by the plan role."
  value       = local.plan_subjects
}

output "apply_subjects" {
  description = "OIDC subjects trusted by the apply role."
  value       = local.apply_subjects
}

output "stack_permissions_boundary_arn" {
  description = "Permissions boundary the stacks' roles must carry: give it to the bridge, datastore and network modules as `iam_permissions_boundary` (the apply role creates no role without it)."
  value       = aws_iam_policy.stack_boundary.arn
}
