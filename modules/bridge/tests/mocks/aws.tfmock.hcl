# Mock values shaped like AWS's, so that expressions that parse ARNs or validation options work.
mock_data "aws_region" {
  defaults = {
    endpoint = "ec2.ap-northeast-1.amazonaws.com"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/mock/bridge"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:mock-tenant-id-AbCdEf"
  }
}

mock_resource "aws_acm_certificate" {
  defaults = {
    arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    domain_validation_options = [{
      domain_name           = "bridge.example.com"
      resource_record_name  = "_abc.bridge.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_xyz.acm-validations.aws."
    }]
  }
}

mock_resource "aws_acm_certificate_validation" {
  defaults = {
    certificate_arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/mock-alb/0123456789abcdef"
    arn_suffix = "app/mock-alb/0123456789abcdef"
    dns_name   = "mock-alb-123.ap-northeast-1.elb.amazonaws.com"
    zone_id    = "Z14GRHDCWA56QT"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/mock/0123456789abcdef"
    arn_suffix = "targetgroup/mock/0123456789abcdef"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = {
    arn = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/mock"
  }
}

mock_resource "aws_ecs_task_definition" {
  defaults = {
    arn = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/mock-bridge:1"
  }
}

mock_resource "aws_secretsmanager_secret_version" {
  defaults = {
    version_id = "11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    id  = "acme-bridge-alb-logs-20261123000000000000000001"
    arn = "arn:aws:s3:::acme-bridge-alb-logs-20261123000000000000000001"
  }
}
