output "backend_blocks" {
  description = "Per environment: paste into that environment's root (S3 native locking, no DynamoDB); each has its own key."
  value       = module.bootstrap.backend_blocks
}

output "bootstrap_backend_block" {
  description = "Paste into this bootstrap root to move its own state into the bucket, under a key the CI roles cannot reach."
  value       = module.bootstrap.bootstrap_backend_block
}

output "plan_role_arn" {
  description = "Set as the repository variable AWS_PLAN_ROLE_ARN."
  value       = module.bootstrap.plan_role_arn
}

output "apply_role_arns" {
  description = "Per environment: set as the variable AWS_APPLY_ROLE_ARN of the GitHub environment of that name."
  value       = module.bootstrap.apply_role_arns
}

output "stack_permissions_boundary_arn" {
  description = "Give to the stacks as iam_permissions_boundary: the apply roles create no role without it."
  value       = module.bootstrap.stack_permissions_boundary_arn
}

output "state_bucket_name" {
  description = "Name of the state bucket."
  value       = module.bootstrap.state_bucket_name
}

output "backend_configs" {
  description = "Per environment: the same settings as objects (bucket, key, region, use_lockfile, encrypt)."
  value       = module.bootstrap.backend_configs
}

output "operator_policy_arn" {
  description = "Attach to the role or permission set your operators run bridgectl doctor, logs and seed with."
  value       = module.bootstrap.operator_policy_arn
}
