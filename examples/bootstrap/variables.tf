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
  description = "The environments this account holds. AWS recommends one account per environment: this example is one such account, holding production (run it again in the dev account with { dev = { plan_pull_requests = true } }). Several environments in one account need a name_prefix each (templates/live/bootstrap). Per environment: name_prefix (the `name` of its stacks), plan_pull_requests (pull requests may plan it, reading its state only), dns_names (the only Route 53 records it may change)."
  type = map(object({
    name_prefix        = optional(string)
    github_environment = optional(string)
    plan_pull_requests = optional(bool, false)
    dns_names          = optional(list(string))
  }))
  default = {
    production = {}
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
