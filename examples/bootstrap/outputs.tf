output "backend_block" {
  description = "Paste into your stack's terraform block (S3 native locking, no DynamoDB)."
  value       = module.bootstrap.backend_block
}

output "plan_role_arn" {
  description = "Set as the repository variable AWS_PLAN_ROLE_ARN."
  value       = module.bootstrap.plan_role_arn
}

output "apply_role_arn" {
  description = "Set as the environment variable AWS_APPLY_ROLE_ARN of the protected environment."
  value       = module.bootstrap.apply_role_arn
}

output "state_bucket_name" {
  description = "Name of the state bucket."
  value       = module.bootstrap.state_bucket_name
}
