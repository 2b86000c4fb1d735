data "aws_region" "current" {}

locals {
  interface_services = {
    "ecr.api"        = var.create_ecr_api_endpoint
    "ecr.dkr"        = var.create_ecr_dkr_endpoint
    "logs"           = var.create_logs_endpoint
    "secretsmanager" = var.create_secretsmanager_endpoint
    "ssmmessages"    = var.create_ssmmessages_endpoint
  }
  enabled_interface_services = toset([for s, on in local.interface_services : s if on])
  create_interface_endpoints = length(local.enabled_interface_services) > 0

  tags = merge(var.tags, { "terraform-module" = "terraform-basemachina-modules/vpc-endpoints" })
}

resource "aws_vpc_endpoint" "s3" {
  count = var.create_s3_endpoint ? 1 : 0

  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.route_table_ids

  tags = merge(local.tags, { Name = "${var.name}-s3" })

  lifecycle {
    precondition {
      condition     = length(var.route_table_ids) > 0
      error_message = "The S3 gateway endpoint needs route_table_ids (the private route tables), or set create_s3_endpoint = false."
    }
  }
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
      condition     = length(var.allowed_security_group_ids) + length(var.allowed_cidr_blocks) > 0
      error_message = "Interface endpoints need allowed_security_group_ids or allowed_cidr_blocks: nothing could reach them otherwise."
    }
    precondition {
      condition     = length(var.subnets) > 0
      error_message = "Interface endpoints need subnets (one per Availability Zone)."
    }
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_security_groups" {
  # Keyed by position: the ids are often unknown until apply (created in the same run).
  for_each = local.create_interface_endpoints ? { for i, id in var.allowed_security_group_ids : tostring(i) => id } : {}

  security_group_id            = aws_security_group.endpoints[0].id
  description                  = "HTTPS from an allowed security group"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = each.value

  tags = merge(local.tags, { Name = "${var.name}-endpoints-from-sg" })
}

resource "aws_vpc_security_group_ingress_rule" "from_cidrs" {
  for_each = local.create_interface_endpoints ? toset(var.allowed_cidr_blocks) : toset([])

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
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in var.subnets : s.id]
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = var.private_dns_enabled

  tags = merge(local.tags, { Name = "${var.name}-${replace(each.value, ".", "-")}" })
}
