terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }

  # For real deployments, keep state in the bucket examples/bootstrap creates:
  # backend "s3" { bucket = "..." key = "bridge/dev.tfstate" region = "ap-northeast-1" use_lockfile = true encrypt = true }
}

provider "aws" {
  region = var.region
}
