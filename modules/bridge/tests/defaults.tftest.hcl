# Secure defaults of the Bridge module, one fact per assert.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  tags = { Project = "bridge-test", Owner = "platform" }
}

# A mock gives every resource of a type the same ARN, so an assert could not tell the execution role
# from the task role, or the ALB's security group from the tasks': each resource whose identity a
# wiring assert checks gets a value of its own, and the asserts name these values.
override_resource {
  target = aws_iam_role.execution
  values = { arn = "arn:aws:iam::123456789012:role/acme-bridge-bridge-execution", id = "acme-bridge-bridge-execution" }
}

override_resource {
  target = aws_iam_role.task
  values = { arn = "arn:aws:iam::123456789012:role/acme-bridge-bridge-task", id = "acme-bridge-bridge-task" }
}

override_resource {
  target = aws_security_group.alb
  values = { id = "sg-0a1b00000000000a1" }
}

override_resource {
  target = aws_security_group.task
  values = { id = "sg-07a5c000000000007" }
}

override_resource {
  target = aws_lb_target_group.this
  values = {
    arn        = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/acmeb-20261123/1111111111111111"
    arn_suffix = "targetgroup/acmeb-20261123/1111111111111111"
  }
}

override_resource {
  target = aws_secretsmanager_secret.tenant
  values = { arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:acme-bridge-bridge-tenant-id-20261123-T3nAnt" }
}

run "secure_defaults" {
  command = apply

  # Tasks in private subnets must never get a public address.
  assert {
    condition     = aws_ecs_service.this.network_configuration[0].assign_public_ip == false
    error_message = "wanted assign_public_ip = false, got ${aws_ecs_service.this.network_configuration[0].assign_public_ip}"
  }

  # A bad image or config must roll back on its own.
  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable && aws_ecs_service.this.deployment_circuit_breaker[0].rollback
    error_message = "wanted circuit breaker with rollback, got ${jsonencode(aws_ecs_service.this.deployment_circuit_breaker)}"
  }

  # The breaker needs the ECS deployment controller, set explicitly.
  assert {
    condition     = aws_ecs_service.this.deployment_controller[0].type == "ECS"
    error_message = "wanted deployment controller ECS, got ${aws_ecs_service.this.deployment_controller[0].type}"
  }

  # Rolling deploys keep every healthy task until the new one is healthy.
  assert {
    condition     = aws_ecs_service.this.deployment_minimum_healthy_percent == 100 && aws_ecs_service.this.deployment_maximum_percent == 200
    error_message = "wanted 100/200 deployment percents, got ${aws_ecs_service.this.deployment_minimum_healthy_percent}/${aws_ecs_service.this.deployment_maximum_percent}"
  }

  # A rolled-back deploy must fail the apply instead of looking like success.
  assert {
    condition     = aws_ecs_service.this.wait_for_steady_state == true
    error_message = "wanted wait_for_steady_state = true by default"
  }

  # The provider's own wait by default; the module passes it to create and update alike.
  assert {
    condition     = aws_ecs_service.this.timeouts.create == "20m" && aws_ecs_service.this.timeouts.update == "20m"
    error_message = "wanted the service to wait 20m on create and update, got ${jsonencode(aws_ecs_service.this.timeouts)}"
  }

  # TLS 1.3-capable policy on the only listener.
  assert {
    condition     = aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
    error_message = "wanted AWS's recommended ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, got ${aws_lb_listener.https.ssl_policy}"
  }

  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.port == 443
    error_message = "wanted HTTPS on 443, got ${aws_lb_listener.https.protocol} on ${aws_lb_listener.https.port}"
  }

  # No plaintext listener unless asked for.
  assert {
    condition     = length(aws_lb_listener.http_redirect) == 0
    error_message = "wanted no HTTP listener by default, got ${length(aws_lb_listener.http_redirect)}"
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields == true
    error_message = "wanted drop_invalid_header_fields = true"
  }

  assert {
    condition     = aws_lb.this.enable_deletion_protection == true
    error_message = "wanted ALB deletion protection on by default"
  }

  # WebSocket tunnels for database sessions outlive AWS's 60 s default.
  assert {
    condition     = aws_lb.this.idle_timeout > 60
    error_message = "wanted idle timeout above 60 s, got ${aws_lb.this.idle_timeout}"
  }

  # Only BaseMachina's address reaches the ALB.
  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.alb_https : r.cidr_ipv4]) == toset(["34.85.43.93/32"])
    error_message = "wanted ALB ingress only from 34.85.43.93/32, got ${jsonencode([for r in aws_vpc_security_group_ingress_rule.alb_https : r.cidr_ipv4])}"
  }

  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.alb_https : r.from_port == 443 && r.to_port == 443])
    error_message = "wanted ALB ingress on 443 only"
  }

  # Tasks accept only the ALB's security group, on the Bridge port.
  assert {
    condition     = aws_vpc_security_group_ingress_rule.task_from_alb.security_group_id == "sg-07a5c000000000007" && aws_vpc_security_group_ingress_rule.task_from_alb.referenced_security_group_id == "sg-0a1b00000000000a1"
    error_message = "wanted the tasks' group (sg-07a5c000000000007) to admit the ALB's (sg-0a1b00000000000a1), got ${aws_vpc_security_group_ingress_rule.task_from_alb.security_group_id} admitting ${jsonencode(aws_vpc_security_group_ingress_rule.task_from_alb.referenced_security_group_id)}"
  }

  # The ALB carries its own group, the tasks theirs; each group's rules sit on the right one.
  assert {
    condition     = aws_lb.this.security_groups == toset(["sg-0a1b00000000000a1"]) && aws_ecs_service.this.network_configuration[0].security_groups == toset(["sg-07a5c000000000007"])
    error_message = "wanted the ALB in sg-0a1b00000000000a1 and the tasks in sg-07a5c000000000007, got ${jsonencode(aws_lb.this.security_groups)} and ${jsonencode(aws_ecs_service.this.network_configuration[0].security_groups)}"
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.alb_to_tasks.security_group_id == "sg-0a1b00000000000a1" && aws_vpc_security_group_egress_rule.alb_to_tasks.referenced_security_group_id == "sg-07a5c000000000007"
    error_message = "wanted the ALB's egress to reach the tasks' group, got ${aws_vpc_security_group_egress_rule.alb_to_tasks.security_group_id} to ${jsonencode(aws_vpc_security_group_egress_rule.alb_to_tasks.referenced_security_group_id)}"
  }

  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.alb_https : r.security_group_id == "sg-0a1b00000000000a1"]) && aws_vpc_security_group_egress_rule.task_https.security_group_id == "sg-07a5c000000000007"
    error_message = "wanted HTTPS ingress on the ALB's group and HTTPS egress on the tasks' group"
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.task_from_alb.cidr_ipv4 == null
    error_message = "wanted no CIDR on task ingress, got ${coalesce(aws_vpc_security_group_ingress_rule.task_from_alb.cidr_ipv4, "null")}"
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.task_from_alb.from_port == 8080 && aws_vpc_security_group_ingress_rule.task_from_alb.to_port == 8080
    error_message = "wanted task ingress on port 8080 only"
  }

  # TENANT_ID reaches the container only through ECS secrets.
  assert {
    condition     = contains([for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name], "TENANT_ID")
    error_message = "wanted TENANT_ID in the container's secrets"
  }

  assert {
    condition     = !contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name], "TENANT_ID")
    error_message = "wanted no TENANT_ID in the container's plain environment"
  }

  assert {
    condition     = !strcontains(aws_ecs_task_definition.this.container_definitions, "tenant-0123")
    error_message = "wanted the tenant id value absent from the task definition"
  }

  # The secret holds the tenant id through a write-only argument, so state does not.
  assert {
    condition     = aws_secretsmanager_secret_version.tenant[0].secret_string == null || aws_secretsmanager_secret_version.tenant[0].secret_string == ""
    error_message = "wanted no secret_string stored in state"
  }

  # The execution role may create and import cached repositories, only under the prefix.
  assert {
    condition = anytrue([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement :
      contains(s.Action, "ecr:BatchImportUpstreamImage") && contains(s.Action, "ecr:CreateRepository")
    && s.Resource == ["arn:aws:ecr:ap-northeast-1:123456789012:repository/acme-bridge-ecr-public/*"]])
    error_message = "wanted BatchImportUpstreamImage and CreateRepository on repository/acme-bridge-ecr-public/*, got ${aws_iam_role_policy.execution.policy}"
  }

  # "*" resource only for ecr:GetAuthorizationToken.
  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement :
    s.Action == ["ecr:GetAuthorizationToken"] if contains(s.Resource, "*")])
    error_message = "wanted Resource \"*\" only on ecr:GetAuthorizationToken"
  }

  assert {
    condition     = alltrue(flatten([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : [for a in s.Action : !strcontains(a, "*")]]))
    error_message = "wanted no wildcard action in the execution policy"
  }

  # The container runs as a task without any AWS permission by default.
  assert {
    condition     = length(aws_iam_role_policy.task) == 0
    error_message = "wanted no task role policy without ECS Exec"
  }

  assert {
    condition     = aws_iam_role.task.name != aws_iam_role.execution.name
    error_message = "wanted separate execution and task roles"
  }

  # ECS pulls the image and reads the secrets as the execution role; the container runs as the task role.
  assert {
    condition     = aws_ecs_task_definition.this.execution_role_arn == "arn:aws:iam::123456789012:role/acme-bridge-bridge-execution" && aws_ecs_task_definition.this.task_role_arn == "arn:aws:iam::123456789012:role/acme-bridge-bridge-task"
    error_message = "wanted execution_role_arn on the execution role and task_role_arn on the task role, got ${jsonencode(aws_ecs_task_definition.this.execution_role_arn)} and ${jsonencode(aws_ecs_task_definition.this.task_role_arn)}"
  }

  assert {
    condition     = aws_iam_role_policy.execution.role == "acme-bridge-bridge-execution"
    error_message = "wanted the execution policy (image pull, logs, secrets) on the execution role, got ${aws_iam_role_policy.execution.role}"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true
    error_message = "wanted a read-only root filesystem without ECS Exec"
  }

  assert {
    condition     = aws_ecs_service.this.enable_execute_command == false
    error_message = "wanted ECS Exec off by default"
  }

  # The Bridge shuts down within 5 s; ECS must wait longer before SIGKILL.
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].stopTimeout > 5
    error_message = "wanted stopTimeout above 5 s"
  }

  assert {
    condition     = aws_ecs_task_definition.this.runtime_platform[0].cpu_architecture == "X86_64"
    error_message = "wanted X86_64: the Bridge image is single-arch"
  }

  assert {
    condition     = aws_ecs_service.this.platform_version == "LATEST"
    error_message = "wanted Fargate platform LATEST, got ${aws_ecs_service.this.platform_version}"
  }

  # Image pulled through the cache, from this account's registry.
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/acme-bridge-ecr-public/basemachina/bridge:v1.0.0"
    error_message = "wanted the cached image URI, got ${jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image}"
  }

  assert {
    condition     = aws_ecr_pull_through_cache_rule.this[0].upstream_registry_url == "public.ecr.aws"
    error_message = "wanted a pull-through cache rule for public.ecr.aws"
  }

  # Health check: GET /ok expecting 200, healthy within 20 s of the port opening.
  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/ok" && aws_lb_target_group.this.health_check[0].matcher == "200"
    error_message = "wanted health check GET /ok -> 200"
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].interval * aws_lb_target_group.this.health_check[0].healthy_threshold <= 30
    error_message = "wanted a new task healthy within 30 s of passing checks"
  }

  assert {
    condition     = aws_lb_target_group.this.target_type == "ip"
    error_message = "wanted ip targets (awsvpc)"
  }

  # The service registers its Bridge container in the target group the HTTPS listener forwards to.
  assert {
    condition     = one(aws_ecs_service.this.load_balancer).target_group_arn == "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/acmeb-20261123/1111111111111111" && aws_lb_listener.https.default_action[0].target_group_arn == "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/acmeb-20261123/1111111111111111"
    error_message = "wanted the service and the listener on the module's target group, got ${jsonencode(one(aws_ecs_service.this.load_balancer).target_group_arn)} and ${jsonencode(aws_lb_listener.https.default_action[0].target_group_arn)}"
  }

  assert {
    condition     = one(aws_ecs_service.this.load_balancer).container_name == jsondecode(aws_ecs_task_definition.this.container_definitions)[0].name && one(aws_ecs_service.this.load_balancer).container_port == 8080
    error_message = "wanted the target to be the Bridge container on 8080, got ${jsonencode(aws_ecs_service.this.load_balancer)}"
  }

  # Autoscaling off by default: the scalable target pins the count, no policies.
  assert {
    condition     = aws_appautoscaling_target.this.min_capacity == 1 && aws_appautoscaling_target.this.max_capacity == 1
    error_message = "wanted the scalable target pinned at desired_count 1"
  }

  assert {
    condition     = length(aws_appautoscaling_policy.cpu) == 0 && length(aws_appautoscaling_policy.requests) == 0
    error_message = "wanted no scaling policies when min = max"
  }

  # Alarms on by default, with no actions.
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.unhealthy_targets) == 1 && length(aws_cloudwatch_metric_alarm.no_healthy_targets) == 1 && length(aws_cloudwatch_metric_alarm.alb_5xx) == 1 && length(aws_cloudwatch_metric_alarm.tasks_below_desired) == 1
    error_message = "wanted the four service alarms"
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.bridge_errors)) == toset(["KeyRefreshFailures", "TenantMismatches", "UnauthorizedTokens"])
    error_message = "wanted log alarms for key refresh failures, tenant mismatches and rejected tokens, got ${jsonencode(keys(aws_cloudwatch_metric_alarm.bridge_errors))}"
  }

  # Filters select the Bridge's own JSON message field; CloudWatch rejects regex groups at apply.
  assert {
    condition     = aws_cloudwatch_log_metric_filter.bridge_errors["KeyRefreshFailures"].pattern == "{ $.message = \"failed to refresh public-key\" }"
    error_message = "wanted a JSON selector on the Bridge's key refresh failure, got ${aws_cloudwatch_log_metric_filter.bridge_errors["KeyRefreshFailures"].pattern}"
  }

  # A deployment that starts, then fails health checks or throws 5XX, rolls back.
  assert {
    condition     = aws_ecs_service.this.alarms[0].enable && aws_ecs_service.this.alarms[0].rollback && aws_ecs_service.this.alarms[0].alarm_names == toset(["acme-bridge-bridge-unhealthy-targets", "acme-bridge-bridge-alb-5xx"])
    error_message = "wanted deployment alarms with rollback on the unhealthy-targets and 5XX alarms, got ${jsonencode(aws_ecs_service.this.alarms)}"
  }

  # The cache prefix is the stack's own, so two stacks in one account never share a rule.
  assert {
    condition     = aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix == "acme-bridge-ecr-public" && output.pull_through_cache_prefix == "acme-bridge-ecr-public"
    error_message = "wanted the cache prefix derived from name, got ${aws_ecr_pull_through_cache_rule.this[0].ecr_repository_prefix}"
  }

  # ECS reads secrets at task start: the task definition pins the tenant secret's version.
  assert {
    condition     = one([for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.valueFrom if s.name == "TENANT_ID"]) == "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:acme-bridge-bridge-tenant-id-20261123-T3nAnt:::${aws_secretsmanager_secret_version.tenant[0].version_id}"
    error_message = "wanted TENANT_ID from the module's tenant secret, pinned to its version, got ${jsonencode(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets)}"
  }

  # The execution role may read exactly the secret the container reads, by its ARN.
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource if s.Sid == "ReadSecrets"]) == ["arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:acme-bridge-bridge-tenant-id-20261123-T3nAnt"]
    error_message = "wanted GetSecretValue on the tenant secret only, got ${aws_iam_role_policy.execution.policy}"
  }

  # The Bridge writes no files (its source creates none), so the read-only root needs no scratch mount.
  assert {
    condition     = length(aws_ecs_task_definition.this.volume) == 0 && length(try(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints, [])) == 0
    error_message = "wanted no volumes or mount points"
  }

  assert {
    condition     = output.bridge_url == "https://bridge.example.com"
    error_message = "wanted bridge_url on the certificate's host name, got ${output.bridge_url}"
  }

  # No Route 53 zone: the user is told which record to create.
  assert {
    condition     = output.dns_record == { name = "bridge.example.com", type = "CNAME", value = aws_lb.this.dns_name }
    error_message = "wanted a CNAME to the ALB in dns_record, got ${jsonencode(output.dns_record)}"
  }

  # Access logs on by default, into a bucket the module hardens.
  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == aws_s3_bucket.access_logs[0].id && aws_lb.this.access_logs[0].prefix == "bridge-alb"
    error_message = "wanted access logs into the created bucket, got ${jsonencode(aws_lb.this.access_logs)}"
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.access_logs[0].rule[0].object_ownership == "BucketOwnerEnforced" && aws_s3_bucket_public_access_block.access_logs[0].restrict_public_buckets && aws_s3_bucket_public_access_block.access_logs[0].block_public_policy
    error_message = "wanted BucketOwnerEnforced and public access blocked on the log bucket"
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.access_logs[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "wanted SSE-S3, the only encryption ALB log delivery supports"
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.access_logs[0].rule[0].expiration[0].days == 90 && aws_s3_bucket.access_logs[0].force_destroy == false
    error_message = "wanted a 90-day expiry and no force_destroy by default"
  }

  # Tokyo predates August 2022: ELB delivers as its regional account 582318560864.
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement[0].Principal == { AWS = "arn:aws:iam::582318560864:root" }
    error_message = "wanted the Tokyo ELB log-delivery account, got ${jsonencode(jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement[0].Principal)}"
  }

  assert {
    condition     = jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement[0].Resource == "arn:aws:s3:::${aws_s3_bucket.access_logs[0].id}/bridge-alb/AWSLogs/123456789012/*"
    error_message = "wanted log delivery limited to this account's prefix, got ${jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement[0].Resource}"
  }

  assert {
    condition     = jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement[1].Effect == "Deny" && jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement[1].Condition.Bool["aws:SecureTransport"] == "false"
    error_message = "wanted a deny of non-TLS access to the log bucket"
  }


  # ECS may assume the roles only for this account's tasks (confused deputy guard).
  assert {
    condition     = jsondecode(aws_iam_role.execution.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "wanted the source account on the execution role's trust policy, got ${aws_iam_role.execution.assume_role_policy}"
  }

  assert {
    condition     = jsondecode(aws_iam_role.task.assume_role_policy).Statement[0].Condition.ArnLike["aws:SourceArn"] == "arn:aws:ecs:ap-northeast-1:123456789012:*"
    error_message = "wanted the source ARN on the task role's trust policy, got ${aws_iam_role.task.assume_role_policy}"
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "wanted 30-day log retention by default"
  }
}
