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

variable "apply_branches" {
  description = "Branches whose workflow runs may assume the apply role (ref:refs/heads/<branch>). Prefer apply_environments: an environment can require reviewers."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for b in var.apply_branches : length(trimspace(b)) > 0 && !strcontains(b, "*") && !strcontains(b, "?")])
    error_message = "apply_branches must be exact branch names: empty names and wildcards would let other refs assume the apply role; got ${jsonencode(var.apply_branches)}."
  }
}

variable "apply_environments" {
  description = "GitHub environments whose jobs may assume the apply role (environment:<name>). Protect them with required reviewers."
  type        = list(string)
  default     = ["production"]
  nullable    = false

  validation {
    condition     = alltrue([for e in var.apply_environments : length(trimspace(e)) > 0 && !strcontains(e, "*") && !strcontains(e, "?")])
    error_message = "apply_environments must be exact environment names, without wildcards; got ${jsonencode(var.apply_environments)}."
  }
  validation {
    condition     = length(var.apply_environments) + length(var.apply_branches) > 0
    error_message = "Give at least one apply environment or branch: an apply role no workflow may assume is a misconfiguration."
  }
}

variable "allow_plan_from_pull_requests" {
  description = "Trust the plan role for pull_request workflow runs of the repository (subject repo:<repo>:pull_request)."
  type        = bool
  default     = true
  nullable    = false
}

variable "plan_branches" {
  description = "Branches whose runs may also assume the plan role (for example main, to plan before apply)."
  type        = list(string)
  default     = ["main"]
  nullable    = false

  validation {
    condition     = alltrue([for b in var.plan_branches : length(trimspace(b)) > 0 && !strcontains(b, "*") && !strcontains(b, "?")])
    error_message = "plan_branches must be exact branch names, without wildcards; got ${jsonencode(var.plan_branches)}."
  }
  validation {
    condition     = var.allow_plan_from_pull_requests || length(var.plan_branches) > 0
    error_message = "The plan role needs a subject: allow pull requests or name plan branches."
  }
}

variable "create_oidc_provider" {
  description = "Create the GitHub Actions OIDC provider. An account holds one per URL: set false and give `oidc_provider_arn` when it already exists."
  type        = bool
  default     = true
  nullable    = false
}

variable "oidc_provider_arn" {
  description = "ARN of an existing token.actions.githubusercontent.com provider (when create_oidc_provider = false)."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be the ARN of the token.actions.githubusercontent.com provider."
  }
  validation {
    condition     = var.create_oidc_provider == (var.oidc_provider_arn == null)
    error_message = "Give oidc_provider_arn exactly when create_oidc_provider = false."
  }
}

variable "state_bucket_name" {
  description = "Name of the S3 bucket for Terraform state (globally unique)."
  type        = string
  nullable    = false

  validation {
    condition = (can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name)) && !strcontains(var.state_bucket_name, "..")
      && !can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", var.state_bucket_name)) && !startswith(var.state_bucket_name, "xn--")
    && !endswith(var.state_bucket_name, "-s3alias") && !endswith(var.state_bucket_name, "--ol-s3"))
    error_message = "state_bucket_name must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address; got \"${var.state_bucket_name}\"."
  }
}

variable "state_key" {
  description = "Object key of the state file; the lock file is `<key>.tflock` beside it."
  type        = string
  default     = "bridge/terraform.tfstate"
  nullable    = false

  validation {
    condition     = length(var.state_key) > 0 && !startswith(var.state_key, "/") && !strcontains(var.state_key, "*")
    error_message = "state_key must be a relative object key without wildcards; got \"${var.state_key}\"."
  }
}

variable "state_kms_key_arn" {
  description = "Customer managed KMS key for the state bucket. Null uses SSE-S3."
  type        = string
  default     = null

  validation {
    condition     = var.state_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.state_kms_key_arn))
    error_message = "state_kms_key_arn must be a KMS key ARN."
  }
}

variable "state_access_logs_bucket" {
  description = "Existing bucket that receives server access logs of the state bucket. Null turns access logging off."
  type        = string
  default     = null
}

variable "noncurrent_version_expiration_days" {
  description = "Days old state versions are kept before deletion."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "apply_policy_arns" {
  description = "IAM policies attached to the apply role. Empty attaches the module's default: service-scoped permissions for exactly the services this project manages, IAM limited to roles named `managed_name_prefix*`, and iam:PassRole only to ECS, RDS monitoring and flow logs."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.apply_policy_arns : can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", a))])
    error_message = "apply_policy_arns must be IAM policy ARNs."
  }
}

variable "managed_name_prefix" {
  description = "Name prefix of the IAM roles the stacks create (the `name` given to the other modules); the default apply policy may manage and pass only those."
  type        = string
  default     = "bridge"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.managed_name_prefix))
    error_message = "managed_name_prefix must be 2-41 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Tags merged into every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
