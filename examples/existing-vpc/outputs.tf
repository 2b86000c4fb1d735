output "dns_record" {
  description = "The record to create at your DNS provider: a CNAME from domain_name to the ALB."
  value       = module.bridge.dns_record
}

output "bridge_url" {
  description = "URL to register in BaseMachina."
  value       = module.bridge.bridge_url
}

output "region" {
  description = "Region of the stack (read by bridgectl)."
  value       = var.region
}

output "cluster_name" {
  description = "ECS cluster (bridgectl doctor)."
  value       = module.bridge.cluster_name
}

output "service_name" {
  description = "ECS service (bridgectl doctor)."
  value       = module.bridge.service_name
}

output "target_group_arn" {
  description = "Target group (bridgectl doctor)."
  value       = module.bridge.target_group_arn
}

output "log_group_name" {
  description = "Log group of the Bridge (bridgectl doctor)."
  value       = module.bridge.log_group_name
}

output "alb_security_group_id" {
  description = "ALB security group (bridgectl doctor)."
  value       = module.bridge.alb_security_group_id
}

output "task_security_group_id" {
  description = "Task security group: allow it on your data sources."
  value       = module.bridge.task_security_group_id
}

output "private_subnet_ids" {
  description = "Subnets of the tasks (bridgectl doctor checks their routes)."
  value       = module.bridge.private_subnet_ids
}

output "allowed_cidr_blocks" {
  description = "Sources allowed to reach the ALB."
  value       = ["34.85.43.93/32"]
}

output "bridge_port" {
  description = "Port the Bridge listens on."
  value       = module.bridge.port
}

output "certificate_arn" {
  description = "Certificate on the HTTPS listener."
  value       = module.bridge.certificate_arn
}

output "pull_through_cache_prefix" {
  description = "ECR pull-through cache prefix."
  value       = module.bridge.pull_through_cache_prefix
}

output "endpoint_ids" {
  description = "VPC endpoints created, by service."
  value       = module.vpc_endpoints.endpoint_ids
}
