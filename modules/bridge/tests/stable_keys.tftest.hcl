# Removing the first entry of a keyed collection must touch only that entry: the state of the first
# apply is planned without it, and every other rule keeps its id (a replacement's id is unknown).
mock_provider "aws" {
  source = "./tests/mocks"
}

run "three_of_each" {
  command = apply

  variables {
    data_sources = {
      postgres = { port = 5432, security_group_id = "sg-0123456789abcdef0" }
      redis    = { port = 6379, security_group_id = "sg-0123456789abcdef1" }
      api      = { port = 8443, cidr_block = "10.20.0.0/16" }
    }
    allowed_cidr_blocks = ["34.85.43.93/32", "203.0.113.0/24", "198.51.100.0/24"]
    alarms = { log_patterns = {
      KeyRefreshFailures = "{ $.message = \"failed to refresh public-key\" }"
      TenantMismatches   = "{ $.message = \"mismatch tenant ID\" }"
      UnauthorizedTokens = "{ $.message = \"jwt unauthorized error\" }"
    } }
  }
}

run "first_of_each_removed" {
  command = plan

  variables {
    data_sources = {
      redis = { port = 6379, security_group_id = "sg-0123456789abcdef1" }
      api   = { port = 8443, cidr_block = "10.20.0.0/16" }
    }
    allowed_cidr_blocks = ["203.0.113.0/24", "198.51.100.0/24"]
    alarms = { log_patterns = {
      TenantMismatches   = "{ $.message = \"mismatch tenant ID\" }"
      UnauthorizedTokens = "{ $.message = \"jwt unauthorized error\" }"
    } }
  }

  assert {
    condition     = keys(aws_vpc_security_group_egress_rule.task_data_sources) == ["api", "redis"] && alltrue([for k, r in aws_vpc_security_group_egress_rule.task_data_sources : r.security_group_rule_id == run.three_of_each.data_source_rule_ids[k]])
    error_message = "wanted the redis and api egress rules kept with their ids after removing postgres"
  }

  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.alb_https) == ["198.51.100.0/24", "203.0.113.0/24"]
    error_message = "wanted the ingress rules keyed by their CIDR blocks, so removing the first touches no other"
  }

  assert {
    condition     = alltrue([for k, a in aws_cloudwatch_metric_alarm.bridge_errors : a.arn == run.three_of_each.alarm_arns[k]]) && length(aws_cloudwatch_metric_alarm.bridge_errors) == 2
    error_message = "wanted the remaining log alarms kept after removing the first pattern"
  }
}
