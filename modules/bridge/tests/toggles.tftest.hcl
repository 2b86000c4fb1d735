# One run per feature toggle: each switch changes exactly what it says.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  tags = { Project = "bridge-test" }
}

# Each role an ARN and id of its own (the mock's ARN is one for all roles), so an assert can name the
# role it expects. File-wide, as a run's override reaches only what that very run creates.
override_resource {
  target = aws_iam_role.execution
  values = { arn = "arn:aws:iam::123456789012:role/acme-bridge-bridge-execution", id = "acme-bridge-bridge-execution" }
}

override_resource {
  target = aws_iam_role.task
  values = { arn = "arn:aws:iam::123456789012:role/acme-bridge-bridge-task", id = "acme-bridge-bridge-task" }
}

# The certificate the module requests, unlike the mock's or an imported one's ARN (that it waits for
# its validation is certificate.tftest.hcl's).
override_resource {
  target = aws_acm_certificate.this
  values = {
    arn = "arn:aws:acm:ap-northeast-1:123456789012:certificate/22222222-3333-4444-5555-666666666666"
    domain_validation_options = [{
      domain_name           = "bridge.example.com"
      resource_record_name  = "_abc.bridge.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_xyz.acm-validations.aws."
    }]
  }
}

run "longest_name_fits_every_limit" {
  command = apply

  variables {
    name = "a234567890123456789012345678"
  }

  assert {
    condition     = length(aws_s3_bucket.access_logs[0].bucket_prefix) <= 37
    error_message = "wanted the log bucket prefix within S3's 37 characters, got ${length(aws_s3_bucket.access_logs[0].bucket_prefix)}"
  }

  assert {
    condition     = length(aws_lb.this.name) <= 32
    error_message = "wanted ALB name <= 32 characters, got ${length(aws_lb.this.name)}"
  }

  assert {
    condition     = length(aws_lb_target_group.this.name_prefix) <= 6
    error_message = "wanted target group name_prefix <= 6 characters, got ${length(aws_lb_target_group.this.name_prefix)}"
  }

  assert {
    condition     = length(aws_iam_role.execution.name) <= 64 && length(aws_iam_role.task.name) <= 64
    error_message = "wanted IAM role names <= 64 characters"
  }

  assert {
    condition     = length(aws_security_group.alb.name_prefix) <= 100 && length(aws_security_group.task.name_prefix) <= 100
    error_message = "wanted security group name prefixes <= 100 characters"
  }

  assert {
    condition     = length(aws_ecs_service.this.name) <= 255 && length(aws_ecs_task_definition.this.family) <= 255
    error_message = "wanted ECS names <= 255 characters"
  }

  assert {
    condition     = length(aws_secretsmanager_secret.tenant[0].name_prefix) <= 256 - 26
    error_message = "wanted the secret name prefix to leave room for the random suffix"
  }

  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.bridge_errors : length(a.alarm_name) <= 255])
    error_message = "wanted alarm names <= 255 characters"
  }
}

run "tags_on_every_taggable_resource" {
  command = apply

  variables {
    load_balancer = { http_redirect = true }
    autoscaling   = { min_capacity = 1, max_capacity = 3 }
  }

  assert {
    condition = alltrue([for t in [
      aws_lb.this.tags, aws_lb_target_group.this.tags, aws_lb_listener.https.tags, aws_lb_listener.http_redirect[0].tags,
      aws_security_group.alb.tags, aws_security_group.task.tags, aws_vpc_security_group_egress_rule.task_https.tags,
      aws_vpc_security_group_egress_rule.alb_to_tasks.tags, aws_vpc_security_group_ingress_rule.task_from_alb.tags,
      aws_ecs_cluster.this.tags, aws_ecs_service.this.tags, aws_ecs_task_definition.this.tags,
      aws_cloudwatch_log_group.this.tags, aws_iam_role.execution.tags, aws_iam_role.task.tags,
      aws_secretsmanager_secret.tenant[0].tags, aws_appautoscaling_target.this.tags,
      aws_cloudwatch_metric_alarm.unhealthy_targets[0].tags, aws_cloudwatch_metric_alarm.tasks_below_desired[0].tags,
    ] : lookup(t, "Project", null) == "bridge-test"])
    error_message = "wanted tag Project = bridge-test on every taggable resource"
  }

  # The module's own Name tag wins over a caller's Name; the caller's other tags survive.
  assert {
    condition     = aws_lb.this.tags["Name"] == "acme-bridge-alb"
    error_message = "wanted Name = acme-bridge-alb on the ALB, got ${aws_lb.this.tags["Name"]}"
  }
}

