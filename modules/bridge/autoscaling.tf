# One scalable target per service, whatever the schedule (it is free). Two resources for the same
# service (one per schedule setting) raced when the schedule was switched: Terraform registers one and
# deregisters the other concurrently, and deregistering also deletes the target's policies and scheduled
# actions (Application Auto Scaling DeregisterScalableTarget).
#
# Without a schedule the bounds are the configured range (min = max = desired_count when autoscaling is
# null), so the service can ignore desired_count drift and autoscaling can be switched on later without
# replacing the service. With a schedule the scheduled actions move the bounds (zero outside the hours),
# and Terraform registers bounds that are harmless at any hour: a floor of 0 and the configured ceiling.
# RegisterScalableTarget changes the current capacity only when it lies outside [min, max], so an apply
# at night leaves the Bridge stopped and one in the day leaves it running (Application Auto Scaling
# concepts, "Scalable target").
resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  min_capacity       = local.scheduled ? 0 : local.min_capacity
  max_capacity       = local.max_capacity

  tags = merge(local.tags, { Name = "${var.name}-bridge" })
}

# Addresses of earlier releases: 1.0.0 kept a counted target per schedule setting.
moved {
  from = aws_appautoscaling_target.scheduled[0]
  to   = aws_appautoscaling_target.this[0]
}

moved {
  from = aws_appautoscaling_target.this[0]
  to   = aws_appautoscaling_target.this
}

locals {
  scalable_target = aws_appautoscaling_target.this
}

# Working hours (schedule): back to the configured count at start, to zero at stop, in the schedule's
# time zone (Application Auto Scaling scheduled actions).
resource "aws_appautoscaling_scheduled_action" "start" {
  count = local.scheduled ? 1 : 0

  name               = "${var.name}-bridge-start"
  service_namespace  = local.scalable_target.service_namespace
  scalable_dimension = local.scalable_target.scalable_dimension
  resource_id        = local.scalable_target.resource_id
  schedule           = "cron(${var.schedule.start})"
  timezone           = var.schedule.time_zone

  scalable_target_action {
    min_capacity = local.min_capacity
    max_capacity = local.max_capacity
  }
}

resource "aws_appautoscaling_scheduled_action" "stop" {
  count = local.scheduled ? 1 : 0

  name               = "${var.name}-bridge-stop"
  service_namespace  = local.scalable_target.service_namespace
  scalable_dimension = local.scalable_target.scalable_dimension
  resource_id        = local.scalable_target.resource_id
  schedule           = "cron(${var.schedule.stop})"
  timezone           = var.schedule.time_zone

  scalable_target_action {
    min_capacity = 0
    max_capacity = 0
  }

  # Application Auto Scaling applies one scheduled action at a time per target.
  depends_on = [aws_appautoscaling_scheduled_action.start]
}

resource "aws_appautoscaling_policy" "cpu" {
  count = local.enable_autoscaling ? 1 : 0

  name               = "${var.name}-bridge-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = local.scalable_target.service_namespace
  scalable_dimension = local.scalable_target.scalable_dimension
  resource_id        = local.scalable_target.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  count = local.enable_autoscaling ? 1 : 0

  name               = "${var.name}-bridge-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = local.scalable_target.service_namespace
  scalable_dimension = local.scalable_target.scalable_dimension
  resource_id        = local.scalable_target.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.this.arn_suffix}/${aws_lb_target_group.this.arn_suffix}"
    }
  }
}
