################################################################################
# Identity and placement
################################################################################

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
  description = "VPC that holds the subnets."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0; got \"${var.vpc_id}\"."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets for the tasks. They need a route to a NAT gateway (or an egress proxy): the Bridge must reach api.basemachina.com."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.private_subnet_ids) >= 1 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "private_subnet_ids must hold at least one subnet id of the form subnet-0123456789abcdef0; got ${jsonencode(var.private_subnet_ids)}."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets for the ALB: at least two, in two different Availability Zones (an AWS requirement for ALBs)."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(distinct(var.public_subnet_ids)) >= 2 && alltrue([for s in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "public_subnet_ids must hold at least two distinct subnet ids (subnet-0123456789abcdef0) in two Availability Zones; got ${jsonencode(var.public_subnet_ids)}."
  }
}

################################################################################
# Tenant
################################################################################

variable "tenant_id" {
  description = "BaseMachina tenant id, for the Secrets Manager secret this module creates. Required unless `tenant.secret_arn` names a secret of your own: an empty TENANT_ID makes the Bridge accept tokens of any tenant. Ephemeral in this module and written through a write-only argument, so the module keeps it out of state; declare your own root variable `ephemeral = true` as well to keep it out of saved plan files. Bump `tenant.id_version` whenever you change it."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.tenant_id == null || try(length(trimspace(var.tenant_id)) > 0, false)
    error_message = "tenant_id must not be empty or blank: an empty TENANT_ID lets the Bridge accept tokens issued to any BaseMachina tenant."
  }
}

variable "tenant" {
  description = <<-EOT
    Where the tasks read TENANT_ID from. One of two forms:
    - the secret this module creates from `tenant_id`: `{ id_version = 1, kms_key_arn = null }`. `id_version` is the version of the write-only value: change it (1 to 2) in the same apply as `tenant_id`, and the new value reaches Secrets Manager, a new task definition revision pins it and the service rolls.
    - a secret or parameter of your own: `{ secret_arn = "...", secret_version_id = null, kms_key_arn = null }`. `secret_version_id` pins a Secrets Manager version: change it after you put a new value and the next apply rolls the service; null reads AWSCURRENT when a task starts.
    `kms_key_arn`: the customer managed key of the secret (null: the AWS managed key aws/secretsmanager); the execution role may decrypt with it.
  EOT
  type = object({
    id_version        = optional(number, 1)
    secret_arn        = optional(string)
    secret_version_id = optional(string)
    kms_key_arn       = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    # Terraform shows no message that refers to an ephemeral value, so this one speaks of secret_arn only.
    condition     = (var.tenant.secret_arn == null) == (var.tenant_id != null)
    error_message = "TENANT_ID comes from exactly one place, tenant_id (the module stores it in a secret) or tenant.secret_arn (a secret or parameter of yours). Got tenant.secret_arn = ${jsonencode(var.tenant.secret_arn)}, so ${var.tenant.secret_arn == null ? "give tenant_id" : "leave tenant_id unset"}."
  }
  validation {
    condition     = var.tenant.secret_arn == null || can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:[0-9]{12}:(secret:|parameter/).+$", coalesce(var.tenant.secret_arn, "-")))
    error_message = "tenant.secret_arn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>); got ${jsonencode(var.tenant.secret_arn)}."
  }
  validation {
    condition     = var.tenant.secret_version_id == null || (can(regex("^[A-Za-z0-9-]{32,64}$", coalesce(var.tenant.secret_version_id, "-"))) && strcontains(coalesce(var.tenant.secret_arn, "-"), ":secretsmanager:"))
    error_message = "tenant.secret_version_id must be a Secrets Manager version id (32-64 letters, digits or hyphens, usually a UUID) of a Secrets Manager tenant.secret_arn (SSM parameters have no version ids); got secret_version_id = ${jsonencode(var.tenant.secret_version_id)} for secret_arn = ${jsonencode(var.tenant.secret_arn)}."
  }
  validation {
    condition     = var.tenant.id_version >= 1 && floor(var.tenant.id_version) == var.tenant.id_version
    error_message = "tenant.id_version must be a whole number from 1; got ${var.tenant.id_version}."
  }
  validation {
    condition     = var.tenant.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", coalesce(var.tenant.kms_key_arn, "-")))
    error_message = "tenant.kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or null for aws/secretsmanager; got ${jsonencode(var.tenant.kms_key_arn)}."
  }
}

################################################################################
# Certificate, DNS and ingress
################################################################################

variable "certificate" {
  description = <<-EOT
    The Bridge's host name and the certificate the HTTPS listener presents for it. `domain_name` (for example bridge.example.com) is required: `bridge_url` uses it, and the ALB's own name (*.elb.amazonaws.com) can never be on a certificate you own. Then exactly one of:
    - `route53_zone_id`: the hosted zone of `domain_name`. The module requests an ACM certificate, validates it by DNS and, with `create_record` (default), points `domain_name` at the ALB.
    - `arn`: an ACM certificate you already have that covers `domain_name` (a domain outside Route 53, or one imported for testing). Create the record of the `dns_record` output at your DNS provider.
  EOT
  type = object({
    domain_name     = string
    route53_zone_id = optional(string)
    create_record   = optional(bool, true)
    arn             = optional(string)
  })
  nullable = false

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.certificate.domain_name))
    error_message = "certificate.domain_name must be a lowercase fully qualified domain name such as bridge.example.com; got ${jsonencode(var.certificate.domain_name)}."
  }
  validation {
    condition     = (var.certificate.arn != null) != (var.certificate.route53_zone_id != null)
    error_message = "certificate needs exactly one source for ${var.certificate.domain_name}: route53_zone_id (the module requests and validates an ACM certificate) or arn (an ACM certificate you already have); got route53_zone_id = ${jsonencode(var.certificate.route53_zone_id)} and arn = ${var.certificate.arn == null ? "null" : "(set)"}."
  }
  validation {
    condition     = var.certificate.arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", coalesce(var.certificate.arn, "-")))
    error_message = "certificate.arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>); got ${jsonencode(var.certificate.arn)}."
  }
  validation {
    condition     = var.certificate.route53_zone_id == null || can(regex("^Z[A-Z0-9]+$", coalesce(var.certificate.route53_zone_id, "-")))
    error_message = "certificate.route53_zone_id must be a hosted zone id such as Z0123456789ABCDEFGHIJ; got ${jsonencode(var.certificate.route53_zone_id)}."
  }
}

