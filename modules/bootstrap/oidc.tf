locals {
  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.oidc_provider_arn == null ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn

  # The subject's repository segment: repositories created after 2026-07-15 carry their owner's
  # and their own numeric ids in it (GitHub Docs, "OpenID Connect reference", subject claims).
  repository_segment = var.github_trust.repository_ids == null ? var.github_repository : format("%s@%s/%s@%s",
    split("/", var.github_repository)[0], var.github_trust.repository_ids.owner, split("/", var.github_repository)[1], var.github_trust.repository_ids.repository
  )

  # Fully specified subjects only: a role trusted on `aud` alone can be assumed by any repository.
  # A job that names a GitHub environment has the subject ...:environment:<name>, a pull request
  # without one ...:pull_request, any other run ...:ref:<ref> (GitHub Docs, "OpenID Connect
  # reference").
  plan_subjects  = [for r in var.github_trust.deploy_refs : "repo:${local.repository_segment}:ref:${r}"]
  pr_subjects    = ["repo:${local.repository_segment}:pull_request"]
  apply_subjects = { for env, gh in local.github_env_name : env => ["repo:${local.repository_segment}:environment:${gh}"] }

  # Besides aud and sub, AWS STS checks GitHub's own claims as condition keys in a trust policy
  # (AWS What's New 2026-01, "AWS STS supports validation of identity provider claims";
  # Service Authorization Reference, AWS STS condition keys token.actions.githubusercontent.com:
  # ref, job_workflow_ref, repository_id). job_workflow_ref names the reusable workflow the job
  # runs, at the ref its caller's `uses:` gave (a commit SHA or refs/tags/<tag>); ref is the
  # caller's ref (GitHub Docs, "Using OpenID Connect with reusable workflows"). Every key is
  # matched with StringEquals: a claim that is absent fails it (ForAllValues would pass).
  common_claims = merge(
    { "${local.oidc_host}:aud" = "sts.amazonaws.com", "${local.oidc_host}:job_workflow_ref" = var.github_trust.workflow_refs },
    var.github_trust.repository_ids == null ? {} : { "${local.oidc_host}:repository_id" = var.github_trust.repository_ids.repository },
  )
  claims_of = merge(
    { for env in keys(var.environments) : "plan-${env}" => merge(local.common_claims, { "${local.oidc_host}:sub" = local.plan_subjects, "${local.oidc_host}:ref" = var.github_trust.deploy_refs }) },
    { for env, e in var.environments : "pr-${env}" => merge(local.common_claims, { "${local.oidc_host}:sub" = local.pr_subjects }) if e.plan_pull_requests },
    { for env in keys(var.environments) : "apply-${env}" => merge(local.common_claims, { "${local.oidc_host}:sub" = local.apply_subjects[env], "${local.oidc_host}:ref" = var.github_trust.deploy_refs }) },
  )
  trust_policy_for = { for role, claims in local.claims_of : role => jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = claims }
    }]
  }) }
}

# AWS no longer checks thumbprints for this provider, so none is given.
resource "aws_iam_openid_connect_provider" "github" {
  count = var.oidc_provider_arn == null ? 1 : 0

  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]

  tags = merge(local.tags, { Name = "github-actions" })
}
