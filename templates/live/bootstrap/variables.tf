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
  description = "The environments: each is a directory of this repository and a GitHub environment of the same name (protect production's with required reviewers), with its own state key and apply role."
  type        = list(string)
  default     = ["dev", "production"]
  nullable    = false
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
