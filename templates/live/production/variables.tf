# The inputs of this environment. Their values are in <environment>.tfvars; the tenant id comes
# from the secret BASEMACHINA_TENANT_ID (TF_VAR_tenant_id), never from a file.

variable "region" {
  description = "AWS region of the stack."
  type        = string
  nullable    = false
}

variable "name" {
  description = "Prefix of every resource name, unique per environment and account."
  type        = string
  nullable    = false
}

variable "cidr_block" {
  description = "CIDR block of the VPC."
  type        = string
  nullable    = false
}

variable "azs" {
  description = "Two or three Availability Zones of `region`, given explicitly so a plan needs no AWS lookup."
  type        = list(string)
  nullable    = false

  validation {
    condition     = alltrue([for az in var.azs : startswith(az, var.region)])
    error_message = "Every AZ in azs must belong to region ${var.region}; got ${jsonencode(var.azs)}."
  }
}

variable "tenant_id" {
  description = "Your BaseMachina tenant id. Ephemeral: it stays out of state and out of saved plan files; the module writes it to Secrets Manager through a write-only argument."
  type        = string
  sensitive   = true
  ephemeral   = true
  nullable    = false
}

variable "tenant_id_version" {
  description = "Version of `tenant_id` in Secrets Manager: raise it (1 to 2) in the same change as a new tenant id, and the tasks roll to it."
  type        = number
  default     = 1
  nullable    = false
}

variable "domain_name" {
  description = "Host name of the Bridge, which you register in BaseMachina."
  type        = string
  nullable    = false
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of `domain_name`: ACM validates a certificate by DNS and an alias record points at the ALB. Give this or `certificate_arn`."
  type        = string
  default     = null
}

variable "certificate_arn" {
  description = "Your own ACM certificate for `domain_name` in `region`, when the domain is not on Route 53 (create the `dns_record` output at your DNS provider)."
  type        = string
  default     = null

  validation {
    condition     = (var.certificate_arn == null) != (var.route53_zone_id == null)
    error_message = "Give exactly one of route53_zone_id (a certificate validated by DNS) and certificate_arn (your own certificate); got route53_zone_id = ${jsonencode(var.route53_zone_id)}, certificate_arn = ${jsonencode(var.certificate_arn)}."
  }
}

variable "bridge_image_tag" {
  description = "Bridge image tag or sha256 digest, pinned (https://gallery.ecr.aws/basemachina/bridge)."
  type        = string
  nullable    = false

  validation {
    condition     = !startswith(var.bridge_image_tag, "CHANGE-ME")
    error_message = "Set bridge_image_tag in your .tfvars file to a release tag or digest of https://gallery.ecr.aws/basemachina/bridge; got ${jsonencode(var.bridge_image_tag)}."
  }
}

variable "allowed_cidr_blocks" {
  description = "Who may reach the Bridge: BaseMachina's addresses (check BaseMachina's documentation for the current ones)."
  type        = list(string)
  nullable    = false
}

variable "data_sources" {
  description = "Where the Bridge may connect: your databases and APIs, keyed by a name (see modules/bridge `data_sources`)."
  type = map(object({
    port              = number
    cidr_block        = optional(string)
    security_group_id = optional(string)
    description       = optional(string)
  }))
  default  = {}
  nullable = false
}

variable "iam_permissions_boundary" {
  description = "The bootstrap's `stack_permissions_boundary_arns` value of this environment: its apply role creates no role without it."
  type        = string
  nullable    = false
}

variable "tags" {
  description = "Tags on every taggable resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "protect_from_deletion" {
  description = "Deletion protection on the ALB. Set false (and apply) before `terraform destroy`; null keeps the production profile's choice (modules/profile)."
  type        = bool
  default     = null
}

variable "delete_access_logs_on_destroy" {
  description = "Let `terraform destroy` delete the ALB access log bucket with its logs. Off keeps the audit trail."
  type        = bool
  default     = false
  nullable    = false
}
