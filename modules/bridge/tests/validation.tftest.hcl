# Every rejected input fails at plan time with its own validation, one run per input.
mock_provider "aws" {
  source = "./tests/mocks"
}

# The baseline must plan, or every expect_failures below would pass for the wrong reason.
run "baseline_is_valid" {
  command = plan
}

run "rejects_empty_tenant_id" {
  command = plan

  variables {
    tenant_id = "  "
  }

  expect_failures = [var.tenant_id]
}

run "rejects_port_4321" {
  command = plan

  variables {
    port = 4321
  }

  expect_failures = [var.port]
}

run "rejects_port_out_of_range" {
  command = plan

  variables {
    port = 70000
  }

  expect_failures = [var.port]
}

run "rejects_invalid_cpu_memory_pair" {
  command = plan

  variables {
    cpu    = 256
    memory = 4096
  }

  expect_failures = [var.memory]
}

run "rejects_invalid_cpu" {
  command = plan

  variables {
    cpu = 300
  }

  expect_failures = [var.cpu]
}

run "rejects_invalid_cidr" {
  command = plan

  variables {
    allowed_cidr_blocks = ["34.85.43.93/33"]
  }

  expect_failures = [var.allowed_cidr_blocks]
}

run "rejects_empty_cidr_list" {
  command = plan

  variables {
    allowed_cidr_blocks = []
  }

  expect_failures = [var.allowed_cidr_blocks]
}

run "rejects_name_with_uppercase" {
  command = plan

  variables {
    name = "Acme-Bridge"
  }

  expect_failures = [var.name]
}

run "rejects_name_trailing_hyphen" {
  command = plan

  variables {
    name = "acme-"
  }

  expect_failures = [var.name]
}

run "rejects_name_too_long" {
  command = plan

  variables {
    name = "a2345678901234567890123456789"
  }

  expect_failures = [var.name]
}

run "rejects_name_reserved_prefix" {
  command = plan

  variables {
    name = "internal-bridge"
  }

  expect_failures = [var.name]
}

run "rejects_invalid_log_retention" {
  command = plan

  variables {
    logs = { retention_days = 10 }
  }

  expect_failures = [var.logs]
}

run "rejects_negative_desired_count" {
  command = plan

  variables {
    desired_count = -1
  }

  expect_failures = [var.desired_count]
}

run "rejects_negative_min_capacity" {
  command = plan

  variables {
    autoscaling = { min_capacity = -1, max_capacity = 2 }
  }

  expect_failures = [var.autoscaling]
}

run "rejects_min_above_max_capacity" {
  command = plan

  variables {
    autoscaling = { min_capacity = 3, max_capacity = 2 }
  }

  expect_failures = [var.autoscaling]
}

run "rejects_one_public_subnet" {
  command = plan

  variables {
    public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1"]
  }

  expect_failures = [var.public_subnet_ids]
}

