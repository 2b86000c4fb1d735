variable "name" {
  description = "Prefix of every resource name: 1-28 lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit. The same rule holds in every module of this repository, so one `name` fits them all; 28 keeps the longest derived name (`<name>-alb`, 32) within its AWS limit."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.name) <= 28 && can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name)) && !startswith(var.name, "internal-")
    error_message = "name must be 1-28 lowercase letters, digits and single hyphens, start with a letter, end with a letter or digit, and not start with \"internal-\" (reserved by AWS for load balancers); got \"${var.name}\" (${length(var.name)} characters)."
  }
}

variable "vpc_id" {
  description = "VPC to add the endpoints to."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0; got \"${var.vpc_id}\"."
  }
}

variable "s3_gateway" {
  description = "The S3 gateway endpoint (free) on `route_table_ids`, normally the private route tables: ECR stores image layers in S3, so pulls through it skip the NAT. Route tables are given explicitly: this module never discovers or edits route tables on its own. Null creates none."
  type = object({
    route_table_ids = list(string)
  })
  default = null

  validation {
    condition     = var.s3_gateway == null || try(length(var.s3_gateway.route_table_ids) > 0 && alltrue([for r in var.s3_gateway.route_table_ids : can(regex("^rtb-[0-9a-f]+$", r))]), false)
    error_message = "s3_gateway.route_table_ids must hold at least one route table id of the form rtb-0123456789abcdef0 (or set s3_gateway = null); got ${jsonencode(try(var.s3_gateway.route_table_ids, null))}."
  }
}

variable "interface_endpoints" {
  description = "Interface endpoints to create, by service: `ecr.api` (ECR API calls, including pull-through cache imports), `ecr.dkr` (image pulls), `logs`, `secretsmanager` (ECS reads TENANT_ID through it) and `ssmmessages` (ECS Exec without NAT). Each is billed per AZ-hour. A set keyed by service, so adding or removing one touches only that endpoint."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = length(setsubtract(var.interface_endpoints, ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"])) == 0
    error_message = "interface_endpoints may hold ecr.api, ecr.dkr, logs, secretsmanager and ssmmessages; got ${jsonencode(setsubtract(var.interface_endpoints, ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"]))}, which this module does not know."
  }
}

variable "subnet_ids_by_az" {
  description = "Subnets for the interface endpoints, keyed by Availability Zone: AWS accepts one subnet per AZ, which a map keyed by AZ enforces, and it is checked at plan time without AWS lookups (the network module's `private_subnet_ids_by_az`)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for az, id in var.subnet_ids_by_az : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$", az)) && can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "subnet_ids_by_az must map Availability Zone names (ap-northeast-1a) to subnet ids (subnet-0123456789abcdef0); got ${jsonencode(var.subnet_ids_by_az)}."
  }
}

variable "private_dns_enabled" {
  description = "Turn on private DNS for the interface endpoints. Set false when the VPC (or a shared DNS setup) already has an endpoint for the same service: AWS rejects a second one with \"conflicting DNS domain\"."
  type        = bool
  default     = true
  nullable    = false
}

variable "vpc_cidr_blocks" {
  description = "Every IPv4 CIDR block of the VPC (primary and secondary). With private DNS the endpoints answer for the service's public name in the whole VPC (ecr.api, logs, secretsmanager...): every workload there then reaches the service through them, so they must admit the whole VPC on 443 or those workloads lose the service. Required when an interface endpoint has private DNS; given explicitly so planning needs no VPC lookup."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.vpc_cidr_blocks : can(cidrnetmask(c))])
    error_message = "vpc_cidr_blocks must be IPv4 CIDR blocks such as 10.0.0.0/16; got ${jsonencode(var.vpc_cidr_blocks)}."
  }
}

variable "restrict_endpoint_policies" {
  description = "Attach endpoint policies that allow requests only to this account's resources (`aws:ResourceAccount`), plus what the Bridge needs elsewhere: ECR's image layer bucket through the S3 gateway, and `ecr:GetAuthorizationToken`, which has no resource. Off keeps AWS's default full-access policy; on, workloads in the VPC can no longer reach other accounts' buckets, secrets or repositories through these endpoints. The ssmmessages endpoint keeps the default (its actions have no resource to scope)."
  type        = bool
  default     = false
  nullable    = false
}

variable "allowed_security_groups" {
  description = "Security groups allowed to reach the interface endpoints on 443, keyed by a name you choose (for example `bridge = module.bridge.task_security_group_id`). One rule per entry, keyed by its name, so adding or removing one touches only that rule."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, id in var.allowed_security_groups : can(regex("^[a-z0-9][a-z0-9_-]{0,39}$", k)) && can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "allowed_security_groups must map names (1-40 lowercase letters, digits, _ and -) to security group ids of the form sg-0123456789abcdef0; got ${jsonencode(var.allowed_security_groups)}."
  }
}

variable "allowed_cidr_blocks" {
  description = "More CIDR blocks allowed to reach the interface endpoints on 443, besides `vpc_cidr_blocks` (for example a peered VPC that resolves through this one)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.allowed_cidr_blocks : can(cidrnetmask(c))])
    error_message = "allowed_cidr_blocks must be valid IPv4 CIDR blocks such as 10.1.0.0/16; got ${jsonencode(var.allowed_cidr_blocks)}."
  }
}

variable "tags" {
  description = "Tags merged into every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
