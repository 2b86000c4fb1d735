locals {
  # ECS Exec's agent writes into the root filesystem, so read-only root is given up only with Exec on.
  readonly_root_filesystem = !var.enable_execute_command

  container_environment = [for k, v in merge(
    {
      PORT                = tostring(var.port)
      LOG_LEVEL           = var.log_level
      BASEMACHINA_API_URL = var.basemachina_api_url
      FETCH_INTERVAL      = var.fetch_interval
      FETCH_TIMEOUT       = var.fetch_timeout
    },
    var.https_proxy == null ? {} : { HTTPS_PROXY = var.https_proxy },
    var.environment,
  ) : { name = k, value = v }]

  # ECS reads secrets only when a task starts. Pinning the version id in valueFrom
  # (arn:...:secret:name:json-key:version-stage:version-id) makes a new value a new task definition
  # revision, which rolls the service; an unpinned reference would leave running tasks on the old value.
  tenant_secret_version_id = local.create_tenant_secret ? aws_secretsmanager_secret_version.tenant[0].version_id : var.tenant.secret_version_id
  tenant_secret_value_from = local.tenant_secret_version_id == null ? local.tenant_secret_arn : "${local.tenant_secret_arn}:::${local.tenant_secret_version_id}"

  container_secrets = concat(
    [{ name = "TENANT_ID", valueFrom = local.tenant_secret_value_from }],
    [for k, v in var.secrets : { name = k, valueFrom = v }],
  )

  container_definition = merge(
    {
      name                   = local.container_name
      image                  = local.image_uri
      essential              = true
      readonlyRootFilesystem = local.readonly_root_filesystem
      stopTimeout            = var.stop_timeout
      portMappings           = [{ containerPort = var.port, hostPort = var.port, protocol = "tcp" }]
      environment            = local.container_environment
      secrets                = local.container_secrets
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = local.region
          awslogs-stream-prefix = "bridge"
        }
      }
    },
    var.health_check.container ? {
      healthCheck = {
        command     = ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:${var.port}${var.health_check.path} || exit 1"]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
    } : {},
  )
}

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.name}-bridge"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.container_definition])

  runtime_platform {
    # The Bridge image is published for x86_64 only.
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  tags = merge(local.tags, { Name = "${var.name}-bridge" })
}

resource "aws_ecs_service" "this" {
  name            = "${var.name}-bridge"
  cluster         = aws_ecs_cluster.this.arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  # A launch type and a capacity provider strategy exclude each other; without a strategy the
  # service keeps the launch type it always had, so existing services are not replaced.
  launch_type                       = var.capacity_provider_strategy == null ? "FARGATE" : null
  platform_version                  = "LATEST"
  health_check_grace_period_seconds = var.health_check.grace_period_seconds
  enable_execute_command            = var.enable_execute_command
  enable_ecs_managed_tags           = true
  propagate_tags                    = "SERVICE"
  wait_for_steady_state             = var.wait_for_steady_state

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  # A change of weights or base must roll in place, and a strategy switched off must plan at all.
  # Provider 5.x replaces the service for any strategy change unless force_new_deployment is true
  # (and still replaces it when the strategy appears or disappears: launch type <-> strategy); 6.15+
  # refuses any strategy change, removal included, without it ("force_new_deployment should be true
  # when capacity_provider_strategy is being updated": hashicorp/terraform-provider-aws#43533,
  # resource_ecs_service capacityProviderStrategyCustomizeDiff). So it is always on; the price is
  # that every in-place update of the service also starts a rolling deployment.
  force_new_deployment = true
  # 5.x defaults this to DISABLED; 6.12+ drops the default and ECS enables it for new services
  # (hashicorp/terraform-provider-aws#43241). Stated, so both majors plan the same service.
  availability_zone_rebalancing = "DISABLED"

  dynamic "capacity_provider_strategy" {
    for_each = coalesce(var.capacity_provider_strategy, {})
    content {
      capacity_provider = capacity_provider_strategy.key
      base              = capacity_provider_strategy.value.base
      weight            = capacity_provider_strategy.value.weight
    }
  }

  deployment_controller {
    type = "ECS"
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # A deployment whose new tasks start but then fail health checks or make the ALB answer 5XX is
  # rolled back too. Only alarms that treat missing data as OK qualify: no-healthy-targets breaches
  # on missing data and would fail the very first deployment.
  dynamic "alarms" {
    for_each = local.create_alarms ? [1] : []
    content {
      alarm_names = [aws_cloudwatch_metric_alarm.unhealthy_targets[0].alarm_name, aws_cloudwatch_metric_alarm.alb_5xx[0].alarm_name]
      enable      = true
      rollback    = true
    }
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.task.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = local.container_name
    container_port   = var.port
  }

  # Provider 5.x waits (wait_for_steady_state) until the service has one deployment and runs every
  # desired task (resource_ecs_service, statusServiceWaitForStable); it does not read the rollout
  # state, so a first deployment the circuit breaker failed waits for this timeout.
  timeouts {
    create = var.deployment_timeout
    update = var.deployment_timeout
  }

  # bridge-stage tells `bridgectl check` which rules a development stack gives up on purpose.
  tags = merge(local.tags, { Name = "${var.name}-bridge", "bridge-stage" = var.stage })

  # The listener must exist before ECS registers targets, or the first deploy fails.
  depends_on = [aws_lb_listener.https, aws_iam_role_policy.execution, aws_ecs_cluster_capacity_providers.this]

  lifecycle {
    # The desired count is owned by the Application Auto Scaling target (autoscaling.tf), which
    # follows desired_count when autoscaling is off; Terraform must not fight it.
    ignore_changes = [desired_count]

    # A deployment that ECS rolled back leaves the service steady on the previous revision, and the
    # provider reports that as success (hashicorp/terraform-provider-aws#19519, #20858). After the
    # wait, the service must run the revision this apply registered, or the apply fails here.
    postcondition {
      condition     = !var.wait_for_steady_state || self.task_definition == aws_ecs_task_definition.this.arn
      error_message = "The Bridge deployment was rolled back: the service runs ${self.task_definition}, not ${aws_ecs_task_definition.this.arn}, which this apply registered. The circuit breaker or a deployment alarm (${var.name}-bridge-unhealthy-targets, ${var.name}-bridge-alb-5xx) stopped it. Read the service events and the stopped tasks' reasons (bridgectl doctor, or aws ecs describe-services --cluster ${var.name} --services ${var.name}-bridge), fix the cause, and apply again."
    }
  }
}
