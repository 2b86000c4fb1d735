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

variable "tenant_id" {
  description = "BaseMachina tenant id. Required unless `tenant_id_secret_arn` is given: an empty TENANT_ID makes the Bridge accept tokens of any tenant. Stored in a Secrets Manager secret this module creates, through a write-only argument, so it is never in state."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.tenant_id == null || try(length(trimspace(var.tenant_id)) > 0, false)
    error_message = "tenant_id must not be empty: an empty TENANT_ID lets the Bridge accept tokens issued to any BaseMachina tenant."
  }
  validation {
    condition     = (var.tenant_id != null) != (var.tenant_id_secret_arn != null)
    error_message = "Give exactly one of tenant_id (the module stores it in Secrets Manager) or tenant_id_secret_arn (an existing secret or parameter holding it)."
  }
}

variable "tenant_id_secret_arn" {
  description = "ARN of an existing Secrets Manager secret or SSM SecureString parameter that holds the tenant id. Give this or `tenant_id`, not both."
  type        = string
  default     = null

  validation {
    condition     = var.tenant_id_secret_arn == null || can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:[0-9]{12}:(secret:|parameter/).+$", var.tenant_id_secret_arn))
    error_message = "tenant_id_secret_arn must be a Secrets Manager secret ARN or an SSM parameter ARN."
  }
}

variable "tenant_id_secret_version_id" {
  description = "Version id of the Secrets Manager secret given in `tenant_id_secret_arn` that the tasks read. ECS reads secrets only when a task starts, so pinning the version here and changing it after you put a new value makes the next apply start a new deployment with it. Null reads the AWSCURRENT version when a task starts."
  type        = string
  default     = null

  validation {
    condition     = var.tenant_id_secret_version_id == null || can(regex("^[A-Za-z0-9-]{32,64}$", coalesce(var.tenant_id_secret_version_id, "-")))
    error_message = "tenant_id_secret_version_id must be a Secrets Manager version id (32-64 letters, digits or hyphens, usually a UUID); got ${jsonencode(var.tenant_id_secret_version_id)}."
  }
  validation {
    condition     = var.tenant_id_secret_version_id == null || try(strcontains(var.tenant_id_secret_arn, ":secretsmanager:"), false)
    error_message = "tenant_id_secret_version_id pins a version of a Secrets Manager secret: give it only together with a Secrets Manager tenant_id_secret_arn; got tenant_id_secret_arn = ${jsonencode(var.tenant_id_secret_arn)}."
  }
}

variable "tenant_id_secret_kms_key_arn" {
  description = "Customer managed KMS key for the tenant secret the module creates (and the key the execution role may decrypt with). Null uses the AWS managed key aws/secretsmanager."
  type        = string
  default     = null

  validation {
    condition     = var.tenant_id_secret_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.tenant_id_secret_kms_key_arn))
    error_message = "tenant_id_secret_kms_key_arn must be a KMS key ARN."
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
    error_message = "private_subnet_ids must hold at least one subnet id of the form subnet-0123...."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets for the ALB: at least two, in two different Availability Zones (an AWS requirement for ALBs)."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(distinct(var.public_subnet_ids)) >= 2
    error_message = "public_subnet_ids must hold at least two distinct subnets in two Availability Zones; got ${length(distinct(var.public_subnet_ids))}."
  }
  validation {
    condition     = alltrue([for s in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "public_subnet_ids must be subnet ids of the form subnet-0123...."
  }
}

################################################################################
# Certificate and DNS
################################################################################

variable "domain_name" {
  description = "Host name of the Bridge (for example bridge.example.com). `bridge_url` uses it, so the certificate on the listener must cover it. Required: the ALB's own DNS name (*.elb.amazonaws.com) can never be on a certificate you own."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase fully qualified domain name such as bridge.example.com; got \"${var.domain_name}\"."
  }
}

variable "certificate_arn" {
  description = "ARN of an existing ACM certificate that covers `domain_name` (your own certificate, for a domain that is not on Route 53, or one imported for testing). Give this or `route53_zone_id`, not both. Without a Route 53 zone, create the record of the `dns_record` output at your DNS provider."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", coalesce(var.certificate_arn, "-")))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>); got ${jsonencode(var.certificate_arn)}."
  }
  validation {
    condition     = (var.certificate_arn != null) != (var.route53_zone_id != null)
    error_message = "Choose exactly one certificate source for ${var.domain_name}: route53_zone_id (the module requests an ACM certificate and validates it by DNS) or certificate_arn (an ACM certificate you already have); got route53_zone_id = ${jsonencode(var.route53_zone_id)} and certificate_arn = ${var.certificate_arn == null ? "null" : "set"}."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone that holds `domain_name`: the module requests an ACM certificate, validates it with a record in this zone and, if `create_route53_record`, points `domain_name` at the ALB."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]+$", coalesce(var.route53_zone_id, "-")))
    error_message = "route53_zone_id must be a hosted zone id such as Z0123456789ABCDEFGHIJ; got ${jsonencode(var.route53_zone_id)}."
  }
}

