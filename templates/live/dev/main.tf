# The dev environment: the development profile of docs/cost.md (one NAT instance, Fargate Spot,
# working hours only). Each choice is one argument below; change it here, not in the modules.

module "network" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/network?ref=9594b79c0d9f15be66596fa30d62eef9d3ec886c" # v2.0.0

  name                     = var.name
  cidr_block               = var.cidr_block
  azs                      = var.azs
  nat_mode                 = "instance"
  flow_logs                = { retention_days = 7 }
  iam_permissions_boundary = var.iam_permissions_boundary
  tags                     = var.tags
}

module "bridge" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/bridge?ref=9594b79c0d9f15be66596fa30d62eef9d3ec886c" # v2.0.0

  name                     = var.name
  stage                    = "development"
  tenant_id                = var.tenant_id
  tenant                   = { id_version = var.tenant_id_version }
  vpc_id                   = module.network.vpc_id
  private_subnet_ids       = module.network.private_subnet_ids
  public_subnet_ids        = module.network.public_subnet_ids
  iam_permissions_boundary = var.iam_permissions_boundary

  certificate = {
    domain_name     = var.domain_name
    route53_zone_id = var.route53_zone_id
    arn             = var.certificate_arn
  }

  image_tag           = var.bridge_image_tag
  allowed_cidr_blocks = var.allowed_cidr_blocks
  data_sources        = var.data_sources

  desired_count              = 1
  capacity_provider_strategy = { FARGATE_SPOT = { weight = 1 } }
  schedule                   = var.working_hours

  # Nothing here is kept: no access log bucket, a week of logs, a destroy that is not refused.
  access_logs   = null
  logs          = { retention_days = 7 }
  load_balancer = { deletion_protection = false, deregistration_delay = 30 }

  tags = var.tags
}