run "autoscaling_on" {
  command = apply

  variables {
    autoscaling = { min_capacity = 2, max_capacity = 6 }
  }

  assert {
    condition     = aws_appautoscaling_target.this.min_capacity == 2 && aws_appautoscaling_target.this.max_capacity == 6
    error_message = "wanted scalable target 2..6, got ${aws_appautoscaling_target.this.min_capacity}..${aws_appautoscaling_target.this.max_capacity}"
  }

  assert {
    condition     = aws_appautoscaling_policy.cpu[0].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization"
    error_message = "wanted CPU target tracking"
  }

  assert {
    condition     = aws_appautoscaling_policy.requests[0].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].resource_label == "app/mock-alb/0123456789abcdef/targetgroup/mock/0123456789abcdef"
    error_message = "wanted request-count tracking on this ALB's target group"
  }
}

run "ecs_exec" {
  command = apply

  variables {
    enable_execute_command = true
  }

  assert {
    condition     = aws_ecs_service.this.enable_execute_command
    error_message = "wanted ECS Exec on the service"
  }

  assert {
    condition     = contains(jsondecode(aws_iam_role_policy.task[0].policy).Statement[0].Action, "ssmmessages:OpenDataChannel")
    error_message = "wanted the ssmmessages permissions on the task role"
  }

  # The container, not ECS's agent, opens the Exec channels: the grant belongs to the task role.
  assert {
    condition     = aws_iam_role_policy.task[0].role == "acme-bridge-bridge-task" && !strcontains(aws_iam_role_policy.execution.policy, "ssmmessages:")
    error_message = "wanted the ECS Exec policy on the task role, got it on ${aws_iam_role_policy.task[0].role}"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == false
    error_message = "wanted a writable root filesystem with ECS Exec"
  }
}

run "shorter_deployment_timeout" {
  command = plan

  variables {
    deployment_timeout = "1h30m"
  }

  assert {
    condition     = aws_ecs_service.this.timeouts.create == "1h30m" && aws_ecs_service.this.timeouts.update == "1h30m"
    error_message = "wanted deployment_timeout on the service's create and update waits, got ${jsonencode(aws_ecs_service.this.timeouts)}"
  }
}

run "access_logs_to_existing_bucket" {
  command = apply

  variables {
    access_logs = { bucket = "acme-alb-logs", prefix = "edge/bridge" }
  }

  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == "acme-alb-logs" && aws_lb.this.access_logs[0].prefix == "edge/bridge"
    error_message = "wanted access logs to acme-alb-logs/edge/bridge, got ${jsonencode(aws_lb.this.access_logs)}"
  }

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 0 && length(aws_s3_bucket_policy.access_logs) == 0
    error_message = "wanted no bucket created when one is given"
  }
}

run "access_logs_off" {
  command = apply

  variables {
    access_logs = null
  }

  assert {
    condition     = length(aws_lb.this.access_logs) == 0 || !try(aws_lb.this.access_logs[0].enabled, false)
    error_message = "wanted access logs off with access_logs = null"
  }

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 0
    error_message = "wanted no log bucket with access logs off"
  }
}

# Regions opened since August 2022 have no ELB account: the log-delivery service principal writes.
run "access_logs_in_a_newer_region" {
  command = apply

  override_data {
    target = data.aws_region.current
    values = { endpoint = "ec2.ap-southeast-5.amazonaws.com" }
  }

  assert {
    condition     = jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement[0].Principal == { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
    error_message = "wanted the log-delivery service principal in a newer region, got ${jsonencode(jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement[0].Principal)}"
  }
}

run "wide_ingress_as_explicit_opt_in" {
  command = apply

  variables {
    allowed_cidr_blocks = ["0.0.0.0/0"]
    allow_wide_ingress  = true
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.alb_https : r.cidr_ipv4]) == toset(["0.0.0.0/0"])
    error_message = "wanted 0.0.0.0/0 accepted once allow_wide_ingress says so"
  }
}

