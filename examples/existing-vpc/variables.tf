variable "region" {
  description = "AWS region of the existing VPC."
  type        = string
  default     = "ap-northeast-1"
  nullable    = false
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "bridge"
  nullable    = false
}

variable "tenant_id" {
  description = "Your BaseMachina tenant id."
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
  description = "Bridge image tag or sha256 digest; pin a release for anything you keep."
  type        = string
  default     = "latest"
  nullable    = false
}

variable "vpc_id" {
  description = "Id of the existing VPC."
  type        = string
  nullable    = false
}

variable "private_subnets" {
  description = "Private subnets for the tasks and the interface endpoints, one per AZ, with their AZ. They must already route 0.0.0.0/0 to a NAT gateway or egress proxy: this example never edits your route tables."
  type = list(object({
    id                = string
    availability_zone = string
  }))
  nullable = false

  validation {
    condition     = alltrue([for s in var.private_subnets : startswith(s.availability_zone, var.region)])
    error_message = "Every private subnet must be in region ${var.region}; got availability zones ${jsonencode([for s in var.private_subnets : s.availability_zone])}. Set region to the VPC's region."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets (two AZs) for the ALB."
  type        = list(string)
  nullable    = false
}

variable "private_route_table_ids" {
  description = "Route tables of the private subnets, for the free S3 gateway endpoint. Given explicitly; never discovered."
  type        = list(string)
  nullable    = false
}

variable "domain_name" {
  description = "Host name of the Bridge, covered by `certificate_arn`; `bridge_url` uses it. Point it at the ALB with the `dns_record` output."
  type        = string
  nullable    = false
}

variable "certificate_arn" {
  description = "ACM certificate for `domain_name`, in `region` (an ALB uses certificates of its own region only)."
  type        = string
  nullable    = false

  validation {
    condition     = try(split(":", var.certificate_arn)[3] == var.region, false)
    error_message = "certificate_arn must be an ACM certificate in ${var.region}, the ALB's region; got ${jsonencode(var.certificate_arn)}."
  }
}

variable "create_s3_endpoint" {
  description = "Create the S3 gateway endpoint (free). Off in an existing VPC: it adds a route to every route table in `private_route_table_ids`, so all S3 traffic from those subnets stops going through the NAT gateway, and bucket policies that allow the NAT's public address (aws:SourceIp) stop matching those requests. Turn it on once you know no bucket policy relies on that."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_interface_endpoints" {
  description = "Create ecr.api, ecr.dkr, logs and secretsmanager interface endpoints. They keep image pulls, logs and secrets on the AWS network but cost per AZ-hour (see docs/cost.md) and never replace NAT for the Bridge."
  type        = bool
  default     = false
  nullable    = false
}

variable "vpc_cidr_blocks" {
  description = "Every IPv4 CIDR block of the VPC. Needed with interface endpoints and private DNS: the endpoints then serve the services' names for the whole VPC, and their security group admits these blocks so your other workloads keep reaching ECR, CloudWatch Logs and Secrets Manager."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "restrict_endpoint_policies" {
  description = "Endpoint policies that allow only this account's resources (plus ECR's layer bucket and the ECR token call). With private DNS they apply to every workload in the VPC: on, nothing there reaches other accounts' buckets or secrets through the endpoints."
  type        = bool
  default     = false
  nullable    = false
}

variable "endpoint_private_dns_enabled" {
  description = "Private DNS on the interface endpoints; false when the VPC already has endpoints for these services."
  type        = bool
  default     = true
  nullable    = false
}

variable "data_sources" {
  description = "Your data sources the Bridge may reach, keyed by a name you choose: a port and a security group or CIDR, passed to the bridge module (for example `{ postgres = { port = 5432, security_group_id = \"sg-...\" } }`)."
  type = map(object({
    port              = number
    cidr_block        = optional(string)
    security_group_id = optional(string)
    description       = optional(string)
  }))
  default  = {}
  nullable = false
}

variable "protect_from_deletion" {
  description = "ALB deletion protection. Set false only for a throwaway test stack."
  type        = bool
  default     = true
  nullable    = false
}

variable "delete_access_logs_on_destroy" {
  description = "Let `terraform destroy` delete the ALB access log bucket with its logs. Off keeps the audit trail, and a destroy then stops at the bucket, which is never empty (Elastic Load Balancing writes a test object when logging starts): copy what you need and set this before destroying (README, teardown)."
  type        = bool
  default     = false
  nullable    = false
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
    Project   = "basemachina-bridge"
    ManagedBy = "terraform"
  }
  nullable = false
}