variable "allowed_cidr_blocks" {
  description = "Source addresses allowed to reach the ALB, one rule each (keyed by the block, so adding or removing one touches only that rule). Defaults to BaseMachina's published egress address; check the current value in BaseMachina's documentation before deploying."
  type        = list(string)
  default     = ["34.85.43.93/32"]
  nullable    = false

  validation {
    condition     = length(var.allowed_cidr_blocks) > 0 && alltrue([for c in var.allowed_cidr_blocks : can(cidrnetmask(c))])
    error_message = "allowed_cidr_blocks must hold at least one valid IPv4 CIDR block such as 34.85.43.93/32; got ${jsonencode(var.allowed_cidr_blocks)}."
  }
  validation {
    # BaseMachina calls from one published address; anything shorter than /16 is far wider than that.
    condition     = var.allow_wide_ingress || alltrue([for c in var.allowed_cidr_blocks : try(tonumber(split("/", c)[1]) >= 16, true)])
    error_message = "allowed_cidr_blocks opens the Bridge to more than BaseMachina's address: ${jsonencode([for c in var.allowed_cidr_blocks : c if try(tonumber(split("/", c)[1]) < 16, false)])} is wider than /16. Allowed: blocks of /16 or narrower, such as BaseMachina's published 34.85.43.93/32, or any block with allow_wide_ingress = true."
  }
  validation {
    # AWS rejects security group rules whose CIDR has host bits set (34.85.43.93/24).
    condition     = alltrue([for c in var.allowed_cidr_blocks : try(cidrhost(c, 0) == split("/", c)[0], true)])
    error_message = "Each allowed_cidr_blocks entry must name its network address (34.85.43.0/24, not 34.85.43.93/24); got ${jsonencode([for c in var.allowed_cidr_blocks : c if try(cidrhost(c, 0) != split("/", c)[0], false)])}."
  }
}

variable "allow_wide_ingress" {
  description = "Allow `allowed_cidr_blocks` entries wider than /16 (including 0.0.0.0/0). Off: the Bridge authenticates every request, but the source-address rule is the first control and anything that wide lets the whole internet probe it. The preview and `bridgectl check` report it as a risk when on."
  type        = bool
  default     = false
  nullable    = false
}

