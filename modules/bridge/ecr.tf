locals {
  # A prefix is an account-and-region singleton, so each stack derives its own from its name; ECR
  # allows 30 characters, and a cut must not end on a separator.
  enable_pull_through_cache = var.pull_through_cache != null
  pull_through_cache_prefix = coalesce(try(var.pull_through_cache.prefix, null), replace(substr("${var.name}-ecr-public", 0, 30), "/[-._]+$/", ""))

  # public.ecr.aws/basemachina/bridge -> basemachina/bridge, the upstream path under the cache prefix.
  upstream_repository = trimprefix(var.image, "public.ecr.aws/")
  cache_repository    = "${local.pull_through_cache_prefix}/${local.upstream_repository}"
  image_reference     = startswith(var.image_tag, "sha256:") ? "@${var.image_tag}" : ":${var.image_tag}"

  image_uri = (local.enable_pull_through_cache
    ? "${local.account_id}.dkr.ecr.${local.region}.${local.dns_suffix}/${local.cache_repository}${local.image_reference}"
    : "${var.image}${local.image_reference}"
  )

  # Repositories the cache creates on first pull live under the prefix.
  cache_repository_arn = "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${local.pull_through_cache_prefix}/*"
}

resource "aws_ecr_pull_through_cache_rule" "this" {
  count = local.enable_pull_through_cache && try(var.pull_through_cache.create_rule, false) ? 1 : 0

  ecr_repository_prefix = local.pull_through_cache_prefix
  upstream_registry_url = "public.ecr.aws"
}
