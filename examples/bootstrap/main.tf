module "bootstrap" {
  source = "../../modules/bootstrap"

  github_repository    = var.github_repository
  state_bucket_name    = var.state_bucket_name
  apply_environments   = var.apply_environments
  create_oidc_provider = var.create_oidc_provider
  oidc_provider_arn    = var.oidc_provider_arn
  tags                 = var.tags
}
