locals {
  # Known at plan time, so the certificate choice can decide what to create.
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
  # One NAT gateway, not one per AZ: the Bridge needs egress only to fetch its public key at start
  # and every FETCH_INTERVAL, and running tasks keep their key while egress is briefly lost, so an
  # outage of the NAT's AZ stops key refreshes, not requests. "per_az" adds a gateway and its
  # address per AZ (about 49 USD a month each in Tokyo) for a stack that must also start new tasks
  # during such an outage.
  nat_mode = "single"
  tags     = var.tags
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

  access_logs   = var.enable_access_logs ? { force_destroy = var.delete_access_logs_on_destroy } : null
  load_balancer = { deletion_protection = var.protect_from_deletion }
  desired_count = var.tasks
  autoscaling   = coalesce(var.max_tasks, var.tasks) > var.tasks ? { max_capacity = var.max_tasks } : null

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
  deletion_protection   = var.protect_from_deletion
  create_final_snapshot = var.create_final_snapshot
  multi_az              = var.database_multi_az
  redis                 = var.create_redis ? {} : null

  seed = { pull_through_cache_prefix = module.bridge.pull_through_cache_prefix }

  tags = var.tags
}
