# The development profile: the cheapest stack that still runs the Bridge as production does (HTTPS
# ALB, private tasks, secrets, alarms), for trying BaseMachina and for test environments. What it
# gives up, and why that is acceptable for the Bridge, is decided once in modules/profile (shared
# with templates/live/dev): one NAT instance instead of a NAT gateway, Fargate Spot, no access logs,
# short log retention, a database without deletion protection or final snapshot. This root adds the
# working hours (the service scales to zero outside them) and a database that can be left out.
#
# The call's name sorts before the other module calls on purpose: trivy evaluates module calls in
# alphabetical order, and a count that reads the outputs of a call it has not evaluated yet (the flow
# logs, the access log bucket) drops those resources from its scan (aquasecurity/trivy#6274).
module "base_profile" {
  source = "../../modules/profile"

  name = "development"
}

locals {
  use_dns_validation      = var.route53_zone_id != null
  use_own_certificate     = var.certificate_arn != null
  import_test_certificate = !local.use_dns_validation && !local.use_own_certificate
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

resource "aws_acm_certificate" "imported" {
  count = local.import_test_certificate ? 1 : 0

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
    arn             = local.import_test_certificate ? aws_acm_certificate.imported[0].arn : var.certificate_arn
  }

  image_tag           = var.bridge_image_tag
  allowed_cidr_blocks = var.allowed_cidr_blocks

  pull_through_cache = {
    prefix      = var.pull_through_cache_prefix
    create_rule = var.create_pull_through_cache_rule
  }

  desired_count              = module.base_profile.bridge.desired_count
  capacity_provider_strategy = module.base_profile.bridge.capacity_provider_strategy
  schedule                   = var.working_hours

  access_logs   = module.base_profile.bridge.access_logs
  logs          = module.base_profile.bridge.logs
  load_balancer = module.base_profile.bridge.load_balancer

  data_sources = var.create_database ? { postgres = { description = "PostgreSQL", port = 5432, security_group_id = module.datastore[0].security_group_id } } : {}

  tags = var.tags
}

module "datastore" {
  source = "../../modules/datastore"
  count  = var.create_database ? 1 : 0

  iam_permissions_boundary = var.iam_permissions_boundary

  name                    = var.name
  vpc_id                  = module.network.vpc_id
  subnet_ids              = module.network.private_subnet_ids
  allowed_security_groups = { bridge = module.bridge.task_security_group_id }

  # Single-AZ, the module's default, as in production; the rest is the development profile.
  deletion_protection      = module.base_profile.datastore.deletion_protection
  create_final_snapshot    = module.base_profile.datastore.create_final_snapshot
  backup_retention_period  = module.base_profile.datastore.backup_retention_period
  delete_automated_backups = module.base_profile.datastore.delete_automated_backups

  seed = merge(module.base_profile.datastore.seed, { pull_through_cache_prefix = module.bridge.pull_through_cache_prefix })

  tags = var.tags
}
