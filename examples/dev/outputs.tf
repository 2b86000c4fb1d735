# What you read or register by hand (bridge_url, dns_record, nat_public_ips, the data sources), and
# the two objects `bridgectl doctor`, `bridgectl logs` and `bridgectl seed` read: bridge and
# datastore, each a module's `bridgectl` output forwarded whole.

output "bridge_url" {
  description = "URL to register in BaseMachina."
  value       = module.bridge.bridge_url
}

output "dns_record" {
  description = "The record to create at your DNS provider when no Route 53 zone is given (a CNAME from domain_name to the ALB); null when the stack made it."
  value       = module.bridge.dns_record
}

output "nat_public_ips" {
  description = "Egress addresses of the Bridge, for allow-lists at external data sources."
  value       = module.network.nat_public_ips
}

output "basemachina_api_url" {
  description = "The Bridge's required egress destination (through the NAT gateway)."
  value       = module.bridge.basemachina_api_url
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

output "redis_primary_endpoint" {
  description = "Redis primary endpoint, or null."
  value       = one(module.datastore[*].redis_primary_endpoint)
}

output "redis_username" {
  description = "Redis user to register in BaseMachina; its password is in redis_secret_arn."
  value       = one(module.datastore[*].redis_username)
}

output "redis_secret_arn" {
  description = "Secret with the Redis host, port, username and password."
  value       = one(module.datastore[*].redis_secret_arn)
}

output "bridge" {
  description = "What bridgectl doctor, logs and seed read about the Bridge (the bridge module's bridgectl object: region, cluster, service, target group, log group, port, security groups, subnets, certificate, DNS, cache prefix)."
  value       = module.bridge.bridgectl
}

output "datastore" {
  description = "What bridgectl doctor and seed read about the data stores (the datastore module's bridgectl object), or null with create_database = false."
  value       = one(module.datastore[*].bridgectl)
}
