locals {
  alb_dimensions = {
    LoadBalancer = aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.this.arn_suffix
  }
  log_metric_namespace = "BaseMachinaBridge/${var.name}"
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_targets" {
  count = local.create_alarms ? 1 : 0

  alarm_name          = "${var.name}-bridge-unhealthy-targets"
  alarm_description   = "At least one Bridge task fails the ALB health check (GET ${var.health_check.path}). Run `bridgectl doctor`."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = local.alb_dimensions
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarms.actions
  ok_actions          = var.alarms.actions

  tags = merge(local.tags, { Name = "${var.name}-bridge-unhealthy-targets" })
}

resource "aws_cloudwatch_metric_alarm" "no_healthy_targets" {
  count = local.create_alarms ? 1 : 0

  alarm_name        = "${var.name}-bridge-no-healthy-targets"
  alarm_description = "No healthy Bridge task: BaseMachina cannot reach your data sources."
  # With working hours, the first task of the morning needs a few minutes (a Spot placement, the image
  # pull, the health check grace and two passing checks) before it is healthy while already desired:
  # six minutes of outage, not two, so the start of every working day does not page anyone
  # (test/alarmmath simulates the morning against the planned alarm).
  evaluation_periods  = local.scheduled ? 6 : 2
  datapoints_to_alarm = local.scheduled ? 6 : 2
  threshold           = 1
  comparison_operator = local.scheduled ? "GreaterThanOrEqualToThreshold" : "LessThanThreshold"
  alarm_actions       = var.alarms.actions
  ok_actions          = var.alarms.actions

  # Around the clock, no data means no target reports in: that is the outage this alarm exists for.
  namespace          = local.scheduled ? null : "AWS/ApplicationELB"
  metric_name        = local.scheduled ? null : "HealthyHostCount"
  dimensions         = local.scheduled ? null : local.alb_dimensions
  statistic          = local.scheduled ? null : "Minimum"
  period             = local.scheduled ? null : 60
  treat_missing_data = local.scheduled ? "notBreaching" : "breaching"

  # With working hours, zero healthy targets is an outage only while tasks are desired: outside the
  # hours the service is at zero on purpose (CloudWatch metric math IF and FILL).
  dynamic "metric_query" {
    for_each = local.scheduled ? [1] : []
    content {
      id          = "outage"
      expression  = "IF(FILL(desired, 0) > 0, IF(FILL(healthy, 0) < 1, 1, 0), 0)"
      label       = "No healthy target while tasks are desired"
      return_data = true
    }
  }
  dynamic "metric_query" {
    for_each = local.scheduled ? [1] : []
    content {
      id = "healthy"
      metric {
        namespace   = "AWS/ApplicationELB"
        metric_name = "HealthyHostCount"
        dimensions  = local.alb_dimensions
        period      = 60
        stat        = "Minimum"
      }
    }
  }
  dynamic "metric_query" {
    for_each = local.scheduled ? [1] : []
    content {
      id = "desired"
      metric {
        namespace   = "ECS/ContainerInsights"
        metric_name = "DesiredTaskCount"
        period      = 60
        stat        = "Maximum"
        dimensions = {
          ClusterName = aws_ecs_cluster.this.name
          ServiceName = aws_ecs_service.this.name
        }
      }
    }
  }

  tags = merge(local.tags, { Name = "${var.name}-bridge-no-healthy-targets" })
}

resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  count = local.create_alarms ? 1 : 0

  alarm_name          = "${var.name}-bridge-alb-5xx"
  alarm_description   = "The ALB answers 5XX itself (502/503/504): tasks unreachable, failing or too slow."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  dimensions          = { LoadBalancer = aws_lb.this.arn_suffix }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.alarms.alb_5xx_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarms.actions
  ok_actions          = var.alarms.actions

  tags = merge(local.tags, { Name = "${var.name}-bridge-alb-5xx" })
}

resource "aws_cloudwatch_metric_alarm" "tasks_below_desired" {
  count = local.create_alarms ? 1 : 0

  alarm_name          = "${var.name}-bridge-tasks-below-desired"
  alarm_description   = "Fewer Bridge tasks run than desired for 5 minutes (Container Insights metrics)."
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 5
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarms.actions
  ok_actions          = var.alarms.actions

  metric_query {
    id          = "missing"
    expression  = "desired - running"
    label       = "Desired minus running tasks"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { desired = "DesiredTaskCount", running = "RunningTaskCount" }
    content {
      id = metric_query.key
      metric {
        namespace   = "ECS/ContainerInsights"
        metric_name = metric_query.value
        period      = 60
        stat        = "Average"
        dimensions = {
          ClusterName = aws_ecs_cluster.this.name
          ServiceName = aws_ecs_service.this.name
        }
      }
    }
  }

  tags = merge(local.tags, { Name = "${var.name}-bridge-tasks-below-desired" })

  lifecycle {
    precondition {
      condition     = var.enable_container_insights
      error_message = "The tasks-below-desired alarm reads Container Insights metrics: set enable_container_insights = true or alarms = null; got enable_container_insights = false with alarms on."
    }
  }
}

resource "aws_cloudwatch_log_metric_filter" "bridge_errors" {
  for_each = local.create_alarms ? var.alarms.log_patterns : {}

  name           = "${var.name}-bridge-${each.key}"
  log_group_name = aws_cloudwatch_log_group.this.name
  pattern        = each.value

  metric_transformation {
    name          = each.key
    namespace     = local.log_metric_namespace
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "bridge_errors" {
  for_each = aws_cloudwatch_log_metric_filter.bridge_errors

  alarm_name          = "${var.name}-bridge-${each.key}"
  alarm_description   = "Bridge log lines matched ${each.key}: check FETCH/egress to ${var.basemachina_api_url} or TENANT_ID."
  namespace           = local.log_metric_namespace
  metric_name         = each.key
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarms.actions
  ok_actions          = var.alarms.actions

  tags = merge(local.tags, { Name = "${var.name}-bridge-${each.key}" })
}
