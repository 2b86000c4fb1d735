terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }

  # The bootstrap's `backend_blocks["production"]`: this environment's own key, which only the production
  # apply role may write. Replace the bucket (and region) with yours; keep the key.
  backend "s3" {
    bucket       = "CHANGE-ME-bridge-tfstate"
    key          = "bridge/production/terraform.tfstate"
    region       = "ap-northeast-1"
    use_lockfile = true
    encrypt      = true
  }
}

provider "aws" {
  region = var.region
}
