locals {
  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn
  account_id        = split(":", local.oidc_provider_arn)[4]

  # Fully specified subjects only: a role trusted on `aud` alone can be assumed by any repository.
  plan_subjects = concat(
    var.allow_plan_from_pull_requests ? ["repo:${var.github_repository}:pull_request"] : [],
    [for b in var.plan_branches : "repo:${var.github_repository}:ref:refs/heads/${b}"],
  )
  apply_subjects = concat(
    [for e in var.apply_environments : "repo:${var.github_repository}:environment:${e}"],
    [for b in var.apply_branches : "repo:${var.github_repository}:ref:refs/heads/${b}"],
  )
}

# AWS no longer checks thumbprints for this provider, so none is given.
resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]

  tags = merge(local.tags, { Name = "github-actions" })
}
