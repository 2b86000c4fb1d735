mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_region" {
  defaults = {
    endpoint = "ec2.ap-northeast-1.amazonaws.com"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/mock/seed"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock"
  }
}

mock_resource "aws_db_instance" {
  defaults = {
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-mock-AbCdEf"
      secret_status = "active"
      kms_key_id    = "alias/aws/secretsmanager"
    }]
  }
}

mock_resource "aws_db_subnet_group" {
  defaults = {
    arn = "arn:aws:rds:ap-northeast-1:123456789012:subgrp:acme-postgres"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:acme-redis-AbCdEf"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    id  = "acme-seed-20261201000000000000000001"
    arn = "arn:aws:s3:::acme-seed-20261201000000000000000001"
  }
}
