# Run once, by an administrator, before the pipeline: the state bucket, the GitHub OIDC provider,
# the plan role and one apply role per environment (docs/security.md). It starts on local state;
# move it into the bucket afterwards (versions.tf).
module "bootstrap" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/bootstrap?ref=cf682c75277457545a274918e4787b9c9012e6ea" # v1.0.0

  github_repository = var.github_repository
  state             = { bucket_name = var.state_bucket_name }
  environments      = var.environments
  github_trust      = { workflow_refs = var.workflow_refs, repository_ids = var.github_repository_ids }
  oidc_provider_arn = var.oidc_provider_arn
  tags              = var.tags
}
