variable "region" {
  description = "AWS region of the state bucket."
  type        = string
  default     = "ap-northeast-1"
  nullable    = false
}

variable "github_repository" {
  description = "Your infrastructure repository on GitHub, owner/name."
  type        = string
  nullable    = false
}

variable "state_bucket_name" {
  description = "Globally unique name for the Terraform state bucket, for example <company>-bridge-tfstate."
  type        = string
  nullable    = false
}

variable "environments" {
  description = "The environments: each is a directory of this repository and a GitHub environment of the same name (protect production's with required reviewers), with its own state key, roles and name prefix. In one account the prefixes keep them apart; with one account per environment, run this root in each account with its environment only (README). Per environment: name_prefix (the `name` of its stacks), plan_pull_requests (pull requests may plan it, reading its state only), dns_names (the only Route 53 records it may change)."
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
}

variable "workflow_refs" {
  description = "The reusable workflow your bridge workflow calls, as GitHub's OIDC claim job_workflow_ref names it: <owner>/terraform-basemachina-modules/.github/workflows/terraform.yml@<the commit SHA after @ in your uses:>. Only jobs running it get a role."
  type        = list(string)
  nullable    = false
}

variable "github_repository_ids" {
  description = "Numeric owner and repository ids of github_repository (gh api repos/<owner>/<name> --jq '.owner.id, .id'); required in the OIDC subject of repositories created after 2026-07-15, and pins the trust to this very repository. Null leaves them out."
  type = object({
    owner      = string
    repository = string
  })
  default = null
}

variable "oidc_provider_arn" {
  description = "ARN of the account's existing GitHub OIDC provider (an account holds one); null creates it."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags on every taggable resource."
  type        = map(string)
  default = {
    Project   = "basemachina-bridge"
    ManagedBy = "terraform"
  }
  nullable = false
}
