# The production profile, decided once in modules/profile (shared with templates/live/production):
# one NAT gateway, two on-demand tasks, ALB access logs, deletion protection, a final snapshot. The
# variables tasks, enable_access_logs, protect_from_deletion and create_final_snapshot change it for
# this stack when set; null keeps the profile's value.
#
# The call's name sorts before the other module calls on purpose: trivy evaluates module calls in
# alphabetical order, and a count that reads the outputs of a call it has not evaluated yet (the flow
# logs, the access log bucket) drops those resources from its scan (aquasecurity/trivy#6274).
module "base_profile" {
  source = "../../modules/profile"

  name = "production"
}

locals {
  # Known at plan time, so the certificate choice can decide what to create.
  use_dns_validation      = var.route53_zone_id != null
  use_own_certificate     = var.certificate_arn != null
  import_test_certificate = !local.use_dns_validation && !local.use_own_certificate

  tasks       = coalesce(var.tasks, module.base_profile.bridge.desired_count)
  access_logs = coalesce(var.enable_access_logs, module.base_profile.bridge.access_logs != null)
}

module "network" {
  source = "../../modules/network"

  iam_permissions_boundary = var.iam_permissions_boundary

  name       = var.name
  cidr_block = "10.0.0.0/16"
  azs        = var.azs
  nat_mode   = module.base_profile.network.nat_mode
  flow_logs  = module.base_profile.network.flow_logs
  tags       = var.tags
}

# A self-signed certificate for testing the stack, made by `bridgectl cert`. BaseMachina needs a
# publicly trusted certificate: with a hosted zone the bridge module requests one, or bring your own
# ACM certificate through certificate_arn.
resource "aws_acm_certificate" "imported" {
  count = local.import_test_certificate ? 1 : 0

  # try(): a missing file is reported by the variable validations, with what to do.
  certificate_body = try(file("${path.module}/${var.certificate_file}"), null)
  private_key      = try(file("${path.module}/${var.private_key_file}"), null)

  tags = merge(var.tags, { Name = "${var.name}-self-signed" })

  lifecycle {
    create_before_destroy = true
  }
}

module "bridge" {
  source = "../../modules/bridge"

  iam_permissions_boundary = var.iam_permissions_boundary

  name               = var.name
  stage              = module.base_profile.bridge.stage
  tenant_id          = var.tenant_id
  tenant             = { id_version = var.tenant_id_version }
  vpc_id             = module.network.vpc_id
  private_subnet_ids = module.network.private_subnet_ids
  public_subnet_ids  = module.network.public_subnet_ids

  certificate = {
    domain_name     = var.domain_name
    route53_zone_id = var.route53_zone_id
    # Null with a zone: the bridge module refuses both.
    arn = local.import_test_certificate ? aws_acm_certificate.imported[0].arn : var.certificate_arn
  }

  image_tag           = var.bridge_image_tag
  allowed_cidr_blocks = var.allowed_cidr_blocks

  pull_through_cache = {
    prefix      = var.pull_through_cache_prefix
    create_rule = var.create_pull_through_cache_rule
  }

  desired_count              = local.tasks
  capacity_provider_strategy = module.base_profile.bridge.capacity_provider_strategy
  # max_tasks equal to the task count keeps it fixed; below it, the bridge module says so.
  autoscaling = var.max_tasks == null || var.max_tasks == local.tasks ? null : { max_capacity = var.max_tasks }

  access_logs = local.access_logs ? merge(module.base_profile.bridge.access_logs, { force_destroy = var.delete_access_logs_on_destroy }) : null
  logs        = module.base_profile.bridge.logs
  load_balancer = merge(module.base_profile.bridge.load_balancer, {
    deletion_protection = coalesce(var.protect_from_deletion, module.base_profile.bridge.load_balancer.deletion_protection)
  })

  data_sources = merge(
    { postgres = { description = "PostgreSQL", port = 5432, security_group_id = module.datastore.security_group_id } },
    var.create_redis ? { redis = { description = "Redis", port = 6379, security_group_id = module.datastore.redis_security_group_id } } : {},
  )

  tags = var.tags
}

module "datastore" {
  source = "../../modules/datastore"

  iam_permissions_boundary = var.iam_permissions_boundary

  name                    = var.name
  vpc_id                  = module.network.vpc_id
  subnet_ids              = module.network.private_subnet_ids
  allowed_security_groups = { bridge = module.bridge.task_security_group_id }

  # Separate on purpose: turning protection off to destroy still takes the final snapshot and
  # keeps the automated backups.
  deletion_protection      = coalesce(var.protect_from_deletion, module.base_profile.datastore.deletion_protection)
  create_final_snapshot    = coalesce(var.create_final_snapshot, module.base_profile.datastore.create_final_snapshot)
  backup_retention_period  = module.base_profile.datastore.backup_retention_period
  delete_automated_backups = module.base_profile.datastore.delete_automated_backups
  multi_az                 = var.database_multi_az
  redis                    = var.create_redis ? {} : null

  seed = merge(module.base_profile.datastore.seed, { pull_through_cache_prefix = module.bridge.pull_through_cache_prefix })

  tags = var.tags
}
