variable "name" {
  description = "The profile: \"production\" (examples/complete, templates/live/production) or \"development\" (examples/dev, templates/live/dev)."
  type        = string
  nullable    = false

  validation {
    condition     = contains(["production", "development"], var.name)
    error_message = "name must be \"production\" or \"development\"; got ${jsonencode(var.name)}."
  }
}
