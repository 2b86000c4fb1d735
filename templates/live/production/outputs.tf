# What BaseMachina needs (bridge_url, dns_record, nat_public_ips) and what `bridgectl doctor`
# reads (`terraform output -json > outputs.json`, then `bridgectl doctor --outputs outputs.json`).

output "bridge_url" {
  description = "URL to register in BaseMachina."
  value       = module.bridge.bridge_url
}

output "dns_record" {
  description = "The record to create at your DNS provider when no Route 53 zone is given; null when the stack made it."
  value       = module.bridge.dns_record
}

output "nat_public_ips" {
  description = "Egress addresses of the Bridge, for allow-lists at your data sources."
  value       = module.network.nat_public_ips
}

output "region" {
  description = "Region of the stack."
  value       = var.region
}

output "cluster_name" {
  description = "ECS cluster."
  value       = module.bridge.cluster_name
}

output "service_name" {
  description = "ECS service of the Bridge."
  value       = module.bridge.service_name
}

output "target_group_arn" {
  description = "Target group of the Bridge."
  value       = module.bridge.target_group_arn
}

output "log_group_name" {
  description = "Log group of the Bridge (`bridgectl logs`)."
  value       = module.bridge.log_group_name
}

output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = module.bridge.alb_dns_name
}

output "alb_security_group_id" {
  description = "ALB security group."
  value       = module.bridge.alb_security_group_id
}

output "task_security_group_id" {
  description = "Bridge task security group."
  value       = module.bridge.task_security_group_id
}

output "private_subnet_ids" {
  description = "Private subnets of the tasks."
  value       = module.network.private_subnet_ids
}

output "allowed_cidr_blocks" {
  description = "Sources allowed to reach the ALB."
  value       = var.allowed_cidr_blocks
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
