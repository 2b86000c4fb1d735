variable "name" {
  description = "Prefix of every resource name: 1-28 lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit. The same rule holds in every module of this repository, so one `name` fits them all; 28 keeps the longest derived name (`<name>-alb`, 32) within its AWS limit."
  type        = string
  default     = "bridge-cicd"
  nullable    = false

  validation {
    condition     = length(var.name) <= 28 && can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name)) && !startswith(var.name, "internal-")
    error_message = "name must be 1-28 lowercase letters, digits and single hyphens, start with a letter, end with a letter or digit, and not start with \"internal-\" (reserved by AWS for load balancers); got \"${var.name}\" (${length(var.name)} characters)."
  }
}

variable "github_repository" {
  description = "GitHub repository allowed to assume the roles, as owner/name."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", var.github_repository)) && !strcontains(var.github_repository, "*")
    error_message = "github_repository must be owner/name (for example acme/infrastructure), without wildcards; got \"${var.github_repository}\"."
  }
}

variable "environments" {
  description = <<-EOT
    The stacks' environments, keyed by a name you choose (`dev`, `production`, ...). Each gets its own state key `<state.key_prefix>/<name>/terraform.tfstate`, its own apply role that trusts only the jobs of its GitHub environment (protect production's with required reviewers) and may write only its own state, and its own variables file in the template (`<name>.tfvars`).
    - `github_environment`: the GitHub environment whose jobs may assume this environment's apply role; null means the key.
  EOT
  type = map(object({
    github_environment = optional(string)
  }))
  default = {
    dev        = {}
    production = {}
  }
  nullable = false

  validation {
    condition     = length(var.environments) > 0 && alltrue([for k in keys(var.environments) : can(regex("^[a-z][a-z0-9-]{0,30}$", k)) && k != "bootstrap"])
    error_message = "environments needs at least one name of 1-31 lowercase letters, digits and hyphens, starting with a letter, other than \"bootstrap\" (the bootstrap's own state key); got ${jsonencode(keys(var.environments))}."
  }
  validation {
    condition     = alltrue([for e in values(var.environments) : e.github_environment == null || try(length(trimspace(e.github_environment)) > 0 && !strcontains(e.github_environment, "*") && !strcontains(e.github_environment, "?"), false)])
    error_message = "environments.*.github_environment must be an exact GitHub environment name: a wildcard would let other environments assume the apply role; got ${jsonencode(var.environments)}."
  }
}

variable "plan_trust" {
  description = "Which workflow runs of `github_repository` may assume the plan role: its `pull_requests` (subject repo:<repo>:pull_request) and runs on the `branches` (for example main, to plan before apply). Exact branch names only."
  type = object({
    pull_requests = optional(bool, true)
    branches      = optional(list(string), ["main"])
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for b in var.plan_trust.branches : length(trimspace(b)) > 0 && !strcontains(b, "*") && !strcontains(b, "?")])
    error_message = "plan_trust.branches must be exact branch names, without wildcards; got ${jsonencode(var.plan_trust.branches)}."
  }
  validation {
    condition     = var.plan_trust.pull_requests || length(var.plan_trust.branches) > 0
    error_message = "plan_trust needs a subject: pull_requests = true or at least one branch; got ${jsonencode(var.plan_trust)}."
  }
}

variable "oidc_provider_arn" {
  description = "ARN of the account's existing token.actions.githubusercontent.com OIDC provider. An account holds one per URL, so give it when one exists; null creates it."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", coalesce(var.oidc_provider_arn, "-")))
    error_message = "oidc_provider_arn must be the ARN of the token.actions.githubusercontent.com provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com), or null to create it; got ${jsonencode(var.oidc_provider_arn)}."
  }
}

variable "state" {
  description = <<-EOT
    The S3 bucket for Terraform state, with native S3 locking:
    - `bucket_name`: globally unique bucket name.
    - `key_prefix`: prefix of the environments' state keys (`<key_prefix>/<environment>/terraform.tfstate`, the lock file `<key>.tflock` beside each). The CI roles reach nothing outside it; the bootstrap's own state goes to `bootstrap/terraform.tfstate` (output `bootstrap_backend_block`), out of their reach.
    - `kms_key_arn`: customer managed KMS key; null uses SSE-S3.
    - `access_logs_bucket`: existing bucket that receives the state bucket's server access logs; null turns them off.
    - `noncurrent_version_expiration_days`: days old state versions are kept.
  EOT
  type = object({
    bucket_name                        = string
    key_prefix                         = optional(string, "bridge")
    kms_key_arn                        = optional(string)
    access_logs_bucket                 = optional(string)
    noncurrent_version_expiration_days = optional(number, 90)
  })
  nullable = false

  validation {
    condition = (can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state.bucket_name)) && !strcontains(var.state.bucket_name, "..")
      && !can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", var.state.bucket_name)) && !startswith(var.state.bucket_name, "xn--")
    && !endswith(var.state.bucket_name, "-s3alias") && !endswith(var.state.bucket_name, "--ol-s3"))
    error_message = "state.bucket_name must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address; got \"${var.state.bucket_name}\"."
  }
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{0,62}(/[a-z0-9][a-z0-9._-]{0,62})*$", var.state.key_prefix)) && var.state.key_prefix != "bootstrap" && !startswith(var.state.key_prefix, "bootstrap/")
    error_message = "state.key_prefix must be a relative key prefix such as bridge or stacks/bridge, without wildcards and outside bootstrap/ (the bootstrap's own state); got ${jsonencode(var.state.key_prefix)}."
  }
  validation {
    condition     = var.state.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", coalesce(var.state.kms_key_arn, "-")))
    error_message = "state.kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or null for SSE-S3; got ${jsonencode(var.state.kms_key_arn)}."
  }
  validation {
    condition     = var.state.noncurrent_version_expiration_days >= 1 && floor(var.state.noncurrent_version_expiration_days) == var.state.noncurrent_version_expiration_days
    error_message = "state.noncurrent_version_expiration_days must be a whole number of days from 1; got ${var.state.noncurrent_version_expiration_days}."
  }
}

variable "apply_policies" {
  description = "IAM policies attached to every environment's apply role instead of the module's default, keyed by a name you choose (one attachment per entry and environment, so removing one touches no other). Empty attaches the default (docs/security.md): whole-service grants only on ARNs named `managed_name_prefix*`, listed actions where ARNs are ids, roles only with the stack permissions boundary, iam:PassRole only to ECS, RDS monitoring, flow logs and EC2. The no-escalation denials apply either way."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for a in values(var.apply_policies) : can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", a))])
    error_message = "apply_policies values must be IAM policy ARNs (arn:aws:iam::<account or aws>:policy/<name>); got ${jsonencode(var.apply_policies)}."
  }
}

variable "managed_name_prefix" {
  description = "Name prefix of the IAM roles the stacks create (the `name` given to the other modules); the default apply policy may manage and pass only those."
  type        = string
  default     = "bridge"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.managed_name_prefix))
    error_message = "managed_name_prefix must be 2-41 lowercase letters, digits or hyphens, starting with a letter; got \"${var.managed_name_prefix}\"."
  }
}

variable "tags" {
  description = "Tags merged into every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
