# The production environment: the production profile of docs/cost.md (one NAT gateway, two tasks
# in two AZs, ALB access logs, deletion protection). Each choice is one argument below.

module "network" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/network?ref=9594b79c0d9f15be66596fa30d62eef9d3ec886c" # v2.0.0

  name                     = var.name
  cidr_block               = var.cidr_block
  azs                      = var.azs
  nat_mode                 = "single"
  iam_permissions_boundary = var.iam_permissions_boundary
  tags                     = var.tags
}

module "bridge" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/bridge?ref=9594b79c0d9f15be66596fa30d62eef9d3ec886c" # v2.0.0

  name                     = var.name
  stage                    = "production"
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

  # Two tasks spread over two AZs: losing one leaves the other serving while ECS replaces it.
  desired_count = 2

  # The access log bucket is the Bridge's only request audit trail; it outlives a destroy unless
  # you let it go (delete_access_logs_on_destroy).
  access_logs   = { force_destroy = var.delete_access_logs_on_destroy }
  load_balancer = { deletion_protection = var.protect_from_deletion }

  tags = var.tags
}
