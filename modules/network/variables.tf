variable "name" {
  description = "Prefix of every resource name: 1-28 lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit. The same rule holds in every module of this repository, so one `name` fits them all; 28 keeps the longest derived name (`<name>-alb`, 32) within its AWS limit."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.name) <= 28 && can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name)) && !startswith(var.name, "internal-")
    error_message = "name must be 1-28 lowercase letters, digits and single hyphens, start with a letter, end with a letter or digit, and not start with \"internal-\" (reserved by AWS for load balancers); got \"${var.name}\" (${length(var.name)} characters)."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR block of the VPC (/16 to /24)."
  type        = string
  default     = "10.0.0.0/16"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.cidr_block)) && try(tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 24, false)
    error_message = "cidr_block must be a valid IPv4 CIDR block between /16 and /24 (AWS's VPC limits leave room for subnets); got \"${var.cidr_block}\"."
  }
  validation {
    condition     = try(cidrhost(var.cidr_block, 0) == split("/", var.cidr_block)[0], true) # an invalid block is reported above
    error_message = "cidr_block must name its network address (for example 10.0.0.0/16, not 10.0.1.0/16); got \"${var.cidr_block}\"."
  }
}

variable "azs" {
  description = "Availability Zones, 2 or 3 distinct names (for example [\"ap-northeast-1a\", \"ap-northeast-1c\"]). Given explicitly so the module plans without AWS lookups. Subnets are keyed by AZ, so reordering this list changes nothing."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.azs) >= 2 && length(var.azs) <= 3
    error_message = "azs must hold 2 or 3 Availability Zones (the ALB needs two); got ${length(var.azs)}."
  }
  validation {
    condition     = length(distinct(var.azs)) == length(var.azs)
    error_message = "azs must not repeat an Availability Zone; got ${jsonencode(var.azs)}."
  }
  validation {
    condition     = alltrue([for az in var.azs : can(regex("^[a-z]{2}(-[a-z0-9]+)+[a-z]$", az))])
    error_message = "azs must be Availability Zone names ending in a letter, such as ap-northeast-1a; got ${jsonencode(var.azs)}."
  }
  validation {
    # Computed subnets take their slot from the AZ letter (a = 0); each tier has 2^(subnet_newbits-1) slots.
    condition = length(var.public_subnet_cidrs) > 0 || alltrue([for az in var.azs :
    try(index(split("", "abcdefghijklmnopqrstuvwxyz"), substr(az, -1, 1)) < pow(2, var.subnet_newbits - 1), false)])
    error_message = "More AZs than subnets fit: with subnet_newbits = ${var.subnet_newbits} each tier has ${pow(2, var.subnet_newbits - 1)} slots, numbered by AZ letter (a = 0); got ${jsonencode(var.azs)}. Raise subnet_newbits or give explicit subnet CIDRs."
  }
}

variable "subnet_newbits" {
  description = "Bits added to the VPC prefix for each computed subnet (4 turns a /16 into /20 subnets). Public subnets take the lower half of the index space and private subnets the upper half; each AZ's index comes from its letter (a = 0), which keeps CIDRs stable when `azs` is reordered."
  type        = number
  default     = 4
  nullable    = false

  validation {
    condition     = var.subnet_newbits >= 2 && var.subnet_newbits <= 8
    error_message = "subnet_newbits must be between 2 and 8; got ${var.subnet_newbits}."
  }
}

variable "public_subnet_cidrs" {
  description = "Explicit public subnet CIDRs by AZ. Empty computes them with cidrsubnet."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for c in values(var.public_subnet_cidrs) : can(cidrnetmask(c))])
    error_message = "public_subnet_cidrs values must be valid IPv4 CIDR blocks such as 10.0.0.0/20; got ${jsonencode(var.public_subnet_cidrs)}."
  }
}

variable "private_subnet_cidrs" {
  description = "Explicit private subnet CIDRs by AZ. Empty computes them with cidrsubnet."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for c in values(var.private_subnet_cidrs) : can(cidrnetmask(c))])
    error_message = "private_subnet_cidrs values must be valid IPv4 CIDR blocks such as 10.0.128.0/20; got ${jsonencode(var.private_subnet_cidrs)}."
  }
}

variable "nat_mode" {
  description = "Egress for the private subnets: \"single\" (one NAT gateway, cheapest managed egress), \"per_az\" (one NAT gateway per AZ, egress survives an AZ outage), \"instance\" (one small NAT instance, about a sixth of a NAT gateway's price, for development: one AZ, no managed failover; see `nat_instance`) or \"none\" (no egress: the Bridge cannot start without an `https_proxy`, because it must reach api.basemachina.com)."
  type        = string
  default     = "single"
  nullable    = false

  validation {
    condition     = contains(["single", "per_az", "instance", "none"], var.nat_mode)
    error_message = "nat_mode must be \"single\", \"per_az\", \"instance\" or \"none\"; got \"${var.nat_mode}\"."
  }
}

