################################################################################
# Placement
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
  description = "VPC of the data stores."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0; got \"${var.vpc_id}\"."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the data stores, in at least two Availability Zones (RDS subnet groups require two)."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(distinct(var.subnet_ids)) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must hold at least two distinct private subnet ids (subnet-0123456789abcdef0) in two Availability Zones; got ${jsonencode(var.subnet_ids)}."
  }
}

variable "allowed_security_groups" {
  description = "Security groups allowed to connect, keyed by a name you choose (for example `bridge = module.bridge.task_security_group_id`). Each entry is one ingress rule keyed by its name, so adding or removing one touches only that rule, even while the ids are unknown until apply."
  type        = map(string)
  nullable    = false

  validation {
    condition     = length(var.allowed_security_groups) > 0 && alltrue([for k, id in var.allowed_security_groups : can(regex("^[a-z0-9][a-z0-9_-]{0,39}$", k)) && can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "allowed_security_groups must map at least one name (1-40 lowercase letters, digits, _ and -) to a security group id of the form sg-0123456789abcdef0; got ${jsonencode(var.allowed_security_groups)}."
  }
}

variable "tags" {
  description = "Tags merged into every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# PostgreSQL
################################################################################

variable "engine_version" {
  description = <<-EOT
    PostgreSQL version. A major version alone (default "17"): RDS applies minor versions automatically, and Terraform never tries to downgrade a minor it did not choose. A full version ("17.6") pins the minor: it needs `auto_minor_version_upgrade = false` (RDS would otherwise move the minor and Terraform would then try to go back), and it is what a major upgrade needs (`allow_major_version_upgrade`; docs/upgrade.md): a major alone lets RDS pick the new major's default minor, which the running minor may not be able to upgrade to.
  EOT
  type        = string
  default     = "17"
  nullable    = false

  validation {
    condition     = can(regex("^1[4-9](\\.[0-9]{1,2})?$", var.engine_version))
    error_message = "engine_version must be a supported PostgreSQL major version (14-19), such as \"17\", or a full version such as \"17.6\"; got \"${var.engine_version}\"."
  }
}

variable "auto_minor_version_upgrade" {
  description = "Let RDS apply minor versions in the maintenance window (default). Turn it off to pin a full `engine_version`."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = !var.auto_minor_version_upgrade || !strcontains(var.engine_version, ".")
    error_message = "A full engine_version (\"${var.engine_version}\") pins the minor, so it needs auto_minor_version_upgrade = false: RDS would move the minor in a maintenance window and Terraform would then try to go back, which RDS refuses. Give the major alone (\"${split(".", var.engine_version)[0]}\") to let RDS move minors."
  }
}

variable "instance_class" {
  description = "RDS instance class. db.t4g.micro (Graviton, burstable) is the cheapest that runs PostgreSQL well for a Bridge's data."
  type        = string
  default     = "db.t4g.micro"
  nullable    = false

  validation {
    condition     = can(regex("^db\\.[a-z][a-z0-9-]*\\.[0-9]*(micro|small|medium|large|xlarge)$", var.instance_class))
    error_message = "instance_class must be an RDS class such as db.t4g.micro or db.m7g.large; got \"${var.instance_class}\"."
  }
}

variable "allocated_storage" {
  description = "Initial gp3 storage in GiB."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "allocated_storage must be between 20 and 65536 GiB; got ${var.allocated_storage}."
  }
}

variable "max_allocated_storage" {
  description = "Ceiling for storage autoscaling in GiB; equal to allocated_storage turns autoscaling off."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.max_allocated_storage >= var.allocated_storage
    error_message = "max_allocated_storage (${var.max_allocated_storage}) must be at least allocated_storage (${var.allocated_storage})."
  }
}

variable "multi_az" {
  description = "Run a synchronous standby in a second AZ. Off by default: it doubles instance and storage cost. Turn on for production data whose outage costs more than that."
  type        = bool
  default     = false
  nullable    = false
}

variable "backup_retention_period" {
  description = "Days of automated backups (1-35)."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.backup_retention_period >= 1 && var.backup_retention_period <= 35
    error_message = "backup_retention_period must be between 1 and 35 days: 0 disables backups; got ${var.backup_retention_period}."
  }
}

