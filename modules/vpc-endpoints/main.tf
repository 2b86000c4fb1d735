data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  # From the EC2 endpoint (ec2.<region>.<dns suffix>), which provider 5.x and 6.x both resolve offline
  # without deprecation: 6.x deprecates `name` and `id`, and 5.x has no `region` attribute.
  region                     = split(".", data.aws_region.current.endpoint)[1]
  create_s3_endpoint         = var.s3_gateway != null
  enabled_interface_services = var.interface_endpoints
  create_interface_endpoints = length(local.enabled_interface_services) > 0
  # With private DNS every workload in the VPC resolves the services to these endpoints, so the
  # whole VPC must be admitted; without it only the named callers use them.
  ingress_cidr_blocks = toset(concat(var.private_dns_enabled ? var.vpc_cidr_blocks : [], var.allowed_cidr_blocks))

  tags = merge(var.tags, { "terraform-module" = "terraform-basemachina-modules/vpc-endpoints" })
}

resource "aws_vpc_endpoint" "s3" {
  count = local.create_s3_endpoint ? 1 : 0

  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.s3_gateway.route_table_ids

  tags = merge(local.tags, { Name = "${var.name}-s3" })
}

resource "aws_security_group" "endpoints" {
  count = local.create_interface_endpoints ? 1 : 0

  name_prefix = "${var.name}-endpoints-"
  description = "Interface VPC endpoints: HTTPS from the allowed sources only."
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-endpoints" })

  lifecycle {
    create_before_destroy = true
    precondition {
      condition     = length(var.allowed_security_groups) + length(local.ingress_cidr_blocks) > 0
      error_message = "Interface endpoints ${jsonencode(sort(local.enabled_interface_services))} need allowed_security_groups, allowed_cidr_blocks or (with private DNS) vpc_cidr_blocks: nothing could reach them otherwise; got none of them."
    }
    precondition {
      condition     = !var.private_dns_enabled || length(var.vpc_cidr_blocks) > 0
      error_message = "Interface endpoints with private DNS take over the services' names for the whole VPC: give vpc_cidr_blocks (every CIDR block of the VPC) so every workload there can still reach ${join(", ", sort(local.enabled_interface_services))}, or set private_dns_enabled = false."
    }
    precondition {
      condition     = length(var.subnet_ids_by_az) > 0
      error_message = "Interface endpoints ${jsonencode(sort(local.enabled_interface_services))} need subnet_ids_by_az (one subnet per Availability Zone); got none."
    }
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_security_groups" {
  # Keyed by the caller's names: the ids are often unknown until apply (created in the same run).
  for_each = local.create_interface_endpoints ? var.allowed_security_groups : {}

  security_group_id            = aws_security_group.endpoints[0].id
  description                  = "HTTPS from an allowed security group"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = each.value

  tags = merge(local.tags, { Name = "${var.name}-endpoints-from-${each.key}" })
}

resource "aws_vpc_security_group_ingress_rule" "from_cidrs" {
  for_each = local.create_interface_endpoints ? local.ingress_cidr_blocks : toset([])

  security_group_id = aws_security_group.endpoints[0].id
  description       = "HTTPS from an allowed CIDR block"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value

  tags = merge(local.tags, { Name = "${var.name}-endpoints-from-cidr" })
}

resource "aws_vpc_endpoint" "interface" {
  for_each = local.enabled_interface_services

  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${local.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = values(var.subnet_ids_by_az)
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = var.private_dns_enabled

  tags = merge(local.tags, { Name = "${var.name}-${replace(each.value, ".", "-")}" })
}
