module "endpoints" {
  source = "../vpc-endpoints"

  name             = var.name
  vpc_id           = aws_vpc.this.id
  s3_gateway       = var.endpoints.s3_gateway ? { route_table_ids = [for az in var.azs : aws_route_table.private[az].id] } : null
  subnet_ids_by_az = { for az in var.azs : az => aws_subnet.private[az].id }
  # With private DNS the endpoints serve the whole VPC; without it, the private subnets (the tasks).
  vpc_cidr_blocks     = [var.cidr_block]
  allowed_cidr_blocks = var.endpoints.private_dns ? [] : [for az in var.azs : local.private_cidrs[az]]
  private_dns_enabled = var.endpoints.private_dns
  interface_endpoints = var.endpoints.interface

  tags = var.tags
}