variable "backup_window" {
  description = "Daily backup window, UTC (the default is 02:00-02:30 JST)."
  type        = string
  default     = "17:00-17:30"
  nullable    = false

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.backup_window))
    error_message = "backup_window must look like hh24:mi-hh24:mi; got \"${var.backup_window}\"."
  }
}

variable "maintenance_window" {
  description = "Weekly maintenance window, UTC (the default is Monday 03:00-03:30 JST). Must not overlap the backup window."
  type        = string
  default     = "sun:18:00-sun:18:30"
  nullable    = false

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must look like ddd:hh24:mi-ddd:hh24:mi; got \"${var.maintenance_window}\"."
  }
}

variable "deletion_protection" {
  description = "Protect the database from deletion. Turn off only for test stacks."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_final_snapshot" {
  description = "Take a final snapshot on destroy, independent of `deletion_protection`: turning protection off to destroy still keeps the data. Its name, `<name>-postgres-final-<creation time>`, is fixed when the database is created, so destroying a re-created stack of the same name never collides with an earlier snapshot."
  type        = bool
  default     = true
  nullable    = false
}

variable "delete_automated_backups" {
  description = "Delete the automated backups when the database is deleted. Off keeps them for `backup_retention_period` days after the delete (the provider's default deletes them), so a destroy never removes every backup."
  type        = bool
  default     = false
  nullable    = false
}

variable "postgres_log_retention_days" {
  description = "Days CloudWatch Logs keeps the PostgreSQL and upgrade logs RDS exports (`/aws/rds/instance/<name>-postgres/...`). The module creates these log groups, so they have a retention and go with the database."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.postgres_log_retention_days)
    error_message = "postgres_log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); got ${var.postgres_log_retention_days}."
  }
}

variable "allow_major_version_upgrade" {
  description = "Let a change of `engine_version` to another major (for example 16.13 to 17.6) upgrade the database in place, at once (not in the maintenance window), with the new family's parameter group in the same change. It requires a full target version that RDS lists as a valid upgrade target of the running one (`aws rds describe-db-engine-versions --engine postgres --engine-version <running>`): docs/upgrade.md. Off, RDS refuses a major version change."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.allow_major_version_upgrade || can(regex("^1[4-9]\\.[0-9]{1,2}$", var.engine_version))
    error_message = "allow_major_version_upgrade needs the full target version in engine_version (for example \"17.6\", one of the running version's ValidUpgradeTarget entries): with a major alone RDS picks the new major's default minor, which the running minor may not upgrade to; got \"${var.engine_version}\"."
  }
}

variable "master_username" {
  description = "Master user name. The password is generated and rotated by RDS in Secrets Manager; it never passes through Terraform."
  type        = string
  default     = "bridge_admin"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username))
    error_message = "master_username must start with a letter and hold 1-63 lowercase letters, digits or underscores; got \"${var.master_username}\"."
  }
  validation {
    condition = !contains([
      "postgres", "rdsadmin", "rdsrepladmin", "rdstopmgr", "rds_superuser", "rds_replication", "rds_password",
      "admin", "root", "user", "public", "all", "select", "table", "default", "current_user", "session_user",
    ], var.master_username) && !startswith(var.master_username, "pg_") && !startswith(var.master_username, "rds")
    error_message = "master_username \"${var.master_username}\" is reserved by RDS or PostgreSQL (or is the well-known superuser name attackers try first); choose another, such as bridge_admin."
  }
}

variable "database_name" {
  description = "Name of the database created with the instance."
  type        = string
  default     = "app"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name)) && !contains(["postgres", "template0", "template1", "rdsadmin"], var.database_name)
    error_message = "database_name must be 1-63 lowercase letters, digits or underscores, start with a letter, and not be a system database; got \"${var.database_name}\"."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for storage, Performance Insights and the master secret. Null uses the AWS managed keys."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", coalesce(var.kms_key_arn, "-")))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or null for the AWS managed keys; got ${jsonencode(var.kms_key_arn)}."
  }
}

