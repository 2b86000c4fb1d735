locals {
  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.oidc_provider_arn == null ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn

  # Fully specified subjects only: a role trusted on `aud` alone can be assumed by any repository.
  plan_subjects = concat(
    var.plan_trust.pull_requests ? ["repo:${var.github_repository}:pull_request"] : [],
    [for b in var.plan_trust.branches : "repo:${var.github_repository}:ref:refs/heads/${b}"],
  )
  # Each environment's apply role trusts the jobs of its GitHub environment only.
  apply_subjects = { for env, gh in local.github_env_name : env => ["repo:${var.github_repository}:environment:${gh}"] }
}

# AWS no longer checks thumbprints for this provider, so none is given.
resource "aws_iam_openid_connect_provider" "github" {
  count = var.oidc_provider_arn == null ? 1 : 0

  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]

  tags = merge(local.tags, { Name = "github-actions" })
}