variable "load_balancer" {
  description = <<-EOT
    The internet-facing ALB:
    - `ssl_policy`: TLS policy of the HTTPS listener. The default is the one AWS recommends (and its console uses) for new listeners: TLS 1.3 and 1.2 only, restricted ciphers, hybrid post-quantum key exchange. Only policies whose lowest version is TLS 1.2 are accepted.
    - `idle_timeout`: seconds an idle connection stays open. The Bridge tunnels database sessions over WebSockets, which AWS's 60 s default cuts; 900 s keeps an interactive session alive.
    - `deletion_protection`: turn off only for test stacks that must be destroyed in one step.
    - `http_redirect`: add a port 80 listener that only redirects to HTTPS (BaseMachina always speaks HTTPS).
    - `deregistration_delay`: seconds a draining task keeps its open connections (database tunnels).
  EOT
  type = object({
    ssl_policy           = optional(string, "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")
    idle_timeout         = optional(number, 900)
    deletion_protection  = optional(bool, true)
    http_redirect        = optional(bool, false)
    deregistration_delay = optional(number, 60)
  })
  default  = {}
  nullable = false

  validation {
    # AWS names each policy after its lowest TLS version: TLS13-1-2-, TLS13-1-3-, TLS-1-2-, FS-1-2-.
    condition     = can(regex("^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-", var.load_balancer.ssl_policy))
    error_message = "load_balancer.ssl_policy must accept TLS 1.2 as its lowest version (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* or -FS-1-2-*); got \"${var.load_balancer.ssl_policy}\", which allows older TLS or is not an ELB policy name."
  }
  validation {
    condition     = var.load_balancer.idle_timeout >= 1 && var.load_balancer.idle_timeout <= 4000
    error_message = "load_balancer.idle_timeout must be between 1 and 4000 seconds (the ALB limit); got ${var.load_balancer.idle_timeout}."
  }
  validation {
    condition     = var.load_balancer.deregistration_delay >= 0 && var.load_balancer.deregistration_delay <= 3600
    error_message = "load_balancer.deregistration_delay must be between 0 and 3600 seconds; got ${var.load_balancer.deregistration_delay}."
  }
}

variable "access_logs" {
  description = <<-EOT
    ALB access logs, the Bridge's only request audit trail (the Bridge logs no requests). On by default:
    - `bucket`: an existing bucket that already grants Elastic Load Balancing log delivery; null makes the module create one (SSE-S3, public access blocked, BucketOwnerEnforced, TLS only, the regional log-delivery policy).
    - `prefix`: key prefix of the log objects.
    - `expiration_days`: days the created bucket keeps a log object.
    - `force_destroy`: let `terraform destroy` delete the created bucket with its logs. Off keeps the audit trail: empty the bucket first (see the README's teardown section).
    Null turns access logs off.
  EOT
  type = object({
    bucket          = optional(string)
    prefix          = optional(string, "bridge-alb")
    expiration_days = optional(number, 90)
    force_destroy   = optional(bool, false)
  })
  default = {}

  validation {
    condition     = var.access_logs == null || try(var.access_logs.bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_logs.bucket)), false)
    error_message = "access_logs.bucket must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens) or null for a bucket the module creates; got ${jsonencode(try(var.access_logs.bucket, null))}."
  }
  validation {
    condition     = var.access_logs == null || try(!startswith(var.access_logs.prefix, "/") && !endswith(var.access_logs.prefix, "/") && !strcontains(var.access_logs.prefix, "AWSLogs"), false)
    error_message = "access_logs.prefix must not start or end with \"/\" or contain \"AWSLogs\" (Elastic Load Balancing adds that itself); got ${jsonencode(try(var.access_logs.prefix, null))}."
  }
  validation {
    condition     = var.access_logs == null || try(var.access_logs.expiration_days >= 1 && floor(var.access_logs.expiration_days) == var.access_logs.expiration_days, false)
    error_message = "access_logs.expiration_days must be a whole number of days, at least 1; got ${jsonencode(try(var.access_logs.expiration_days, null))}."
  }
}

variable "health_check" {
  description = <<-EOT
    How the Bridge's health is judged. The Bridge answers 200 on /ok once it has fetched BaseMachina's public key.
    - `path`: the ALB target group's health check path.
    - `grace_period_seconds`: seconds ECS ignores ALB health after a task starts (the Bridge opens its port only after its first key fetch).
    - `container`: also run a container health check (wget on `path` inside the task).
  EOT
  type = object({
    path                 = optional(string, "/ok")
    grace_period_seconds = optional(number, 60)
    container            = optional(bool, false)
  })
  default  = {}
  nullable = false

  validation {
    condition     = startswith(var.health_check.path, "/")
    error_message = "health_check.path must start with \"/\"; got \"${var.health_check.path}\"."
  }
  validation {
    condition     = var.health_check.grace_period_seconds >= 0 && var.health_check.grace_period_seconds <= 2147483647 && floor(var.health_check.grace_period_seconds) == var.health_check.grace_period_seconds
    error_message = "health_check.grace_period_seconds must be a whole number of seconds from 0; got ${var.health_check.grace_period_seconds}."
  }
}

