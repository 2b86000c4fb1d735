module "endpoints" {
  source = "../vpc-endpoints"

  name            = var.name
  vpc_id          = aws_vpc.this.id
  route_table_ids = [for az in var.azs : aws_route_table.private[az].id]
  subnets         = [for az in var.azs : { id = aws_subnet.private[az].id, availability_zone = az }]
  # With private DNS the endpoints serve the whole VPC; without it, the private subnets (the tasks).
  vpc_cidr_blocks     = [var.cidr_block]
  allowed_cidr_blocks = var.endpoint_private_dns_enabled ? [] : [for az in var.azs : local.private_cidrs[az]]
  private_dns_enabled = var.endpoint_private_dns_enabled

  create_s3_endpoint             = var.endpoints.s3
  create_ecr_api_endpoint        = var.endpoints.ecr_api
  create_ecr_dkr_endpoint        = var.endpoints.ecr_dkr
  create_logs_endpoint           = var.endpoints.logs
  create_secretsmanager_endpoint = var.endpoints.secretsmanager
  create_ssmmessages_endpoint    = var.endpoints.ssmmessages

  tags = var.tags
}
