output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Route 53 zone id of the ALB, for alias records."
  value       = aws_lb.this.zone_id
}

output "alb_arn" {
  description = "ARN of the ALB."
  value       = aws_lb.this.arn
}

output "target_group_arn" {
  description = "ARN of the Bridge target group."
  value       = aws_lb_target_group.this.arn
}

output "bridge_url" {
  description = "HTTPS URL to register in BaseMachina. Its host is `certificate.domain_name`, which the listener's certificate covers."
  value       = "https://${var.certificate.domain_name}"
}

output "dns_record" {
  description = "The DNS record you must create for `certificate.domain_name` when the module does not (no Route 53 zone, or `certificate.create_record = false`): a CNAME to the ALB. Null when the module created an alias record."
  value = local.create_certificate && var.certificate.create_record ? null : {
    name  = var.certificate.domain_name
    type  = "CNAME"
    value = aws_lb.this.dns_name
  }
}

output "alb_security_group_id" {
  description = "Security group of the ALB."
  value       = aws_security_group.alb.id
}

output "task_security_group_id" {
  description = "Security group of the Bridge tasks. Allow it on your data sources (the datastore module takes it)."
  value       = aws_security_group.task.id
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "service_arn" {
  description = "ARN of the ECS service."
  value       = aws_ecs_service.this.id
}

output "task_definition_arn" {
  description = "ARN of the task definition revision the service runs."
  value       = aws_ecs_task_definition.this.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the Bridge."
  value       = aws_cloudwatch_log_group.this.name
}

output "execution_role_arn" {
  description = "ARN of the task execution role (image pulls, logs, secrets)."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "ARN of the task role the container runs as."
  value       = aws_iam_role.task.arn
}

output "image_uri" {
  description = "Image the task definition uses (through the pull-through cache when it is on)."
  value       = local.image_uri
}

output "pull_through_cache_prefix" {
  description = "ECR repository prefix of the pull-through cache, or null without the cache."
  value       = local.enable_pull_through_cache ? local.pull_through_cache_prefix : null
}

output "tenant_secret_arn" {
  description = "ARN of the secret (or parameter) ECS injects as TENANT_ID."
  value       = local.tenant_secret_arn
}

output "certificate_arn" {
  description = "ARN of the certificate on the HTTPS listener."
  value       = local.certificate_arn
}

output "private_subnet_ids" {
  description = "Subnets the tasks run in (for one-off tasks such as `bridgectl seed`)."
  value       = var.private_subnet_ids
}

output "basemachina_api_url" {
  description = "Where the Bridge fetches BaseMachina's public key (its required egress destination)."
  value       = var.basemachina_api_url
}

output "data_source_rule_ids" {
  description = "Security group rule id of each `data_sources` entry, by its key."
  value       = { for k, r in aws_vpc_security_group_egress_rule.task_data_sources : k => r.security_group_rule_id }
}

output "alarm_arns" {
  description = "ARN of each alarm the module created, by what it watches (`unhealthy_targets`, `no_healthy_targets`, `alb_5xx`, `tasks_below_desired`, and each `alarms.log_patterns` key). Empty with `alarms = null`."
  value = merge(
    { for k, a in {
      unhealthy_targets   = aws_cloudwatch_metric_alarm.unhealthy_targets
      no_healthy_targets  = aws_cloudwatch_metric_alarm.no_healthy_targets
      alb_5xx             = aws_cloudwatch_metric_alarm.alb_5xx
      tasks_below_desired = aws_cloudwatch_metric_alarm.tasks_below_desired
    } : k => a[0].arn if length(a) > 0 },
    { for k, a in aws_cloudwatch_metric_alarm.bridge_errors : k => a.arn },
  )
}

output "port" {
  description = "Port the Bridge container listens on (and the target group and task security group use); `bridgectl doctor` checks the security groups on it."
  value       = var.port
}

output "bridgectl" {
  description = "Everything `bridgectl doctor`, `bridgectl logs` and `bridgectl seed` read about the Bridge, in one object: the region, cluster, service, target group and log group; the port; the ALB's DNS name and security group, the task security group, the private subnets (where seed runs its task) and the allowed CIDR blocks; the certificate ARN, the domain name and the Route 53 zone of the alias record (null when the module made none); the pull-through cache prefix (null without the cache). Forward it whole from the root module, `output \"bridge\" { value = module.bridge.bridgectl }`: bridgectl reads no other output of this module, so a field a later release adds reaches it without a change to the root."
  value = {
    region                    = local.region
    cluster_name              = aws_ecs_cluster.this.name
    service_name              = aws_ecs_service.this.name
    target_group_arn          = aws_lb_target_group.this.arn
    log_group_name            = aws_cloudwatch_log_group.this.name
    port                      = var.port
    alb_dns_name              = aws_lb.this.dns_name
    alb_security_group_id     = aws_security_group.alb.id
    task_security_group_id    = aws_security_group.task.id
    private_subnet_ids        = var.private_subnet_ids
    allowed_cidr_blocks       = var.allowed_cidr_blocks
    certificate_arn           = local.certificate_arn
    domain_name               = var.certificate.domain_name
    route53_zone_id           = local.create_certificate && var.certificate.create_record ? var.certificate.route53_zone_id : null
    pull_through_cache_prefix = local.enable_pull_through_cache ? local.pull_through_cache_prefix : null
  }
}