################################################################################
# Image
################################################################################

variable "image" {
  description = "Bridge image repository without tag. With the pull-through cache it must live on public.ecr.aws."
  type        = string
  default     = "public.ecr.aws/basemachina/bridge"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+$", var.image))
    error_message = "image must be a repository reference without tag, such as public.ecr.aws/basemachina/bridge; got \"${var.image}\"."
  }
}

variable "image_tag" {
  description = "Image tag (for example v1.2.3) or digest (sha256:...). Pin it: a moving tag makes deploys unrepeatable."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$", var.image_tag))
    error_message = "image_tag must be a Docker tag (letters, digits, _ . -, at most 128) or a sha256:<64 hex> digest; got \"${var.image_tag}\"."
  }
}

variable "pull_through_cache" {
  description = <<-EOT
    Pull `image` through an ECR pull-through cache for public.ecr.aws: no ECR Public egress from the tasks, and the image stays cached in the account. Null pulls `image` directly.
    - `prefix`: ECR repository prefix of the cache rule. A prefix is a per-account, per-region singleton, so null derives one from `name` (`<name>-ecr-public`, cut to ECR's 30 characters): two stacks in one account never share or delete each other's rule.
    - `create_rule`: create the rule. To share one rule, set the same prefix everywhere and `create_rule = false` in all stacks but the one that owns it.
  EOT
  type = object({
    prefix      = optional(string)
    create_rule = optional(bool, true)
  })
  default = {}

  validation {
    condition     = var.pull_through_cache == null || startswith(var.image, "public.ecr.aws/")
    error_message = "pull_through_cache serves public.ecr.aws only; got image \"${var.image}\". Allowed: an image on public.ecr.aws, or pull_through_cache = null to pull it directly."
  }
  validation {
    condition     = try(var.pull_through_cache.prefix == null, true) || try(can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", var.pull_through_cache.prefix)) && length(var.pull_through_cache.prefix) >= 2 && length(var.pull_through_cache.prefix) <= 30, false)
    error_message = "pull_through_cache.prefix must be 2-30 lowercase letters, digits, and single . _ - separators, or null for one derived from name; got ${jsonencode(try(var.pull_through_cache.prefix, null))}."
  }
}

################################################################################
# Task and service
################################################################################

variable "port" {
  description = "Port the Bridge listens on inside the task."
  type        = number
  default     = 8080
  nullable    = false

  validation {
    condition     = var.port >= 1 && var.port <= 65535 && floor(var.port) == var.port && var.port != 4321
    error_message = "port must be a whole number between 1 and 65535 other than 4321 (reserved by older Bridge images for their connection-check server); got ${var.port}."
  }
}

variable "cpu" {
  description = "Task CPU units (256 = 0.25 vCPU)."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate value: 256, 512, 1024, 2048, 4096, 8192 or 16384; got ${var.cpu}."
  }
}

variable "memory" {
  description = "Task memory in MiB; must be a valid Fargate combination with `cpu`."
  type        = number
  default     = 512
  nullable    = false

  validation {
    condition     = contains(lookup(local.fargate_memory_by_cpu, tostring(var.cpu), []), var.memory)
    error_message = "memory ${var.memory} MiB is not a valid Fargate combination with cpu ${var.cpu}; allowed with it: ${jsonencode(lookup(local.fargate_memory_by_cpu, tostring(var.cpu), []))} (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size)."
  }
}

variable "desired_count" {
  description = "Number of tasks without autoscaling, and the starting count with it."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number >= 0; got ${var.desired_count}."
  }
}

variable "stage" {
  description = "What the stack is for: \"production\" (default) or \"development\". A production stack refuses Spot without an on-demand base, so an interruption of Spot capacity never takes the Bridge down."
  type        = string
  default     = "production"
  nullable    = false

  validation {
    condition     = contains(["production", "development"], var.stage)
    error_message = "stage must be \"production\" or \"development\"; got ${jsonencode(var.stage)}."
  }
}

