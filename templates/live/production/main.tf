# The production environment: the production profile of docs/cost.md (one NAT gateway, two tasks
# in two AZs, ALB access logs, deletion protection). What differs from development comes from
# modules/profile, at the same release as the other modules; this environment's own choices are the
# variables (production.tfvars). To depart from the profile, replace one of its arguments below.
#
# The call's name sorts before the other module calls on purpose: trivy evaluates module calls in
# alphabetical order, and a count that reads the outputs of a call it has not evaluated yet (the flow
# logs, the access log bucket) drops those resources from its scan (aquasecurity/trivy#6274).
module "base_profile" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/profile?ref=2f2f0978009089236258fdca84431216936d1458" # v3.0.0

  name = "production"
}

module "network" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/network?ref=2f2f0978009089236258fdca84431216936d1458" # v3.0.0

  name                     = var.name
  cidr_block               = var.cidr_block
  azs                      = var.azs
  nat_mode                 = module.base_profile.network.nat_mode
  flow_logs                = module.base_profile.network.flow_logs
  iam_permissions_boundary = var.iam_permissions_boundary
  tags                     = var.tags
}

module "bridge" {
  source = "git::https://github.com/OWNER/terraform-basemachina-modules.git//modules/bridge?ref=2f2f0978009089236258fdca84431216936d1458" # v3.0.0

  name                     = var.name
  stage                    = module.base_profile.bridge.stage
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

  desired_count              = module.base_profile.bridge.desired_count
  capacity_provider_strategy = module.base_profile.bridge.capacity_provider_strategy

  # The access log bucket is the Bridge's only request audit trail; it outlives a destroy unless
  # you let it go (delete_access_logs_on_destroy).
  access_logs = module.base_profile.bridge.access_logs == null ? null : merge(module.base_profile.bridge.access_logs, { force_destroy = var.delete_access_logs_on_destroy })
  logs        = module.base_profile.bridge.logs
  load_balancer = merge(module.base_profile.bridge.load_balancer, {
    deletion_protection = coalesce(var.protect_from_deletion, module.base_profile.bridge.load_balancer.deletion_protection)
  })

  tags = var.tags
}
