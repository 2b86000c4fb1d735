module "bridge" {
  source = "../../modules/bridge"

  iam_permissions_boundary = var.iam_permissions_boundary

  name               = var.name
  tenant_id          = var.tenant_id
  tenant             = { id_version = var.tenant_id_version }
  vpc_id             = var.vpc_id
  private_subnet_ids = [for s in var.private_subnets : s.id]
  public_subnet_ids  = var.public_subnet_ids
  certificate        = { domain_name = var.domain_name, arn = var.certificate_arn }
  image_tag          = var.bridge_image_tag

  data_sources  = var.data_sources
  load_balancer = { deletion_protection = var.protect_from_deletion }
  # Access logs stay on (the module's default); a destroy deletes the bucket with them only when asked,
  # as in examples/complete: the bucket always holds the test object Elastic Load Balancing writes.
  access_logs = { force_destroy = var.delete_access_logs_on_destroy }
  tags        = var.tags
}

module "vpc_endpoints" {
  source = "../../modules/vpc-endpoints"

  name                       = var.name
  vpc_id                     = var.vpc_id
  s3_gateway                 = var.create_s3_endpoint ? { route_table_ids = var.private_route_table_ids } : null
  subnet_ids_by_az           = { for s in var.private_subnets : s.availability_zone => s.id }
  allowed_security_groups    = { bridge = module.bridge.task_security_group_id }
  vpc_cidr_blocks            = var.vpc_cidr_blocks
  private_dns_enabled        = var.endpoint_private_dns_enabled
  restrict_endpoint_policies = var.restrict_endpoint_policies
  interface_endpoints        = var.create_interface_endpoints ? ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] : []

  tags = var.tags
}
