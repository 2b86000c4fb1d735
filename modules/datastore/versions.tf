terraform {
  # 1.11 for write-only arguments: the Redis connection reaches Secrets Manager without being stored in state.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}
