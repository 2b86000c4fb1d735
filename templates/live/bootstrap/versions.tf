terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }

  # Bootstrap starts with local state (the bucket does not exist yet). After the first apply, paste
  # the `bootstrap_backend_block` output here and run `terraform init -migrate-state`: its key
  # (bootstrap/terraform.tfstate) is outside the prefix the CI roles may touch.
}

provider "aws" {
  region = var.region
}
