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

variable "apply_trust" {
  description = "Which workflow runs of `github_repository` may assume the apply role: jobs of the GitHub `environments` (subject environment:<name>; protect them with required reviewers) and runs on the `branches` (ref:refs/heads/<branch>; prefer environments, which can require reviewers). Exact names only."
  type = object({
    environments = optional(list(string), ["production"])
    branches     = optional(list(string), [])
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for n in concat(var.apply_trust.environments, var.apply_trust.branches) : length(trimspace(n)) > 0 && !strcontains(n, "*") && !strcontains(n, "?")])
    error_message = "apply_trust.environments and apply_trust.branches must be exact names: empty names and wildcards would let other refs assume the apply role; got ${jsonencode(var.apply_trust)}."
  }
  validation {
    condition     = length(var.apply_trust.environments) + length(var.apply_trust.branches) > 0
    error_message = "apply_trust needs at least one environment or branch: an apply role no workflow may assume is a misconfiguration; got ${jsonencode(var.apply_trust)}."
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
    - `key`: object key of the state file; the lock file is `<key>.tflock` beside it.
    - `kms_key_arn`: customer managed KMS key; null uses SSE-S3.
    - `access_logs_bucket`: existing bucket that receives the state bucket's server access logs; null turns them off.
    - `noncurrent_version_expiration_days`: days old state versions are kept.
  EOT
  type = object({
    bucket_name                        = string
    key                                = optional(string, "bridge/terraform.tfstate")
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
    condition     = length(var.state.key) > 0 && !startswith(var.state.key, "/") && !strcontains(var.state.key, "*")
    error_message = "state.key must be a relative object key without wildcards, such as bridge/terraform.tfstate; got \"${var.state.key}\"."
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
  description = "IAM policies attached to the apply role instead of the module's default, keyed by a name you choose (one attachment per entry, so removing one touches no other). Empty attaches the default: service-scoped permissions for exactly the services this project manages, IAM limited to roles named `managed_name_prefix*`, and iam:PassRole only to ECS, RDS monitoring and flow logs."
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
