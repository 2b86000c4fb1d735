# The development profile: the cheapest stack that still runs the Bridge as production does (HTTPS
# ALB, private tasks, secrets, alarms), for trying BaseMachina and for test environments. What it
# gives up, and why that is acceptable for the Bridge (docs/cost.md):
# - egress through one NAT instance instead of a NAT gateway. The Bridge needs egress only to fetch
#   its public key at start and every FETCH_INTERVAL, and running tasks keep their key when egress
#   is briefly lost, so a few minutes without egress while the instance is replaced is tolerable.
# - Fargate Spot: a reclaimed task is replaced by ECS within minutes.
# - working hours: the service scales to zero outside them.
# - a single-AZ database without deletion protection or final snapshot, which can be left out.

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
  nat_mode   = "instance"
  flow_logs  = { retention_days = 7 }
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
  stage              = "development"
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

  desired_count              = 1
  capacity_provider_strategy = { FARGATE_SPOT = { weight = 1 } }
  schedule                   = var.working_hours

  # Nothing here is kept: no access log bucket, a week of logs, and a destroy that is not refused.
  access_logs   = null
  logs          = { retention_days = 7 }
  load_balancer = { deletion_protection = false, deregistration_delay = 30 }

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

  multi_az              = false
  deletion_protection   = false
  create_final_snapshot = false
  # Development data is disposable: one day of backups, deleted with the database.
  backup_retention_period  = 1
  delete_automated_backups = true

  seed = { pull_through_cache_prefix = module.bridge.pull_through_cache_prefix, log_retention_days = 7 }

  tags = var.tags
}
