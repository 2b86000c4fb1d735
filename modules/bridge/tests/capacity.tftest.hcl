# Where the tasks run and when: Fargate Spot through a capacity provider strategy, and working
# hours through scheduled actions.
mock_provider "aws" {
  source = "./tests/mocks"
}

run "on_demand_by_default" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.launch_type == "FARGATE" && length(aws_ecs_service.this.capacity_provider_strategy) == 0
    error_message = "wanted the FARGATE launch type and no strategy by default, so existing services are not replaced"
  }

  assert {
    condition     = aws_ecs_cluster_capacity_providers.this.capacity_providers == toset(["FARGATE", "FARGATE_SPOT"])
    error_message = "wanted both Fargate providers registered on the cluster"
  }

  assert {
    condition     = length(aws_appautoscaling_scheduled_action.start) == 0 && aws_appautoscaling_target.this.min_capacity == aws_appautoscaling_target.this.max_capacity
    error_message = "wanted no schedule by default"
  }

  # Also without a strategy: on provider 6.x, switching a strategy off plans only with it.
  assert {
    condition     = aws_ecs_service.this.force_new_deployment == true && aws_ecs_service.this.launch_type == "FARGATE"
    error_message = "wanted the FARGATE launch type, and force_new_deployment so a later strategy change plans on 5.x and 6.x"
  }
}

run "spot_with_an_on_demand_base_in_production" {
  command = apply

  variables {
    capacity_provider_strategy = {
      FARGATE      = { base = 1, weight = 0 }
      FARGATE_SPOT = { weight = 1 }
    }
  }

  assert {
    condition     = { for s in aws_ecs_service.this.capacity_provider_strategy : s.capacity_provider => [s.base, s.weight] } == { FARGATE = [1, 0], FARGATE_SPOT = [0, 1] }
    error_message = "wanted one on-demand task as the base and the rest on Spot"
  }

  # Without it provider 5.x replaces the service on a change of weights, and 6.x refuses the change.
  assert {
    condition     = aws_ecs_service.this.force_new_deployment == true
    error_message = "wanted force_new_deployment with a capacity provider strategy, so a weight change rolls in place"
  }
}

run "spot_alone_in_development" {
  command = apply

  variables {
    stage                      = "development"
    capacity_provider_strategy = { FARGATE_SPOT = { weight = 1 } }
  }

  assert {
    condition     = one(aws_ecs_service.this.capacity_provider_strategy).capacity_provider == "FARGATE_SPOT"
    error_message = "wanted every task on Spot in development"
  }
}

run "working_hours" {
  command = apply

  variables {
    desired_count = 2
    schedule      = { start = "0 9 ? * MON-FRI *", stop = "0 20 ? * MON-FRI *" }
  }

  assert {
    condition     = aws_appautoscaling_scheduled_action.start[0].schedule == "cron(0 9 ? * MON-FRI *)" && aws_appautoscaling_scheduled_action.start[0].timezone == "Asia/Tokyo" && one(aws_appautoscaling_scheduled_action.start[0].scalable_target_action).min_capacity == "2"
    error_message = "wanted the start action back to 2 tasks at 09:00 Tokyo time on weekdays"
  }

  assert {
    condition     = one(aws_appautoscaling_scheduled_action.stop[0].scalable_target_action).max_capacity == "0" && aws_appautoscaling_scheduled_action.stop[0].schedule == "cron(0 20 ? * MON-FRI *)"
    error_message = "wanted the stop action to zero at 20:00"
  }

  assert {
    condition     = aws_appautoscaling_target.this.min_capacity == 0 && aws_appautoscaling_target.this.max_capacity == 2
    error_message = "wanted the one target registered with bounds harmless at any hour (0..2), got ${aws_appautoscaling_target.this.min_capacity}..${aws_appautoscaling_target.this.max_capacity}"
  }

  # Zero tasks outside the hours is not an outage.
  assert {
    condition     = aws_cloudwatch_metric_alarm.no_healthy_targets[0].metric_name == null && strcontains(one([for q in aws_cloudwatch_metric_alarm.no_healthy_targets[0].metric_query : q.expression if q.id == "outage"]), "FILL(desired, 0) > 0") && aws_cloudwatch_metric_alarm.no_healthy_targets[0].treat_missing_data == "notBreaching"
    error_message = "wanted the no-healthy-targets alarm to count only hours with desired tasks"
  }
}

run "rejects_spot_without_an_on_demand_base_in_production" {
  command = plan

  variables {
    capacity_provider_strategy = { FARGATE_SPOT = { weight = 1 } }
  }

  expect_failures = [var.capacity_provider_strategy]
}

run "rejects_an_unknown_capacity_provider" {
  command = plan

  variables {
    capacity_provider_strategy = { FARGATE = { weight = 1 }, EC2 = { weight = 1 } }
  }

  expect_failures = [var.capacity_provider_strategy]
}

run "rejects_two_bases" {
  command = plan

  variables {
    stage                      = "development"
    capacity_provider_strategy = { FARGATE = { base = 1 }, FARGATE_SPOT = { base = 1 } }
  }

  expect_failures = [var.capacity_provider_strategy]
}

run "rejects_spot_with_a_long_deregistration_delay" {
  command = plan

  variables {
    stage                      = "development"
    capacity_provider_strategy = { FARGATE_SPOT = { weight = 1 } }
    load_balancer              = { deregistration_delay = 300 }
  }

  expect_failures = [var.capacity_provider_strategy]
}

run "rejects_a_five_field_cron" {
  command = plan

  variables {
    schedule = { start = "0 9 * * 1-5", stop = "0 20 ? * MON-FRI *" }
  }

  expect_failures = [var.schedule]
}

run "rejects_a_cron_with_both_days" {
  command = plan

  variables {
    schedule = { start = "0 9 * * MON-FRI *", stop = "0 20 ? * MON-FRI *" }
  }

  expect_failures = [var.schedule]
}

run "rejects_a_time_zone_abbreviation" {
  command = plan

  variables {
    schedule = { start = "0 9 ? * MON-FRI *", stop = "0 20 ? * MON-FRI *", time_zone = "JST" }
  }

  expect_failures = [var.schedule]
}

run "rejects_an_unknown_stage" {
  command = plan

  variables {
    stage = "staging"
  }

  expect_failures = [var.stage]
}
