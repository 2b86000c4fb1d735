output "backend_blocks" {
  description = "Per environment: paste into that environment's root (S3 native locking, no DynamoDB); each has its own key."
  value       = module.bootstrap.backend_blocks
}

output "bootstrap_backend_block" {
  description = "Paste into this bootstrap root to move its own state into the bucket, under a key the CI roles cannot reach."
  value       = module.bootstrap.bootstrap_backend_block
}



output "state_bucket_name" {
  description = "Name of the state bucket."
  value       = module.bootstrap.state_bucket_name
}

output "backend_configs" {
  description = "Per environment: the same settings as objects (bucket, key, region, use_lockfile, encrypt)."
  value       = module.bootstrap.backend_configs
}

output "github_variables" {
  description = "The GitHub Actions variables the bridge workflow reads, with their values: set `repository` as repository variables and each of `environments` as that GitHub environment's variables (README)."
  value       = module.bootstrap.github_variables
}

output "name_prefixes" {
  description = "Per environment: the prefix its stacks' `name` must begin with (its roles manage nothing else)."
  value       = module.bootstrap.name_prefixes
}

output "stack_permissions_boundary_arns" {
  description = "Per environment: give to its stacks as iam_permissions_boundary; its apply role creates no role without it."
  value       = module.bootstrap.stack_permissions_boundary_arns
}

output "operator_policy_arns" {
  description = "Per environment: attach to the role or permission set your operators run bridgectl doctor, logs and seed with."
  value       = module.bootstrap.operator_policy_arns
}

output "access_findings_topic_arn" {
  description = "Subscribe to it: IAM Access Analyzer's findings (a role or resource reachable from outside the account)."
  value       = module.bootstrap.access_findings_topic_arn
}

output "trusted_claims" {
  description = "What each CI role's trust policy requires of a GitHub OIDC token (aud, sub, ref, job_workflow_ref), by role: compare with a failing run's token when a role is refused."
  value       = module.bootstrap.trusted_claims
}
