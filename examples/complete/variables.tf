variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "ap-northeast-1"
  nullable    = false
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "bridge-demo"
  nullable    = false
}

variable "azs" {
  description = "Two or three Availability Zones of `region`, given explicitly so the example plans without AWS lookups."
  type        = list(string)
  default     = ["ap-northeast-1a", "ap-northeast-1c"]
  nullable    = false

  validation {
    condition     = alltrue([for az in var.azs : startswith(az, var.region)])
    error_message = "Every AZ in azs must belong to region ${var.region}; got ${jsonencode(var.azs)}."
  }
}

variable "tenant_id" {
  description = "Your BaseMachina tenant id (BaseMachina settings). Stored in Secrets Manager and injected as TENANT_ID."
  type        = string
  sensitive   = true
  # Ephemeral: Terraform keeps it out of state and out of saved plan files (the CI workflow keeps
  # those); the module writes it to Secrets Manager through a write-only argument.
  ephemeral = true
  nullable  = false
}

variable "tenant_id_version" {
  description = "Version of `tenant_id` in Secrets Manager. The tenant id is written through a write-only argument, so Terraform cannot see it change: raise this (1 to 2) in the same apply as a new `tenant_id`, and the tasks roll to it."
  type        = number
  default     = 1
  nullable    = false
}

variable "bridge_image_tag" {
  description = "Bridge image tag or sha256 digest. \"latest\" works for a first try (the module warns about it); pin a release from https://gallery.ecr.aws/basemachina/bridge for anything you keep."
  type        = string
  default     = "latest"
  nullable    = false
}

variable "domain_name" {
  description = "Host name of the Bridge (bridge.example.com); `bridge_url` uses it. The certificate comes from one of three places: `route53_zone_id` (ACM validates one by DNS and an alias record points at the ALB), `certificate_arn` (your own ACM certificate; create the `dns_record` output at your DNS provider), or, for testing the stack only, a self-signed one imported from `certificate_file` and `private_key_file`."
  type        = string
  nullable    = false
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of `domain_name`: the bridge module requests a publicly trusted certificate and validates it by DNS."
  type        = string
  default     = null
}

variable "certificate_arn" {
  description = "An ACM certificate you already have for `domain_name`, in `region` (for a domain that is not on Route 53). Give this or `route53_zone_id`, not both."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || var.route53_zone_id == null
    error_message = "Give route53_zone_id (a certificate validated by DNS) or certificate_arn (your own certificate), not both; got both."
  }
  validation {
    condition     = var.certificate_arn == null || try(split(":", var.certificate_arn)[3] == var.region, false)
    error_message = "certificate_arn must be an ACM certificate in ${var.region}, the ALB's region; got ${jsonencode(var.certificate_arn)}."
  }
}

variable "certificate_file" {
  description = "PEM certificate to import into ACM when no hosted zone is given (`bridgectl cert --domain <alb-or-test-name> --out certs`)."
  type        = string
  default     = "certs/bridge.crt"
  nullable    = false

  validation {
    condition     = var.route53_zone_id != null || var.certificate_arn != null || fileexists("${path.module}/${var.certificate_file}")
    error_message = "No certificate at ${var.certificate_file}. Give route53_zone_id (a DNS-validated certificate) or certificate_arn (your own), or, to test the stack, make a self-signed one for domain_name: bridgectl cert --domain ${var.domain_name} --out certs"
  }
}

variable "private_key_file" {
  description = "PEM private key matching `certificate_file`."
  type        = string
  default     = "certs/bridge.key"
  nullable    = false

  validation {
    condition     = var.route53_zone_id != null || var.certificate_arn != null || fileexists("${path.module}/${var.private_key_file}")
    error_message = "No private key at ${var.private_key_file}; see certificate_file."
  }
}

variable "allowed_cidr_blocks" {
  description = "Who may reach the Bridge: BaseMachina's address by default (check BaseMachina's documentation for the current value)."
  type        = list(string)
  default     = ["34.85.43.93/32"]
  nullable    = false
}

variable "create_pull_through_cache_rule" {
  description = "Create the ECR pull-through cache rule. Set false to reuse one another stack in this account and region owns (give its `pull_through_cache_prefix`)."
  type        = bool
  default     = true
  nullable    = false
}

variable "pull_through_cache_prefix" {
  description = "ECR prefix of the pull-through cache rule. Null derives one from `name`, so stacks never collide."
  type        = string
  default     = null
}

variable "delete_access_logs_on_destroy" {
  description = "Let `terraform destroy` delete the ALB access log bucket with its logs. Off keeps the audit trail, and a destroy then stops at the bucket while it holds logs: copy what you need and set this before destroying (README, teardown)."
  type        = bool
  default     = false
  nullable    = false
}

variable "enable_access_logs" {
  description = "ALB access logs into a bucket the bridge module creates: the Bridge's only request audit trail. Off saves the S3 storage but leaves no record of who called the Bridge. Null keeps the production profile's choice (modules/profile)."
  type        = bool
  default     = null
}

variable "tasks" {
  description = "Bridge tasks the service runs; null keeps the production profile's count (modules/profile). Two spread over two AZs, so losing an AZ or a task leaves one serving while ECS replaces the other; one halves the compute bill and leaves the Bridge down for the minutes a replacement takes."
  type        = number
  default     = null

  validation {
    condition     = var.tasks == null || try(var.tasks >= 1 && floor(var.tasks) == var.tasks, false)
    error_message = "tasks must be a whole number of at least 1, or null for the production profile's count; got ${jsonencode(var.tasks)}."
  }
}

variable "max_tasks" {
  description = "Upper bound of Bridge tasks. Above `tasks`, autoscaling (CPU and requests per task) adds tasks up to this; equal to `tasks` (null, the default) keeps the count fixed."
  type        = number
  default     = null

  validation {
    # Terraform's || evaluates both sides, so a null tasks is compared through coalesce; below the
    # production profile's count (tasks = null), the bridge module refuses the autoscaling bound.
    condition     = var.max_tasks == null || try(var.max_tasks >= 1 && floor(var.max_tasks) == var.max_tasks && var.max_tasks >= coalesce(var.tasks, 1), false)
    error_message = "max_tasks must be a whole number no smaller than tasks (${jsonencode(var.tasks)}), or null; got ${jsonencode(var.max_tasks)}."
  }
}

variable "database_multi_az" {
  description = "A standby database in a second AZ with automatic failover. Off by default because it doubles the database bill (docs/cost.md); turn it on when the data behind the Bridge must survive an AZ outage without a restore."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_redis" {
  description = "Also create an ElastiCache Redis replication group, with a user and password BaseMachina can use (outputs redis_*)."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_final_snapshot" {
  description = "Take a final snapshot of the database on destroy (kept, and billed as snapshot storage, until you delete it). Independent of `protect_from_deletion`. Null keeps the production profile's choice (modules/profile)."
  type        = bool
  default     = null
}

variable "protect_from_deletion" {
  description = "Deletion protection on the ALB and the database. Set false (and apply) before `terraform destroy`; the final snapshot and the automated backups are kept either way. Null keeps the production profile's choice (modules/profile)."
  type        = bool
  default     = null
}

variable "iam_permissions_boundary" {
  description = "Permissions boundary for every IAM role the stack creates: the bootstrap's `stack_permissions_boundary_arns` value of this environment when the bootstrap's apply role deploys this stack (it creates no role without it). Null when an administrator applies."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags on every taggable resource."
  type        = map(string)
  default = {
    Project     = "basemachina-bridge"
    Environment = "demo"
    ManagedBy   = "terraform"
  }
  nullable = false
}
