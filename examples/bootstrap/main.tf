module "bootstrap" {
  source = "../../modules/bootstrap"

  github_repository = var.github_repository
  state             = { bucket_name = var.state_bucket_name }
  environments      = { for env in var.environments : env => {} }
  oidc_provider_arn = var.oidc_provider_arn
  tags              = var.tags
}