variable "capacity_provider_strategy" {
  description = <<-EOT
    Where the tasks run, keyed by capacity provider (`FARGATE`, `FARGATE_SPOT`): `base` tasks first on that provider (one provider at most may have a base), the rest split by `weight`. Null (default) runs every task on on-demand Fargate with the FARGATE launch type, as before. Fargate Spot costs less but AWS may reclaim a task with two minutes' warning (https://docs.aws.amazon.com/AmazonECS/latest/userguide/fargate-capacity-providers.html); it runs X86_64 tasks only, which the Bridge is. A change of weights or bases rolls the tasks in place (the service always sets `force_new_deployment`). Switching a running service between the launch type (null) and a strategy replaces the service: it is deleted and drained before the new one starts, so the Bridge is unreachable for a few minutes.
  EOT
  type = map(object({
    base   = optional(number, 0)
    weight = optional(number, 1)
  }))
  default = null

  validation {
    condition     = var.capacity_provider_strategy == null || length(setsubtract(keys(coalesce(var.capacity_provider_strategy, {})), ["FARGATE", "FARGATE_SPOT"])) == 0
    error_message = "capacity_provider_strategy keys must be FARGATE or FARGATE_SPOT; got ${jsonencode(keys(coalesce(var.capacity_provider_strategy, {})))}."
  }
  validation {
    condition = var.capacity_provider_strategy == null || try(
      length([for p in values(var.capacity_provider_strategy) : p if p.base > 0]) <= 1 &&
      anytrue([for p in values(var.capacity_provider_strategy) : p.weight > 0]) &&
      alltrue([for p in values(var.capacity_provider_strategy) : p.base >= 0 && p.base <= 100000 && p.weight >= 0 && p.weight <= 1000 && floor(p.base) == p.base && floor(p.weight) == p.weight]),
    false)
    error_message = "capacity_provider_strategy needs whole numbers, a base on one provider at most (0-100000) and a weight above 0 on at least one (0-1000); got ${jsonencode(var.capacity_provider_strategy)}."
  }
  validation {
    # An on-demand base keeps the Bridge up while Spot capacity is reclaimed.
    condition     = var.stage != "production" || try(var.capacity_provider_strategy["FARGATE_SPOT"].weight + var.capacity_provider_strategy["FARGATE_SPOT"].base == 0, true) || try(var.capacity_provider_strategy["FARGATE"].base >= 1, false)
    error_message = "A production stack (stage = \"production\") that uses FARGATE_SPOT needs an on-demand base: FARGATE = { base = 1 } or more; got ${jsonencode(var.capacity_provider_strategy)}. Set stage = \"development\" to run on Spot alone."
  }
  validation {
    # Spot gives two minutes' warning; the target group must let a task go within them.
    condition     = try(var.capacity_provider_strategy["FARGATE_SPOT"].weight + var.capacity_provider_strategy["FARGATE_SPOT"].base == 0, true) || var.load_balancer.deregistration_delay <= 110
    error_message = "With FARGATE_SPOT, load_balancer.deregistration_delay must be at most 110 seconds so a draining task leaves the target group within Spot's two-minute warning; got ${var.load_balancer.deregistration_delay}."
  }
}

variable "schedule" {
  description = <<-EOT
    Working hours for a development Bridge: Application Auto Scaling scheduled actions scale the service to zero at `stop` and back to its count (desired_count, or the autoscaling range) at `start`. Null (default) runs around the clock.
    - `start`, `stop`: cron expressions of Application Auto Scaling, six fields (minutes hours day-of-month month day-of-week year, one of the two days `?`), for example `0 9 ? * MON-FRI *`.
    - `time_zone`: IANA time zone the expressions are read in.
    The no-healthy-targets alarm does not count hours with zero desired tasks as an outage.
  EOT
  type = object({
    start     = string
    stop      = string
    time_zone = optional(string, "Asia/Tokyo")
  })
  default = null

  validation {
    condition = var.schedule == null || try(alltrue([for c in [var.schedule.start, var.schedule.stop] :
      length(split(" ", c)) == 6 &&
      can(regex("^[0-9*,/-]+ [0-9*,/-]+ [0-9*,/?LW-]+ [0-9A-Z*,/-]+ [0-9A-Z*,/?L#-]+ [0-9*,/-]+$", c)) &&
      (split(" ", c)[2] == "?") != (split(" ", c)[4] == "?")
    ]), false)
    error_message = "schedule.start and schedule.stop must be Application Auto Scaling cron expressions of six fields with exactly one of day-of-month and day-of-week set to ?, for example \"0 9 ? * MON-FRI *\"; got start = ${jsonencode(try(var.schedule.start, null))}, stop = ${jsonencode(try(var.schedule.stop, null))}."
  }
  validation {
    condition     = var.schedule == null || try(can(regex("^(UTC|[A-Z][A-Za-z]+(/[A-Z][A-Za-z0-9_+-]*)+)$", var.schedule.time_zone)), false)
    error_message = "schedule.time_zone must be an IANA time zone such as Asia/Tokyo or UTC; got ${jsonencode(try(var.schedule.time_zone, null))}."
  }
}

