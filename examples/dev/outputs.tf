output "bridge_url" {
  description = "URL to register in BaseMachina."
  value       = module.bridge.bridge_url
}

output "dns_record" {
  description = "The record to create at your DNS provider when no Route 53 zone is given (a CNAME from domain_name to the ALB); null when the stack made it."
  value       = module.bridge.dns_record
}

output "region" {
  description = "Region of the stack (read by bridgectl)."
  value       = var.region
}

output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = module.bridge.alb_dns_name
}

output "cluster_name" {
  description = "ECS cluster (bridgectl doctor, bridgectl seed)."
  value       = module.bridge.cluster_name
}

output "service_name" {
  description = "ECS service of the Bridge (bridgectl doctor)."
  value       = module.bridge.service_name
}

output "target_group_arn" {
  description = "Target group of the Bridge (bridgectl doctor)."
  value       = module.bridge.target_group_arn
}

output "log_group_name" {
  description = "Log group of the Bridge (bridgectl doctor)."
  value       = module.bridge.log_group_name
}

output "alb_security_group_id" {
  description = "ALB security group (bridgectl doctor checks the chain)."
  value       = module.bridge.alb_security_group_id
}

output "task_security_group_id" {
  description = "Bridge task security group (bridgectl seed runs in it)."
  value       = module.bridge.task_security_group_id
}

output "private_subnet_ids" {
  description = "Private subnets (bridgectl seed runs in them; doctor checks their routes)."
  value       = module.network.private_subnet_ids
}

output "allowed_cidr_blocks" {
  description = "Sources allowed to reach the ALB (bridgectl doctor)."
  value       = var.allowed_cidr_blocks
}

output "bridge_port" {
  description = "Port the Bridge listens on."
  value       = module.bridge.port
}

output "certificate_arn" {
  description = "Certificate on the HTTPS listener (bridgectl doctor checks status and expiry)."
  value       = module.bridge.certificate_arn
}

output "domain_name" {
  description = "Domain name of the Bridge, or null."
  value       = local.use_dns_validation ? var.domain_name : null
}

output "route53_zone_id" {
  description = "Hosted zone of the alias record, or null."
  value       = var.route53_zone_id
}

output "pull_through_cache_prefix" {
  description = "ECR pull-through cache prefix (bridgectl doctor)."
  value       = module.bridge.pull_through_cache_prefix
}

output "nat_public_ips" {
  description = "Egress addresses of the Bridge, for allow-lists at external data sources."
  value       = module.network.nat_public_ips
}

output "db_instance_identifier" {
  description = "RDS instance (bridgectl doctor)."
  value       = one(module.datastore[*].db_instance_identifier)
}

output "db_security_group_id" {
  description = "PostgreSQL security group (bridgectl doctor checks the task -> RDS rule)."
  value       = one(module.datastore[*].security_group_id)
}

output "db_address" {
  description = "PostgreSQL host name, to register as a data source in BaseMachina."
  value       = one(module.datastore[*].address)
}

output "db_name" {
  description = "PostgreSQL database name."
  value       = one(module.datastore[*].database_name)
}

output "db_master_secret_arn" {
  description = "Secrets Manager secret with the master credentials, managed by RDS."
  value       = one(module.datastore[*].master_user_secret_arn)
}

output "seed_task_definition_arn" {
  description = "One-off task that `bridgectl seed` runs."
  value       = one(module.datastore[*].seed_task_definition_arn)
}

output "seed_log_group_name" {
  description = "Log group of the seed task."
  value       = one(module.datastore[*].seed_log_group_name)
}

output "redis_primary_endpoint" {
  description = "Redis primary endpoint, or null."
  value       = one(module.datastore[*].redis_primary_endpoint)
}

output "basemachina_api_url" {
  description = "The Bridge's required egress destination (through the NAT gateway)."
  value       = module.bridge.basemachina_api_url
}

output "redis_username" {
  description = "Redis user to register in BaseMachina; its password is in redis_secret_arn."
  value       = one(module.datastore[*].redis_username)
}

output "redis_secret_arn" {
  description = "Secret with the Redis host, port, username and password."
  value       = one(module.datastore[*].redis_secret_arn)
}

output "seed_bucket_name" {
  description = "Bucket `bridgectl seed` uploads the SQL file to for the length of one task."
  value       = one(module.datastore[*].seed_bucket_name)
}