variable "nat_instance" {
  description = <<-EOT
    The NAT instance of `nat_mode = "instance"`: an Auto Scaling group of one in the alphabetically first AZ, which replaces a failed instance; the private subnets route to its fixed network interface, so a replacement takes over the same routes and public address. No SSH and no key pair (Session Manager for access), IMDSv2 only, encrypted root volume; its setup log goes to CloudWatch Logs.
    - `instance_type`: an ARM (Graviton) type such as t4g.nano, to match the arm64 image.
    - `image_ssm_parameter`: the public SSM parameter of the Amazon Linux 2023 image, resolved by EC2 at each launch (`resolve:ssm:`), so planning looks up no AMI and a replacement gets the current image.
    - `ports`: TCP ports the private subnets may send through it. The Bridge needs 443 only (api.basemachina.com, ECR, CloudWatch Logs).
    - `log_retention_days`: days CloudWatch keeps the setup log.
  EOT
  type = object({
    instance_type       = optional(string, "t4g.nano")
    image_ssm_parameter = optional(string, "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64")
    ports               = optional(set(number), [443])
    log_retention_days  = optional(number, 30)
  })
  default  = {}
  nullable = false

  validation {
    # Graviton types carry a "g" after the generation digit (t4g, m7g, c6gn, r8gd).
    condition     = can(regex("arm64", var.nat_instance.image_ssm_parameter)) == can(regex("^[a-z]+[0-9]+g[a-z]*\\.", var.nat_instance.instance_type))
    error_message = "nat_instance.instance_type ${jsonencode(var.nat_instance.instance_type)} does not match the image ${jsonencode(var.nat_instance.image_ssm_parameter)}: an arm64 image needs an ARM (Graviton) type such as t4g.nano, an x86_64 image a type such as t3.nano."
  }
  validation {
    condition     = can(regex("^/aws/service/ami-amazon-linux-latest/al2023-ami-", var.nat_instance.image_ssm_parameter))
    error_message = "nat_instance.image_ssm_parameter must be an Amazon Linux 2023 parameter under /aws/service/ami-amazon-linux-latest/al2023-ami- (the setup script uses dnf and iptables-services); got ${jsonencode(var.nat_instance.image_ssm_parameter)}."
  }
  validation {
    condition     = length(var.nat_instance.ports) > 0 && alltrue([for p in var.nat_instance.ports : p >= 1 && p <= 65535 && floor(p) == p])
    error_message = "nat_instance.ports must hold one or more TCP ports from 1 to 65535; got ${jsonencode(var.nat_instance.ports)}."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.nat_instance.log_retention_days)
    error_message = "nat_instance.log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); got ${jsonencode(var.nat_instance.log_retention_days)}."
  }
}

variable "flow_logs" {
  description = "VPC flow logs to CloudWatch Logs. `traffic_type`: which flows to log; REJECT (default) records blocked traffic, the security-relevant part, at a fraction of ALL's ingestion cost. `retention_days`: days CloudWatch keeps them. Null sends none."
  type = object({
    traffic_type   = optional(string, "REJECT")
    retention_days = optional(number, 30)
  })
  default = {}

  validation {
    condition     = var.flow_logs == null || try(contains(["ACCEPT", "REJECT", "ALL"], var.flow_logs.traffic_type), false)
    error_message = "flow_logs.traffic_type must be ACCEPT, REJECT or ALL; got ${jsonencode(try(var.flow_logs.traffic_type, null))}."
  }
  validation {
    condition     = var.flow_logs == null || try(contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs.retention_days), false)
    error_message = "flow_logs.retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); got ${jsonencode(try(var.flow_logs.retention_days, null))}."
  }
}

variable "endpoints" {
  description = "VPC endpoints, passed to the vpc-endpoints module. `s3_gateway`: the S3 gateway endpoint on the private route tables (free, on). `interface`: interface endpoints by service (ecr.api, ecr.dkr, logs, secretsmanager, ssmmessages; billed per AZ-hour, none by default). `private_dns`: private DNS on the interface endpoints. Endpoints never replace NAT for the Bridge: it must reach api.basemachina.com."
  type = object({
    s3_gateway  = optional(bool, true)
    interface   = optional(set(string), [])
    private_dns = optional(bool, true)
  })
  default  = {}
  nullable = false

  validation {
    condition     = length(setsubtract(var.endpoints.interface, ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"])) == 0
    error_message = "endpoints.interface may hold ecr.api, ecr.dkr, logs, secretsmanager and ssmmessages (S3 is endpoints.s3_gateway); got ${jsonencode(setsubtract(var.endpoints.interface, ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssmmessages"]))}, which the vpc-endpoints module does not know."
  }
}

variable "tags" {
  description = "Tags merged into every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "iam_permissions_boundary" {
  description = "ARN of the permissions boundary every IAM role this module creates carries: the bootstrap module's `stack_permissions_boundary_arns` value of the stack's environment, which its apply role requires on every role it creates or changes. Null sets none (roles created by an administrator)."
  type        = string
  default     = null

  validation {
    condition     = var.iam_permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", coalesce(var.iam_permissions_boundary, "-")))
    error_message = "iam_permissions_boundary must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name>) or null; got ${jsonencode(var.iam_permissions_boundary)}."
  }
}
