module "bootstrap" {
  source = "../../modules/bootstrap"

  github_repository = var.github_repository
  state             = { bucket_name = var.state_bucket_name }
  environments      = var.environments
  github_trust      = { workflow_refs = var.workflow_refs, repository_ids = var.github_repository_ids }
  oidc_provider_arn = var.oidc_provider_arn
  tags              = var.tags
}
