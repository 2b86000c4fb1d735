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
    The stacks' environments in this account, keyed by a name you choose (`dev`, `production`, ...). AWS recommends one account per environment (docs/security.md): then give one environment here and run a bootstrap in each account. Several environments in one account are isolated by name: each environment's roles manage only resources named with its own `name_prefix`.
    Each gets its own state key `<state.key_prefix>/<name>/terraform.tfstate`, a plan role (`<name>-plan-<env>`, trusted only from `github_trust.deploy_refs`) and an apply role (`<name>-apply-<env>`, trusted only from its GitHub environment on `github_trust.deploy_refs` running `github_trust.workflow_refs`), each reaching only its own state.
    - `name_prefix`: the `name` given to this environment's modules; its roles manage only resources named `<name_prefix>*`. Null means `managed_name_prefix`. Prefixes of one account may not overlap (none may begin another), or one environment's roles would reach the other's resources.
    - `github_environment`: the GitHub environment whose jobs may assume the apply role; null means the key.
    - `dns_names`: the record names this environment's stacks write in Route 53 (the bridge module's `domain_name`); its apply role may change only those and their ACM validation records. Null allows any record of any zone: give them when one account holds several environments or other workloads' zones.
    - `plan_pull_requests`: pull requests may plan this environment (`terraform plan -refresh=false -lock=false`), with a role (`<name>-pr-<env>`) that reads its state and nothing else: no service, no secret value, no lock, no saved plan. Only for environments whose state holds no secret (the template's dev); production is planned on `github_trust.deploy_refs` and reviewed there.
  EOT
  type = map(object({
    name_prefix        = optional(string)
    github_environment = optional(string)
    plan_pull_requests = optional(bool, false)
    dns_names          = optional(list(string))
  }))
  default = {
    dev        = { name_prefix = "bridge-dev", plan_pull_requests = true }
    production = { name_prefix = "bridge-prod" }
  }
  nullable = false

  validation {
    condition     = length(var.environments) > 0 && alltrue([for k in keys(var.environments) : can(regex("^[a-z][a-z0-9-]{0,19}$", k)) && k != "bootstrap"])
    error_message = "environments needs at least one name of 1-20 lowercase letters, digits and hyphens, starting with a letter, other than \"bootstrap\" (the bootstrap's own state key); got ${jsonencode(keys(var.environments))}."
  }
  validation {
    condition     = alltrue([for e in values(var.environments) : e.github_environment == null || try(length(trimspace(e.github_environment)) > 0 && !strcontains(e.github_environment, "*") && !strcontains(e.github_environment, "?"), false)])
    error_message = "environments.*.github_environment must be an exact GitHub environment name: a wildcard would let other environments assume the apply role; got ${jsonencode(var.environments)}."
  }
  validation {
    condition     = alltrue([for e in values(var.environments) : e.name_prefix == null || can(regex("^[a-z][a-z0-9-]{1,27}$", coalesce(e.name_prefix, "-")))])
    error_message = "environments.*.name_prefix must be 2-28 lowercase letters, digits or hyphens, starting with a letter (the modules' `name` rule); got ${jsonencode({ for k, e in var.environments : k => e.name_prefix })}."
  }
  validation {
    condition     = alltrue([for e in values(var.environments) : e.dns_names == null || try(length(e.dns_names) > 0 && alltrue([for d in e.dns_names : can(regex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+\\.?$", d))]), false)])
    error_message = "environments.*.dns_names must be exact DNS names such as bridge.example.com (no wildcards), or null; got ${jsonencode({ for k, e in var.environments : k => e.dns_names })}."
  }
  # Policies match names by prefix: bridge* also matches bridge-prod-*, so no environment's prefix
  # may begin another's.
  validation {
    condition     = alltrue(flatten([for a, ea in var.environments : [for b, eb in var.environments : a == b || !startswith(coalesce(eb.name_prefix, var.managed_name_prefix), coalesce(ea.name_prefix, var.managed_name_prefix))]]))
    error_message = "environments.*.name_prefix must not overlap: one environment's prefix begins another's, so its roles would manage the other's resources; got ${jsonencode({ for k, e in var.environments : k => coalesce(e.name_prefix, var.managed_name_prefix) })}. Give each environment its own prefix (bridge-dev, bridge-prod), or use one account per environment."
  }
}

variable "github_trust" {
  description = <<-EOF
    What a GitHub OIDC token must show, besides `github_repository`, for the CI roles to trust it:
    - `workflow_refs` (required): the reusable workflows the roles trust, as GitHub's claim `job_workflow_ref` names them: `<owner>/terraform-basemachina-modules/.github/workflows/terraform.yml@<ref>`, where `<ref>` is what your workflow's `uses:` gives after `@`: a full commit SHA (recommended) or `refs/tags/<tag>`. A job running any other workflow (one a pull request wrote, another repository's) gets no role. List two while you move to a new release, then remove the old one.
    - `deploy_refs`: the git refs that may plan and apply the environments (claim `ref`): the default branch, or release tags. Exact refs only (`refs/heads/<branch>`, `refs/tags/<tag>`); a pull request's ref never matches them.
    - `repository_ids`: the numeric ids of the repository's owner and of the repository (`gh api repos/<owner>/<name> --jq '.owner.id, .id'`). Repositories created after 2026-07-15 carry them in the OIDC subject (`repo:<owner>@<owner id>/<name>@<id>`): give them there. Anywhere, they pin the trust to this repository itself (claim `repository_id`), so a deleted and re-created repository of the same name gets no role.
  EOF
  type = object({
    workflow_refs = list(string)
    deploy_refs   = optional(list(string), ["refs/heads/main"])
    repository_ids = optional(object({
      owner      = string
      repository = string
    }))
  })
  nullable = false

  validation {
    condition     = length(var.github_trust.workflow_refs) > 0 && alltrue([for r in var.github_trust.workflow_refs : can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+/\\.github/workflows/[A-Za-z0-9._-]+\\.ya?ml@([0-9a-f]{40}|refs/tags/[A-Za-z0-9._/-]+)$", r))])
    error_message = "github_trust.workflow_refs must be exact job_workflow_ref values pinned to a commit or a release tag, such as acme/terraform-basemachina-modules/.github/workflows/terraform.yml@<40-character commit SHA>; got ${jsonencode(var.github_trust.workflow_refs)}."
  }
  validation {
    condition     = length(var.github_trust.deploy_refs) > 0 && alltrue([for r in var.github_trust.deploy_refs : can(regex("^refs/(heads|tags)/[A-Za-z0-9._/-]+$", r)) && !strcontains(r, "..")])
    error_message = "github_trust.deploy_refs must be exact refs such as refs/heads/main or refs/tags/v1.2.0, without wildcards; got ${jsonencode(var.github_trust.deploy_refs)}."
  }
  validation {
    condition     = var.github_trust.repository_ids == null || try(can(regex("^[0-9]+$", var.github_trust.repository_ids.owner)) && can(regex("^[0-9]+$", var.github_trust.repository_ids.repository)), false)
    error_message = "github_trust.repository_ids must hold the numeric owner and repository ids (digits only), or be null; got ${jsonencode(var.github_trust.repository_ids)}."
  }
}

variable "access_analyzer" {
  description = <<-EOT
    IAM Access Analyzer for the account (external access, zone of trust: the account), the detective control for roles and resources reachable from outside it:
    - `create`: false when the account or its organization already runs an external-access analyzer (Control Tower, Security Hub); route that one's findings instead.
    - `findings_topic_arn`: SNS topic that receives the findings (for example the bridge module's alarm topic; its policy must let events.amazonaws.com publish). Null creates `<name>-access-findings`: subscribe to it.
  EOT
  type = object({
    create             = optional(bool, true)
    findings_topic_arn = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.access_analyzer.findings_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", coalesce(var.access_analyzer.findings_topic_arn, "-")))
    error_message = "access_analyzer.findings_topic_arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>) or null; got ${jsonencode(var.access_analyzer.findings_topic_arn)}."
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
  # The apply roles manage buckets named after their environment's prefix (s3:*): a state bucket
  # under one would be theirs to empty, re-policy or delete.
  validation {
    condition     = alltrue([for e in values(var.environments) : !startswith(var.state.bucket_name, coalesce(e.name_prefix, var.managed_name_prefix))])
    error_message = "state.bucket_name \"${var.state.bucket_name}\" begins with an environment's name_prefix (${jsonencode(distinct([for e in values(var.environments) : coalesce(e.name_prefix, var.managed_name_prefix)]))}), so that environment's apply role could manage the state bucket; choose a name outside them, for example <company>-tfstate-bridge."
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