variable "create_route53_record" {
  description = "Create an A alias record for `domain_name` pointing at the ALB in `route53_zone_id`. Without it (or without a zone) the `dns_record` output says which record to create."
  type        = bool
  default     = true
  nullable    = false
}

################################################################################
# Load balancer
################################################################################

variable "allowed_cidr_blocks" {
  description = "Source addresses allowed to reach the ALB. Defaults to BaseMachina's published egress address; check the current value in BaseMachina's documentation before deploying."
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
    error_message = "allowed_cidr_blocks opens the Bridge to more than BaseMachina's address: ${jsonencode([for c in var.allowed_cidr_blocks : c if try(tonumber(split("/", c)[1]) < 16, false)])} is wider than /16. Use BaseMachina's published address (34.85.43.93/32), or set allow_wide_ingress = true if you really mean it."
  }
  validation {
    # AWS rejects security group rules whose CIDR has host bits set (34.85.43.93/24).
    condition     = alltrue([for c in var.allowed_cidr_blocks : try(cidrhost(c, 0) == split("/", c)[0], true)])
    error_message = "Each allowed_cidr_blocks entry must name its network address (34.85.43.0/24, not 34.85.43.93/24); got ${jsonencode(var.allowed_cidr_blocks)}."
  }
}

variable "allow_wide_ingress" {
  description = "Allow `allowed_cidr_blocks` entries wider than /16 (including 0.0.0.0/0). Off: the Bridge authenticates every request, but the source-address rule is the first control and anything that wide lets the whole internet probe it. The preview and `bridgectl check` report it as a risk when on."
  type        = bool
  default     = false
  nullable    = false
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener. The default is the one AWS recommends (and its console uses) for new listeners: TLS 1.3 and 1.2 only, restricted ciphers, hybrid post-quantum key exchange."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
  nullable    = false

  validation {
    # AWS names each policy after its lowest TLS version: TLS13-1-2-, TLS13-1-3-, TLS-1-2-, FS-1-2-.
    condition     = can(regex("^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-", var.ssl_policy))
    error_message = "ssl_policy must accept TLS 1.2 as its lowest version (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* or -FS-1-2-*); got \"${var.ssl_policy}\", which allows older TLS or is not an ELB policy name."
  }
}

variable "alb_idle_timeout" {
  description = "Seconds an idle connection stays open on the ALB. The Bridge tunnels database sessions over WebSockets, which AWS's 60 s default cuts; 900 s keeps an interactive session alive."
  type        = number
  default     = 900
  nullable    = false

  validation {
    condition     = var.alb_idle_timeout >= 1 && var.alb_idle_timeout <= 4000
    error_message = "alb_idle_timeout must be between 1 and 4000 seconds (the ALB limit); got ${var.alb_idle_timeout}."
  }
}

variable "enable_deletion_protection" {
  description = "Protect the ALB from deletion. Turn off only for test stacks that must be destroyed in one step."
  type        = bool
  default     = true
  nullable    = false
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

variable "enable_http_redirect" {
  description = "Add a port 80 listener that only redirects to HTTPS. Off by default: BaseMachina always speaks HTTPS."
  type        = bool
  default     = false
  nullable    = false
}

variable "deregistration_delay" {
  description = "Seconds a draining target keeps its open connections (database tunnels) before it is removed."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.deregistration_delay >= 0 && var.deregistration_delay <= 3600
    error_message = "deregistration_delay must be between 0 and 3600 seconds; got ${var.deregistration_delay}."
  }
}

variable "health_check_path" {
  description = "Target group health check path. The Bridge answers 200 on /ok once it has fetched BaseMachina's public key."
  type        = string
  default     = "/ok"
  nullable    = false

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "health_check_path must start with \"/\"; got \"${var.health_check_path}\"."
  }
}

################################################################################
# Container
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
    error_message = "image_tag must be a Docker tag or a sha256:<64 hex> digest; got \"${var.image_tag}\"."
  }
}

variable "port" {
  description = "Port the Bridge listens on inside the task."
  type        = number
  default     = 8080
  nullable    = false

  validation {
    condition     = var.port >= 1 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be an integer between 1 and 65535; got ${var.port}."
  }
  validation {
    condition     = var.port != 4321
    error_message = "port 4321 is reserved by older Bridge images for their connection-check server; choose another port."
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
    error_message = "memory ${var.memory} MiB is not a valid Fargate combination with cpu ${var.cpu}; see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size."
  }
}