run "rejects_both_certificate_sources" {
  command = plan

  variables {
    certificate = { domain_name = "bridge.example.com", arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555", route53_zone_id = "Z0123456789ABCDEFGHIJ" }
  }

  expect_failures = [var.certificate]
}

run "rejects_neither_certificate_mode" {
  command = plan

  variables {
    certificate = { domain_name = "bridge.example.com" }
  }

  expect_failures = [var.certificate]
}

run "rejects_invalid_domain_name" {
  command = plan

  variables {
    certificate = { domain_name = "Bridge.Example.com", arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555" }
  }

  expect_failures = [var.certificate]
}

run "rejects_wide_ingress_without_opt_in" {
  command = plan

  variables {
    allowed_cidr_blocks = ["34.85.43.93/32", "0.0.0.0/0"]
  }

  expect_failures = [var.allowed_cidr_blocks]
}

run "rejects_a_slash_15_without_opt_in" {
  command = plan

  variables {
    allowed_cidr_blocks = ["10.0.0.0/15"]
  }

  expect_failures = [var.allowed_cidr_blocks]
}

run "rejects_tls_1_0_policy" {
  command = plan

  variables {
    load_balancer = { ssl_policy = "ELBSecurityPolicy-TLS13-1-0-2021-06" }
  }

  expect_failures = [var.load_balancer]
}

run "rejects_tls_1_1_policy" {
  command = plan

  variables {
    load_balancer = { ssl_policy = "ELBSecurityPolicy-TLS13-1-1-2021-06" }
  }

  expect_failures = [var.load_balancer]
}

run "rejects_regex_log_pattern_with_groups" {
  command = plan

  variables {
    alarms = { log_patterns = { KeyRefreshFailures = "%(fail|error).*public-key%" } }
  }

  expect_failures = [var.alarms]
}

run "rejects_log_pattern_over_1024_characters" {
  command = plan

  variables {
    alarms = { log_patterns = { Long = "{ $.message = \"${join("", [for i in range(550) : "ab"])}\" }" } }
  }

  expect_failures = [var.alarms]
}

run "rejects_tenant_version_without_secret_arn" {
  command = plan

  variables {
    tenant = { secret_version_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" }
  }

  expect_failures = [var.tenant]
}

run "rejects_tenant_version_of_an_ssm_parameter" {
  command = plan

  variables {
    tenant_id = null
    tenant    = { secret_arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/bridge/tenant", secret_version_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" }
  }

  expect_failures = [var.tenant]
}

run "rejects_name_with_double_hyphen" {
  command = plan

  variables {
    name = "acme--bridge"
  }

  expect_failures = [var.name]
}

run "rejects_name_of_29_characters" {
  command = plan

  variables {
    name = "abcdefghij-klmnopqrs-tuvwxyza"
  }

  expect_failures = [var.name]
}

run "rejects_access_logs_prefix_with_slash" {
  command = plan

  variables {
    access_logs = { prefix = "/bridge/" }
  }

  expect_failures = [var.access_logs]
}

run "rejects_access_logs_expiry_of_zero_days" {
  command = plan

  variables {
    access_logs = { expiration_days = 0 }
  }

  expect_failures = [var.access_logs]
}

run "rejects_invalid_access_logs_bucket" {
  command = plan

  variables {
    access_logs = { bucket = "Acme_Logs" }
  }

  expect_failures = [var.access_logs]
}

run "rejects_health_check_path_without_slash" {
  command = plan

  variables {
    health_check = { path = "ok" }
  }

  expect_failures = [var.health_check]
}

run "rejects_invalid_image_tag" {
  command = plan

  variables {
    image_tag = "v1 beta"
  }

  expect_failures = [var.image_tag]
}

run "rejects_cache_with_non_ecr_public_image" {
  command = plan

  variables {
    image = "ghcr.io/basemachina/bridge"
  }

  expect_failures = [var.pull_through_cache]
}

run "rejects_tenant_id_in_environment" {
  command = plan

  variables {
    environment = { TENANT_ID = "x" }
  }

  expect_failures = [var.environment]
}

run "rejects_invalid_log_level" {
  command = plan

  variables {
    log_level = "TRACE"
  }

  expect_failures = [var.log_level]
}

run "rejects_invalid_fetch_interval" {
  command = plan

  variables {
    fetch_interval = "1 hour"
  }

  expect_failures = [var.fetch_interval]
}

run "rejects_idle_timeout_above_limit" {
  command = plan

  variables {
    load_balancer = { idle_timeout = 5000 }
  }

  expect_failures = [var.load_balancer]
}

run "rejects_outdated_tls_policy" {
  command = plan

  variables {
    load_balancer = { ssl_policy = "ELBSecurityPolicy-2016-08" }
  }

  expect_failures = [var.load_balancer]
}

run "rejects_stop_timeout_below_shutdown" {
  command = plan

  variables {
    stop_timeout = 5
  }

  expect_failures = [var.stop_timeout]
}

run "rejects_deployment_timeout_in_words" {
  command = plan

  variables {
    deployment_timeout = "20 minutes"
  }

  expect_failures = [var.deployment_timeout]
}

run "rejects_empty_deployment_timeout" {
  command = plan

  variables {
    deployment_timeout = ""
  }

  expect_failures = [var.deployment_timeout]
}

run "rejects_egress_rule_with_both_targets" {
  command = plan

  variables {
    data_sources = { db = { port = 5432, cidr_block = "10.0.0.0/16", security_group_id = "sg-0123456789abcdef0" } }
  }

  expect_failures = [var.data_sources]
}

run "rejects_invalid_pull_through_prefix" {
  command = plan

  variables {
    pull_through_cache = { prefix = "E" }
  }

  expect_failures = [var.pull_through_cache]
}

run "rejects_missing_tenant_id" {
  command = plan

  variables {
    tenant_id = null
  }

  expect_failures = [var.tenant]
}

run "rejects_tenant_id_and_secret_arn_together" {
  command = plan

  variables {
    tenant = { secret_arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bridge/tenant-AbCdEf" }
  }

  expect_failures = [var.tenant]
}

run "rejects_cidr_with_host_bits" {
  command = plan

  variables {
    allowed_cidr_blocks = ["34.85.43.93/24"]
  }

  expect_failures = [var.allowed_cidr_blocks]
}

run "rejects_autoscaling_ceiling_at_the_floor" {
  command = plan

  variables {
    desired_count = 2
    autoscaling   = { max_capacity = 2 }
  }

  expect_failures = [var.autoscaling]
}

run "rejects_autoscaling_cpu_target_above_100" {
  command = plan

  variables {
    autoscaling = { max_capacity = 3, cpu_target = 150 }
  }

  expect_failures = [var.autoscaling]
}

run "rejects_alarm_action_that_is_not_sns" {
  command = plan

  variables {
    alarms = { actions = ["arn:aws:lambda:ap-northeast-1:123456789012:function:page"] }
  }

  expect_failures = [var.alarms]
}

run "rejects_data_source_key_with_uppercase" {
  command = plan

  variables {
    data_sources = { Postgres = { port = 5432, cidr_block = "10.0.0.0/16" } }
  }

  expect_failures = [var.data_sources]
}

run "rejects_data_source_port_out_of_range" {
  command = plan

  variables {
    data_sources = { postgres = { port = 0, cidr_block = "10.0.0.0/16" } }
  }

  expect_failures = [var.data_sources]
}

run "rejects_tenant_id_version_zero" {
  command = plan

  variables {
    tenant = { id_version = 0 }
  }

  expect_failures = [var.tenant]
}

run "rejects_invalid_certificate_arn" {
  command = plan

  variables {
    certificate = { domain_name = "bridge.example.com", arn = "arn:aws:iam::123456789012:server-certificate/bridge" }
  }

  expect_failures = [var.certificate]
}

run "rejects_deregistration_delay_above_an_hour" {
  command = plan

  variables {
    load_balancer = { deregistration_delay = 7200 }
  }

  expect_failures = [var.load_balancer]
}

run "rejects_invalid_log_kms_key" {
  command = plan

  variables {
    logs = { kms_key_arn = "alias/bridge" }
  }

  expect_failures = [var.logs]
}

run "rejects_alarms_without_container_insights" {
  command = plan

  variables {
    enable_container_insights = false
  }

  expect_failures = [aws_cloudwatch_metric_alarm.tasks_below_desired]
}