variable "iam_database_authentication_enabled" {
  description = "Allow IAM database authentication in addition to passwords (free; lets people and CI connect with short-lived tokens instead of the master password)."
  type        = bool
  default     = true
  nullable    = false
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = contains([1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be 1, 5, 10, 15, 30 or 60 (Enhanced Monitoring stays on); got ${var.monitoring_interval}."
  }
}

variable "slow_query_threshold_ms" {
  description = "log_min_duration_statement: statements slower than this many milliseconds are logged."
  type        = number
  default     = 1000
  nullable    = false

  validation {
    condition     = var.slow_query_threshold_ms >= 0 && floor(var.slow_query_threshold_ms) == var.slow_query_threshold_ms
    error_message = "slow_query_threshold_ms must be a whole number of milliseconds from 0; got ${var.slow_query_threshold_ms}."
  }
}

################################################################################
# Redis
################################################################################

# AWS documents access control (AUTH tokens, RBAC user groups) on TLS-enabled caches only:
# https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-disable.html
variable "redis" {
  description = <<-EOT
    An ElastiCache Redis replication group (sessions, queues, cache). Null (default) creates none.
    - `auth_mode`: how clients authenticate.
      - `password` (default): an RBAC user whose password is generated and kept in a Secrets Manager secret (`redis_secret_arn`). This is what BaseMachina can use: it reaches data sources through the Bridge's TCP tunnel with host, port, user and password, and cannot sign IAM tokens.
      - `iam`: clients sign short-lived IAM tokens (applications inside the VPC with an IAM role). No password exists.
      - `none`: no authentication, only with `transit_encryption = false` (ElastiCache offers users and passwords only over TLS); the security group is then the only guard.
    - `transit_encryption`: TLS between clients and Redis (on). Turn off only for a client that cannot speak TLS to Redis; ElastiCache then allows no users or passwords either.
    - `password_version`: change it (1 to 2) and apply to rotate the generated password: a new one is set on the user and written to the secret.
    - `engine_version`: Redis OSS 7.0 or later (IAM authentication needs it), as major.minor.
    - `node_type`: ElastiCache node type (Graviton micro by default).
    - `num_cache_clusters`: nodes, 1-6. Two or more turn on automatic failover and Multi-AZ.
    - `automatic_failover`: null means on exactly when there are two nodes or more; true with one node is rejected.
    - `snapshot_retention_limit`: days of automatic snapshots, 0-35 (0 turns them off).
  EOT
  type = object({
    auth_mode                = optional(string, "password")
    transit_encryption       = optional(bool, true)
    password_version         = optional(number, 1)
    engine_version           = optional(string, "7.1")
    node_type                = optional(string, "cache.t4g.micro")
    num_cache_clusters       = optional(number, 1)
    automatic_failover       = optional(bool)
    snapshot_retention_limit = optional(number, 7)
  })
  default = null

  validation {
    condition     = var.redis == null || try(contains(["password", "iam", "none"], var.redis.auth_mode) && (var.redis.auth_mode == "none") == !var.redis.transit_encryption, false)
    error_message = "redis.auth_mode must be password or iam with transit_encryption = true, or none with transit_encryption = false (ElastiCache authenticates users only over TLS); got auth_mode = ${jsonencode(try(var.redis.auth_mode, null))} with transit_encryption = ${jsonencode(try(var.redis.transit_encryption, null))}."
  }
  validation {
    condition     = var.redis == null || try(var.redis.password_version >= 1 && floor(var.redis.password_version) == var.redis.password_version, false)
    error_message = "redis.password_version must be a whole number from 1; got ${jsonencode(try(var.redis.password_version, null))}."
  }
  validation {
    condition     = var.redis == null || try(can(regex("^[7-9]\\.[0-9]+$", var.redis.engine_version)), false)
    error_message = "redis.engine_version must be 7.0 or later (IAM authentication), given as major.minor; got ${jsonencode(try(var.redis.engine_version, null))}."
  }
  validation {
    condition     = var.redis == null || try(can(regex("^cache\\.[a-z][a-z0-9-]*\\.[0-9]*(micro|small|medium|large|xlarge)$", var.redis.node_type)), false)
    error_message = "redis.node_type must be an ElastiCache node type such as cache.t4g.micro; got ${jsonencode(try(var.redis.node_type, null))}."
  }
  validation {
    condition     = var.redis == null || try(var.redis.num_cache_clusters >= 1 && var.redis.num_cache_clusters <= 6 && (var.redis.automatic_failover != true || var.redis.num_cache_clusters >= 2), false)
    error_message = "redis.num_cache_clusters must be 1-6, and automatic_failover = true needs at least 2 (a single node has no replica to fail over to); got num_cache_clusters = ${jsonencode(try(var.redis.num_cache_clusters, null))}, automatic_failover = ${jsonencode(try(var.redis.automatic_failover, null))}."
  }
  validation {
    condition     = var.redis == null || try(var.redis.snapshot_retention_limit >= 0 && var.redis.snapshot_retention_limit <= 35, false)
    error_message = "redis.snapshot_retention_limit must be between 0 and 35 days; got ${jsonencode(try(var.redis.snapshot_retention_limit, null))}."
  }
}

################################################################################
# Seed task (bridgectl seed)
################################################################################

variable "seed" {
  description = <<-EOT
    An ECS task definition with a PostgreSQL client that `bridgectl seed` runs as a one-off task to load SQL into the private database, with no bastion host. The master password is injected by ECS from the RDS-managed secret. Null (default) creates none.
    - `image`, `image_tag`: the PostgreSQL client image; its psql must speak to `engine_version`. Each `*_tag` may be a digest (`sha256:<64 hex>`), which pins the exact image.
    - `fetch_image`, `fetch_image_tag`: the AWS CLI image whose container copies the SQL and the RDS certificate bundle from the seed bucket into the task's ephemeral storage before psql starts, so SQL of any size up to `bridgectl seed`'s limit never passes through the task definition or the RunTask request, and psql verifies the database's certificate and host name (`PGSSLMODE=verify-full`) without internet access.
    - `pull_through_cache_prefix`: the bridge module's `pull_through_cache_prefix` output, so both images are pulled through the same ECR cache for public.ecr.aws. Null pulls them directly.
    - `log_retention_days`: days CloudWatch keeps the seed task's logs.
  EOT
  type = object({
    image                     = optional(string, "public.ecr.aws/docker/library/postgres")
    image_tag                 = optional(string, "17-alpine")
    fetch_image               = optional(string, "public.ecr.aws/aws-cli/aws-cli")
    fetch_image_tag           = optional(string, "2.15.35")
    pull_through_cache_prefix = optional(string)
    log_retention_days        = optional(number, 30)
  })
  default = null

  validation {
    condition     = var.seed == null || try(contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.seed.log_retention_days), false)
    error_message = "seed.log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); got ${jsonencode(try(var.seed.log_retention_days, null))}."
  }
  validation {
    condition     = var.seed == null || try(var.seed.pull_through_cache_prefix == null || (startswith(var.seed.image, "public.ecr.aws/") && startswith(var.seed.fetch_image, "public.ecr.aws/")), false)
    error_message = "seed.pull_through_cache_prefix serves public.ecr.aws images only; got image ${jsonencode(try(var.seed.image, null))} and fetch_image ${jsonencode(try(var.seed.fetch_image, null))}. Allowed: both images on public.ecr.aws, or pull_through_cache_prefix = null to pull them directly."
  }
  validation {
    condition = var.seed == null || try(alltrue([
      for repo_tag in [[var.seed.image, var.seed.image_tag], [var.seed.fetch_image, var.seed.fetch_image_tag]] :
      can(regex("^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+$", repo_tag[0])) && can(regex("^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$", repo_tag[1]))
    ]), false)
    error_message = "seed.image and seed.fetch_image must be repositories without tag, and seed.image_tag and seed.fetch_image_tag Docker tags or digests (sha256: and 64 hex digits); got image = ${jsonencode(try(var.seed.image, null))}, image_tag = ${jsonencode(try(var.seed.image_tag, null))}, fetch_image = ${jsonencode(try(var.seed.fetch_image, null))}, fetch_image_tag = ${jsonencode(try(var.seed.fetch_image_tag, null))}."
  }
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