variable "desired_count" {
  description = "Number of tasks when autoscaling is off (`min_capacity` = `max_capacity`), and the starting count otherwise."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number >= 0; got ${var.desired_count}."
  }
}

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
    condition     = var.https_proxy == null || can(regex("^https?://", var.https_proxy))
    error_message = "https_proxy must be an http:// or https:// URL."
  }
}

variable "environment" {
  description = "Extra plain environment variables for the container. Never put secrets here: use `secrets`."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = length(setintersection(keys(var.environment), ["TENANT_ID", "PORT"])) == 0
    error_message = "environment must not set TENANT_ID (always delivered as a secret) or PORT (set by the port input)."
  }
}

variable "secrets" {
  description = "Extra secrets for the container: environment variable name => Secrets Manager secret or SSM parameter ARN. The execution role may read exactly these."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for arn in values(var.secrets) : can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):", arn))])
    error_message = "secrets values must be Secrets Manager secret or SSM parameter ARNs."
  }
  validation {
    condition     = !contains(keys(var.secrets), "TENANT_ID")
    error_message = "secrets must not set TENANT_ID: use tenant_id or tenant_id_secret_arn."
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

variable "enable_container_health_check" {
  description = "Add a container health check (wget on /ok inside the task) in addition to the ALB's."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Image pulls
################################################################################

variable "enable_pull_through_cache" {
  description = "Pull the image through an ECR pull-through cache for public.ecr.aws (no Docker Hub/ECR Public egress from tasks; images cached in the account). False pulls `image` directly."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = !var.enable_pull_through_cache || startswith(var.image, "public.ecr.aws/")
    error_message = "The pull-through cache serves public.ecr.aws only; image \"${var.image}\" needs enable_pull_through_cache = false."
  }
}

variable "create_pull_through_cache_rule" {
  description = "Create the pull-through cache rule. A prefix is a per-account, per-region singleton: set false to reuse a rule that already exists with `pull_through_cache_prefix`."
  type        = bool
  default     = true
  nullable    = false
}

variable "pull_through_cache_prefix" {
  description = "ECR repository prefix of the pull-through cache rule for public.ecr.aws. A prefix is a per-account, per-region singleton, so the default is derived from `name` (`<name>-ecr-public`, cut to ECR's 30 characters): two stacks in one account never share or delete each other's rule. To share one rule, set the same prefix everywhere and `create_pull_through_cache_rule = false` in all stacks but the one that owns it."
  type        = string
  default     = null

  validation {
    condition     = var.pull_through_cache_prefix == null || try(can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", var.pull_through_cache_prefix)) && length(var.pull_through_cache_prefix) >= 2 && length(var.pull_through_cache_prefix) <= 30, false)
    error_message = "pull_through_cache_prefix must be 2-30 lowercase letters, digits, and single . _ - separators, or null for one derived from name; got ${jsonencode(var.pull_through_cache_prefix)}."
  }
}

################################################################################
# Network rules
################################################################################

variable "data_source_egress_rules" {
  description = "Where the Bridge may connect besides HTTPS on the internet: one entry per data source, with a port and exactly one of `cidr_block` or `security_group_id`."
  type = list(object({
    description       = string
    port              = number
    cidr_block        = optional(string)
    security_group_id = optional(string)
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for r in var.data_source_egress_rules : (r.cidr_block == null) != (r.security_group_id == null)])
    error_message = "Each data_source_egress_rules entry needs exactly one of cidr_block or security_group_id."
  }
  validation {
    condition     = alltrue([for r in var.data_source_egress_rules : r.port >= 1 && r.port <= 65535])
    error_message = "Each data_source_egress_rules port must be between 1 and 65535."
  }
  validation {
    condition     = alltrue([for r in var.data_source_egress_rules : r.cidr_block == null || can(cidrnetmask(r.cidr_block))])
    error_message = "Each data_source_egress_rules cidr_block must be a valid IPv4 CIDR block."
  }
}

################################################################################
# Service behaviour
################################################################################

variable "min_capacity" {
  description = "Autoscaling floor. Null means `desired_count`. Autoscaling is on only when max_capacity > min_capacity."
  type        = number
  default     = null

  validation {
    condition     = var.min_capacity == null || try(var.min_capacity >= 0, false)
    error_message = "min_capacity must be >= 0."
  }
}

variable "max_capacity" {
  description = "Autoscaling ceiling. Null means `desired_count`."
  type        = number
  default     = null

  validation {
    condition     = var.max_capacity == null || try(var.max_capacity >= 0, false)
    error_message = "max_capacity must be >= 0."
  }
  validation {
    condition     = coalesce(var.max_capacity, var.desired_count) >= coalesce(var.min_capacity, var.desired_count)
    error_message = "max_capacity must be at least min_capacity."
  }
}

variable "autoscaling_cpu_target" {
  description = "Target average CPU utilisation (percent) for autoscaling."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.autoscaling_cpu_target > 0 && var.autoscaling_cpu_target <= 100
    error_message = "autoscaling_cpu_target must be in (0, 100]; got ${var.autoscaling_cpu_target}."
  }
}

variable "autoscaling_requests_per_target" {
  description = "Target ALB requests per task per minute for autoscaling."
  type        = number
  default     = 1000
  nullable    = false

  validation {
    condition     = var.autoscaling_requests_per_target > 0
    error_message = "autoscaling_requests_per_target must be positive."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds ECS ignores ALB health after a task starts. The Bridge opens its port only after its first public-key fetch."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must be >= 0."
  }
}

variable "wait_for_steady_state" {
  description = "Make `terraform apply` wait until the service is stable and then check that it runs the task definition revision this apply registered, so a deployment that the circuit breaker or a deployment alarm rolled back fails the apply. Off, the apply returns as soon as ECS accepts the change and reports nothing about the rollout."
  type        = bool
  default     = true
  nullable    = false
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
# Observability
################################################################################

variable "log_retention_days" {
  description = "Days CloudWatch keeps the Bridge's logs."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); got ${var.log_retention_days}."
  }
}

