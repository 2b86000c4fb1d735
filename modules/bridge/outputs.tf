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
  description = "HTTPS URL to register in BaseMachina. Its host is `domain_name`, which the listener's certificate covers."
  value       = "https://${var.domain_name}"
}

output "dns_record" {
  description = "The DNS record you must create for `domain_name` when the module does not (no Route 53 zone, or `create_route53_record = false`): a CNAME to the ALB. Null when the module created an alias record."
  value = local.create_certificate && var.create_route53_record ? null : {
    name  = var.domain_name
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
  value       = var.enable_pull_through_cache ? local.pull_through_cache_prefix : null
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
