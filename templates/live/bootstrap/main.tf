# Run once, by an administrator, before the pipeline: the state bucket, the GitHub OIDC provider,
# the plan role and one apply role per environment (docs/security.md). It starts on local state;
# move it into the bucket afterwards (versions.tf).
module "bootstrap" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/bootstrap?ref=2f2f0978009089236258fdca84431216936d1458" # v3.0.0

  github_repository = var.github_repository
  state             = { bucket_name = var.state_bucket_name }
  environments      = var.environments
  github_trust      = { workflow_refs = var.workflow_refs, repository_ids = var.github_repository_ids }
  oidc_provider_arn = var.oidc_provider_arn
  tags              = var.tags
}