variable "log_kms_key_arn" {
  description = "Customer managed KMS key for the log group. Null keeps CloudWatch Logs' default encryption."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be a KMS key ARN."
  }
}

variable "create_alarms" {
  description = "Create CloudWatch alarms: unhealthy targets, no healthy target, ALB 5XX, running tasks below desired, and one per `log_alarm_patterns` entry. The unhealthy-targets and 5XX alarms also roll back a deployment that trips them."
  type        = bool
  default     = true
  nullable    = false
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified when an alarm fires and when it recovers."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.alarm_actions : can(regex("^arn:aws[a-z-]*:sns:", a))])
    error_message = "alarm_actions must be SNS topic ARNs."
  }
}

variable "alb_5xx_threshold" {
  description = "ALB-generated 5XX responses per 5 minutes that raise the 5XX alarm."
  type        = number
  default     = 5
  nullable    = false
}

variable "log_alarm_patterns" {
  description = "CloudWatch Logs filter patterns that count Bridge log lines worth an alarm, by metric name. The Bridge logs one JSON object per line with its text in `message`; the defaults select, verbatim, its public-key refresh failures (the hourly fetch from BaseMachina failed), tenant mismatches (a token of another tenant: wrong TENANT_ID or a probe) and rejected tokens (bad or expired JWTs, a sign of probing)."
  type        = map(string)
  default = {
    KeyRefreshFailures = "{ $.message = \"failed to refresh public-key\" }"
    TenantMismatches   = "{ $.message = \"mismatch tenant ID\" }"
    UnauthorizedTokens = "{ $.message = \"jwt unauthorized error\" }"
  }
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.log_alarm_patterns) : can(regex("^[A-Za-z][A-Za-z0-9]{0,62}$", k))])
    error_message = "log_alarm_patterns keys become metric names: letters and digits only, starting with a letter, at most 63 characters; got ${jsonencode(keys(var.log_alarm_patterns))}."
  }
  validation {
    # CloudWatch Logs regex patterns (%...%) support no groups; the API rejects them at apply, not plan.
    condition     = alltrue([for p in values(var.log_alarm_patterns) : !(startswith(trimspace(p), "%") && can(regex("[()]", p)))])
    error_message = "log_alarm_patterns regex patterns (%...%) must not contain parentheses: CloudWatch Logs supports no groups in them and rejects the filter at apply. Use a JSON selector such as { $.message = \"failed to refresh public-key\" }; got ${jsonencode({ for k, p in var.log_alarm_patterns : k => p if startswith(trimspace(p), "%") && can(regex("[()]", p)) })}."
  }
  validation {
    condition     = alltrue([for p in values(var.log_alarm_patterns) : length(p) <= 1024])
    error_message = "log_alarm_patterns entries must be at most 1024 characters (the CloudWatch Logs limit); got ${jsonencode({ for k, p in var.log_alarm_patterns : k => length(p) if length(p) > 1024 })}."
  }
}

variable "tags" {
  description = "Tags merged into every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
