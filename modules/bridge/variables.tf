################################################################################
# Identity and placement
################################################################################

variable "name" {
  description = "Prefix of every resource name. Lowercase letters, digits and hyphens, 1-28 characters, so that `<name>-alb` fits the 32-character ALB limit."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]*[a-z0-9])?$", var.name))
    error_message = "name must start with a letter, end with a letter or digit and use only lowercase letters, digits and hyphens; got \"${var.name}\"."
  }
  validation {
    condition     = length(var.name) <= 28
    error_message = "name must be at most 28 characters so that derived ALB names stay within AWS's 32-character limit; got ${length(var.name)} characters."
  }
  validation {
    condition     = !startswith(var.name, "internal-")
    error_message = "name must not start with \"internal-\": AWS reserves that prefix for load balancer names."
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

variable "certificate_arn" {
  description = "ARN of an existing ACM certificate for the HTTPS listener. Give this, or `domain_name` and `route53_zone_id` for a DNS-validated certificate: exactly one of the two modes."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)."
  }
  validation {
    condition     = (var.certificate_arn != null) != (var.domain_name != null && var.route53_zone_id != null)
    error_message = "Choose exactly one certificate mode: certificate_arn, or domain_name together with route53_zone_id (ACM DNS validation)."
  }
}

variable "domain_name" {
  description = "Domain name of the Bridge (for example bridge.example.com). With `route53_zone_id`, the module requests an ACM certificate validated by DNS and, if `create_route53_record`, an alias record to the ALB."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase fully qualified domain name such as bridge.example.com."
  }
  validation {
    condition     = (var.domain_name == null) == (var.route53_zone_id == null)
    error_message = "domain_name and route53_zone_id go together: give both (ACM DNS validation) or neither (certificate_arn)."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone that holds `domain_name`, for certificate validation records and the alias record."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]+$", var.route53_zone_id))
    error_message = "route53_zone_id must be a hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "create_route53_record" {
  description = "Create an A alias record for `domain_name` pointing at the ALB (DNS validation mode only)."
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
    # AWS rejects security group rules whose CIDR has host bits set (34.85.43.93/24).
    condition     = alltrue([for c in var.allowed_cidr_blocks : try(cidrhost(c, 0) == split("/", c)[0], true)])
    error_message = "Each allowed_cidr_blocks entry must name its network address (34.85.43.0/24, not 34.85.43.93/24); got ${jsonencode(var.allowed_cidr_blocks)}."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener. The default negotiates TLS 1.3 and 1.2 only."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  nullable    = false

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-") || startswith(var.ssl_policy, "ELBSecurityPolicy-FS-1-2-")
    error_message = "ssl_policy must be a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-* or ELBSecurityPolicy-FS-1-2-*); got \"${var.ssl_policy}\"."
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

variable "access_logs_bucket" {
  description = "S3 bucket for ALB access logs (the Bridge keeps no per-request log, so these are the audit trail). Null turns access logs off."
  type        = string
  default     = null
}

variable "access_logs_prefix" {
  description = "Key prefix for ALB access logs in `access_logs_bucket`."
  type        = string
  default     = "bridge-alb"
  nullable    = false
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
  description = "ECR repository prefix of the pull-through cache rule for public.ecr.aws."
  type        = string
  default     = "ecr-public"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", var.pull_through_cache_prefix)) && length(var.pull_through_cache_prefix) >= 2 && length(var.pull_through_cache_prefix) <= 30
    error_message = "pull_through_cache_prefix must be 2-30 lowercase letters, digits, and single . _ - separators; got \"${var.pull_through_cache_prefix}\"."
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
  description = "Make `terraform apply` wait until the service is stable, so a deploy the circuit breaker rolled back fails the apply instead of looking like success."
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
  description = "Create CloudWatch alarms: unhealthy targets, no healthy target, ALB 5XX, running tasks below desired, key refresh failures and tenant mismatches."
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
  description = "CloudWatch Logs filter patterns that count Bridge errors worth an alarm, by metric name. The defaults match the Bridge's public-key refresh failures and tenant mismatches."
  type        = map(string)
  default = {
    KeyRefreshFailures = "%(fail|error|Fail|Error).*(pubkey|public key)%"
    TenantMismatches   = "%(tenant|Tenant).*(mismatch|not match|invalid)%"
  }
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.log_alarm_patterns) : can(regex("^[A-Za-z][A-Za-z0-9]{0,62}$", k))])
    error_message = "log_alarm_patterns keys become metric names: letters and digits only, starting with a letter."
  }
}

variable "tags" {
  description = "Tags merged into every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