variable "autoscaling" {
  description = <<-EOT
    Target-tracking autoscaling of the task count, on CPU and on ALB requests per task. Null (default) holds the service at `desired_count`.
    - `min_capacity`: the floor; null means `desired_count`.
    - `max_capacity`: the ceiling, above the floor.
    - `cpu_target`: average CPU utilisation (percent) to hold.
    - `requests_per_target`: ALB requests per task per minute to hold.
  EOT
  type = object({
    min_capacity        = optional(number)
    max_capacity        = number
    cpu_target          = optional(number, 60)
    requests_per_target = optional(number, 1000)
  })
  default = null

  validation {
    condition = var.autoscaling == null || try(
      floor(coalesce(var.autoscaling.min_capacity, var.desired_count)) == coalesce(var.autoscaling.min_capacity, var.desired_count)
      && coalesce(var.autoscaling.min_capacity, var.desired_count) >= 0
      && var.autoscaling.max_capacity > coalesce(var.autoscaling.min_capacity, var.desired_count)
      && floor(var.autoscaling.max_capacity) == var.autoscaling.max_capacity,
    false)
    error_message = "autoscaling needs whole numbers with 0 <= min_capacity < max_capacity (min_capacity null means desired_count = ${var.desired_count}); got min_capacity = ${jsonencode(try(var.autoscaling.min_capacity, null))}, max_capacity = ${jsonencode(try(var.autoscaling.max_capacity, null))}. To hold a fixed count, set autoscaling = null and desired_count."
  }
  validation {
    condition     = var.autoscaling == null || try(var.autoscaling.cpu_target > 0 && var.autoscaling.cpu_target <= 100 && var.autoscaling.requests_per_target > 0, false)
    error_message = "autoscaling.cpu_target must be in (0, 100] percent and autoscaling.requests_per_target above 0; got cpu_target = ${jsonencode(try(var.autoscaling.cpu_target, null))}, requests_per_target = ${jsonencode(try(var.autoscaling.requests_per_target, null))}."
  }
}

variable "wait_for_steady_state" {
  description = "Make `terraform apply` wait until the service is stable and then check that it runs the task definition revision this apply registered, so a deployment that the circuit breaker or a deployment alarm rolled back fails the apply. Off, the apply returns as soon as ECS accepts the change and reports nothing about the rollout."
  type        = bool
  default     = true
  nullable    = false
}

variable "deployment_timeout" {
  description = "How long `terraform apply` waits for the service to become steady when it is created or updated (a Go duration such as `20m`, the provider's default). Provider 5.x counts a service as steady only when it has one deployment running every desired task, so a first deployment that cannot start (nothing to roll back to: the circuit breaker marks it FAILED) ends at this timeout; ECS's reason is in the service events. A later deployment that is rolled back ends as soon as the rollback is steady."
  type        = string
  default     = "20m"
  nullable    = false

  validation {
    condition     = can(regex("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$", var.deployment_timeout)) && var.deployment_timeout != ""
    error_message = "deployment_timeout must be a duration of hours, minutes and seconds such as \"20m\" or \"1h30m\"; got \"${var.deployment_timeout}\"."
  }
}

variable "stop_timeout" {
  description = "Seconds ECS waits after SIGTERM before SIGKILL. The Bridge shuts down within 5 s."
  type        = number
  default     = 15
  nullable    = false

  validation {
    condition     = var.stop_timeout > 5 && var.stop_timeout <= 120
    error_message = "stop_timeout must be above the Bridge's 5 s shutdown and at most 120 s (Fargate's limit); got ${var.stop_timeout}."
  }
}

variable "enable_execute_command" {
  description = "Allow ECS Exec into tasks. Grants the task role the ssmmessages permissions and turns off the read-only root filesystem (the SSM agent writes to it). Needs an ssmmessages path (NAT or endpoint)."
  type        = bool
  default     = false
  nullable    = false
}

variable "enable_container_insights" {
  description = "Container Insights on the cluster: task-level metrics, including the running task count the 'tasks below desired' alarm uses."
  type        = bool
  default     = true
  nullable    = false
}

