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

  container_secrets = concat(
    [{ name = "TENANT_ID", valueFrom = local.tenant_secret_arn }],
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
      # A writable scratch directory for the Go runtime and TLS caches under a read-only root.
      mountPoints = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = local.region
          awslogs-stream-prefix = "bridge"
        }
      }
    },
    var.enable_container_health_check ? {
      healthCheck = {
        command     = ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:${var.port}${var.health_check_path} || exit 1"]
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

  volume {
    name = "tmp"
  }

  tags = merge(local.tags, { Name = "${var.name}-bridge" })
}

resource "aws_ecs_service" "this" {
  name                              = "${var.name}-bridge"
  cluster                           = aws_ecs_cluster.this.arn
  task_definition                   = aws_ecs_task_definition.this.arn
  desired_count                     = var.desired_count
  launch_type                       = "FARGATE"
  platform_version                  = "LATEST"
  health_check_grace_period_seconds = var.health_check_grace_period_seconds
  enable_execute_command            = var.enable_execute_command
  enable_ecs_managed_tags           = true
  propagate_tags                    = "SERVICE"
  wait_for_steady_state             = var.wait_for_steady_state

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_controller {
    type = "ECS"
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
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

  tags = merge(local.tags, { Name = "${var.name}-bridge" })

  # The listener must exist before ECS registers targets, or the first deploy fails.
  depends_on = [aws_lb_listener.https, aws_iam_role_policy.execution]

  lifecycle {
    # The desired count is owned by the Application Auto Scaling target (autoscaling.tf), which
    # follows desired_count when autoscaling is off; Terraform must not fight it.
    ignore_changes = [desired_count]
  }
}
