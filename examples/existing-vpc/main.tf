module "bridge" {
  source = "../../modules/bridge"

  name               = var.name
  tenant_id          = var.tenant_id
  vpc_id             = var.vpc_id
  private_subnet_ids = [for s in var.private_subnets : s.id]
  public_subnet_ids  = var.public_subnet_ids
  domain_name        = var.domain_name
  certificate_arn    = var.certificate_arn
  image_tag          = var.bridge_image_tag

  data_source_egress_rules   = var.data_source_egress_rules
  enable_deletion_protection = var.protect_from_deletion
  tags                       = var.tags
}

module "vpc_endpoints" {
  source = "../../modules/vpc-endpoints"

  name                       = var.name
  vpc_id                     = var.vpc_id
  route_table_ids            = var.private_route_table_ids
  subnets                    = var.private_subnets
  allowed_security_group_ids = [module.bridge.task_security_group_id]
  vpc_cidr_blocks            = var.vpc_cidr_blocks
  private_dns_enabled        = var.endpoint_private_dns_enabled
  restrict_endpoint_policies = var.restrict_endpoint_policies

  create_s3_endpoint             = var.create_s3_endpoint
  create_ecr_api_endpoint        = var.create_interface_endpoints
  create_ecr_dkr_endpoint        = var.create_interface_endpoints
  create_logs_endpoint           = var.create_interface_endpoints
  create_secretsmanager_endpoint = var.create_interface_endpoints

  tags = var.tags
}