################################################################################
# Bridge settings
################################################################################

variable "fetch_interval" {
  description = "FETCH_INTERVAL: how often the Bridge refreshes BaseMachina's public key (Go duration)."
  type        = string
  default     = "1h"
  nullable    = false

  validation {
    condition     = can(regex("^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$", var.fetch_interval))
    error_message = "fetch_interval must be a Go duration such as 1h or 30m; got \"${var.fetch_interval}\"."
  }
}

variable "fetch_timeout" {
  description = "FETCH_TIMEOUT: timeout of one public-key fetch (Go duration)."
  type        = string
  default     = "10s"
  nullable    = false

  validation {
    condition     = can(regex("^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$", var.fetch_timeout))
    error_message = "fetch_timeout must be a Go duration such as 10s; got \"${var.fetch_timeout}\"."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the Bridge."
  type        = string
  default     = "INFO"
  nullable    = false

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR; got \"${var.log_level}\"."
  }
}

variable "basemachina_api_url" {
  description = "BASEMACHINA_API_URL: where the Bridge fetches its public key."
  type        = string
  default     = "https://api.basemachina.com"
  nullable    = false

  validation {
    condition     = can(regex("^https://[^/]+", var.basemachina_api_url))
    error_message = "basemachina_api_url must be an https:// URL; got \"${var.basemachina_api_url}\"."
  }
}

variable "https_proxy" {
  description = "Optional HTTPS_PROXY for the Bridge's HTTP traffic (an egress proxy instead of NAT). TCP tunnels to data sources still dial directly."
  type        = string
  default     = null

  validation {
    condition     = var.https_proxy == null || can(regex("^https?://", coalesce(var.https_proxy, "-")))
    error_message = "https_proxy must be an http:// or https:// URL, or null; got ${jsonencode(var.https_proxy)}."
  }
}

variable "environment" {
  description = "Extra plain environment variables for the container. Never put secrets here: use `secrets`."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = length(setintersection(keys(var.environment), ["TENANT_ID", "PORT"])) == 0
    error_message = "environment must not set TENANT_ID (always delivered as a secret: see tenant) or PORT (set by the port input); got ${jsonencode(setintersection(keys(var.environment), ["TENANT_ID", "PORT"]))}."
  }
}

variable "secrets" {
  description = "Extra secrets for the container: environment variable name => Secrets Manager secret or SSM parameter ARN. The execution role may read exactly these."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for arn in values(var.secrets) : can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):", arn))]) && !contains(keys(var.secrets), "TENANT_ID")
    error_message = "secrets maps variable names other than TENANT_ID (see tenant) to Secrets Manager secret or SSM parameter ARNs; got ${jsonencode({ for k, v in var.secrets : k => v if k == "TENANT_ID" || !can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):", v)) })}."
  }
}

################################################################################
# Data sources
################################################################################

variable "data_sources" {
  description = "Where the Bridge may connect besides HTTPS on the internet, keyed by a name you choose (for example `postgres`): a port and exactly one of `cidr_block` or `security_group_id`. Each entry is one egress rule keyed by its name, so adding, removing or reordering entries touches only those rules."
  type = map(object({
    port              = number
    cidr_block        = optional(string)
    security_group_id = optional(string)
    description       = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.data_sources) : can(regex("^[a-z0-9][a-z0-9_-]{0,39}$", k))])
    error_message = "data_sources keys name rules in tags: 1-40 lowercase letters, digits, _ and -, starting with a letter or digit; got ${jsonencode([for k in keys(var.data_sources) : k if !can(regex("^[a-z0-9][a-z0-9_-]{0,39}$", k))])}."
  }
  validation {
    condition     = alltrue([for r in values(var.data_sources) : (r.cidr_block == null) != (r.security_group_id == null)])
    error_message = "Each data_sources entry needs exactly one of cidr_block or security_group_id; got ${jsonencode({ for k, r in var.data_sources : k => { cidr_block = r.cidr_block, security_group_id = r.security_group_id == null ? null : "(set)" } if(r.cidr_block == null) == (r.security_group_id == null) })}."
  }
  validation {
    condition     = alltrue([for r in values(var.data_sources) : r.port >= 1 && r.port <= 65535 && floor(r.port) == r.port])
    error_message = "Each data_sources port must be a whole number between 1 and 65535; got ${jsonencode({ for k, r in var.data_sources : k => r.port if !(r.port >= 1 && r.port <= 65535 && floor(r.port) == r.port) })}."
  }
  validation {
    condition     = alltrue([for r in values(var.data_sources) : r.cidr_block == null || can(cidrnetmask(r.cidr_block))])
    error_message = "Each data_sources cidr_block must be a valid IPv4 CIDR block such as 10.20.0.0/16; got ${jsonencode({ for k, r in var.data_sources : k => r.cidr_block if r.cidr_block != null && !can(cidrnetmask(r.cidr_block)) })}."
  }
}