run "http_redirect" {
  command = apply

  variables {
    load_balancer = { http_redirect = true }
  }

  assert {
    condition     = aws_lb_listener.http_redirect[0].default_action[0].type == "redirect" && aws_lb_listener.http_redirect[0].default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "wanted port 80 to only redirect to HTTPS"
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.alb_http : r.cidr_ipv4]) == toset(["34.85.43.93/32"])
    error_message = "wanted port 80 open only to the allowed CIDRs"
  }
}

run "certificate_from_dns_validation" {
  command = apply

  variables {
    certificate = { domain_name = "bridge.example.com", route53_zone_id = "Z0123456789ABCDEFGHIJ" }
  }

  assert {
    condition     = aws_acm_certificate.this[0].validation_method == "DNS" && aws_acm_certificate.this[0].domain_name == "bridge.example.com"
    error_message = "wanted a DNS-validated certificate for bridge.example.com"
  }

  assert {
    condition     = aws_route53_record.validation[0].name == "_abc.bridge.example.com." && aws_route53_record.validation[0].zone_id == "Z0123456789ABCDEFGHIJ"
    error_message = "wanted the validation record in the given zone"
  }

  assert {
    condition     = aws_acm_certificate_validation.this[0].certificate_arn == "arn:aws:acm:ap-northeast-1:123456789012:certificate/22222222-3333-4444-5555-666666666666" && aws_lb_listener.https.certificate_arn == "arn:aws:acm:ap-northeast-1:123456789012:certificate/22222222-3333-4444-5555-666666666666"
    error_message = "wanted the module's certificate validated and on the listener, got ${jsonencode(aws_acm_certificate_validation.this[0].certificate_arn)} validated and ${jsonencode(aws_lb_listener.https.certificate_arn)} on the listener"
  }

  assert {
    condition     = output.certificate_arn == "arn:aws:acm:ap-northeast-1:123456789012:certificate/22222222-3333-4444-5555-666666666666"
    error_message = "wanted the module's certificate in the certificate_arn output, got ${jsonencode(output.certificate_arn)}"
  }

  assert {
    condition     = aws_route53_record.alias[0].alias[0].name == aws_lb.this.dns_name
    error_message = "wanted an alias record to the ALB"
  }

  assert {
    condition     = output.bridge_url == "https://bridge.example.com"
    error_message = "wanted bridge_url https://bridge.example.com, got ${output.bridge_url}"
  }

  assert {
    condition     = output.dns_record == null
    error_message = "wanted no record to create by hand when the module made the alias, got ${jsonencode(output.dns_record)}"
  }
}

run "certificate_from_dns_validation_without_alias" {
  command = apply

  variables {
    certificate = { domain_name = "bridge.example.com", route53_zone_id = "Z0123456789ABCDEFGHIJ", create_record = false }
  }

  assert {
    condition     = length(aws_route53_record.alias) == 0 && output.dns_record.type == "CNAME" && output.dns_record.value == aws_lb.this.dns_name
    error_message = "wanted the CNAME to create by hand, got ${jsonencode(output.dns_record)}"
  }
}

run "certificate_imported" {
  command = apply

  assert {
    condition     = length(aws_acm_certificate.this) == 0 && length(aws_route53_record.alias) == 0
    error_message = "wanted no certificate or DNS record with certificate_arn"
  }

  assert {
    condition     = aws_lb_listener.https.certificate_arn == var.certificate.arn
    error_message = "wanted the given certificate on the listener"
  }
}

run "existing_cache_rule" {
  command = apply

  variables {
    pull_through_cache = { create_rule = false, prefix = "shared-ecr-public" }
  }

  assert {
    condition     = output.pull_through_cache_prefix == "shared-ecr-public"
    error_message = "wanted the given prefix, got ${output.pull_through_cache_prefix}"
  }

  assert {
    condition     = length(aws_ecr_pull_through_cache_rule.this) == 0
    error_message = "wanted no cache rule when reusing one"
  }

  assert {
    condition     = strcontains(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image, "/shared-ecr-public/basemachina/bridge:v1.0.0")
    error_message = "wanted the image under the reused prefix"
  }

  assert {
    condition     = strcontains(aws_iam_role_policy.execution.policy, "repository/shared-ecr-public/*")
    error_message = "wanted pull permissions on the reused prefix"
  }
}

