data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  # An AZ's subnet index comes from its letter, not its position in var.azs, so reordering the
  # list neither renumbers nor recreates subnets.
  az_letters = "abcdefghijklmnopqrstuvwxyz"
  az_index   = { for az in var.azs : az => index(split("", local.az_letters), substr(az, -1, 1)) }
  half       = pow(2, var.subnet_newbits - 1)

  public_cidrs = length(var.public_subnet_cidrs) > 0 ? var.public_subnet_cidrs : {
    for az, i in local.az_index : az => try(cidrsubnet(var.cidr_block, var.subnet_newbits, i), null)
  }
  private_cidrs = length(var.private_subnet_cidrs) > 0 ? var.private_subnet_cidrs : {
    for az, i in local.az_index : az => try(cidrsubnet(var.cidr_block, var.subnet_newbits, local.half + i), null) # null only when var.azs validation already failed
  }

  # The single NAT lives in the alphabetically first AZ, so reordering azs does not move it.
  nat_azs = {
    single   = [sort(var.azs)[0]]
    per_az   = var.azs
    none     = []
    instance = [] # one NAT instance, not gateways: nat_instance.tf
  }[var.nat_mode]
  nat_instance_az = sort(var.azs)[0]
  nat_for_az      = { for az in var.azs : az => (var.nat_mode == "per_az" ? az : sort(var.azs)[0]) }

  vpc_prefix       = tonumber(split("/", var.cidr_block)[1])
  all_subnet_cidrs = concat(values(local.public_cidrs), values(local.private_cidrs))

  # From the VPC's ARN, so planning needs no aws_caller_identity lookup.
  account_id = split(":", aws_vpc.this.arn)[4]
  # From the EC2 endpoint (ec2.<region>.<dns suffix>), which provider 5.x and 6.x both resolve offline
  # without deprecation: 6.x deprecates `name` and `id`, and 5.x has no `region` attribute.
  region    = split(".", data.aws_region.current.endpoint)[1]
  partition = data.aws_partition.current.partition

  tags = merge(var.tags, { "terraform-module" = "terraform-basemachina-modules/network" })
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true # needed for private DNS on interface endpoints and RDS endpoint names

  tags = merge(local.tags, { Name = var.name })

  # Subnet layout checks, here so that a bad layout fails the plan before anything is created.
  lifecycle {
    precondition {
      condition     = local.vpc_prefix + var.subnet_newbits <= 28
      error_message = "Subnets would be smaller than /28 (AWS's minimum): cidr_block ${var.cidr_block} plus subnet_newbits ${var.subnet_newbits}."
    }
    precondition {
      condition = (length(var.public_subnet_cidrs) == 0 || toset(keys(var.public_subnet_cidrs)) == toset(var.azs)) && (
      length(var.private_subnet_cidrs) == 0 || toset(keys(var.private_subnet_cidrs)) == toset(var.azs))
      error_message = "Explicit subnet CIDR maps must have exactly one entry per AZ in azs (${jsonencode(var.azs)})."
    }
    precondition {
      # c is inside the VPC when its network address, cut to the VPC's prefix, is the VPC's address.
      condition = alltrue([for c in local.all_subnet_cidrs :
        tonumber(split("/", c)[1]) >= local.vpc_prefix &&
        cidrhost("${cidrhost(c, 0)}/${local.vpc_prefix}", 0) == cidrhost(var.cidr_block, 0)
      ])
      error_message = "Every subnet CIDR must lie inside the VPC's ${var.cidr_block}; got ${jsonencode(local.all_subnet_cidrs)}."
    }
    precondition {
      condition = alltrue(flatten([for i, a in local.all_subnet_cidrs : [for j, b in local.all_subnet_cidrs :
        i == j || (
          # Two blocks overlap when they agree on the shorter of their two prefixes.
          cidrhost("${cidrhost(a, 0)}/${min(split("/", a)[1], split("/", b)[1])}", 0) !=
          cidrhost("${cidrhost(b, 0)}/${min(split("/", a)[1], split("/", b)[1])}", 0)
      )]]))
      error_message = "Subnet CIDRs must not overlap; got ${jsonencode(local.all_subnet_cidrs)}."
    }
  }
}

# Taking over the default security group with no rule blocks strips every rule from it, so nothing
# launched without an explicit group gets network access (FSBP EC2.2).
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${var.name}-default-unused" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(local.tags, { Name = var.name })
}