################################################################################
# Observability
################################################################################

variable "logs" {
  description = "The Bridge's CloudWatch log group: `retention_days` (a value CloudWatch Logs accepts) and `kms_key_arn` (a customer managed key; null keeps CloudWatch Logs' default encryption)."
  type = object({
    retention_days = optional(number, 30)
    kms_key_arn    = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.logs.retention_days)
    error_message = "logs.retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); got ${var.logs.retention_days}."
  }
  validation {
    condition     = var.logs.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", coalesce(var.logs.kms_key_arn, "-")))
    error_message = "logs.kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or null; got ${jsonencode(var.logs.kms_key_arn)}."
  }
}

variable "alarms" {
  description = <<-EOT
    CloudWatch alarms: unhealthy targets, no healthy target, ALB 5XX, running tasks below desired, and one per `log_patterns` entry. The unhealthy-targets and 5XX alarms also roll back a deployment that trips them. Null creates none.
    - `actions`: SNS topic ARNs notified when an alarm fires and when it recovers.
    - `alb_5xx_threshold`: ALB-generated 5XX responses per 5 minutes that raise the 5XX alarm.
    - `log_patterns`: CloudWatch Logs filter patterns that count Bridge log lines worth an alarm, by metric name. The Bridge logs one JSON object per line with its text in `message`; the defaults select, verbatim, its public-key refresh failures (the hourly fetch from BaseMachina failed), tenant mismatches (a token of another tenant: wrong TENANT_ID or a probe) and rejected tokens (bad or expired JWTs, a sign of probing).
  EOT
  type = object({
    actions           = optional(list(string), [])
    alb_5xx_threshold = optional(number, 5)
    log_patterns = optional(map(string), {
      KeyRefreshFailures = "{ $.message = \"failed to refresh public-key\" }"
      TenantMismatches   = "{ $.message = \"mismatch tenant ID\" }"
      UnauthorizedTokens = "{ $.message = \"jwt unauthorized error\" }"
    })
  })
  default = {}

  validation {
    condition     = var.alarms == null || try(alltrue([for a in var.alarms.actions : can(regex("^arn:aws[a-z-]*:sns:", a))]), false)
    error_message = "alarms.actions must be SNS topic ARNs (arn:aws:sns:<region>:<account>:<topic>); got ${jsonencode(try(var.alarms.actions, null))}."
  }
  validation {
    condition     = var.alarms == null || try(var.alarms.alb_5xx_threshold >= 1, false)
    error_message = "alarms.alb_5xx_threshold must be at least 1 response per 5 minutes; got ${jsonencode(try(var.alarms.alb_5xx_threshold, null))}."
  }
  validation {
    condition     = var.alarms == null || try(alltrue([for k in keys(var.alarms.log_patterns) : can(regex("^[A-Za-z][A-Za-z0-9]{0,62}$", k))]), false)
    error_message = "alarms.log_patterns keys become metric names: letters and digits only, starting with a letter, at most 63 characters; got ${jsonencode(try(keys(var.alarms.log_patterns), null))}."
  }
  validation {
    # CloudWatch Logs regex patterns (%...%) support no groups; the API rejects them at apply, not plan.
    condition     = var.alarms == null || try(alltrue([for p in values(var.alarms.log_patterns) : !(startswith(trimspace(p), "%") && can(regex("[()]", p)))]), false)
    error_message = "alarms.log_patterns regex patterns (%...%) must not contain parentheses: CloudWatch Logs supports no groups in them and rejects the filter at apply. Use a JSON selector such as { $.message = \"failed to refresh public-key\" }; got ${jsonencode(try({ for k, p in var.alarms.log_patterns : k => p if startswith(trimspace(p), "%") && can(regex("[()]", p)) }, null))}."
  }
  validation {
    condition     = var.alarms == null || try(alltrue([for p in values(var.alarms.log_patterns) : length(p) <= 1024]), false)
    error_message = "alarms.log_patterns entries must be at most 1024 characters (the CloudWatch Logs limit); got ${jsonencode(try({ for k, p in var.alarms.log_patterns : k => length(p) if length(p) > 1024 }, null))}."
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