run "no_cache_direct_pull" {
  command = apply

  variables {
    pull_through_cache = null
    image_tag          = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == "public.ecr.aws/basemachina/bridge@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    error_message = "wanted a direct pull by digest, got ${jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image}"
  }

  assert {
    condition     = length(aws_ecr_pull_through_cache_rule.this) == 0 && !strcontains(aws_iam_role_policy.execution.policy, "ecr:")
    error_message = "wanted no cache rule and no ECR permissions without the cache"
  }
}

run "alarms_with_actions" {
  command = apply

  variables {
    alarms = { actions = ["arn:aws:sns:ap-northeast-1:123456789012:ops"] }
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.no_healthy_targets[0].alarm_actions == toset(["arn:aws:sns:ap-northeast-1:123456789012:ops"])
    error_message = "wanted the SNS topic on the alarm"
  }

  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.bridge_errors : contains(a.alarm_actions, "arn:aws:sns:ap-northeast-1:123456789012:ops")])
    error_message = "wanted the SNS topic on the log alarms"
  }
}

run "alarms_off" {
  command = apply

  variables {
    alarms = null
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.unhealthy_targets) == 0 && length(aws_cloudwatch_log_metric_filter.bridge_errors) == 0
    error_message = "wanted no alarms or metric filters"
  }
}

run "data_source_egress" {
  command = apply

  variables {
    data_sources = {
      postgres = { description = "PostgreSQL", port = 5432, security_group_id = "sg-0123456789abcdef0" }
      api      = { port = 8443, cidr_block = "10.20.0.0/16" }
    }
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.task_data_sources["postgres"].referenced_security_group_id == "sg-0123456789abcdef0" && aws_vpc_security_group_egress_rule.task_data_sources["postgres"].from_port == 5432
    error_message = "wanted egress to the PostgreSQL security group on 5432"
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.task_data_sources["api"].cidr_ipv4 == "10.20.0.0/16" && aws_vpc_security_group_egress_rule.task_data_sources["api"].description == "Data source api"
    error_message = "wanted egress to 10.20.0.0/16, described by its key when no description is given"
  }
}

run "container_health_check_and_proxy" {
  command = apply

  variables {
    https_proxy  = "http://proxy.internal:3128"
    health_check = { container = true }
  }

  assert {
    condition     = strcontains(jsonencode(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.command), "/ok")
    error_message = "wanted a container health check on /ok"
  }

  assert {
    condition     = contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name if e.value == "http://proxy.internal:3128"], "HTTPS_PROXY")
    error_message = "wanted HTTPS_PROXY in the environment"
  }
}

run "latest_tag_warns" {
  command = plan

  variables {
    image_tag = "latest"
  }

  # A failing check block is a warning: the plan succeeds, and the check is reported.
  expect_failures = [check.image_tag_is_pinned]
}

# The cache prefix is cut to ECR's 30 characters without ending on a separator.
run "cache_prefix_cut_to_30_characters" {
  command = apply

  variables {
    name = "abcdefghij-klmnopqrs-tuvwxyz"
  }

  assert {
    condition     = aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix == "abcdefghij-klmnopqrs-tuvwxyz-e"
    error_message = "wanted the prefix cut to 30 characters, got ${aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix}"
  }
}

run "cache_prefix_cut_does_not_end_on_a_separator" {
  command = apply

  variables {
    name = "abcdefghij-klmnopqrs-tuvwxy"
  }

  assert {
    condition     = aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix == "abcdefghij-klmnopqrs-tuvwxy-ec"
    error_message = "wanted a 30-character prefix, got ${aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix}"
  }
}

run "cache_prefix_cut_drops_a_trailing_hyphen" {
  command = apply

  variables {
    name = "abcdefghij-klmnopqrs-tuvwx"
  }

  assert {
    condition     = aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix == "abcdefghij-klmnopqrs-tuvwx-ecr"
    error_message = "wanted -ecr kept whole, got ${aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix}"
  }
}
