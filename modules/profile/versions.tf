terraform {
  # Values only: no resource, so no provider.
  required_version = ">= 1.10"
}
