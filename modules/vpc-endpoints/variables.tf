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

variable "create_s3_endpoint" {
  description = "Create the S3 gateway endpoint (free) on `route_table_ids`. ECR stores image layers in S3, so pulls through it skip the NAT."
  type        = bool
  default     = true
  nullable    = false
}

variable "route_table_ids" {
  description = "Route tables the S3 gateway endpoint is attached to (normally the private ones). Given explicitly: this module never discovers or edits route tables on its own."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for r in var.route_table_ids : can(regex("^rtb-[0-9a-f]+$", r))])
    error_message = "route_table_ids must be route table ids of the form rtb-0123...."
  }
}

variable "create_ecr_api_endpoint" {
  description = "Create the ecr.api interface endpoint (ECR API calls, including pull-through cache imports)."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_ecr_dkr_endpoint" {
  description = "Create the ecr.dkr interface endpoint (Docker registry API for image pulls)."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_logs_endpoint" {
  description = "Create the CloudWatch Logs interface endpoint."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_secretsmanager_endpoint" {
  description = "Create the Secrets Manager interface endpoint (ECS reads TENANT_ID through it)."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_ssmmessages_endpoint" {
  description = "Create the ssmmessages interface endpoint, needed by ECS Exec without NAT."
  type        = bool
  default     = false
  nullable    = false
}

variable "subnets" {
  description = "Subnets for the interface endpoints, one per Availability Zone (AWS rejects two in one AZ). Each entry gives the subnet id and its AZ, so that this can be checked at plan time without AWS lookups."
  type = list(object({
    id                = string
    availability_zone = string
  }))
  default  = []
  nullable = false

  validation {
    condition     = length(distinct([for s in var.subnets : s.availability_zone])) == length(var.subnets)
    error_message = "subnets must hold at most one subnet per Availability Zone (AWS fails with DuplicateSubnetsInSameZone); got AZs ${jsonencode([for s in var.subnets : s.availability_zone])}."
  }
  validation {
    condition     = alltrue([for s in var.subnets : can(regex("^subnet-[0-9a-f]+$", s.id))])
    error_message = "subnets ids must look like subnet-0123...."
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

variable "allowed_security_group_ids" {
  description = "Security groups allowed to reach the interface endpoints on 443 (for example the Bridge tasks' group)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for s in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "allowed_security_group_ids must be security group ids of the form sg-0123...."
  }
}

variable "allowed_cidr_blocks" {
  description = "More CIDR blocks allowed to reach the interface endpoints on 443, besides `vpc_cidr_blocks` (for example a peered VPC that resolves through this one)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.allowed_cidr_blocks : can(cidrnetmask(c))])
    error_message = "allowed_cidr_blocks must be valid IPv4 CIDR blocks; got ${jsonencode(var.allowed_cidr_blocks)}."
  }
}

variable "tags" {
  description = "Tags merged into every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
